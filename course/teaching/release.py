"""Release exercises: from one teacher source notebook, the student and teacher versions.

``exercises/source/NN_title.ipynb`` marks solutions (``### BEGIN SOLUTION`` /
``### END SOLUTION`` in code, ``<!-- BEGIN SOLUTION -->`` / ``<!-- END SOLUTION -->`` in
markdown). A question cell of a source is::

    ### BEGIN SOLUTION
    course.answer_with_key("ex01.q1")
    ### END SOLUTION
    course.ask("ex01.q1")

The release is a pipeline of small steps over nbformat notebooks, each a function
``step(nb) -> nb``: the student version drops the solutions (a student answers in the
widget; no cell asks for typed code) and clears outputs; the teacher version keeps the
solutions and is executed (nbclient) with a fresh, empty progress folder, so that each
question shows the key's answer as checked, the same on every release.
"""
from __future__ import annotations

import contextlib
import copy
import os
import re
import tempfile
from pathlib import Path
from typing import Callable, Iterator

import nbformat
from nbformat import NotebookNode

from ..text.files import REPO
from ..engine.questions import get_question

EXERCISES = REPO / "exercises"
NBFORMAT = 4

CODE_BEGIN, CODE_END = "### BEGIN SOLUTION", "### END SOLUTION"
MD_BEGIN, MD_END = "<!-- BEGIN SOLUTION -->", "<!-- END SOLUTION -->"
STUDENT_MARKDOWN = "_Write your answer here._"
#: A check cell: ``course.mark("qid", variable)``.
MARK_CALL = re.compile(r"""course\.mark\(\s*["']([^"']+)["']\s*(?:,\s*([A-Za-z_]\w*))?""")
#: A question cell: ``course.ask("qid")`` (the widget, and the checked answer under it).
ASK_CALL = re.compile(r"""^course\.ask\(\s*["']([^"']+)["']\s*\)\s*;?\s*$""", re.M)
ASSIGNMENT = re.compile(r"^(\s*)(answer_\w*)\s*=(?!=)")

Step = Callable[[NotebookNode], NotebookNode]


class ReleaseError(ValueError):
    """A source notebook that cannot be released; the message names the cell."""


# ------------------------------------------------------------------ the steps

def check_markers(nb: NotebookNode) -> NotebookNode:
    """Refuse unbalanced or nested solution markers (they would leak or eat cells)."""
    for n, cell in enumerate(nb.cells):
        begin, end = (CODE_BEGIN, CODE_END) if cell.cell_type == "code" else (MD_BEGIN, MD_END)
        depth = 0
        for line in cell.source.splitlines():
            if line.strip() == begin:
                depth += 1
            elif line.strip() == end:
                depth -= 1
            if depth not in (0, 1):
                raise ReleaseError(f"cell {n} ({cell.get('id', '?')}): solution markers are "
                                   "nested or an END comes before its BEGIN")
        if depth:
            raise ReleaseError(f"cell {n} ({cell.get('id', '?')}): a BEGIN SOLUTION has no END")
    return nb


def tag_cells(nb: NotebookNode) -> NotebookNode:
    """Mark answer and check cells in cell metadata, so grading can find them by role."""
    variable_of: dict[str, str] = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        asked = ASK_CALL.findall(cell.source)
        if asked:
            get_question(asked[0])  # an unknown id fails the release, not the students
            cell.metadata["course"] = {"role": "question", "question": asked[0]}
            continue
        found = MARK_CALL.findall(cell.source)
        if found:
            qid, variable = found[0]
            get_question(qid)  # an unknown id fails the release, not the students
            cell.metadata["course"] = {"role": "check", "question": qid}
            if variable:
                variable_of[variable] = qid
    for cell in nb.cells:
        if cell.cell_type == "code" and CODE_BEGIN in cell.source and \
                cell.metadata.get("course", {}).get("role") != "question":
            names = [m.group(2) for m in map(ASSIGNMENT.match, cell.source.splitlines()) if m]
            qids = [variable_of[v] for v in names if v in variable_of]
            cell.metadata["course"] = {"role": "answer", "question": qids[0] if qids else None,
                                       "variables": names}
        elif cell.cell_type == "markdown" and MD_BEGIN in cell.source:
            cell.metadata["course"] = {"role": "written-answer"}
    return nb


