"""One generic question widget (ipywidgets only): an answer control per type, Check, Hint,
Reset and Explanation buttons, an attempt counter and feedback as a mark and words.

Every control has a visible text label. The outer box carries the CSS classes
``course-question`` and ``course-q-<id>``; buttons ``course-check``, ``course-hint``,
``course-reset``, ``course-explain``; the feedback area ``course-feedback``; browser
tests find them by these classes.
"""
from __future__ import annotations

import html
from typing import Any, Callable

import ipywidgets as w

from . import feedback as teacher_feedback
from . import progress
from .checking import MARKS, Result, log_entries, log_words, written_text
from .questions import LEVELS, Question
from .sources import AGREES, KINDS, WHERE

CHOOSE = "— choose —"
STATUS_COLOURS = {"correct": "#1a7f37", "partial": "#9a6700", "wrong": "#cf222e",
                  "unanswered": "#57606a", "invalid": "#57606a", "written": "#1f5fa8"}
WIDE = {"description_width": "initial"}
#: What the feedback says when Check is pressed with nothing chosen, per question type.
UNANSWERED = {
    "single": "choose one option above, then press Check.",
    "multiple": "tick the options that apply, then press Check.",
    "matching": "choose a category for each item, then press Check.",
    "ordering": "choose an item for each position, then press Check.",
    "spans": "tick the sentences or phrases that answer the question, then press Check.",
    "text": "write your answer in the box, then press Check.",
    "sources": "fill in at least one source (which outlet, what kind, who is behind it, what "
               "it says, whether it agrees), then press Check.",
}


_SHARED: dict[tuple, w.Widget] = {}


def _shared(cls: type, values: dict) -> w.Widget:
    """One Layout or style model per class and set of values, reused by every widget that
    asks for it (nothing here changes a layout or style after creation). A question drew 91
    widget models, 57 of them layouts and styles; each is created and sent to the browser."""
    key = (cls, tuple(sorted(values.items())))
    model = _SHARED.get(key)
    if model is None or model.comm is None:  # never made, or closed (Widget.close_all)
        model = _SHARED[key] = cls(**values)
    return model


def make(cls: type, layout: dict | None = None, style: dict | None = None,
         **kwargs: Any) -> Any:
    """A widget of ``cls`` whose layout (CSS values) and style are shared models."""
    kwargs["layout"] = _shared(w.Layout, layout or {})
    trait = cls.class_traits().get("style")
    if trait is not None:
        kwargs["style"] = _shared(trait.klass, style or {})
    return cls(**kwargs)


def feedback_html(result: Result, prefix: str = "") -> str:
    """The feedback area's HTML: a mark and a word first, colour only as an extra cue; a
    written answer's hints follow as a list of questions."""
    mark, words = MARKS[result.status]
    colour = STATUS_COLOURS[result.status]
    hints = "".join(f"<li>{html.escape(h)}</li>" for h in result.hints)
    hints = (f"<div>Questions to think about before your teacher reads it:</div><ul>{hints}</ul>"
             if hints else "")
    return (f'<div role="status" aria-live="polite" style="border-left:4px solid {colour};'
            f'padding:2px 8px"><span style="color:{colour}"><b>{mark} {words}</b></span>: '
            f"{html.escape(prefix)}{html.escape(result.feedback)}{hints}</div>")


RECORD_MIME = "application/vnd.course.answer+json"


def answer_words(q: Question, answer: Any) -> str:
    """A checked answer in plain words, as a printed notebook shows it (option texts, the
    sentence a span id stands for, item → category, the order)."""
    if answer is None or answer == "" or answer == [] or answer == {}:
        return "none"
    if q.type == "sources":
        return log_words(answer)
    if q.type == "spans" and isinstance(answer, list):
        texts = []
        for cid in answer:
            try:
                text = q.choice(str(cid)).text
            except KeyError:
                text = str(cid)
            texts.append("“" + (text if len(text) <= 80 else text[:79] + "…") + "”")
        return "; ".join(texts)
    if q.type == "matching" and isinstance(answer, dict):
        return "; ".join(f"{k} → {v or '(none)'}" for k, v in answer.items())
    if q.type == "ordering" and isinstance(answer, list):
        return "; ".join(f"{n}. {v or '(empty)'}" for n, v in enumerate(answer, 1))
    if isinstance(answer, list):
        return "; ".join(map(str, answer))
    return str(answer)


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


