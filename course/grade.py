"""Grade submitted exercise notebooks: run COPIES with nbclient and report per question.

A submitted notebook is never opened for writing: it is copied into a temporary folder
and the copy is executed, each cell with a time limit, errors allowed, so that one broken
cell does not stop the rest. Every ``course.mark`` call appends its result to a log (the
``COURSE_GRADE_LOG`` variable); questions missing from the log are explained from the
executed cells (deleted or reordered cells, a cell that raised or timed out).
"""
from __future__ import annotations

import csv
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import nbformat
import pandas as pd
from nbformat import NotebookNode

from .engine import GRADE_LOG_ENV
from .release import EXERCISES, MARK_CALL, NBFORMAT

CSV_COLUMNS = ["student", "notebook", "exercise", "question", "score", "status", "attempts",
               "note"]


@dataclass
class QuestionGrade:
    """The grade of one question in one notebook, with a note on why when it is not graded."""

    question: str
    score: float = 0.0
    status: str = "not graded"
    attempts: int | None = None
    note: str = ""


@dataclass
class NotebookReport:
    """What could be graded in one notebook, and what could not and why."""

    notebook: str
    student: str
    exercise: str = ""
    grades: list[QuestionGrade] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def total(self) -> float:
        """The sum of the question scores."""
        return sum(g.score for g in self.grades)


# ------------------------------------------------------------------ the steps

def student_of(path: Path) -> str:
    """The student: the folder name for ``<student>/NN_title.ipynb``, else the file's stem."""
    released = {p.stem for p in EXERCISES.glob("[0-9][0-9]_*.ipynb")}
    if path.stem in released and path.parent.name:
        return path.parent.name
    return path.stem


def expected_questions(nb: NotebookNode | None, path: Path) -> tuple[str, list[str]]:
    """The exercise name and its question ids: from the notebook, else from the release."""
    meta = (nb.metadata.get("course") if nb is not None else None) or {}
    if meta.get("questions"):
        return meta.get("exercise", ""), list(meta["questions"])
    for released in sorted(EXERCISES.glob("[0-9][0-9]_*.ipynb")):
        if path.stem.startswith(released.stem) or path.stem.endswith(released.stem):
            rmeta = nbformat.read(released, as_version=NBFORMAT).metadata.get("course", {})
            return rmeta.get("exercise", released.stem), list(rmeta.get("questions", []))
    if nb is None:
        return "", []
    found = [MARK_CALL.search(c.source) for c in nb.cells if c.cell_type == "code"]
    return "", list(dict.fromkeys(m.group(1) for m in found if m))


def find_cells(nb: NotebookNode, role: str) -> dict[str, int]:
    """Question id -> index of its answer or check cell (by metadata, else by source)."""
    found: dict[str, int] = {}
    for n, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        meta = cell.metadata.get("course", {})
        if meta.get("role") == role and meta.get("question"):
            found.setdefault(meta["question"], n)
        elif role == "check":
            m = MARK_CALL.search(cell.source)
            if m:
                found.setdefault(m.group(1), n)
    return found


def first_error(cell: NotebookNode) -> str:
    """The error a cell raised, as 'Name: message' (first line), or ''."""
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            value = str(out.get("evalue", "")).splitlines()
            first = re.sub(r"\(\d+\.py, (line \d+)\)", r"(\1)", value[0] if value else "")
            return f"{out.get('ename', 'Error')}: {first}".strip().rstrip(":")
    return ""


#: Seconds allowed for the course's own cells (imports, widgets) on a slow machine.
COURSE_CELL_TIMEOUT = 120


def cell_timeout(timeout: int) -> Callable[[NotebookNode], int]:
    """Time limit per cell: ``timeout`` for cells students write, more for the course's own."""
    def limit(cell: NotebookNode) -> int:
        role = cell.metadata.get("course", {}).get("role")
        return timeout if role in ("answer", None) and "course." not in cell.source \
            else max(timeout, COURSE_CELL_TIMEOUT)
    return limit


def execute_copy(nb: NotebookNode, folder: Path, timeout: int, log: Path) -> list[str]:
    """Run ``nb`` in ``folder`` (errors allowed, a time limit per cell); return problems."""
    from nbclient import NotebookClient
    env = dict(os.environ)
    env.update({GRADE_LOG_ENV: str(log), "COURSE_PROGRESS_DIR": str(folder / "progress"),
                "COURSE_STUDENT": "grader"})
    client = NotebookClient(nb, timeout=timeout, timeout_func=cell_timeout(timeout),
                            kernel_name="python3", allow_errors=True,
                            interrupt_on_timeout=True, record_timing=False,
                            store_widget_state=False, resources={"metadata": {"path": str(folder)}})
    try:
        client.execute(env=env)
    except Exception as err:  # a dead kernel or a timeout nbclient could not interrupt
        return [f"execution stopped early ({type(err).__name__}: {str(err).splitlines()[0][:120]})"
                if str(err) else f"execution stopped early ({type(err).__name__})"]
    return []


def read_log(log: Path) -> dict[str, dict]:
    """The last logged result of each question."""
    results: dict[str, dict] = {}
    if log.exists():
        for line in log.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
                results[entry["id"]] = entry
            except (ValueError, KeyError, TypeError):
                continue
    return results