def _replace_blocks(source: str, begin: str, end: str,
                    replace: Callable[[list[str]], list[str]]) -> str:
    """``source`` with every begin..end block (markers included) replaced by ``replace(block)``."""
    out: list[str] = []
    block: list[str] | None = None
    for line in source.splitlines():
        if line.strip() == begin:
            block = []
        elif line.strip() == end and block is not None:
            out.extend(replace(block))
            block = None
        elif block is not None:
            block.append(line)
        else:
            out.append(line)
    return "\n".join(out)


def _placeholder(block: list[str]) -> list[str]:
    """``answer_N = None  # your answer here`` for each answer assigned in a solution block."""
    lines, seen = [], set()
    for line in block:
        m = ASSIGNMENT.match(line)
        if m and m.group(2) not in seen:
            seen.add(m.group(2))
            lines.append(f"{m.group(1)}{m.group(2)} = None  # your answer here")
    return lines  # no answer assigned (``answer_with_key``): the block just goes


def strip_code_solutions(nb: NotebookNode) -> NotebookNode:
    """Replace code solutions by placeholders the check cells accept as 'not answered'."""
    for cell in nb.cells:
        if cell.cell_type == "code" and CODE_BEGIN in cell.source:
            cell.source = _replace_blocks(cell.source, CODE_BEGIN, CODE_END, _placeholder)
    return nb


def strip_markdown_solutions(nb: NotebookNode) -> NotebookNode:
    """Replace written solutions by an invitation to write."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and MD_BEGIN in cell.source:
            cell.source = _replace_blocks(cell.source, MD_BEGIN, MD_END,
                                          lambda _block: [STUDENT_MARKDOWN])
    return nb


def remove_solution_markers(nb: NotebookNode) -> NotebookNode:
    """Keep the solutions but drop the marker lines (teacher version)."""
    for cell in nb.cells:
        begin, end = (CODE_BEGIN, CODE_END) if cell.cell_type == "code" else (MD_BEGIN, MD_END)
        if begin in cell.source:
            cell.source = _replace_blocks(cell.source, begin, end, lambda block: block)
    return nb


def clear_outputs(nb: NotebookNode) -> NotebookNode:
    """No outputs and no execution counts."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


def clean_metadata(nb: NotebookNode) -> NotebookNode:
    """Keep only the kernelspec, the language and the course's own metadata."""
    keep = {k: nb.metadata[k] for k in ("kernelspec", "course") if k in nb.metadata}
    keep["language_info"] = {"name": "python"}
    nb.metadata = NotebookNode(keep)
    for cell in nb.cells:
        cell.metadata = NotebookNode({k: v for k, v in cell.metadata.items() if k == "course"})
        if "attachments" in cell and not cell["attachments"]:
            del cell["attachments"]
    return nb


def stamp(name: str) -> Step:
    """A step recording the exercise name and its questions in the notebook metadata."""
    def stamp_exercise(nb: NotebookNode) -> NotebookNode:
        questions = [c.metadata["course"]["question"] for c in nb.cells
                     if c.metadata.get("course", {}).get("role") in ("check", "question")]
        nb.metadata["course"] = {"exercise": name, "questions": questions}
        return nb
    return stamp_exercise


def relink(depth: int) -> Step:
    """A step fixing relative links for a notebook ``depth`` folders further down."""
    def relink_markdown(nb: NotebookNode) -> NotebookNode:
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source = cell.source.replace("](../", "](" + "../" * (depth + 1))
        return nb
    return relink_markdown


