"""Keyboard only (issue 17): in Chromium, one question of every type is answered, checked,
given a hint and reset with key presses alone (Tab, Shift+Tab, Space, Enter, the arrow
keys and typing). The focus is always visible (the course's 3-pixel focus ring) and moves
in reading order; each control has a name that says what it is (a sentence checkbox is
named by its sentence, a matching menu by its item, an ordering menu by its place); and
the feedback after Check is an alert that a screen reader reads out.

The lab runs with the course's JupyterLab settings (``make lab``), under which the arrow
keys and letters act on a focused widget instead of moving or editing notebook cells."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

import course
from course.engine.controls import CHOOSE
from course.engine.qtypes import TYPES

from .conftest import (artifact_path, feedback, open_notebook, question, run_all_cells,
                       write_notebook)

#: One question of each type (the written types included).
QIDS = {"single": "ex00.where", "multiple": "ex00.discussed", "matching": "ex00.who",
        "ordering": "ex00.events", "spans": "ex00.meeting", "text": "ex00.summary",
        "sources": "contrast.lateral_log"}
NOTEBOOK = "exercises/keyboard_only.ipynb"
MAX_TABS = 40  # Tab presses allowed to reach one control

#: What the focused element is: its tag, its accessible label, its question, where it is
#: on screen, and whether its focus indicator shows.
FOCUSED_JS = """() => {
  const a = document.activeElement;
  if (!a || a === document.body) return null;
  const cs = getComputedStyle(a);
  const q = a.closest('.course-question');
  const r = a.getBoundingClientRect();
  const label = a.labels && a.labels.length ? a.labels[0].innerText
    : (a.getAttribute('aria-label') || a.innerText || '');
  return {tag: a.tagName, type: a.type || '', label: label.trim(),
          question: q ? [...q.classList].find(c => c.startsWith('course-q-')) : null,
          // where it is in its question (the notebook scrolls, the question does not)
          top: r.top - (q ? q.getBoundingClientRect().top : 0), left: r.left, height: r.height,
          ring: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2,
          ringText: cs.outlineStyle + ' ' + cs.outlineWidth + ' ' + cs.outlineColor};
}"""


def keyboard_notebook_cells() -> list[str]:
    """The questions, one per cell, answered as a student of this test's own (so the other
    browser tests' students start with nothing answered)."""
    return ["import os\nos.environ['COURSE_STUDENT'] = 'keyboard-student'\nimport course"] + \
        [f'course.ask("{qid}")' for qid in QIDS.values()]


class Keyboard:
    """Key presses on the page, keeping every focus stop inside the course's questions."""

    def __init__(self, page):
        self.page = page
        self.stops: list[dict] = []

    def focused(self) -> dict | None:
        return self.page.evaluate(FOCUSED_JS)

    def press(self, key: str) -> dict | None:
        self.page.keyboard.press(key)
        now = self.focused()
        if now and now["question"]:
            self.stops.append(now)
            assert now["ring"], f"no visible focus ring on {now}"
        return now

    def tab_to(self, qid: str, label: str | None = None, tag: str | None = None) -> dict:
        """Press Tab until a control of question ``qid`` has the focus (the one whose label
        starts with ``label`` and whose tag is ``tag``, if given)."""
        css = "course-q-" + qid.replace(".", "-")
        for _ in range(MAX_TABS):
            now = self.press("Tab")
            if now and now["question"] == css and \
                    (label is None or now["label"].startswith(label)) and \
                    (tag is None or now["tag"] == tag):
                return now
        raise AssertionError(f"{MAX_TABS} Tab presses did not reach {label or tag or 'a control'}"
                             f" of {qid}; focus is on {self.focused()}")

    def leave_backwards(self, qid: str) -> None:
        """Shift+Tab until the focus is before question ``qid``'s first control."""
        css = "course-q-" + qid.replace(".", "-")
        for _ in range(MAX_TABS):
            if (self.focused() or {}).get("question") != css:
                return
            self.page.keyboard.press("Shift+Tab")
        raise AssertionError(f"Shift+Tab did not leave {qid}")

    def choose_in_menu(self, qid: str, label: str, option_index: int) -> None:
        """Focus the menu labelled ``label`` and move to its option by the arrow keys."""
        self.tab_to(qid, label, tag="SELECT")
        for _ in range(option_index):
            self.press("ArrowDown")
            self.page.wait_for_timeout(150)  # the kernel's echo of each step comes back first
        self.page.wait_for_function("n => document.activeElement.selectedIndex === n",
                                    arg=option_index, timeout=10_000)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)


