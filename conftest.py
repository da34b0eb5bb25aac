"""Suite-wide set-up: every test, kernel and JupyterLab server writes progress to a
temporary folder, never to a student's real progress file; every notebook that nbval
runs starts from empty progress, like a new student, whatever ran before it; and the
run fails if anything wrote into ``seeds/`` (checksums before and after, issue 8)."""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import pytest

# Set at import time, before nbval or any fixture starts a kernel, so that child
# processes inherit it.
_PROGRESS = tempfile.mkdtemp(prefix="course-test-progress-")
os.environ["COURSE_PROGRESS_DIR"] = _PROGRESS
os.environ["COURSE_STUDENT"] = "test-student"
os.environ.setdefault("MPLBACKEND", "Agg")
# The suite runs on the course's own article: a teacher's choice of article in the shell
# must not change what the stored outputs are compared with.
ARTICLE_VARIABLES = ("COURSE_ARTICLE", "COURSE_ARTICLES_DIR")
for _name in ARTICLE_VARIABLES:
    os.environ.pop(_name, None)

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
    leaked = {name: os.environ.pop(name) for name in ARTICLE_VARIABLES if name in os.environ}
    if leaked:  # a test that set these must restore them, or every later test changes article
        raise AssertionError(f"{item.nodeid} left {leaked} in the environment; restore it "
                             "(monkeypatch.setenv, or pass env= to the kernel)")


# ------------------------------------------------------- the seeds are never written

#: Environment variable: the folder whose files must not change during the run (the
#: repository's ``seeds/`` unless set; tests of this guard point it at a temporary folder).
SEEDS_GUARD_ENV = "COURSE_SEEDS_GUARD_DIR"
_SEEDS_BEFORE: dict[str, str] = {}


def seeds_folder() -> Path:
    """The folder the guard watches: $COURSE_SEEDS_GUARD_DIR, else ``seeds/`` here."""
    return Path(os.environ.get(SEEDS_GUARD_ENV) or Path(__file__).resolve().parent / "seeds")


def checksums(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder``, keyed by its relative path (the file list)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def changed_files(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """The files added, removed or changed between two ``checksums``, each with what happened."""
    return ([f"{name} (changed)" for name in sorted(before) if name in after
             and before[name] != after[name]] +
            [f"{name} (removed)" for name in sorted(set(before) - set(after))] +
            [f"{name} (added)" for name in sorted(set(after) - set(before))])


def pytest_sessionstart(session: pytest.Session) -> None:
    """Remember the checksum of every seed file before any test runs."""
    _SEEDS_BEFORE.clear()
    _SEEDS_BEFORE.update(checksums(seeds_folder()))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run, listing the files, when a seed file was added, removed or changed."""
    folder = seeds_folder()
    changed = changed_files(_SEEDS_BEFORE, checksums(folder))
    if not changed:
        return
    message = (f"FAILED: the seed files must never be written, but these files under {folder} "
               "differ from the start of the run:\n  " + "\n  ".join(changed) +
               "\nFind the test or library code that writes there (the library must open "
               "seed files read-only) and restore the files with git.")
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line("")
        reporter.write_line(message, red=True, bold=True)
    else:
        print(message)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