class AnswerControl:
    """The part of a question widget where the student answers; ``value`` is what ``check`` takes."""

    def __init__(self, q: Question):
        self.q = q
        self.box = make(w.VBox, children=self.build())

    def build(self) -> list[w.Widget]:
        raise NotImplementedError

    @property
    def value(self) -> Any:
        raise NotImplementedError

    @value.setter
    def value(self, answer: Any) -> None:
        raise NotImplementedError

    def reset(self) -> None:
        """Clear the control."""
        self.value = None


class SingleControl(AnswerControl):
    """Radio buttons, one per option, none chosen at first."""

    def build(self) -> list[w.Widget]:
        self.radio = make(w.RadioButtons, options=list(self.q.options), value=None,
                          description="Your answer:", style=WIDE, layout={"width": "auto"})
        return [self.radio]

    @property
    def value(self) -> Any:
        return self.radio.value

    @value.setter
    def value(self, answer: Any) -> None:
        self.radio.value = answer if answer in self.q.options else None


class CheckboxesControl(AnswerControl):
    """A labelled checkbox per option (multiple choice)."""

    def labels(self) -> list[tuple[str, str]]:
        """(value, label) per checkbox."""
        return [(o, o) for o in self.q.options]

    def build(self) -> list[w.Widget]:
        self.boxes = {}
        rows = []
        for key, label in self.labels():
            box = make(w.Checkbox, value=False, description=label, indent=False, style=WIDE,
                       layout={"width": "auto"})
            self.boxes[key] = box
            rows.append(box)
        return rows

    @property
    def value(self) -> Any:
        return [k for k, box in self.boxes.items() if box.value]

    @value.setter
    def value(self, answer: Any) -> None:
        chosen = set(answer) if isinstance(answer, (list, tuple, set)) else set()
        for key, box in self.boxes.items():
            box.value = key in chosen


class SpansControl(CheckboxesControl):
    """A checkbox per sentence or phrase, labelled with its id, the text beside it."""

    def build(self) -> list[w.Widget]:
        self.boxes = {}
        rows = []
        for c in self.q.choices:
            box = make(w.Checkbox, value=False, description=c.id, indent=False,
                       tooltip=c.text, layout={"width": "5.5em", "flex": "0 0 auto"})
            box.add_class(f"course-choice-{c.id}")
            self.boxes[c.id] = box
            text = make(w.HTML, value=f"<span>{html.escape(c.text)}</span>",
                        layout={"flex": "1 1 auto"})
            rows.append(make(w.HBox, children=[box, text], layout={"align_items": "flex-start"}))
        return rows


class MatchingControl(AnswerControl):
    """One dropdown per item, labelled "Item n", the item's text beside it."""

    def build(self) -> list[w.Widget]:
        self.menus = []
        rows = []
        options = [(CHOOSE, "")] + [(c, c) for c in self.q.categories]
        width = f"{min(40, 6 + max(len(c) for c in self.q.categories) * 0.6):.0f}em"
        for n, item in enumerate(self.q.items, 1):
            menu = make(w.Dropdown, options=options, value="", description=f"Item {n}:",
                        style=WIDE, tooltip=item, layout={"width": width, "flex": "0 0 auto"})
            self.menus.append(menu)
            text = make(w.HTML, value=f"<span>{html.escape(item)}</span>",
                        layout={"flex": "1 1 auto"})
            rows.append(make(w.HBox, children=[menu, text], layout={"align_items": "center"}))
        return rows

    @property
    def value(self) -> Any:
        return {item: menu.value or None for item, menu in zip(self.q.items, self.menus)}

    @value.setter
    def value(self, answer: Any) -> None:
        if isinstance(answer, (list, tuple)) and len(answer) == len(self.q.items):
            answer = dict(zip(self.q.items, answer))
        answer = answer if isinstance(answer, dict) else {}
        for item, menu in zip(self.q.items, self.menus):
            value = answer.get(item)
            menu.value = value if value in self.q.categories else ""


