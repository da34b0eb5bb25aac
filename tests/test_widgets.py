"""Question widgets in Python: set the value, press Check with .click(), read the feedback.

Uses the reading exercise's questions (one of each type). Answers are derived from each
question's data (key, options, items), never typed in here.
"""
from __future__ import annotations

import html
import json
import re

import pytest

import course
from course.engine import progress

QIDS = {"single": "ex00.where", "multiple": "ex00.discussed", "matching": "ex00.who",
        "ordering": "ex00.events", "spans": "ex00.meeting", "text": "ex00.summary",
        "sources": "contrast.lateral_log"}


@pytest.fixture(autouse=True)
def own_progress(tmp_path, monkeypatch):
    """Each test starts with no saved progress."""
    monkeypatch.setenv("COURSE_PROGRESS_DIR", str(tmp_path / "progress"))
    monkeypatch.setenv("COURSE_STUDENT", "widget-test")


def shown(widget) -> str:
    """The feedback area's text as a reader sees it (tags removed)."""
    return html.unescape(re.sub(r"<[^>]+>", "", widget.feedback.value))


def right(q: course.Question):
    if q.written:
        return q.solution()
    return list(q.answer) if isinstance(q.answer, tuple) else q.answer


def wrong(q: course.Question):
    """An answer of the right form with nothing right in it."""
    if q.type == "single":
        return next(o for o in q.options if o != q.answer)
    if q.type == "multiple":
        return [o for o in q.options if o not in q.answer]
    if q.type == "spans":
        return [next(c.id for c in q.choices if c.id not in q.answer)]
    if q.type == "matching":
        return {item: next(c for c in q.categories if c != key)
                for item, key in zip(q.items, q.answer)}
    if q.type == "ordering":
        return list(reversed(q.answer))  # 4 items reversed: no item in its place
    return "no"


def partial(q: course.Question):
    """An answer that is partly right (types with partial credit)."""
    if q.type in ("multiple", "spans") and len(q.answer) > 1:
        return [q.answer[0]]
    if q.type == "matching":
        answer = wrong(q)
        answer[q.items[0]] = q.answer[0]
        return answer
    if q.type == "ordering":
        order = list(q.answer)
        order[1], order[2] = order[2], order[1]
        return order
    return None


@pytest.mark.parametrize("qtype", sorted(QIDS))
def test_dom_hooks_and_repr(qtype):
    widget = course.ask(QIDS[qtype])
    assert "course-question" in widget._dom_classes
    assert "course-q-" + QIDS[qtype].replace(".", "-") in widget._dom_classes
    assert "course-check" in widget.check_button._dom_classes
    assert "course-hint" in widget.hint_button._dom_classes
    assert "course-reset" in widget.reset_button._dom_classes
    assert "course-feedback" in widget.feedback._dom_classes
    assert repr(widget) == f"Question {QIDS[qtype]} ({qtype}): run this cell to show it and answer."


@pytest.mark.parametrize("qtype", sorted(QIDS))
def test_unanswered_then_right(qtype):
    q = course.question(QIDS[qtype])
    widget = course.ask(q.id)
    widget.check_button.click()
    assert shown(widget).startswith("… Not answered yet")
    assert widget.attempts_label.value == "Attempts: 0"
    widget.value = right(q)
    widget.check_button.click()
    assert widget.attempts_label.value == "Attempts: 1"
    if qtype in ("text", "sources"):  # a written answer goes to the teacher: never "Correct"
        assert shown(widget).startswith("✎ Saved for your teacher to mark"), shown(widget)
        assert "Model answer" in widget.rubric.children[0].value
        return
    assert shown(widget).startswith("✓ Correct"), shown(widget)
    assert "Explanation" in widget.explanation.value


@pytest.mark.parametrize("qtype", sorted(set(QIDS) - {"text", "sources"}))
def test_wrong_counts_attempts(qtype):
    q = course.question(QIDS[qtype])
    widget = course.ask(q.id)
    widget.value = wrong(q)
    widget.check_button.click()
    assert shown(widget).startswith("✗ Not yet"), shown(widget)
    assert widget.explanation.value == ""
    widget.check_button.click()  # the same answer again is not a new attempt
    assert widget.attempts_label.value == "Attempts: 1"
    widget.value = right(q)
    widget.check_button.click()
    assert widget.attempts_label.value == "Attempts: 2"


@pytest.mark.parametrize("qtype", ["multiple", "matching", "ordering"])
def test_partly_right(qtype):
    q = course.question(QIDS[qtype])
    widget = course.ask(q.id)
    widget.value = partial(q)
    widget.check_button.click()
    assert shown(widget).startswith("◐ Partly right"), shown(widget)
    assert 0 < widget.last_result.score < 1


