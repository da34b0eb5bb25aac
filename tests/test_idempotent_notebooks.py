"""Every lesson and solution notebook is idempotent: "Run All" twice in one kernel gives
the same outputs as once (issue 8).

For each notebook a copy is built whose cells are the notebook's cells followed by the
same cells again, with the stored outputs on both halves, and nbval (strict, as in
``make test``) runs it in a subprocess. The copy sits in a temporary folder with the same
layout as the repository (``notebooks/`` or ``exercises/solutions/``), so relative links
and paths resolve as they do for the original; the normal ``--nbval`` run of the
originals already covers the fresh kernel. Progress goes to a fresh temporary folder, as
the root conftest.py does for every notebook.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
SANITIZE = REPO / "tests" / "nbval_sanitize.cfg"
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb")) + \
    sorted((REPO / "exercises" / "solutions").glob("*.ipynb"))
#: seconds for one doubled notebook (kernel start included) on a busy 2-core machine
NOTEBOOK_TIMEOUT = 900


def _name(path: Path) -> str:
    return str(path.relative_to(REPO))


def doubled(path: Path, dest_root: Path, repo: Path = REPO) -> Path:
    """Write the notebook with its cells repeated (outputs kept) under ``dest_root``,
    at the same relative place as in ``repo``; return the copy's path."""
    nb = nbformat.read(path, as_version=4)
    second = [nbformat.from_dict(dict(cell)) for cell in nb.cells]
    for cell in second:
        cell.pop("id", None)  # ids must be unique within a notebook
    nb.cells = [*nb.cells, *second]
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
    nbformat.validate(nb)
    copy = dest_root / path.relative_to(repo)
    copy.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, copy)
    return copy


def run_nbval(copy: Path, progress: Path) -> subprocess.CompletedProcess:
    """nbval strict on ``copy``, from its folder, with a fresh progress folder."""
    env = dict(os.environ, COURSE_PROGRESS_DIR=str(progress), COURSE_STUDENT="test-student",
               MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTEST_ADDOPTS", None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", copy.name,
         "--nbval-sanitize-with", str(SANITIZE), "-p", "no:cacheprovider",
         "-q", "--rootdir", str(copy.parent), "-o", "addopts="],
        cwd=copy.parent, env=env, capture_output=True, text=True, timeout=NOTEBOOK_TIMEOUT)


def which_run_failed(path: Path, output: str) -> str:
    """Say whether nbval's failing cells (numbered over code cells) are in the first run,
    where the stored outputs are simply stale, or only in the second, a real change."""
    nb = nbformat.read(path, as_version=4)
    n = sum(cell.cell_type == "code" for cell in nb.cells)
    failed = sorted({int(m) for m in re.findall(r"::Cell (\d+) - ", output)})
    first = [c for c in failed if c < n]
    second = [c - n for c in failed if c >= n]
    if first:
        return (f"code cell(s) {first} already differ on the first run (stale stored outputs: "
                "the plain --nbval run fails too; run `python -m course refresh`)")
    return (f"code cell(s) {second} give the stored output on the first run but a different "
            "one when all cells run a second time in the same kernel (not idempotent)")


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, subprocess.CompletedProcess]:
    """Run every doubled notebook, two at a time (the CI machine has two cores)."""
    root = tmp_path_factory.mktemp("idempotent")

    def one(path: Path) -> subprocess.CompletedProcess:
        progress = tmp_path_factory.mktemp("progress")
        return run_nbval(doubled(path, root), progress)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(NOTEBOOKS, pool.map(one, NOTEBOOKS)))


def test_there_are_notebooks_to_check():
    assert len(NOTEBOOKS) >= 9, [p.name for p in NOTEBOOKS]


def test_doubled_copy_repeats_cells_and_outputs(tmp_path):
    path = NOTEBOOKS[0]
    nb = nbformat.read(path, as_version=4)
    copy = nbformat.read(doubled(path, tmp_path), as_version=4)
    n = len(nb.cells)
    assert len(copy.cells) == 2 * n
    for a, b in zip(copy.cells[:n], copy.cells[n:]):
        assert a.source == b.source and a.get("outputs") == b.get("outputs")
    assert len({c.id for c in copy.cells}) == 2 * n


@pytest.mark.timeout(2 * NOTEBOOK_TIMEOUT * len(NOTEBOOKS))
@pytest.mark.parametrize("path", NOTEBOOKS, ids=_name)
def test_run_all_twice_gives_the_same_outputs(path: Path, results) -> None:
    proc = results[path]
    tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-80:])
    assert proc.returncode == 0, f"{_name(path)}: {which_run_failed(path, proc.stdout)}:\n{tail}"
    assert " passed" in proc.stdout and "skipped" not in proc.stdout, tail


def test_the_check_catches_a_notebook_that_changes_on_a_second_run(tmp_path):
    """A counter shows 1 on the first run and 2 on the second: nbval must fail the copy."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "runs = globals().get('runs', 0) + 1\nruns", execution_count=1,
        outputs=[nbformat.v4.new_output("execute_result", {"text/plain": "1"},
                                        execution_count=1)])]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    source = tmp_path / "repo" / "counter.ipynb"
    source.parent.mkdir()
    nbformat.write(nb, source)
    copy = tmp_path / "copy" / "counter.ipynb"
    copy.parent.mkdir()
    nbformat.write(nbformat.read(source, as_version=4), copy)
    assert run_nbval(copy, tmp_path).returncode == 0  # once: same output
    doubled_copy = doubled(source, tmp_path / "doubled", repo=tmp_path / "repo")
    proc = run_nbval(doubled_copy, tmp_path)
    assert proc.returncode != 0 and "1 failed" in proc.stdout, proc.stdout
    assert "[0] give the stored output on the first run" in which_run_failed(source, proc.stdout)
