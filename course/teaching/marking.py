"""A teacher marks the class's written answers: a level and a comment for each, saved at once.

Used by ``notebooks/teacher_marking.ipynb``. The class folder holds the students' progress
files (``<student>.json``: the shared progress folder on a JupyterHub, or a folder where
the teacher collected them) and, optionally, submitted notebooks; the marks are kept in
``<class folder>/teacher/marks.json`` and each saved mark is also written to
``<class folder>/feedback/<student>.json`` (course/engine/feedback.py), which the student's
question widget and progress overview show ("Your teacher: Developing: ...").

Every save rewrites the marks file atomically (``files.atomic_write``), so a kernel
that dies loses nothing already saved, and reopening the notebook resumes where the
teacher stopped. The gradebook (``teacher/gradebook.csv``) has one row per student: the
machine's score of every closed question and the teacher's level of every written one,
blank where nothing is marked yet; never a machine guess at a written answer.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import ipywidgets as w
import pandas as pd

from ..engine import feedback, progress
from . import grade
from ..text.article import Article, load_article
from ..engine.checking import check_answer, written_text
from ..text.files import atomic_write
from ..engine.questions import LEVELS, WRITTEN, Question, load_questions
from ..engine.widgets import WIDE, make

CLASS_DIR_ENV = "COURSE_CLASS_DIR"
TEACHER_FOLDER = "teacher"
VERSION = 1


def class_folder(folder: str | Path | None = None) -> Path:
    """The class folder: as given, else ``$COURSE_CLASS_DIR``, else the progress folder."""
    if folder is not None:
        return Path(folder)
    return Path(os.environ.get(CLASS_DIR_ENV) or progress.progress_dir())


@dataclass(frozen=True)
class Mark:
    """The teacher's mark on one student's written answer."""

    level: str = ""
    comment: str = ""
    answer: str = ""
    marked: str = ""


@dataclass(frozen=True)
class SaveResult:
    """What saving a mark did: whether it was saved, and a sentence for the teacher."""

    saved: bool
    message: str


class ClassMarks:
    """The marks of one class folder, read from and saved to ``teacher/marks.json``."""

    def __init__(self, folder: str | Path, article: Article | str | Path | None = None):
        self.folder = Path(folder)
        self.article = article
        self.path = self.folder / TEACHER_FOLDER / "marks.json"
        self.problem = ""
        self.marks: dict[str, dict[str, Mark]] = self._read()

    def _read(self) -> dict[str, dict[str, Mark]]:
        """The saved marks; an unreadable file is kept aside and reported, never lost."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            raw = data["marks"]
            return {qid: {student: Mark(**{k: str(v.get(k, "")) for k in
                                           ("level", "comment", "answer", "marked")})
                          for student, v in by_student.items()}
                    for qid, by_student in raw.items()}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
            kept = self.path.with_name(f"marks.unreadable-"
                                       f"{dt.datetime.now():%Y%m%dT%H%M%S}.json")
            try:
                os.replace(self.path, kept)
                where = f"it was kept as {TEACHER_FOLDER}/{kept.name}"
            except OSError:
                where = "it was left as it is"
            self.problem = (f"The marks file {TEACHER_FOLDER}/marks.json could not be read "
                            f"({type(err).__name__}); {where}. Marking starts afresh.")
            return {}

    def get(self, qid: str, student: str) -> Mark | None:
        """The mark of one answer, if any."""
        return self.marks.get(qid, {}).get(student)

    def levels(self) -> dict[str, dict[str, str]]:
        """Question id -> student -> level (for the gradebook)."""
        return {qid: {s: m.level for s, m in by.items() if m.level}
                for qid, by in self.marks.items()}

    def save(self, q: Question, student: str, answer: str, level: str | None,
             comment: str) -> SaveResult:
        """Save one mark at once (marks file and the student's feedback file)."""
        level = level if level in LEVELS else ""
        mark = Mark(level, comment.strip(), answer,
                    dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
        if level or mark.comment:
            self.marks.setdefault(q.id, {})[student] = mark
        else:  # "Not marked yet" and no comment: the mark is taken back
            self.marks.get(q.id, {}).pop(student, None)
        data = {"version": VERSION,
                "marks": {qid: {s: asdict(m) for s, m in sorted(by.items())}
                          for qid, by in sorted(self.marks.items())}}
        try:
            atomic_write(self.path, json.dumps(data, ensure_ascii=False,
                                                        indent=1).encode("utf-8"))
            self._write_feedback(student)
        except OSError as err:
            return SaveResult(False, f"✗ Not saved: {err.strerror or err}. Check that you may "
                                     f"write to the class folder, then save again.")
        if not (level or mark.comment):
            return SaveResult(True, "✓ Saved: not marked")
        what = level.capitalize() if level else "no level yet"
        return SaveResult(True, f"✓ Saved: {what}" + (" with a comment" if mark.comment else ""))

    def _write_feedback(self, student: str) -> None:
        """The student's feedback file: every mark they have, keyed by progress id."""
        notes = {}
        questions = load_questions(self.article)
        for qid, by in self.marks.items():
            mark = by.get(student)
            if mark is not None:
                pid = questions[qid].progress_id if qid in questions else qid
                notes[pid] = feedback.TeacherNote(mark.level, mark.comment, mark.answer,
                                                  mark.marked)
        feedback.write_notes(feedback.feedback_path(self.folder, student), student, notes)


class ClassAnswers:
    """The class's written answers, read from the class folder."""

    def __init__(self, folder: str | Path, article: Article | str | Path | None = None):
        self.folder = Path(folder)
        self.article = load_article(article)
        questions = load_questions(self.article)
        self.questions = [q for q in questions.values() if q.written]
        self.problems: list[str] = []
        self.answers: dict[str, dict[str, dict]] = {}  # student -> progress id -> entry
        self._written: dict[tuple[str, str], dict | None] = {}
        for found in grade.collect([self.folder]) if self.folder.is_dir() else []:
            self.problems += found.problems
            entries = self.answers.setdefault(found.student, {})
            for key, entry in found.entries.items():
                entries.setdefault(key, entry)

    @property
    def students(self) -> list[str]:
        """Every student with a readable file, sorted."""
        return sorted(self.answers)

    def answer(self, q: Question, student: str) -> dict | None:
        """A student's saved entry for a written question, if it is a written answer
        (checked once per board: every save recounts every answer)."""
        key = (q.id, student)
        if key not in self._written:
            entry = grade._entry(self.answers.get(student, {}), q)
            written = entry is not None and \
                check_answer(q, entry.get("answer")).status == "written"
            self._written[key] = entry if written else None
        return self._written[key]


def gradebook(folder: str | Path | None = None,
              article: Article | str | Path | None = None) -> pd.DataFrame:
    """One row per student: the score of every closed question and the teacher's level of
    every written one (blank until marked), in exercise order, then the closed total."""
    folder = class_folder(folder)
    reports = grade.grade([folder], article, ClassMarks(folder, article).levels())
    rows = []
    for r in reports:
        row: dict[str, Any] = {"student": r.student}
        for g in r.grades:
            row[g.question] = g.level if g.type in WRITTEN else g.score
        row["closed questions: score"] = round(r.total, 3)
        row["closed questions: out of"] = r.closed
        rows.append(row)
    columns = ["student"] + list(dict.fromkeys(g.question for r in reports for g in r.grades)) \
        + ["closed questions: score", "closed questions: out of"]
    return pd.DataFrame(rows, columns=columns)


def export_gradebook(folder: str | Path | None = None,
                     article: Article | str | Path | None = None) -> Path:
    """Write ``teacher/gradebook.csv`` in the class folder (atomically); returns its path."""
    folder = class_folder(folder)
    path = folder / TEACHER_FOLDER / "gradebook.csv"
    text = gradebook(folder, article).to_csv(index=False)
    atomic_write(path, text)
    return path


# ------------------------------------------------------------------ the widget

NOT_MARKED = "Not marked yet"


class MarkingBoard(w.VBox):
    """One written question at a time: each student's answer, the model answer, the levels,
    the student's own placement; a level and a comment per answer, saved at once."""

    def __init__(self, folder: str | Path | None = None,
                 article: Article | str | Path | None = None, **kwargs: Any):
        self.folder = class_folder(folder)
        self.answers = ClassAnswers(self.folder, article)
        self.marks = ClassMarks(self.folder, self.answers.article)
        self.rows: dict[str, tuple[w.RadioButtons, w.Textarea, w.HTML]] = {}
        options = [(self._question_label(q), q.id) for q in self.answers.questions]
        self.choose = make(w.Dropdown, options=options, description="Written question:",
                           style=WIDE, layout={"width": "auto", "max_width": "100%"})
        self.choose.add_class("course-mark-question")
        self.previous = make(w.Button, description="Previous question", icon="arrow-left",
                             layout={"width": "auto"})
        self.next = make(w.Button, description="Next question", icon="arrow-right",
                         layout={"width": "auto"})
        self.export = make(w.Button, description="Export gradebook (CSV)", icon="download",
                           layout={"width": "auto"})
        self.export.add_class("course-export")
        self.status = make(w.HTML, value="")
        self.status.add_class("course-mark-status")
        self.page = make(w.VBox, children=[])
        self.previous.on_click(lambda _b: self._step(-1))
        self.next.on_click(lambda _b: self._step(1))
        self.export.on_click(lambda _b: self.export_csv())
        super().__init__([self.choose, make(w.HBox, children=[self.previous, self.next,
                                                                self.export]),
                          self.status, self.page], **kwargs)
        self.add_class("course-marking")
        if options:
            self.choose.value = self._first_unmarked()
        self.choose.observe(lambda _c: self.show(), names="value")
        self.show()

    def __repr__(self) -> str:
        return (f"Marking board: {len(self.answers.questions)} written questions, "
                f"{len(self.answers.students)} students in the class folder.")

    def _counts(self, q: Question) -> tuple[int, int]:
        """(answers marked, answers written) for one question."""
        students = [s for s in self.answers.students if self.answers.answer(q, s)]
        marked = [s for s in students if (m := self.marks.get(q.id, s)) and m.level]
        return len(marked), len(students)

    @staticmethod
    def _question_label(q: Question) -> str:
        """The question's id and prompt (how many are marked is in the status line, which
        every save updates)."""
        prompt = q.prompt if len(q.prompt) <= 80 else q.prompt[:79] + "…"
        return f"{q.id}: {prompt}"

    def _first_unmarked(self) -> str:
        """Resume: the first question with an answer still to mark (else the first)."""
        for q in self.answers.questions:
            marked, total = self._counts(q)
            if marked < total:
                return q.id
        return self.answers.questions[0].id

    def _step(self, by: int) -> None:
        ids = [q.id for q in self.answers.questions]
        if ids:
            self.choose.value = ids[(ids.index(self.choose.value) + by) % len(ids)]

    @property
    def question(self) -> Question | None:
        return next((q for q in self.answers.questions if q.id == self.choose.value), None)

    def show(self) -> None:
        """Show the chosen question and every student's answer to it."""
        q = self.question
        self.rows = {}
        if q is None:
            self.page.children = [make(w.HTML, value="<p>This article has no written "
                                                      "questions.</p>")]
            return
        levels = "".join(f"<tr><th scope='row' style='text-align:left;vertical-align:top'>"
                         f"{lv.capitalize()}</th><td style='text-align:left'>"
                         f"{html.escape(q.levels.get(lv, '(not described)'))}</td></tr>"
                         for lv in LEVELS)
        head = make(w.HTML, value=(
            f"<div><b>Question {html.escape(q.id)}:</b> {html.escape(q.prompt)}</div>"
            f"<div><b>Model answer:</b> {html.escape(q.model_answer)}</div>"
            f"<table><caption style='text-align:left'><b>Levels</b></caption>{levels}</table>"))
        children: list[w.Widget] = [head]
        notes = [html.escape(p) for p in self.answers.problems + [self.marks.problem] if p]
        if notes:
            children.append(make(w.HTML, value="<div role='alert'>⚠ " + "<br>⚠ ".join(notes)
                                 + "</div>"))
        written = [s for s in self.answers.students if self.answers.answer(q, s)]
        if not written:
            children.append(make(w.HTML, value="<p>No student has checked an answer to this "
                                               "question yet.</p>"))
        for student in written:
            children.append(self._row(q, student))
        self.page.children = children
        marked, total = self._counts(q)
        self.status.value = f"<div role='status'>{marked} of {total} answers marked.</div>"

    def _row(self, q: Question, student: str) -> w.Widget:
        """One student's answer with a level, a comment and a save button."""
        entry = self.answers.answer(q, student) or {}
        answer = written_text(q, entry.get("answer", ""))
        mark = self.marks.get(q.id, student)
        own = entry.get("self_level")
        changed = mark is not None and mark.answer.strip() != answer.strip()
        text = make(w.HTML, value=(
            f"<div><b>{html.escape(student)}</b></div><blockquote style='white-space:pre-wrap;"
            f"margin:0.2em 1em'>{html.escape(answer)}</blockquote>"
            f"<div>The student placed it at: {html.escape(own.capitalize()) if own else 'no level'}"
            f"</div>" + ("<div>⚠ The student changed the answer after your mark.</div>"
                         if changed else "")))
        level = make(w.RadioButtons, options=[NOT_MARKED] + [lv.capitalize() for lv in LEVELS],
                     value=(mark.level.capitalize() if mark and mark.level else NOT_MARKED),
                     description=f"Level for {student}:", style=WIDE, layout={"width": "auto"})
        level.add_class("course-mark-level")
        comment = make(w.Textarea, value=mark.comment if mark else "",
                       description=f"Comment for {student}:", continuous_update=False,
                       style=WIDE, layout={"width": "95%", "height": "4em"})
        comment.add_class("course-mark-comment")
        save = make(w.Button, description=f"Save mark for {student}", icon="save",
                    layout={"width": "auto"})
        save.add_class("course-mark-save")
        saved = make(w.HTML, value=("✓ Saved" if mark else "· not marked yet"))
        saved.add_class("course-mark-saved")
        self.rows[student] = (level, comment, saved)
        level.observe(lambda _c: self.save(student), names="value")
        comment.observe(lambda _c: self.save(student), names="value")
        save.on_click(lambda _b: self.save(student))
        box = make(w.VBox, children=[text, level, comment, make(w.HBox, children=[save, saved])],
                   layout={"border": "1px solid #d0d7de", "padding": "6px", "margin": "6px 0"})
        box.add_class(f"course-mark-row-{student}")
        return box

    def save(self, student: str) -> SaveResult:
        """Save the level and comment now shown for ``student``."""
        q = self.question
        level, comment, saved = self.rows[student]
        answer = written_text(q, (self.answers.answer(q, student) or {}).get("answer", ""))
        chosen = level.value.lower() if level.value != NOT_MARKED else None
        result = self.marks.save(q, student, answer, chosen, comment.value)
        saved.value = html.escape(result.message)
        marked, total = self._counts(q)
        self.status.value = f"<div role='status'>{marked} of {total} answers marked.</div>"
        return result

    def export_csv(self) -> Path:
        """Write the gradebook and say where (relative to the class folder)."""
        path = export_gradebook(self.folder, self.answers.article)
        self.status.value = (f"<div role='status'>✓ Gradebook written: "
                             f"{TEACHER_FOLDER}/{path.name} in the class folder.</div>")
        return path


def marking_board(folder: str | Path | None = None,
                  article: Article | str | Path | None = None) -> MarkingBoard:
    """The marking widget for a class folder (default: ``$COURSE_CLASS_DIR`` or the
    progress folder)."""
    return MarkingBoard(folder, article)