@contextlib.contextmanager
def fresh_progress() -> Iterator[Path]:
    """Point the progress folder at a new empty temporary folder while the block runs."""
    saved = {k: os.environ.get(k) for k in ("COURSE_PROGRESS_DIR", "COURSE_STUDENT")}
    with tempfile.TemporaryDirectory(prefix="course-release-") as folder:
        os.environ["COURSE_PROGRESS_DIR"] = folder
        os.environ["COURSE_STUDENT"] = "teacher"
        try:
            yield Path(folder)
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def execute(folder: Path, timeout: int = 120) -> Step:
    """A step running every cell with nbclient in ``folder``, with fresh progress."""
    def execute_notebook(nb: NotebookNode) -> NotebookNode:
        from nbclient import NotebookClient
        with fresh_progress():
            client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                    record_timing=False, store_widget_state=False,
                                    resources={"metadata": {"path": str(folder)}})
            client.execute()
        return nb
    return execute_notebook


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def drop_widget_views(nb: NotebookNode) -> NotebookNode:
    """Keep a widget's text/plain only: its saved view would point at a model that no longer
    exists ("model not found"), and its random model id would change on every release."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if WIDGET_VIEW in out.get("data", {}):
                del out["data"][WIDGET_VIEW]
    return nb


def run_pipeline(nb: NotebookNode, steps: list[Step]) -> NotebookNode:
    """Apply ``steps`` in order to a copy of ``nb``."""
    nb = copy.deepcopy(nb)
    for step in steps:
        nb = step(nb)
    return nb


# ------------------------------------------------------------------ versions

def student_steps(name: str) -> list[Step]:
    """The steps from a teacher source to the student version."""
    return [check_markers, tag_cells, strip_code_solutions, strip_markdown_solutions,
            clear_outputs, clean_metadata, stamp(name)]


def teacher_steps(name: str, folder: Path, run: bool = True) -> list[Step]:
    """The steps from a teacher source to the executed teacher version."""
    steps = [check_markers, tag_cells, remove_solution_markers, clear_outputs,
             clean_metadata, stamp(name), relink(1)]
    return steps + [execute(folder), drop_widget_views] if run else steps


def student_version(source: NotebookNode, name: str) -> NotebookNode:
    """The student version of a source notebook (in memory)."""
    return run_pipeline(source, student_steps(name))


def teacher_version(source: NotebookNode, name: str, folder: Path,
                    run: bool = True) -> NotebookNode:
    """The teacher version of a source notebook, executed unless ``run`` is False."""
    return run_pipeline(source, teacher_steps(name, folder, run))


def sources(root: Path = EXERCISES, names: list[str] | None = None) -> list[Path]:
    """The source notebooks to release: all, or those whose name or number is given."""
    found = sorted((root / "source").glob("[0-9][0-9]_*.ipynb"))
    if not names:
        return found
    chosen = []
    for name in names:
        stem = Path(name).stem
        match = [p for p in found if p.stem == stem or p.stem.split("_")[0] == stem]
        if not match:
            known = ", ".join(p.stem for p in found) or "none"
            raise ReleaseError(f"no exercise source {name!r} in exercises/source (known: {known})")
        chosen.extend(m for m in match if m not in chosen)
    return chosen


def release(names: list[str] | None = None, root: Path = EXERCISES,
            run: bool = True) -> list[Path]:
    """Write the student and teacher versions of the named (or all) exercises."""
    written = []
    for path in sources(root, names):
        source = nbformat.read(path, as_version=NBFORMAT)
        name = path.stem
        student = student_version(source, name)
        solutions = root / "solutions"
        solutions.mkdir(parents=True, exist_ok=True)
        teacher = teacher_version(source, name, solutions, run=run)
        for nb, target in ((student, root / path.name), (teacher, solutions / path.name)):
            nbformat.validate(nb)
            nbformat.write(nb, target)
            written.append(target)
    return written