class OrderingControl(AnswerControl):
    """The items as shown, then one dropdown per position ("Position 1", ...)."""

    def build(self) -> list[w.Widget]:
        listing = "".join(f"<li>{html.escape(i)}</li>" for i in self.q.items)
        self.menus = []
        options = [(CHOOSE, "")] + [(self._label(i), i) for i in self.q.items]
        rows: list[w.Widget] = [make(w.HTML, value=f"<div>Items to put in order:<ul>{listing}"
                                                   "</ul></div>")]
        for n in range(1, len(self.q.items) + 1):
            menu = make(w.Dropdown, options=options, value="", description=f"Position {n}:",
                        style=WIDE, layout={"width": "auto", "max_width": "100%"})
            self.menus.append(menu)
            rows.append(menu)
        return rows

    @staticmethod
    def _label(item: str) -> str:
        """A dropdown label short enough to read."""
        return item if len(item) <= 90 else item[:89] + "…"

    @property
    def value(self) -> Any:
        return [menu.value or None for menu in self.menus]

    @value.setter
    def value(self, answer: Any) -> None:
        answer = list(answer) if isinstance(answer, (list, tuple)) else []
        for n, menu in enumerate(self.menus):
            value = answer[n] if n < len(answer) else None
            menu.value = value if value in self.q.items else ""


class TextControl(AnswerControl):
    """A labelled text area."""

    def build(self) -> list[w.Widget]:
        self.area = make(w.Textarea, value="", description="Your answer:", style=WIDE,
                         placeholder="Write a few sentences in your own words.",
                         layout={"width": "95%", "height": "7em"})
        return [self.area]

    @property
    def value(self) -> Any:
        return self.area.value

    @value.setter
    def value(self, answer: Any) -> None:
        self.area.value = answer if isinstance(answer, str) else ""


