"""Grade submitted exercise notebooks: run COPIES with nbclient and report per question.

A submitted notebook is never opened for writing: it is copied into a temporary folder
and the copy is executed, each cell with a time limit, errors allowed, so that one broken
cell does not stop the rest. Every ``course.mark`` call appends its result to a log (the
``COURSE_GRADE_LOG`` variable); questions missing from the log are explained from the
executed cells (deleted or reordered cells, a cell that raised, timed out, ran out of
memory or tried to change files outside the grading folder).

Isolation: what it does. The kernel (course/grade_kernel.py) runs with its working
folder, ``HOME`` and ``TMPDIR`` in the temporary folder; its memory is limited
(``--memory-mb``, 1024 by default: ``RLIMIT_DATA``, so a runaway allocation raises
``MemoryError`` in that cell; no file it writes may be larger either) and so is its CPU
time; each cell has ``--timeout`` seconds (a cell that ignores the interrupt gets its
kernel killed after a few more) and the whole notebook the sum of its cells' limits.
An audit hook, installed before the kernel starts and impossible to remove from Python,
refuses to write, create, delete, rename or chmod anything outside the temporary folder
and refuses to start programs or processes (``subprocess``, ``os.system``, ``fork``) or
load C libraries with ``ctypes``. The refusal is reported for that student.

What it does not do: it is not a security sandbox. Not prevented: code that gets past
Python's own file functions (C extensions already loaded, ``ctypes.pythonapi`` if ctypes
was imported before the hook, ``os.open(..., dir_fd=...)`` relative to a folder opened
outside); reading files (whatever the teacher's account can read, a notebook can read
and print); network access; cheating on the grade itself (writing fake lines to its own
grading log, replacing ``course.mark`` in memory); using the machine up to the limits.
Grade untrusted work in a container or a throw-away account.
"""
from __future__ import annotations

import csv
import json
import os
import re
import shutil
import sys
import tempfile
import threading
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


#: Default memory limit of a grading kernel, in MB (enough for the course's own imports).
MEMORY_MB = 1024
#: Seconds allowed to start the kernel and shut it down, on top of the cells' limits.
KERNEL_OVERHEAD = 60
KERNEL_NAME = "course-grader"


def kernel_environment(folder: Path, log: Path) -> dict[str, str]:
    """The grading kernel's environment: home, temp, caches and progress in ``folder``."""
    home = folder / "home"
    for sub in ("tmp", "runtime", "mpl", "ipython"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update({GRADE_LOG_ENV: str(log), "COURSE_PROGRESS_DIR": str(folder / "progress"),
                "COURSE_STUDENT": "grader", "HOME": str(home), "TMPDIR": str(home / "tmp"),
                "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "MPLCONFIGDIR": str(home / "mpl"),
                "IPYTHONDIR": str(home / "ipython"), "PYTHONDONTWRITEBYTECODE": "1",
                "MALLOC_ARENA_MAX": "2", "OPENBLAS_NUM_THREADS": "1"})
    return env


def grading_kernel(folder: Path, memory_mb: int, cpu_seconds: int):
    """A kernel manager that starts course/grade_kernel.py (limits and the file guard)."""
    from jupyter_client import AsyncKernelManager
    from jupyter_client.kernelspec import KernelSpecManager
    spec = folder / "home" / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-m", "course.grade_kernel", "--root", str(folder),
            "--memory-mb", str(memory_mb), "--cpu-seconds", str(cpu_seconds),
            "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "language": "python",
                                                  "display_name": "course grading"}))
    specs = KernelSpecManager(kernel_dirs=[str(spec.parent)], ensure_native_kernel=False)
    return AsyncKernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=specs,
                              connection_file=str(folder / "home" / "runtime" / "kernel.json"))


#: Seconds a cell has to stop after the interrupt that ends its time, before its kernel
#: is killed (a cell that catches KeyboardInterrupt or ignores SIGINT).
INTERRUPT_GRACE = 5


def grading_client_class():
    """nbclient's NotebookClient, plus: a cell that ignores the interrupt gets its kernel
    killed, instead of every later cell waiting out its own time limit behind it."""
    from queue import Empty

    from nbclient import NotebookClient
    from nbclient.util import ensure_async

    class GradingClient(NotebookClient):
        killed_cells: list[int]

        async def _async_handle_timeout(self, timeout: int, cell: NotebookNode | None = None):
            await ensure_async(self.km.interrupt_kernel())
            try:  # the interrupted cell's own reply, when the interrupt worked
                return await ensure_async(self.kc.shell_channel.get_msg(timeout=INTERRUPT_GRACE))
            except Empty:
                self.killed_cells = [*getattr(self, "killed_cells", []),
                                     self.nb.cells.index(cell) if cell in self.nb.cells else -1]
                _kill(self)
                return {"content": {"status": "error", "ename": "CellTimeoutError",
                                    "evalue": f"ran longer than {timeout} s", "traceback": []}}

    return GradingClient