def explain_missing(nb: NotebookNode, qid: str, checks: dict[str, int],
                    answers: dict[str, int]) -> str:
    """Why question ``qid`` has no result: deleted, reordered, an error, or never run."""
    if qid not in checks:
        return "its check cell (course.mark) is missing: deleted or changed"
    cell = nb.cells[checks[qid]]
    answer_at = answers.get(qid)
    notes = []
    if answer_at is not None and answer_at > checks[qid]:
        notes.append("cells out of order: the answer cell comes after its check cell")
    error = first_error(cell)
    if error:
        notes.append(f"the check cell raised {error}")
    elif cell.get("execution_count") is None:
        notes.append("the check cell did not run (execution stopped before it)")
    if answer_at is not None and first_error(nb.cells[answer_at]):
        notes.append(f"its answer cell raised {first_error(nb.cells[answer_at])}")
    elif answer_at is None and any(c.metadata.get("course") for c in nb.cells):
        notes.append("its answer cell is missing")
    return "; ".join(notes) or "the check cell ran but recorded no result"


def saved_attempts(progress_dir: Path | None, student: str) -> dict[str, int]:
    """Attempts per question from a student's progress file, if the teacher has it."""
    if progress_dir is None:
        return {}
    try:
        data = json.loads((Path(progress_dir) / f"{student}.json").read_text(encoding="utf-8"))
        return {q: int(e["attempts"]) for q, e in data["questions"].items() if "attempts" in e}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def grade_notebook(path: Path, timeout: int = 30,
                   progress_dir: Path | None = None) -> NotebookReport:
    """Grade one submitted notebook by running a copy; always returns a report."""
    path = Path(path)
    report = NotebookReport(notebook=path.name, student=student_of(path))
    with tempfile.TemporaryDirectory(prefix="course-grade-") as tmp:
        folder = Path(tmp)
        copy = folder / path.name
        try:
            shutil.copyfile(path, copy)
            nb = nbformat.read(copy, as_version=NBFORMAT)
        except Exception as err:
            report.exercise, qids = expected_questions(None, path)
            reason = f"the notebook could not be read ({type(err).__name__}: {str(err)[:100]})"
            report.problems.append(reason + "; nothing could be graded")
            report.grades = [QuestionGrade(q, note=reason) for q in qids]
            return report
        report.exercise, qids = expected_questions(nb, path)
        checks, answers = find_cells(nb, "check"), find_cells(nb, "answer")
        order = [q for q in sorted(checks, key=checks.get) if q in qids]
        if order != [q for q in qids if q in checks]:
            report.problems.append("check cells are not in their original order")
        log = folder / "grade-log.jsonl"
        report.problems.extend(execute_copy(nb, folder, timeout, log))
        timed_out = [f"{n} ({c.get('id', '?')})" for n, c in enumerate(nb.cells, 1)
                     if "KeyboardInterrupt" in first_error(c)]
        if timed_out:
            report.problems.append(f"cell(s) {', '.join(timed_out)} ran longer than "
                                   f"{timeout} s and were stopped")
        results = read_log(log)
        attempts = saved_attempts(progress_dir, report.student)
        for qid in qids:
            entry = results.get(qid)
            if entry is None:
                report.grades.append(QuestionGrade(qid, attempts=attempts.get(qid),
                                                   note=explain_missing(nb, qid, checks, answers)))
            else:
                note = "not answered" if entry["status"] == "unanswered" else ""
                report.grades.append(QuestionGrade(qid, float(entry["score"]), entry["status"],
                                                   attempts.get(qid), note))
    return report


def grade_notebooks(paths: list[Path], timeout: int = 30,
                    progress_dir: Path | None = None) -> list[NotebookReport]:
    """Grade several notebooks, one report each."""
    return [grade_notebook(p, timeout, progress_dir) for p in paths]


def to_frame(reports: list[NotebookReport]) -> pd.DataFrame:
    """All grades as one table: a row per student and question."""
    rows = [{"student": r.student, "notebook": r.notebook, "exercise": r.exercise,
             "question": g.question, "score": round(g.score, 3), "status": g.status,
             "attempts": g.attempts, "note": g.note}
            for r in reports for g in r.grades]
    return pd.DataFrame(rows, columns=CSV_COLUMNS)


def print_report(reports: list[NotebookReport]) -> None:
    """A table per notebook, its total, and what could not be graded and why."""
    for r in reports:
        print(f"== {r.student} ({r.notebook}, exercise {r.exercise or 'unknown'})")
        frame = to_frame([r])[["question", "score", "status", "attempts", "note"]]
        frame["attempts"] = [("-" if a is None or a != a else str(int(a)))
                             for a in frame["attempts"]]
        frame["score"] = [f"{x:.2f}" for x in frame["score"]]
        width = max([len(n) for n in frame["note"]] + [4])
        print(frame.to_string(index=False, justify="left",
                              formatters={"note": lambda n: f"{n:<{width}}"})
              if len(frame) else "  (no questions found)")
        print(f"   total: {r.total:g} / {len(r.grades)}")
        for problem in r.problems:
            print(f"   problem: {problem}")
        print()


def write_csv(reports: list[NotebookReport], path: Path) -> None:
    """The grades as CSV (one row per student and question)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    to_frame(reports).to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL)
