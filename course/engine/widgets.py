"""One generic question widget (ipywidgets only): the question type's answer control, Check,
Hint, Reset and Explanation buttons, an attempt counter and feedback as a mark and words.

Every control has a visible text label. The outer box carries the CSS classes
``course-question`` and ``course-q-<id>``; buttons ``course-check``, ``course-hint``,
``course-reset``, ``course-explain``; the feedback area ``course-feedback``; browser
tests find them by these classes. The controls themselves are the question types' own
(``course/engine/qtypes/``).
"""
from __future__ import annotations

import html
from typing import Any, Callable

import ipywidgets as w

from . import feedback as teacher_feedback
from . import progress
from .checking import MARKS, Result, check_and_record, written_text
from .controls import (CHOOSE, UI_CLASS, WIDE, AnswerControl, make, shared_model,  # noqa: F401
                       stylesheet)
from .questions import LEVELS, Question

STATUS_COLOURS = {"correct": "#1a7f37", "partial": "#9a6700", "wrong": "#cf222e",
                  "unanswered": "#57606a", "invalid": "#57606a", "written": "#1f5fa8"}
WIDE = {"description_width": "initial"}
def feedback_html(result: Result, prefix: str = "", announce: bool = False) -> str:
    """The feedback area's HTML: a mark and a word first, colour only as an extra cue; a
    written answer's hints follow as a list of questions. ``announce`` (after Check) makes
    it an alert, which a screen reader reads out as soon as it appears: the widget replaces
    the area's content, and a polite status region that appears with its text is not
    reliably read; feedback shown without a Check (at start, restored, reset) stays a
    status, not announced on purpose."""
    mark, words = MARKS[result.status]
    colour = STATUS_COLOURS[result.status]
    hints = "".join(f"<li>{html.escape(h)}</li>" for h in result.hints)
    hints = (f"<div>Questions to think about before your teacher reads it:</div><ul>{hints}</ul>"
             if hints else "")
    role = 'role="alert"' if announce else 'role="status"'
    return (f'<div {role} style="border-left:4px solid {colour};'
            f'padding:2px 8px"><span style="color:{colour}"><b>{mark} {words}</b></span>: '
            f"{html.escape(prefix)}{html.escape(result.feedback)}{hints}</div>")


RECORD_MIME = "application/vnd.course.answer+json"


def answer_words(q: Question, answer: Any) -> str:
    """A checked answer in plain words, as a printed notebook shows it (the question type
    says how: option texts, the sentence a span id stands for, item → category, ...)."""
    if answer is None or answer == "" or answer == [] or answer == {}:
        return "none"
    return q.kind.words(q, answer)


class AnswerRecord:
    """What a question's checked answer is, as plain text under the widget: what a saved or
    printed notebook, nbval and ``course grade`` read. The JSON part carries the answer
    itself (grading checks it against the key again; the stored status is never trusted)."""

    def __init__(self, q: Question, answer: Any = None, result: Result | None = None,
                 note: "teacher_feedback.TeacherNote | None" = None):
        self.q, self.answer, self.result, self.note = q, answer, result, note

    @property
    def text(self) -> str:
        """One or two plain lines."""
        if self.result is None or self.result.status == "unanswered":
            line = (f"Your checked answer to {self.q.id}: none yet (… Not answered yet). "
                    "Answer in the question above and press Check.")
        else:
            mark, words = MARKS[self.result.status]
            line = (f"Your checked answer to {self.q.id}: {answer_words(self.q, self.answer)} "
                    f"({mark} {words})")
        if self.note is not None:
            line += "\n" + self.note.line(written_text(self.q, self.answer))
        return line

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict:
        status = "unanswered" if self.result is None else self.result.status
        return {"text/plain": self.text,
                RECORD_MIME: {"question": self.q.id, "article": self.q.article_id,
                              "answer": progress.jsonable(self.answer)
                              if status != "unanswered" else None,
                              "status": status}}

    def __repr__(self) -> str:
        return self.text


