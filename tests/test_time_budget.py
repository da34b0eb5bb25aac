"""The time each lesson states matches the teacher guide's lesson plans: on your own (the
guide's table, and the sum of the lesson's own section times) and in class (the minutes
the three-lesson plan gives that notebook)."""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
LESSONS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
GUIDE = (REPO / "docs" / "guide-template.md").read_text(encoding="utf-8")


def stated(path: Path) -> tuple[int, int, list[int]]:
    """(minutes on your own, minutes in class, section minutes) a lesson states."""
    text = " ".join(c.source for c in nbformat.read(path, as_version=4).cells
                    if c.cell_type == "markdown")
    found = re.findall(r"About (\d+) minutes on your own, about (\d+) in class", text)
    assert len(found) == 1, f"{path.name} must state its time once: {found}"
    return int(found[0][0]), int(found[0][1]), [int(m) for m in re.findall(r"\((\d+) min\)",
                                                                             text)]


def guide_alone(stem: str) -> tuple[int, int]:
    row = re.search(rf"^\| `{stem}` \| (\d+) \| (\d+) \|$", GUIDE, re.M)
    assert row, f"the guide's time table has no row for {stem}"
    return int(row.group(1)), int(row.group(2))


def guide_three_lessons(stem: str) -> int:
    """The minutes the three-lesson plan gives activities that start with the notebook."""
    plan = GUIDE.split("### Three lessons of 45 minutes", 1)[1].split("###", 1)[0]
    rows = re.findall(r"^\| (\d) \| (\d+) \| (.*) \|$", plan, re.M)
    assert sum(int(m) for _, m, _ in rows) == 3 * 45, "three lessons of 45 minutes"
    return sum(int(m) for _, m, what in rows if what.startswith(f"`{stem}`"))


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_time_matches_the_guide(path):
    alone, in_class, sections = stated(path)
    assert (alone, in_class) == guide_alone(path.stem)
    assert in_class == guide_three_lessons(path.stem)
    if sections:
        assert sum(sections) == alone, f"{path.name}: sections add up to {sum(sections)}"
