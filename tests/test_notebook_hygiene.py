"""Every committed notebook is clean: no errors, no machine paths or tokens, no widget
state, and the lessons share the same first cells (title with navigation, then
``import course``)."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
LESSONS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
#: every committed notebook: the lessons, the teacher's review notebook, the exercises
ALL = sorted((REPO / "notebooks").glob("*.ipynb")) + \
    sorted((REPO / "exercises").glob("**/[0-9][0-9]_*.ipynb"))
LEAK = re.compile(r"(/work/|/tmp/|/root/|/home/[a-z]|token=[0-9a-f]{8,})")


def _name(path: Path) -> str:
    return str(path.relative_to(REPO))


def test_the_course_has_five_lessons():
    assert [p.name[:2] for p in LESSONS] == ["00", "01", "02", "03", "04"]


@pytest.mark.parametrize("path", ALL, ids=_name)
def test_outputs_are_clean(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert "widgets" not in nb.metadata, "saved widget state: run `python -m course refresh`"
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        tags = cell.metadata.get("tags", [])
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error" or "raises-exception" in tags, \
                f"cell {i} stores an error"
            assert "application/vnd.jupyter.widget-view+json" not in out.get("data", {}), \
                f"cell {i} stores a widget view (shows 'model not found' before it is run)"
            found = LEAK.search(json.dumps(out))
            assert not found, f"cell {i} stores a machine path or token: {found.group(0)!r}"


@pytest.mark.parametrize("path", LESSONS, ids=_name)
def test_lessons_share_the_same_first_cells(path):
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    for other in LESSONS:
        assert f"]({other.name})" in first.source, f"no link to {other.name}"
    code = next(c for c in nb.cells if c.cell_type == "code")
    assert code.source.startswith("import course")
    assert "course.progress_overview(" in code.source


def test_no_checkpoints_or_progress_are_committed():
    files = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True,
                           check=True).stdout.splitlines()
    assert files, "not a git checkout"
    assert not [f for f in files if ".ipynb_checkpoints" in f or f.startswith("progress/")]