def answer_by_keys(keys: Keyboard, q) -> None:
    """Answer question ``q`` right with key presses, starting before its first control."""
    if q.type == "single":
        keys.tab_to(q.id, q.options[0])
        index = q.options.index(q.answer)
        if index == 0:
            keys.press("Space")
        for _ in range(index):
            keys.press("ArrowDown")  # moves to the next option and chooses it
    elif q.type in ("multiple", "spans"):
        labels = q.options if q.type == "multiple" else [c.text for c in q.choices]
        keys_ = q.options if q.type == "multiple" else [c.id for c in q.choices]
        for key, label in zip(keys_, labels):
            keys.tab_to(q.id, label[:60])
            if key in q.answer:
                keys.press("Space")
    elif q.type == "matching":
        for item, category in zip(q.items, q.answer):
            keys.choose_in_menu(q.id, item, 1 + q.categories.index(category))
    elif q.type == "ordering":
        for n, item in enumerate(q.answer, 1):
            keys.choose_in_menu(q.id, f"Position {n} of {len(q.items)}", 1 + q.items.index(item))
    elif q.type == "text":
        keys.tab_to(q.id, "Your answer", tag="TEXTAREA")
        keys.type(q.model_answer)
    elif q.type == "sources":
        keys.tab_to(q.id, "Source 1: which outlet", tag="INPUT")
        keys.type("Reuters, China expresses support")
        keys.choose_in_menu(q.id, "Source 1: what kind", 2)
        keys.tab_to(q.id, "Source 1: who is behind", tag="INPUT")
        keys.type("Thomson Reuters; its About page")
        keys.tab_to(q.id, "Source 1: what does it say", tag="TEXTAREA")
        keys.type("China's spokesperson called it Russia's internal affair.")
        keys.choose_in_menu(q.id, "Source 1: compared with the article", 1)
    else:
        raise AssertionError(f"no keyboard route for question type {q.type!r}")


def test_the_test_covers_every_question_type():
    assert set(QIDS) == set(TYPES)
    assert all(course.question(qid).type == kind for kind, qid in QIDS.items())


@pytest.fixture
def keyboard_notebook(page, lab):
    open_notebook(page, lab, write_notebook(lab, NOTEBOOK, keyboard_notebook_cells()))
    run_all_cells(page)
    # where a student arrives with the arrow keys in command mode: on the first question's cell
    page.evaluate("""() => { const nb = window.jupyterapp.shell.currentWidget.content;
      nb.activeCellIndex = 1; nb.mode = 'command'; nb.activeCell.node.focus(); }""")
    return page