class SourceForm:
    """One source in a lateral-reading log: a labelled field per thing to record, and a
    Remove button. Online the student names the source; offline they pick a stored one and
    see what the course's reference says it reported, and the register's card about it."""

    def __init__(self, q: Question, number: int, where: str,
                 on_remove: Callable[["SourceForm"], None]):
        self.q, self.where = q, where
        label = f"Source {number}"
        self.heading = make(w.HTML, value=f"<div><b>{label}</b> ({html.escape(where)})</div>")
        if where == WHERE[0]:
            self.source: w.Widget = make(
                w.Text, value="", description=f"{label}: which outlet or website?",
                placeholder="its name; the headline and web address if you have them",
                style=WIDE, layout={"width": "95%"})
        else:
            self.source = make(w.Dropdown, options=[(CHOOSE, "")] + [(n, n) for n, _ in q.stored],
                               value="", description=f"{label}: which stored source?",
                               style=WIDE, layout={"width": "auto"})
            self.source.observe(lambda _c: self._show_stored(), names="value")
        self.source.add_class("course-source-name")
        self.stored = make(w.HTML, value="")
        self.kind = make(w.Dropdown, options=[(CHOOSE, "")] + [(k, k) for k in KINDS], value="",
                         description=f"{label}: what kind of outlet is it?", style=WIDE,
                         layout={"width": "auto"})
        self.kind.add_class("course-source-kind")
        self.behind = make(w.Text, value="", style=WIDE, layout={"width": "95%"},
                           description=f"{label}: who is behind it, and how do you know?",
                           placeholder="who owns or pays for it; where you found that out")
        self.behind.add_class("course-source-behind")
        self.says = make(w.Textarea, value="", style=WIDE, layout={"width": "95%", "height": "4em"},
                         description=f"{label}: what does it say about the claim?")
        self.says.add_class("course-source-says")
        self.agrees = make(w.Dropdown, options=[(CHOOSE, "")] + [(a, a) for a in AGREES], value="",
                           description=f"{label}: compared with the article, it", style=WIDE,
                           layout={"width": "auto"})
        self.agrees.add_class("course-source-agrees")
        self.remove = make(w.Button, description=f"Remove source {number}", icon="trash",
                           layout={"width": "auto"})
        self.remove.add_class("course-remove-source")
        self.remove.on_click(lambda _b: on_remove(self))
        self.box = make(w.VBox, children=[self.heading, self.source, self.stored, self.kind,
                                          self.behind, self.says, self.agrees, self.remove],
                        layout={"border": "1px dashed #57606a", "padding": "4px",
                                "margin": "4px 0"})
        self.box.add_class("course-source")

    def _show_stored(self) -> None:
        """Offline: what the stored reference says this outlet reported, and who is behind
        it according to the course's register (with where that label comes from)."""
        name = self.source.value
        says = dict(self.q.stored).get(name, "")
        outlet = self.q.outlets.get(name)
        self.stored.value = "" if not name else (
            f"<div style='margin-left:1em'>The course's stored reference (outside the "
            f"article) says {html.escape(name)} reported: {html.escape(says)}."
            + (f"<br>About {html.escape(name)}: {html.escape(outlet.line)}" if outlet else "")
            + "</div>")

    @property
    def empty(self) -> bool:
        """Nothing filled in yet."""
        return not any((self.source.value, self.kind.value, self.behind.value,
                        self.says.value, self.agrees.value))

    @property
    def value(self) -> dict[str, str]:
        return {"source": self.source.value or "", "kind": self.kind.value or "",
                "behind": self.behind.value, "says": self.says.value,
                "agrees": self.agrees.value or "", "where": self.where}

    @value.setter
    def value(self, entry: dict[str, str]) -> None:
        source = entry.get("source", "")
        if isinstance(self.source, w.Dropdown):
            source = source if source in dict(self.q.stored) else ""
        self.source.value = source
        self.kind.value = entry.get("kind", "") if entry.get("kind") in KINDS else ""
        self.behind.value = entry.get("behind", "")
        self.says.value = entry.get("says", "")
        self.agrees.value = entry.get("agrees", "") if entry.get("agrees") in AGREES else ""


class SourcesControl(AnswerControl):
    """A lateral-reading log: the claim, where the student looks (online, or the course's
    stored sources when there is no internet), then one form per source, with Add a
    source; the answer is the list of sources."""

    def build(self) -> list[w.Widget]:
        self.forms: list[SourceForm] = []
        claim = make(w.HTML, value=f"<div><b>The claim to check:</b> "
                                   f"{html.escape(self.q.claim)}</div>")
        options = list(WHERE) if self.q.stored else [WHERE[0]]
        self.mode = make(w.RadioButtons, options=options, value=options[0],
                         description="Where will you look?", style=WIDE,
                         layout={"width": "auto"})
        self.mode.add_class("course-source-mode")
        self.mode.observe(lambda _c: self._mode_changed(), names="value")
        self.list = make(w.VBox, children=[])
        self.add_button = make(w.Button, description="Add a source", icon="plus",
                               layout={"width": "auto"})
        self.add_button.add_class("course-add-source")
        self.add_button.on_click(lambda _b: self.add())
        self.add()
        return [claim, self.mode, self.list, self.add_button]

    def add(self, entry: dict[str, str] | None = None) -> SourceForm:
        """A new source form (in the chosen mode, or the entry's), filled from ``entry``."""
        where = (entry or {}).get("where")
        where = where if where in self.mode.options else self.mode.value
        form = SourceForm(self.q, len(self.forms) + 1, where, self._remove)
        if entry:
            form.value = entry
        self.forms.append(form)
        self.list.children = [f.box for f in self.forms]
        return form

    def _remove(self, form: SourceForm) -> None:
        """Remove one source (the others keep what was written in them)."""
        kept = [f.value for f in self.forms if f is not form]
        self._rebuild(kept)

    def _rebuild(self, entries: list[dict[str, str]]) -> None:
        """Forms for exactly these entries (numbered again), or one empty form."""
        self.forms = []
        for entry in entries:
            self.add(entry)
        if not self.forms:
            self.add()
        self.list.children = [f.box for f in self.forms]

    def _mode_changed(self) -> None:
        """Forms still empty follow the new choice; filled ones keep theirs."""
        self._rebuild([f.value for f in self.forms if not f.empty])

    @property
    def value(self) -> Any:
        return [f.value for f in self.forms if not f.empty]

    @value.setter
    def value(self, answer: Any) -> None:
        entries = log_entries(answer) or []
        if entries and entries[0]["where"] in self.mode.options:
            self.mode.value = entries[0]["where"]
        self._rebuild(entries)


