"""Suite-wide set-up: every test, kernel and JupyterLab server writes progress to a
temporary folder, never to a student's real progress file; and every notebook that
nbval runs starts from empty progress, like a new student, whatever ran before it."""
from __future__ import annotations

import os
import tempfile

import pytest

# Set at import time, before nbval or any fixture starts a kernel, so that child
# processes inherit it.
_PROGRESS = tempfile.mkdtemp(prefix="course-test-progress-")
os.environ["COURSE_PROGRESS_DIR"] = _PROGRESS
os.environ["COURSE_STUDENT"] = "test-student"
os.environ.setdefault("MPLBACKEND", "Agg")

_FRESH_FOR: set[str] = set()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Before nbval starts a notebook's kernel, give it a progress folder of its own.

    nbval starts the kernel when a notebook's first cell is set up, and the kernel
    inherits the environment then: stored outputs (the progress overview, restored
    answers) were made from empty progress, so each notebook must start from empty too.
    """
    if type(item).__name__ != "IPyNbCell":
        return
    notebook = str(item.parent.nodeid)
    if notebook not in _FRESH_FOR:
        _FRESH_FOR.add(notebook)
        os.environ["COURSE_PROGRESS_DIR"] = tempfile.mkdtemp(prefix="course-nbval-progress-")


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    """After a notebook's last cell, point later tests back at the suite's folder."""
    if type(item).__name__ == "IPyNbCell" and (nextitem is None or
                                               nextitem.parent is not item.parent):
        os.environ["COURSE_PROGRESS_DIR"] = _PROGRESS
