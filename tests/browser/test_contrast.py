"""Notebook 02 in a real JupyterLab and Chromium: it runs, shows the side-by-side views, the
chart and the outside-sources box, and a question answered by real clicks gets feedback."""
from __future__ import annotations

import tomllib

from playwright.sync_api import expect

from .conftest import (choose, click_check, click_hint, feedback, open_notebook, question,
                       run_all_cells)

import course

NOTEBOOK = "notebooks/02_contrasting_statements.ipynb"
CHART_OUTPUT_JS = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  for (const cell of w.content.widgets) {
    if (!cell.model.sharedModel.getSource().includes('plot_naming')) continue;
    return cell.model.outputs.toJSON().flatMap(o => Object.keys(o.data || {}).concat(
      String((o.data || {})['text/html'] || '').includes(' alt="') ? ['alt text'] : []));
  }
  return [];
}"""


def lesson_question(qid: str) -> dict:
    """A question's data read straight from its TOML file (not through the engine)."""
    article = course.load_article()
    text = (article.folder / "questions" / "02_contrast.toml").read_text("utf-8")
    return next(q for q in tomllib.loads(text)["questions"] if q["id"] == qid)


def test_contrast_notebook_runs_and_a_question_gets_feedback(page, lab):
    """Run all cells; views render; a wrong, then the right, answer by clicks."""
    data = lesson_question("contrast.which_meeting")
    wrong = next(o for o in data["options"] if o != data["answer"] and o in data["feedback"])

    open_notebook(page, lab, NOTEBOOK)
    run_all_cells(page)

    views = page.locator(".course-compare")
    expect(views.first).to_be_visible()
    assert views.count() >= 6
    first = views.first
    expect(first).to_contain_text("Statement A: Chinese foreign ministry")
    expect(first).to_contain_text("paragraph P3")
    expect(first.locator("mark.course-only").first).to_be_visible()
    expect(page.locator(".course-outside")).to_contain_text("OUTSIDE THE ARTICLE")
    expect(page.locator(".course-outside")).to_contain_text("Xinhua")
    # Off-screen cells may be virtualised out of the DOM: ask the notebook model instead.
    kinds = page.evaluate(CHART_OUTPUT_JS)
    assert {"text/html", "alt text"} <= set(kinds), f"the naming chart cell produced {kinds}"

    q = question(page, "contrast.which_meeting")
    q.scroll_into_view_if_needed()
    expect(q).to_contain_text(data["prompt"])

    choose(q, wrong)
    click_check(q)
    expect(feedback(q)).to_contain_text("✗ Not yet")
    expect(q).to_contain_text(data["feedback"][wrong])

    click_hint(q)
    expect(q).to_contain_text(data["hints"][0])

    choose(q, data["answer"])
    click_check(q)
    expect(feedback(q)).to_contain_text("✓ Correct")
    expect(q).to_contain_text(data["explanation"])  # shown in or below the feedback
    expect(feedback(q)).not_to_contain_text("Not yet")