def test_single_wrong_option_feedback_comes_from_the_data():
    q = course.question(QIDS["single"])
    option = next(o for o in q.feedback if o != q.answer)
    widget = course.ask(q.id)
    widget.value = option
    widget.check_button.click()
    assert q.feedback[option] in shown(widget)


@pytest.mark.parametrize("qtype", sorted(QIDS))
def test_hints_progress_then_stop(qtype):
    q = course.question(QIDS[qtype])
    widget = course.ask(q.id)
    for n, hint in enumerate(q.hints, 1):
        assert not widget.hint_button.disabled
        widget.hint_button.click()
        text = html.unescape(widget.hints.value)
        assert f"Hint {n} of {len(q.hints)}: {hint}" in text
    assert widget.hint_button.disabled and widget.hint_button.description == "No more hints"


@pytest.mark.parametrize("qtype", sorted(QIDS))
def test_reset_clears_answer_feedback_and_hints(qtype):
    q = course.question(QIDS[qtype])
    widget = course.ask(q.id)
    widget.value = right(q)
    widget.hint_button.click()
    widget.check_button.click()
    widget.reset_button.click()
    assert course.check(q.id, widget.value).status == "unanswered"
    assert widget.hints.value == "" and widget.explanation.value == ""
    assert shown(widget).startswith("… Not answered yet")
    assert not widget.hint_button.disabled
    assert widget.attempts_label.value == "Attempts: 1"  # attempts are history, kept


def test_explanation_on_request():
    widget = course.ask(QIDS["single"])
    widget.explain_button.click()
    assert html.escape(course.question(QIDS["single"]).explanation) in widget.explanation.value


def test_text_reveals_model_answer_and_levels_after_an_attempt():
    q = course.question(QIDS["text"])
    widget = course.ask(q.id)
    assert widget.rubric.children == ()
    widget.value = "Something short."
    widget.check_button.click()
    revealed = html.unescape(widget.rubric.children[0].value)
    assert q.model_answer in revealed
    assert all(c in revealed for c in q.rubric)
    assert all(q.levels[lv] in revealed for lv in ("beginning", "developing", "proficient"))
    assert widget.level_choice.description == "Where would you place your answer?"
    assert "Saved for your teacher to mark" in widget.feedback.value
    assert "Correct" not in widget.feedback.value


def test_controls_are_labelled():
    """Every control has a visible text label (description) or sits beside its text."""
    import ipywidgets as w
    for qid in QIDS.values():
        widget = course.ask(qid)
        stack = [widget]
        while stack:
            node = stack.pop()
            stack.extend(getattr(node, "children", ()))
            if isinstance(node, (w.Button, w.Checkbox, w.Dropdown, w.RadioButtons, w.Textarea)):
                assert node.description.strip(), (qid, node)


def test_widget_restores_saved_answer():
    q = course.question(QIDS["ordering"])
    first = course.ask(q.id)
    first.value = right(q)
    first.check_button.click()
    again = course.ask(q.id)  # as after a kernel restart: a new widget, same progress file
    assert again.value == right(q)
    assert again.attempts_label.value == "Attempts: 1"
    assert "restored" in shown(again) and shown(again).startswith("✓ Correct")
    assert progress.saved(q.id)["correct"] is True


def models_made_by(make) -> list:
    """The widget models that ``make()`` creates (ipywidgets keeps every open model)."""
    from ipywidgets.widgets.widget import _instances  # model id -> open model
    before = set(_instances)
    make()
    return [_instances[k] for k in set(_instances) - before]


@pytest.mark.parametrize("qtype", sorted(QIDS))
def test_questions_share_layout_and_style_models(qtype):
    """A second question of a type makes no new Layout or style model: each one is created in
    the kernel and sent to the browser, so sharing them is most of a question's cost."""
    course.ask(QIDS[qtype])
    made = models_made_by(lambda: course.ask(QIDS[qtype]))
    names = [type(m).__name__ for m in made]
    assert not [n for n in names if n == "Layout" or n.endswith("Style")], names
    assert "QuestionWidget" in names


def test_two_questions_sharing_a_layout_still_answer_apart():
    one, two = course.ask("ex00.where"), course.ask("ex00.where")
    assert one.check_button.layout is two.check_button.layout
    one.value = right(one.question)
    one.check_button.click()
    assert "Correct" in shown(one) and "press Check" in shown(two)


