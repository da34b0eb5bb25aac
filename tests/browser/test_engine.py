"""The exercise engine in a real browser: one question of each type, real clicks in
Chromium, the feedback read from the page, and a screenshot of each type saved to
test-artifacts/engine-<type>.png."""
from __future__ import annotations

import time
from pathlib import Path

import nbformat
import pytest

import course
from course.engine import progress

from .conftest import (artifact_path, click_check, click_hint, feedback, open_notebook,
                       question, run_all_cells)

NOTEBOOK = "exercises/00_reading_the_article.ipynb"
REPO = Path(__file__).resolve().parents[2]
QIDS = {"single": "ex00.where", "multiple": "ex00.discussed", "matching": "ex00.who",
        "ordering": "ex00.events", "spans": "ex00.meeting", "text": "ex00.summary"}


def reset(q) -> None:
    """Start from a clean widget even if progress from an earlier test was restored."""
    q.locator(".course-reset").first.click()


def shot(q, qtype: str) -> None:
    q.scroll_into_view_if_needed()
    q.screenshot(path=str(artifact_path(f"engine-{qtype}")))


@pytest.fixture
def notebook(page, lab):
    open_notebook(page, lab, NOTEBOOK)
    run_all_cells(page)
    return page


def test_every_question_type_by_clicks(notebook):
    from playwright.sync_api import expect
    page = notebook
    # every question of the student version shows, in plain text, that it is not answered
    records = page.locator('.jp-OutputArea-output[data-mime-type="text/plain"]')
    qids = nbformat.read(REPO / NOTEBOOK, as_version=4).metadata["course"]["questions"]
    fresh = [q for q in qids if not progress.saved(course.question(q).progress_id)]
    assert len(fresh) >= 4  # (another browser test may have answered the written one)
    expect(records.filter(has_text="none yet (… Not answered yet)")).to_have_count(len(fresh))

    # single choice: a wrong option, its own feedback, then the right one
    q, data = question(page, QIDS["single"]), course.question(QIDS["single"])
    reset(q)
    wrong = next(o for o in data.feedback if o != data.answer)
    q.get_by_role("radio", name=wrong, exact=True).check()
    click_check(q)
    expect(feedback(q)).to_contain_text("✗ Not yet")
    expect(feedback(q)).to_contain_text(data.feedback[wrong])
    click_hint(q)
    expect(q.locator(".course-hints")).to_contain_text(f"Hint 1 of {len(data.hints)}")
    q.get_by_role("radio", name=data.answer, exact=True).check()
    q.locator("button.course-check").focus()  # keyboard: Enter on the focused Check button
    page.keyboard.press("Enter")
    expect(feedback(q)).to_contain_text("✓ Correct")
    expect(q.locator(".course-explanation")).to_contain_text("Explanation")
    # the plain-text record under the widget follows the check (what a saved notebook keeps)
    expect(records.filter(has_text=f"Your checked answer to {data.id}: {data.answer} (✓ Correct)"))\
        .to_have_count(1)
    shot(q, "single")

    # multiple choice: one right box ticked gives partial credit
    q, data = question(page, QIDS["multiple"]), course.question(QIDS["multiple"])
    reset(q)
    q.get_by_role("checkbox", name=data.answer[0], exact=True).check()
    click_check(q)
    expect(feedback(q)).to_contain_text("◐ Partly right")
    for option in data.answer[1:]:
        q.get_by_role("checkbox", name=option, exact=True).check()
    click_check(q)
    expect(feedback(q)).to_contain_text("✓ Correct")
    shot(q, "multiple")

    # matching: one dropdown per item
    q, data = question(page, QIDS["matching"]), course.question(QIDS["matching"])
    reset(q)
    menus = q.locator("select")
    expect(menus).to_have_count(len(data.items))
    for n, category in enumerate(data.answer):
        menus.nth(n).select_option(label=category)
    click_check(q)
    expect(feedback(q)).to_contain_text("✓ Correct")
    shot(q, "matching")

    # ordering: a dropdown per position, filled in the wrong order first
    q, data = question(page, QIDS["ordering"]), course.question(QIDS["ordering"])
    reset(q)
    menus = q.locator("select")
    for n, item in enumerate(reversed(data.answer)):
        menus.nth(n).select_option(label=item)
    click_check(q)
    expect(feedback(q)).to_contain_text("✗ Not yet")
    for n, item in enumerate(data.answer):
        menus.nth(n).select_option(label=item)
    click_check(q)
    expect(feedback(q)).to_contain_text("✓ Correct")
    shot(q, "ordering")

    # spans: tick the sentence, named by its words
    q, data = question(page, QIDS["spans"]), course.question(QIDS["spans"])
    reset(q)
    for sid in data.answer:
        q.get_by_role("checkbox", name=data.choice(sid).text, exact=True).check()
    click_check(q)
    expect(feedback(q)).to_contain_text("✓ Correct")
    shot(q, "spans")

    # text: typing, then the model answer and the rubric are revealed
    q, data = question(page, QIDS["text"]), course.question(QIDS["text"])
    reset(q)
    q.locator("textarea").fill(f"{data.keywords[0].words[0]} met someone.")
    click_check(q)
    expect(feedback(q)).to_contain_text("✎ Saved for your teacher to mark")
    expect(feedback(q)).to_contain_text("?")  # the machine's hints are questions
    expect(feedback(q)).not_to_contain_text("Correct")
    expect(q.locator(".course-rubric")).to_contain_text("Model answer")
    expect(q.locator(".course-rubric")).to_contain_text("Proficient")
    q.get_by_role("radio", name="Developing").check()  # self-placement, kept with the answer
    deadline = time.monotonic() + 30
    while (progress.saved(data.progress_id) or {}).get("self_level") != "developing":
        assert time.monotonic() < deadline, progress.saved(data.progress_id)
        time.sleep(0.2)
    shot(q, "text")
    reset(q)
    expect(feedback(q)).to_contain_text("… Not answered yet")
    expect(q.locator("textarea")).to_have_value("")

