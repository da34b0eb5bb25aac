"""Grade what students checked: from their saved progress files, or from submitted notebooks.

A student answers in the question widgets; every Check saves the answer to the student's
progress file (course/engine/progress.py), and the question's cell shows the checked answer in
plain text with a machine-readable copy (``widgets.AnswerRecord``). Grading reads those:

- **progress files** ``<student>.json`` (a folder of them, as a teacher on a JupyterHub
  or with a shared folder collects them): every checked answer, by question;
- **submitted notebooks** (``<student>/NN_title.ipynb`` or ``<student>.ipynb``): the
  answer records in the outputs of the question cells, as saved by JupyterLab.

Nothing a student wrote is executed. Every answer is checked against the key again (a
stored status or score is never trusted). Written answers are never scored by the
machine: their grade is the teacher's level from the marking notebook (course/teaching/marking.py),
blank until the teacher has marked them. When a student has both, the progress file wins
for each question it holds (it is saved on every Check; a notebook shows what was on
screen when it was last saved). A file that cannot be read is reported for that student,
and grading goes on.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pandas as pd

from ..engine import progress
from ..text.article import Article, load_article
from ..engine.checking import check_answer
from ..engine.questions import WRITTEN, Question, load_questions
from .release import EXERCISES, NBFORMAT
from ..engine.widgets import RECORD_MIME

CSV_COLUMNS = ["student", "exercise", "question", "type", "score", "status", "level",
               "attempts", "note"]
#: Names in a class folder that are not students' progress files.
NOT_PROGRESS = (".unreadable-",)


@dataclass
class QuestionGrade:
    """One question for one student: the machine's score (closed questions) or the
    teacher's level (written answers), with a note on anything unusual."""

    question: str
    exercise: str = ""
    type: str = ""
    score: float | None = 0.0
    status: str = "not answered"
    level: str = ""
    attempts: int | None = None
    note: str = ""


@dataclass
class StudentReport:
    """What could be graded for one student, and what could not be read and why."""

    student: str
    sources: list[str] = field(default_factory=list)
    grades: list[QuestionGrade] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def total(self) -> float:
        """The sum of the machine's scores (closed questions only)."""
        return sum(g.score or 0.0 for g in self.grades if g.type not in WRITTEN)

    @property
    def closed(self) -> int:
        """How many closed (machine-checked) questions were graded."""
        return sum(g.type not in WRITTEN for g in self.grades)


@dataclass
class Answers:
    """One student's checked answers, by progress id, read from one file."""

    student: str
    source: str
    entries: dict[str, dict] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    exercise: str = ""  # for a notebook: the exercise it is


# ------------------------------------------------------------------ which questions

def exercise_questions() -> dict[str, list[str]]:
    """Exercise name -> its question ids, from the released student versions."""
    found = {}
    for path in sorted(EXERCISES.glob("[0-9][0-9]_*.ipynb")):
        meta = nbformat.read(path, as_version=NBFORMAT).metadata.get("course", {})
        found[meta.get("exercise", path.stem)] = list(meta.get("questions", []))
    return found


# ------------------------------------------------------------------ reading

def student_of(path: Path) -> str:
    """The student: the folder name for ``<student>/NN_title.ipynb``, else the file's stem."""
    released = {p.stem for p in EXERCISES.glob("[0-9][0-9]_*.ipynb")}
    if path.suffix == ".ipynb" and path.stem in released and path.parent.name:
        return path.parent.name
    return path.stem


def read_progress_file(path: Path) -> Answers:
    """A student's answers from a progress file; an unreadable file is a problem, not an error."""
    answers = Answers(student_of(path), path.name)
    try:
        data, problems = progress.read_record(path)
    except progress.UnreadableFile as err:
        answers.problems.append(f"{path.name} could not be read ({err}); ask the student "
                                "for it again, or grade their submitted notebook")
        return answers
    except OSError as err:
        answers.problems.append(f"{path.name} could not be opened ({err.strerror})")
        return answers
    answers.problems += [f"{path.name}: {p} (that answer is left out)" for p in problems]
    answers.entries = {qid: e for qid, e in data["questions"].items() if "answer" in e}
    return answers


def read_notebook(path: Path) -> Answers:
    """A student's answers from the answer records in a submitted notebook's outputs."""
    answers = Answers(student_of(path), path.name)
    try:
        nb = nbformat.read(path, as_version=NBFORMAT)
    except Exception as err:  # not JSON, not a notebook, unreadable: report, go on
        answers.problems.append(f"{path.name} could not be read as a notebook "
                                f"({type(err).__name__}); nothing in it was graded")
        return answers
    answers.exercise = (nb.metadata.get("course") or {}).get("exercise", "")
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            record = out.get("data", {}).get(RECORD_MIME)
            if not isinstance(record, dict) or not isinstance(record.get("question"), str):
                continue
            if record.get("status") == "unanswered" or record.get("answer") is None:
                continue
            article = record.get("article") or ""
            qid = record["question"]
            answers.entries[qid if not article else f"{article}/{qid}"] = \
                {"answer": record["answer"], "article": article}
    return answers


