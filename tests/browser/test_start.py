"""The start notebook in a real JupyterLab and Chromium: it runs, shows the article, and its
first question gives feedback for a wrong and then a right answer."""
from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

from playwright.sync_api import expect

from .conftest import (choose, click_check, click_hint, feedback, open_notebook, question,
                       run_all_cells, visible_dialogs)

import course

START = "notebooks/00_start_here.ipynb"


def start_question() -> dict:
    """The start question's data, read straight from its TOML file (not through the engine)."""
    article = course.load_article()
    data = tomllib.loads((article.folder / "questions" / "00_start.toml").read_text("utf-8"))
    return next(q for q in data["questions"] if q["id"] == "start.where")


def test_start_notebook_runs_and_answers_get_feedback(page, lab):
    """Run all cells; the article and the question render; wrong then right answers."""
    data = start_question()
    wrong = next(o for o in data["options"] if o != data["answer"] and o in data["feedback"])

    open_notebook(page, lab, START)
    run_all_cells(page)

    article = course.load_article()
    shown = page.locator(".course-article")
    expect(shown).to_be_visible()
    expect(shown).to_contain_text(f"[P{len(article.paragraphs)}]")
    headings = [p for p in article.paragraphs if p.kind == "heading"]
    expect(shown.locator("h4")).to_have_count(len(headings))
    expect(shown.locator("h4").first).to_contain_text(headings[0].text)

    q = question(page, "start.where")
    expect(q).to_be_visible()
    expect(q).to_contain_text(data["prompt"])

    choose(q, wrong)
    click_check(q)
    expect(feedback(q)).to_contain_text("✗ Not yet")
    expect(feedback(q)).to_contain_text(data["feedback"][wrong])
    expect(feedback(q)).not_to_contain_text("Correct")
    expect(q).not_to_contain_text(data["explanation"], use_inner_text=True)  # not given away

    click_hint(q)
    expect(q).to_contain_text(data["hints"][0])

    choose(q, data["answer"])
    click_check(q)
    expect(feedback(q)).to_contain_text("✓ Correct")
    expect(q).to_contain_text(data["explanation"], use_inner_text=True)  # shown now
    expect(feedback(q)).not_to_contain_text("Not yet")

    # The links onwards open the next notebook in JupyterLab, with no error dialog.
    page.locator(".jp-RenderedMarkdown a", has_text="Part 1: Source attribution").first.click()
    current = page.locator("#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current")
    expect(current).to_contain_text("01_source_attribution.ipynb")
    assert visible_dialogs(page) == []

    # The kernel inherited the test run's progress folder: the last check was saved there.
    saved = {p.name: json.loads(p.read_text("utf-8"))
             for p in Path(os.environ["COURSE_PROGRESS_DIR"]).glob("*.json")}
    entries = [d.get("questions", {}).get("start.where") for d in saved.values()]
    assert any(e and e.get("answer") == data["answer"] and e.get("status") == "correct"
               for e in entries), f"start.where's right answer not saved in {list(saved)}"
