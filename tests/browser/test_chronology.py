"""Notebook 03 in a real JupyterLab and Chromium: it runs, shows the highlighted time
expressions and both plots, and an ordering question answered by real clicks gets feedback."""
from __future__ import annotations

import tomllib

from playwright.sync_api import expect

from .conftest import click_check, feedback, open_notebook, question, run_all_cells

import course

NOTEBOOK = "notebooks/03_chronology.ipynb"
PLOT_OUTPUTS_JS = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const kinds = [];
  for (const cell of w.content.widgets) {
    if (!cell.model.sharedModel.getSource().includes('figure_image')) continue;
    kinds.push(cell.model.outputs.toJSON().flatMap(o => Object.keys(o.data || {}).concat(
      String((o.data || {})['text/html'] || '').includes(' alt="') ? ['alt text'] : [])));
  }
  return kinds;
}"""


def lesson_question(qid: str) -> dict:
    """A question's data read straight from its TOML file (not through the engine)."""
    article = course.load_article()
    text = (article.folder / "questions" / "03_chronology.toml").read_text("utf-8")
    return next(q for q in tomllib.loads(text)["questions"] if q["id"] == qid)


def pick_order(q, order: list[str]) -> None:
    """Choose ``order`` in the question's "Position n" dropdowns, one by one."""
    menus = q.locator("select")
    assert menus.count() == len(order)
    for n, item in enumerate(order):
        menus.nth(n).select_option(label=item)


def test_chronology_notebook_runs_and_an_ordering_answer_gets_feedback(page, lab):
    """Run all cells; highlights and plots render; a wrong, then the right, order by clicks."""
    data = lesson_question("chrono.order")
    # the key may give a tie group (a list): any order among its items is right
    right = [i for g in data["answer"] for i in ([g] if isinstance(g, str) else g)]
    wrong = [right[1], right[0]] + right[2:]
    tie = next(g for g in data["answer"] if not isinstance(g, str))
    swapped = [tie[1] if i == tie[0] else tie[0] if i == tie[1] else i for i in right]

    open_notebook(page, lab, NOTEBOOK)
    run_all_cells(page)

    highlighted = page.locator(".jp-OutputArea").filter(has=page.locator("mark")).first
    expect(highlighted).to_be_visible()
    expect(highlighted).to_contain_text("Sunday [Sunday 25 June 2023]")  # plain words
    expect(highlighted).to_contain_text(
        "hours later [a few hours (the article does not say how many)]")
    tables = page.locator("table.course-table")  # readable tables, cells in full
    expect(tables.first).to_contain_text("technical value (for the curious)")
    expect(tables.first).to_contain_text("a length of time")
    plots = page.evaluate(PLOT_OUTPUTS_JS)
    # each chart is an image with a text alternative (issue 17)
    assert len(plots) == 2 and all({"text/html", "alt text"} <= set(k) for k in plots), plots

    q = question(page, "chrono.order")
    q.scroll_into_view_if_needed()
    expect(q).to_contain_text(data["prompt"])

    pick_order(q, wrong)
    click_check(q)
    expect(feedback(q)).not_to_contain_text("✓ Correct")
    expect(feedback(q)).to_contain_text("Partly right")
    expect(feedback(q)).to_contain_text("Out of place")

    pick_order(q, right)
    click_check(q)
    expect(feedback(q)).to_contain_text("✓ Correct")
    pick_order(q, swapped)  # the tied events the other way round: right too
    click_check(q)
    expect(feedback(q)).to_contain_text("✓ Correct")
    expect(q.locator(".course-explanation")).to_contain_text(data["explanation"][:60])