CONTROLS: dict[str, type[AnswerControl]] = {
    "single": SingleControl,
    "multiple": CheckboxesControl,
    "matching": MatchingControl,
    "ordering": OrderingControl,
    "spans": SpansControl,
    "text": TextControl,
    "sources": SourcesControl,
}


class QuestionWidget(w.VBox):
    """A question: prompt, answer control, buttons, attempts, feedback, hints, explanation."""

    def __init__(self, q: Question, checker: Callable[[Question, Any], Result],
                 restore: bool = True, **kwargs: Any):
        self.question = q
        self._checker = checker
        self.control = CONTROLS[q.type](q)
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
        kwargs.setdefault("layout", _shared(w.Layout, {"border": "1px solid #d0d7de",
                                                       "padding": "6px", "margin": "6px 0"}))
        super().__init__([self.prompt, self.control.box, buttons, self.feedback, self.hints,
                          self.explanation, self.rubric, self.teacher], **kwargs)
        self.add_class("course-question")
        self.add_class(q.css_class)
        self.check_button.on_click(lambda _b: self.check())
        self.hint_button.on_click(lambda _b: self.hint())
        self.reset_button.on_click(lambda _b: self.reset())
        self.explain_button.on_click(lambda _b: self.explain())
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
        result = self._checker(self.question, answer)
        if result.status == "unanswered":
            result = Result(False, 0.0, UNANSWERED[self.question.type], "unanswered")
        self.last_result = result
        if result.status not in ("unanswered",):
            entry = progress.record(self.question.progress_id, answer, result.status, result.score,
                                    self.question.article_id)
            self.attempts = int(entry.get("attempts", self.attempts))
        self.attempts_label.value = self._attempts_text()
        self._show(result)
        if self.question.written and result.status != "unanswered":
            self._reveal_model_answer(entry)
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

    def _show(self, result: Result, prefix: str = "") -> None:
        """Show a result; after a correct answer the explanation appears below it."""
        if result.correct:
            result = Result(True, 1.0, "well done; the explanation is below.", "correct")
            self.explain()
        self.feedback.value = feedback_html(result, prefix=prefix)

    def hint(self) -> str:
        """Show the next hint (all hints so far stay visible)."""
        if self.hints_shown < len(self.question.hints):
            self.hints_shown += 1
        total = len(self.question.hints)
        shown = "".join(f"<li>Hint {n} of {total}: {html.escape(h)}</li>"
                        for n, h in enumerate(self.question.hints[: self.hints_shown], 1))
        self.hints.value = f"<ul>{shown}</ul>" if shown else ""
        if self.hints_shown >= total:
            self.hint_button.disabled = True
            self.hint_button.description = "No more hints"
        return self.question.hints[self.hints_shown - 1] if self.hints_shown else ""

    def explain(self) -> None:
        """Show the explanation (after a correct answer, or on request)."""
        q = self.question
        text = q.explanation or q.model_answer
        self.explanation.value = (f"<div><b>Explanation:</b> {html.escape(text)}</div>"
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