def test_a_closed_shared_layout_is_made_again():
    from ipywidgets import Widget
    first = course.ask("ex00.where")
    layout = first.check_button.layout
    Widget.close_all()  # what a notebook may do to clear its widgets
    again = course.ask("ex00.where")
    assert again.check_button.layout is not layout and again.check_button.layout.comm is not None
    again.check_button.click()
    assert "choose one option" in shown(again)


def test_self_placement_is_saved_restored_and_made_again_after_reset():
    q = course.question(QIDS["text"])
    widget = course.ask(q.id)
    widget.value = "Something short."
    widget.check_button.click()
    widget.level_choice.value = "Developing"
    assert progress.saved(q.progress_id)["self_level"] == "developing"
    again = course.ask(q.id)  # a new kernel, or the cell run again
    assert again.level_choice.value == "Developing"
    again.value = "A different answer this time."
    again.check_button.click()  # a new answer: the old placement was about the old one
    assert "self_level" not in progress.saved(q.progress_id)
    assert again.level_choice.value is None
    again.reset_button.click()
    assert again.level_choice is None and again.rubric.children == ()
    again.value = "Something short."
    again.check_button.click()
    again.level_choice.value = "Beginning"
    assert progress.saved(q.progress_id)["self_level"] == "beginning"


def test_a_damaged_placement_in_the_progress_file_is_dropped_with_a_warning(tmp_path):
    q = course.question(QIDS["text"])
    course.mark(q.id, "Something short.")
    path = progress.progress_path()
    data = json.loads(path.read_text(encoding="utf-8"))
    data["questions"][q.progress_id]["self_level"] = "excellent"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.warns(progress.ProgressWarning, match="self_level"):
        widget = course.ask(q.id)
    assert widget.level_choice.value is None
    assert progress.saved(q.progress_id)["answer"] == "Something short."  # the answer is kept


def test_controls_say_what_they_are_for_a_screen_reader():
    """Issue 17: a sentence checkbox is named by its sentence (no bare ids), a matching menu
    by its item (the item comes first, the menu after it), an ordering menu by its place."""
    import ipywidgets as w
    spans = course.ask(QIDS["spans"])
    q = spans.question
    assert [b.description for b in spans.control.boxes.values()] == [c.text for c in q.choices]
    assert not any(isinstance(n, w.HTML) and re.search(r"\bS\d+\b", n.value)
                   for n in spans.control.box.children)
    matching = course.ask(QIDS["matching"])
    assert [m.description for m in matching.control.menus] == list(matching.question.items)
    assert matching.control.box.children == tuple(matching.control.menus)
    ordering = course.ask(QIDS["ordering"])
    n = len(ordering.question.items)
    assert [m.description for m in ordering.control.menus] == \
        [f"Position {k} of {n}:" for k in range(1, n + 1)]


def test_feedback_hints_and_explanation_are_read_out_when_asked_for():
    """After Check, Hint or Show explanation, what appears is an alert (a screen reader
    reads it at once; of the hints, only the newest); feedback shown without a Check (at
    first, restored, after Reset) is a status region, not announced on purpose."""
    widget = course.ask(QIDS["single"])
    assert 'role="status"' in widget.feedback.value and "alert" not in widget.feedback.value
    widget.value = wrong(widget.question)
    widget.check_button.click()
    assert widget.feedback.value.startswith('<div role="alert"') and "✗ Not yet" in shown(widget)
    widget.hint_button.click()
    assert "<span role='alert'>Hint 1 of" in widget.hints.value
    if len(widget.question.hints) > 1:  # only the newest hint is read out
        widget.hint_button.click()
        assert widget.hints.value.count("role='alert'") == 1
        assert "<span role='alert'>Hint 2 of" in widget.hints.value
    widget.explain_button.click()
    assert widget.explanation.value.startswith('<div role="alert">')
    widget.reset_button.click()
    assert 'role="status"' in widget.feedback.value and widget.hints.value == ""
    widget.value = right(widget.question)
    widget.check_button.click()
    again = course.ask(QIDS["single"])  # restored from progress: shown, not read out
    assert 'role="status"' in again.feedback.value and "restored" in shown(again)


def test_every_question_carries_the_course_stylesheet():
    """The focus ring and the wrapping labels come with each question (CSS in the page)."""
    from course.engine.controls import STYLE, UI_CLASS
    for qid in QIDS.values():
        widget = course.ask(qid)
        assert UI_CLASS in widget._dom_classes
        sheet = widget.children[0]
        assert sheet.value == STYLE and sheet.layout.display == "none"
    assert ":focus-visible" in STYLE and "outline: 3px solid" in STYLE
    assert "white-space: normal" in STYLE and "max-width: 100%" in STYLE
