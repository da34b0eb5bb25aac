"""The attribution lesson in a real JupyterLab and Chromium: every cell runs, the coloured
article and the charts render, and a question answered by clicks gives feedback."""
from __future__ import annotations

import tomllib

from playwright.sync_api import expect

from .conftest import choose, click_check, feedback, open_notebook, question, run_all_cells

import course

LESSON = "notebooks/01_source_attribution.ipynb"


def lesson_question(qid: str) -> dict:
    """A lesson question's data, read straight from its TOML file (not through the engine)."""
    article = course.load_article()
    path = article.folder / "questions" / "01_attribution.toml"
    data = tomllib.loads(path.read_text("utf-8"))
    return next(q for q in data["questions"] if q["id"] == qid)


def test_attribution_lesson_runs_and_a_question_answers(page, lab):
    """Run all cells; the highlight, legend and images show; wrong then right answer."""
    data = lesson_question("attr.who_backed")
    wrong = next(o for o in data["options"] if o != data["answer"] and o in data["feedback"])

    open_notebook(page, lab, LESSON)
    run_all_cells(page)

    shown = page.locator(".course-attribution")
    expect(shown).to_be_visible()
    expect(shown).to_contain_text("Legend:")
    expect(shown.locator("mark").first).to_be_visible()
    credit = shown.locator("p", has_text="[P17]")
    expect(credit).to_contain_text("[AGENCY] With inputs from agencies")
    expect(shown.locator(".course-attr-label").first).to_have_text("[OWN]")
    expect(page.locator(".jp-OutputArea-output img[alt]")).to_have_count(2)  # text alternatives

    q = question(page, "attr.who_backed")
    expect(q).to_contain_text(data["prompt"])
    choose(q, wrong)
    click_check(q)
    expect(feedback(q)).to_contain_text("✗ Not yet")
    expect(feedback(q)).to_contain_text(data["feedback"][wrong])

    choose(q, data["answer"])
    click_check(q)
    expect(feedback(q)).to_contain_text("✓ Correct")
    expect(feedback(q)).not_to_contain_text("Not yet")
    expect(q).to_contain_text(data["explanation"][:60])  # the "why" is shown with the answer