def test_every_question_type_by_keyboard_alone(keyboard_notebook):
    page = keyboard_notebook
    keys = Keyboard(page)
    for kind, qid in QIDS.items():
        q, box = course.question(qid), question(page, qid)
        # start clean (progress saved by another test is restored): Reset, by keyboard
        keys.tab_to(qid, "Reset", tag="BUTTON")
        keys.press("Enter")
        expect(feedback(box)).to_contain_text("… Not answered yet")
        keys.leave_backwards(qid)
        if kind == "single":  # a wrong choice first: its feedback, read out
            keys.tab_to(qid, q.options[0])
            wrong = next(o for o in q.options if o != q.answer)
            for _ in range(q.options.index(wrong)):
                keys.press("ArrowDown")
            if q.options.index(wrong) == 0:
                keys.press("Space")
            keys.tab_to(qid, "Check", tag="BUTTON")
            keys.press("Enter")
            expect(feedback(box).get_by_role("alert")).to_contain_text("✗ Not yet")
            keys.leave_backwards(qid)
        start = len(keys.stops)
        answer_by_keys(keys, q)
        keys.tab_to(qid, "Check", tag="BUTTON")
        keys.press("Enter")
        alert = feedback(box).get_by_role("alert")
        expect(alert).to_contain_text("✎ Saved for your teacher to mark" if q.written
                                      else "✓ Correct")
        # the focus moved through this question's controls in reading order
        inside = []
        for stop in keys.stops[start:]:  # each control once (Space keeps the focus where it is)
            if stop["question"] == "course-q-" + qid.replace(".", "-") and \
                    (not inside or (stop["top"], stop["left"]) !=
                     (inside[-1]["top"], inside[-1]["left"])):
                inside.append(stop)
        for before, after in zip(inside, inside[1:]):
            same_row = abs(after["top"] - before["top"]) < before["height"] / 2
            assert (after["top"] > before["top"] and not same_row) or \
                (same_row and after["left"] > before["left"]), \
                f"{qid}: focus went from {before['label']!r} to {after['label']!r}, " \
                "against the reading order"
        if q.hints:
            keys.tab_to(qid, "Hint", tag="BUTTON")
            keys.press("Space")
            expect(box.locator(".course-hints").get_by_role("alert")).to_contain_text(
                f"Hint 1 of {len(q.hints)}")
        box.screenshot(path=str(artifact_path(f"keyboard-{kind}")))
        keys.tab_to(qid, "Reset", tag="BUTTON")
        keys.press("Enter")
        expect(feedback(box)).to_contain_text("… Not answered yet")
        expect(box.locator(".course-hints")).to_have_text("")
    assert len({s["question"] for s in keys.stops}) == len(QIDS)


def test_controls_are_named_by_what_they_are(keyboard_notebook):
    """What a screen reader reads for each control, from Chromium's accessibility tree."""
    page = keyboard_notebook
    spans = course.question(QIDS["spans"])
    box = question(page, spans.id)
    for choice in spans.choices:
        expect(box.get_by_role("checkbox", name=choice.text, exact=True)).to_have_count(1)
        expect(box.get_by_role("checkbox", name=choice.id, exact=True)).to_have_count(0)
        expect(box.get_by_text(choice.id, exact=True)).to_have_count(0)  # no bare ids shown
    matching = course.question(QIDS["matching"])
    box = question(page, matching.id)
    for item in matching.items:
        menu = box.get_by_role("combobox", name=item, exact=True)
        expect(menu).to_have_count(1)
        expect(menu.locator("option").first).to_have_text(CHOOSE)
    # the item's words come before its menu
    first = box.get_by_text(matching.items[0], exact=True).bounding_box()
    menu = box.get_by_role("combobox", name=matching.items[0], exact=True).bounding_box()
    assert first["x"] + first["width"] <= menu["x"] + 1 or first["y"] + first["height"] <= menu["y"] + 1
    ordering = course.question(QIDS["ordering"])
    box = question(page, ordering.id)
    count = len(ordering.items)
    for n in range(1, count + 1):
        expect(box.get_by_role("combobox", name=f"Position {n} of {count}:", exact=True)) \
            .to_have_count(1)
    for qid in QIDS.values():  # every control has a name (Chromium's own computation)
        box = question(page, qid)
        for role in ("button", "checkbox", "radio", "combobox", "textbox"):
            count = box.get_by_role(role).count()
            named = box.get_by_role(role, name=re.compile(r"\w")).count()
            assert named == count, f"{qid}: {count - named} of {count} {role}s have no name"
        expect(feedback(box).get_by_role("status")).to_have_count(1)  # before any Check