def _kill(client) -> None:
    """Kill the kernel of ``client`` (the notebook ran out of time), if it is running."""
    process = getattr(getattr(getattr(client, "km", None), "provisioner", None), "process", None)
    if process is not None and process.poll() is None:
        process.kill()


def execute_copy(nb: NotebookNode, folder: Path, timeout: int, log: Path,
                 memory_mb: int = MEMORY_MB) -> list[str]:
    """Run ``nb`` in ``folder`` (errors allowed, a time limit per cell, the whole notebook,
    and memory) in the grading kernel; return problems."""
    limit = cell_timeout(timeout)
    budget = sum(limit(c) for c in nb.cells if c.cell_type == "code") + KERNEL_OVERHEAD
    env = kernel_environment(folder, log)
    km = grading_kernel(folder, memory_mb, cpu_seconds=budget + 30)
    client = grading_client_class()(nb, km=km, timeout=timeout, timeout_func=limit,
                                    allow_errors=True, interrupt_on_timeout=True,
                                    record_timing=False, store_widget_state=False,
                                    resources={"metadata": {"path": str(folder)}})
    watchdog = threading.Timer(budget, _kill, args=(client,))
    watchdog.daemon = True
    watchdog.start()
    try:
        client.execute(env=env)
    except Exception as err:  # a dead kernel or a timeout nbclient could not interrupt
        killed = getattr(client, "killed_cells", [])
        if killed:
            return [f"cell {killed[0] + 1} ({nb.cells[killed[0]].get('id', '?')}) ran longer "
                    f"than {timeout} s and did not stop when interrupted: its kernel was "
                    "stopped and the cells after it were not run"]
        if not watchdog.is_alive():
            return [f"the notebook ran longer than {budget} s in all and was stopped"]
        name = type(err).__name__
        hint = (f" (it may have run out of memory: the limit is {memory_mb} MB)"
                if name == "DeadKernelError" else "")
        first = str(err).splitlines()[0][:120] if str(err) else ""
        return [f"execution stopped early ({name}{': ' + first if first else ''}){hint}"]
    finally:
        watchdog.cancel()
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


def cells_that_raised(nb: NotebookNode, names: tuple[str, ...], text: str = "") -> list[str]:
    """'N (cell id)' for each cell whose error is one of ``names`` (and mentions ``text``)."""
    return [f"{n} ({c.get('id', '?')})" for n, c in enumerate(nb.cells, 1)
            if first_error(c).split(":")[0] in names and text in first_error(c)]


def cell_problems(nb: NotebookNode, timeout: int, memory_mb: int) -> list[str]:
    """Cells that were stopped: too long, out of memory, or refused a change to files."""
    problems = []
    stopped = cells_that_raised(nb, ("KeyboardInterrupt", "CellTimeoutError"))
    if stopped:
        problems.append(f"cell(s) {', '.join(stopped)} ran longer than {timeout} s and were "
                        "stopped")
    memory = cells_that_raised(nb, ("MemoryError",))
    if memory:
        problems.append(f"cell(s) {', '.join(memory)} used more than the {memory_mb} MB of "
                        "memory allowed and were stopped")
    refused = cells_that_raised(nb, ("PermissionError",), "grading:")
    if refused:
        problems.append(f"cell(s) {', '.join(refused)} tried to change files outside the "
                        "grading folder or to start a program; this was refused")
    return problems


def grade_notebook(path: Path, timeout: int = 30, progress_dir: Path | None = None,
                   memory_mb: int = MEMORY_MB) -> NotebookReport:
    """Grade one submitted notebook by running a copy; always returns a report."""
    path = Path(path)
    report = NotebookReport(notebook=path.name, student=student_of(path))
    with tempfile.TemporaryDirectory(prefix="course-grade-", ignore_cleanup_errors=True) as tmp:
        folder = Path(tmp).resolve()
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
        report.problems.extend(execute_copy(nb, folder, timeout, log, memory_mb))
        report.problems.extend(cell_problems(nb, timeout, memory_mb))
        results = read_log(log)
        attempts = saved_attempts(progress_dir, report.student)
        left_out = [q for q in qids if (results.get(q) or {}).get("status") == "unavailable"]
        if left_out:  # a teacher's own article: questions written for the course article
            report.problems.append(f"{len(left_out)} question(s) written for the course article "
                                   "are not part of this article and are left out: "
                                   + ", ".join(left_out))
        for qid in qids:
            entry = results.get(qid)
            if qid in left_out:
                continue
            if entry is None:
                report.grades.append(QuestionGrade(qid, attempts=attempts.get(qid),
                                                   note=explain_missing(nb, qid, checks, answers)))
            else:
                note = "not answered" if entry["status"] == "unanswered" else ""
                report.grades.append(QuestionGrade(qid, float(entry["score"]), entry["status"],
                                                   attempts.get(qid), note))
    return report


def grade_notebooks(paths: list[Path], timeout: int = 30, progress_dir: Path | None = None,
                    memory_mb: int = MEMORY_MB) -> list[NotebookReport]:
    """Grade several notebooks, one report each."""
    return [grade_notebook(p, timeout, progress_dir, memory_mb) for p in paths]


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