def collect(paths: list[Path]) -> list[Answers]:
    """Read every progress file and notebook under ``paths`` (files or folders)."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.is_file() and
                           p.suffix in (".json", ".ipynb") and not p.name.startswith(".")
                           and not any(n in p.name for n in NOT_PROGRESS))
            files += sorted(path.glob("*/[0-9][0-9]_*.ipynb"))
        else:
            files = [path]
        for f in files:
            found.append(read_notebook(f) if f.suffix == ".ipynb" else read_progress_file(f))
    return found


# ------------------------------------------------------------------ grading

def _entry(entries: dict[str, dict], q: Question) -> dict | None:
    """The saved entry of ``q``: by its progress id (a notebook's record is keyed
    ``<article>/<id>``, a progress file by the progress id)."""
    return entries.get(q.progress_id) or entries.get(f"{q.article_id}/{q.id}")


def grade_question(q: Question, entry: dict | None, exercise: str,
                   level: str = "") -> QuestionGrade:
    """Grade one question from its saved entry (None: not answered)."""
    attempts = entry.get("attempts") if entry else None
    graded = QuestionGrade(q.id, exercise, q.type, attempts=attempts)
    if entry is None:
        if q.written:
            graded.score = None
        return graded
    result = check_answer(q, entry.get("answer"))
    if q.written:
        graded.score = None
        written = result.status == "written"
        graded.status = ("marked by the teacher" if level else "written, not marked yet") \
            if written else "not answered"
        graded.level = level if written else ""
        return graded
    graded.score, graded.status = round(result.score, 3), result.status
    if result.status in ("unanswered", "invalid"):
        graded.status, graded.score = "not answered", 0.0
    return graded


#: The "exercise" column of written questions asked in the lessons, not in an exercise.
LESSONS = "lessons"


def grade(paths: list[Path], article: Article | str | Path | None = None,
          levels: dict[str, dict[str, str]] | None = None) -> list[StudentReport]:
    """One report per student: every exercise question graded from what they checked, then
    the lessons' written questions (marked by the teacher, never scored).

    ``levels`` (question id -> student -> level) are the teacher's marks of written
    answers (``marking.ClassMarks.levels()``)."""
    art = load_article(article)
    questions = load_questions(art)
    by_exercise = exercise_questions()
    reports: dict[str, StudentReport] = {}
    merged: dict[str, dict[str, dict]] = {}
    # progress files first: they win over notebooks for every question they hold
    for answers in sorted(collect(paths), key=lambda a: a.source.endswith(".ipynb")):
        report = reports.setdefault(answers.student, StudentReport(answers.student))
        report.sources.append(answers.source)
        report.problems += answers.problems
        entries = merged.setdefault(answers.student, {})
        for key, entry in answers.entries.items():
            entries.setdefault(key, entry)
    levels = levels or {}
    in_exercises = {qid for qids in by_exercise.values() for qid in qids}
    lesson_written = [q for q in questions.values() if q.written and q.id not in in_exercises]
    left_out = [qid for qids in by_exercise.values() for qid in qids if qid not in questions]
    for student, report in reports.items():
        if left_out:  # a teacher's own article: questions written for the course article
            report.problems.append(f"{len(left_out)} question(s) written for the course "
                                   "article are not part of this article and are left out: "
                                   + ", ".join(left_out))
        for exercise, qids in by_exercise.items():
            for qid in qids:
                q = questions.get(qid)
                if q is None:  # written for another article
                    continue
                level = levels.get(qid, {}).get(student, "")
                report.grades.append(grade_question(q, _entry(merged[student], q), exercise,
                                                    level))
        # the lessons' written work (a reflection, the lateral-reading log) is marked by
        # the teacher too: its level goes in the gradebook, never in the closed score
        for q in lesson_written:
            level = levels.get(q.id, {}).get(student, "")
            report.grades.append(grade_question(q, _entry(merged[student], q), LESSONS, level))
    return sorted(reports.values(), key=lambda r: r.student)


# ------------------------------------------------------------------ reporting

def to_frame(reports: list[StudentReport]) -> pd.DataFrame:
    """All grades as one table: a row per student and question."""
    rows = [{"student": r.student, "exercise": g.exercise, "question": g.question,
             "type": g.type, "score": g.score, "status": g.status, "level": g.level,
             "attempts": g.attempts, "note": g.note}
            for r in reports for g in r.grades]
    return pd.DataFrame(rows, columns=CSV_COLUMNS)


def print_report(reports: list[StudentReport]) -> None:
    """A line per student and exercise, the written answers waiting, and any problems."""
    if not reports:
        print("No progress files or notebooks found.")
    for r in reports:
        print(f"== {r.student} (from {', '.join(r.sources)})")
        for exercise in dict.fromkeys(g.exercise for g in r.grades):
            grades = [g for g in r.grades if g.exercise == exercise]
            closed = [g for g in grades if g.type not in WRITTEN]
            written = [g for g in grades if g.type in WRITTEN]
            text = (f"   {exercise}: {sum(g.score or 0 for g in closed):g} / {len(closed)} "
                    f"on closed questions")
            waiting = sum(g.status == "written, not marked yet" for g in written)
            marked = [f"{g.question} {g.level}" for g in written if g.level]
            if written:
                text += (f"; written answers: {len(marked)} marked"
                         + (f" ({', '.join(marked)})" if marked else "")
                         + (f", {waiting} waiting for the teacher" if waiting else ""))
            print(text)
        for problem in r.problems:
            print(f"   problem: {problem}")
        print()


def write_csv(reports: list[StudentReport], path: Path) -> None:
    """The table as CSV (UTF-8), a row per student and question."""
    frame = to_frame(reports)
    frame.to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL)