class QuestionWidget(w.VBox):
    """A question: prompt, answer control, buttons, attempts, feedback, hints, explanation."""

    def __init__(self, q: Question, checker: Callable[[Question, Any], Result],
                 restore: bool = True, **kwargs: Any):
        self.question = q
        self._checker = checker
        self.control = q.kind.control(q)
        self.hints_shown = 0
        self.attempts = 0
        self.last_result: Result | None = None

        self.prompt = make(w.HTML, value=f"<div><b>Question</b> <code>{html.escape(q.id)}</code>: "
                             f"{html.escape(q.prompt)}</div>")
        self.check_button = self._button("Check", "course-check", "check",
                                         "Check your answer")
        self.hint_button = self._button("Hint", "course-hint", "lightbulb-o",
                                        "Show the next hint")
        self.reset_button = self._button("Reset", "course-reset", "undo",
                                         "Clear your answer and the feedback")
        self.explain_button = self._button("Show explanation", "course-explain", "book",
                                           "Show why the answer is right")
        self.attempts_label = make(w.Label, value=self._attempts_text())
        self.attempts_label.add_class("course-attempts")
        self.feedback = make(w.HTML, value=feedback_html(
            Result(False, 0.0, "press Check when ready.", "unanswered")))
        self.feedback.add_class("course-feedback")
        self.hints = make(w.HTML, value="")
        self.hints.add_class("course-hints")
        self.explanation = make(w.HTML, value="")
        self.explanation.add_class("course-explanation")
        self.rubric = make(w.VBox, children=[])
        self.level_choice: w.RadioButtons | None = None
        self._showing_saved_level = False  # set while the saved placement is filled in
        self.rubric.add_class("course-rubric")
        self.teacher = make(w.HTML, value="")
        self.teacher.add_class("course-teacher")
        self._record_handle: Any = None
        self._saved_answer: Any = None
        self._saved_result: Result | None = None
        self._note: teacher_feedback.TeacherNote | None = None  # read with the saved answer
        if not q.hints:
            self.hint_button.disabled = True
            self.hint_button.description = "No hints"

        buttons = make(w.HBox, children=[self.check_button, self.hint_button, self.reset_button,
                                         self.explain_button, self.attempts_label],
                       layout={"flex_flow": "row wrap", "align_items": "center"})
        kwargs.setdefault("layout", shared_model(w.Layout, {"border": "1px solid #d0d7de",
                                                       "padding": "6px", "margin": "6px 0"}))
        super().__init__([stylesheet(), self.prompt, self.control.box, buttons, self.feedback,
                          self.hints, self.explanation, self.rubric, self.teacher], **kwargs)
        self.add_class("course-question")
        self.add_class(UI_CLASS)
        self.add_class(q.css_class)
        self.check_button.on_click(lambda _b: self.check())
        self.hint_button.on_click(lambda _b: self.hint())
        self.reset_button.on_click(lambda _b: self.reset())
        self.explain_button.on_click(lambda _b: self.explain(announce=True))
        if restore:
            self.restore()

    def _ipython_display_(self) -> None:
        """Show the widget, then the checked answer in plain text below it; Check updates
        that text in place, so a saved or printed notebook shows the last checked answer."""
        from IPython.display import display
        display(self._repr_mimebundle_(), raw=True)
        self._record_handle = display(self.record(), display_id=True)

    def record(self) -> AnswerRecord:
        """The plain-text record of the last checked answer (and the teacher's note)."""
        return AnswerRecord(self.question, self._saved_answer, self._saved_result, self._note)

    def _update_record(self) -> None:
        """Refresh the plain-text record under the widget, if it is on screen."""
        if self._record_handle is not None:
            self._record_handle.update(self.record())

    def __repr__(self) -> str:
        """A short, state-free repr: what a saved notebook shows before the cell is run,
        and what nbval compares (so it must not depend on the widget's state)."""
        return (f"Question {self.question.id} ({self.question.type}): "
                "run this cell to show it and answer.")

    @staticmethod
    def _button(label: str, css: str, icon: str, tooltip: str) -> w.Button:
        """A labelled button with its DOM class."""
        button = make(w.Button, description=label, icon=icon, tooltip=tooltip,
                      layout={"width": "auto"})
        button.add_class(css)
        return button

    def _attempts_text(self) -> str:
        """The attempt counter's words."""
        return f"Attempts: {self.attempts}"

    @property
    def value(self) -> Any:
        """The current answer, in the form ``course.check`` takes."""
        return self.control.value

    @value.setter
    def value(self, answer: Any) -> None:
        self.control.value = answer

    def check(self) -> Result:
        """Check the current answer, save progress, and show the feedback."""
        answer = self.control.value
        checked = check_and_record(self.question, answer, self._checker)
        result = checked.result
        if result.status == "unanswered":
            result = Result(False, 0.0, self.question.kind.unanswered, "unanswered")
        self.last_result = result
        if checked.entry is not None:
            self.attempts = int(checked.entry.get("attempts", self.attempts))
        self.attempts_label.value = self._attempts_text()
        self._show(result, announce=True)
        if self.question.written and checked.entry is not None:
            self._reveal_model_answer(checked.entry)
            self._show_teacher_note()
        if result.status != "unanswered":
            self._saved_answer, self._saved_result = progress.jsonable(answer), result
            self._update_record()
        return result

    def _show_teacher_note(self) -> None:
        """The teacher's level and comment on this written answer, if marked."""
        self._note = note = teacher_feedback.note_for(self.question.progress_id)
        self.teacher.value = ("" if note is None else
                              f"<div role='note' style='border-left:4px solid #1f5fa8;"
                              f"padding:2px 8px'><b>✎ "
                              f"{html.escape(note.line(written_text(self.question, self.value)))}"
                              f"</b></div>")

    def _show(self, result: Result, prefix: str = "", announce: bool = False) -> None:
        """Show a result (read out by a screen reader if ``announce``: after Check); after
        a correct answer the explanation appears below it."""
        if result.correct:
            result = Result(True, 1.0, "well done; the explanation is below.", "correct")
            self.explain()
        self.feedback.value = feedback_html(result, prefix=prefix, announce=announce)

    def hint(self) -> str:
        """Show the next hint (all hints so far stay visible)."""
        if self.hints_shown < len(self.question.hints):
            self.hints_shown += 1
        total = len(self.question.hints)
        # the newest hint is an alert: a screen reader reads it (only it) when Hint is pressed
        shown = "".join(f"<li><span role='alert'>Hint {n} of {total}: {html.escape(h)}</span>"
                        f"</li>" if n == self.hints_shown else
                        f"<li>Hint {n} of {total}: {html.escape(h)}</li>"
                        for n, h in enumerate(self.question.hints[: self.hints_shown], 1))
        self.hints.value = f"<ul>{shown}</ul>" if shown else ""
        if self.hints_shown >= total:
            self.hint_button.disabled = True
            self.hint_button.description = "No more hints"
        return self.question.hints[self.hints_shown - 1] if self.hints_shown else ""

    def explain(self, announce: bool = False) -> None:
        """Show the explanation (after a correct answer, or on request: then read out by a
        screen reader, as an alert)."""
        q = self.question
        text = q.explanation or q.model_answer
        role = ' role="alert"' if announce else ""
        self.explanation.value = (f"<div{role}><b>Explanation:</b> {html.escape(text)}</div>"
                                  if text else "")

    def _reveal_model_answer(self, entry: dict) -> None:
        """For written answers: show the model answer, what a good answer does, and the
        rubric's levels; the student places their own answer on a level (saved with it)."""
        q = self.question
        if not self.rubric.children:
            criteria = "".join(f"<li>{html.escape(c)}</li>" for c in q.rubric)
            levels = "".join(f"<tr><th scope='row' style='text-align:left;vertical-align:top'>"
                             f"{lv.capitalize()}</th><td style='text-align:left'>"
                             f"{html.escape(q.levels[lv])}</td></tr>" for lv in LEVELS
                             if lv in q.levels)
            levels = (f"<table><caption style='text-align:left'><b>The levels your teacher "
                      f"marks with</b></caption>{levels}</table>" if levels else "")
            self.level_choice = make(w.RadioButtons, options=[lv.capitalize() for lv in LEVELS],
                                     value=None, description="Where would you place your answer?",
                                     style=WIDE, layout={"width": "auto"})
            self.level_choice.add_class("course-self-level")
            self.level_choice.observe(lambda _change: self._save_level(), names="value")
            self.rubric.children = [make(w.HTML, value=(
                f"<div><b>Model answer:</b> {html.escape(q.model_answer)}</div>"
                f"<div><b>A good answer:</b><ul>{criteria}</ul></div>{levels}")),
                self.level_choice]
        level = entry.get("self_level")
        self._showing_saved_level = True
        try:
            self.level_choice.value = level.capitalize() if level in LEVELS else None
        finally:
            self._showing_saved_level = False

    def _save_level(self) -> None:
        """Keep the student's own placement with the saved answer (restored with it)."""
        if not self._showing_saved_level and self.level_choice is not None:
            value = self.level_choice.value
            progress.record_self_level(self.question.progress_id,
                                       value.lower() if value else None)

    def reset(self) -> None:
        """Clear the answer, feedback, hints and explanation (saved attempts are kept)."""
        self.control.reset()
        self.hints_shown = 0
        self.hints.value = ""
        self.explanation.value = ""
        self.rubric.children = []
        self.level_choice = None
        self.feedback.value = feedback_html(Result(False, 0.0, "press Check when ready.",
                                                   "unanswered"))
        if self.question.hints:
            self.hint_button.disabled = False
            self.hint_button.description = "Hint"

    def restore(self) -> None:
        """Show the saved answer, attempts and feedback from the student's progress file."""
        entry = progress.saved(self.question.progress_id)
        if not entry:
            return
        self.attempts = int(entry.get("attempts", 0))
        self.attempts_label.value = self._attempts_text()
        try:
            self.control.value = entry.get("answer")
        except Exception:  # an old answer the control cannot show: keep it saved, show none
            return
        result = self._checker(self.question, self.control.value)
        self.last_result = result
        self._show(result, prefix="(restored from your saved progress) ")
        if result.status != "unanswered":
            self._saved_answer, self._saved_result = progress.jsonable(self.control.value), result
        if self.question.written and result.status != "unanswered":
            self._reveal_model_answer(entry)
            self._show_teacher_note()
