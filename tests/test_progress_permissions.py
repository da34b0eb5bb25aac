"""Progress folders a student cannot write or read (a school's shared drive set read-only, a
file left by another account): marking goes on with a warning, and nothing saved is lost.

The student's kernel is a child process that cannot override file permissions: as root (CI
runs as root, and root ignores permission bits) the child gives up CAP_DAC_OVERRIDE,
CAP_DAC_READ_SEARCH and CAP_FOWNER before it starts; as any other user it already cannot.
"""
from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

REPO = Path(__file__).resolve().parents[1]
PR_CAPBSET_DROP = 24
#: CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER (linux/capability.h)
PERMISSION_CAPS = (1, 2, 3)

STUDENT = """
import json, warnings
import course
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    result = course.mark("ex00.where", "Beijing")
print("RESULT " + json.dumps({"correct": result.correct,
                              "warnings": [str(w.message) for w in caught]}))
"""


def _drop_permission_override() -> None:
    """In the child before exec: remove the capabilities that bypass file permissions."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in PERMISSION_CAPS:
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), f"prctl(PR_CAPBSET_DROP, {cap}) failed")


def run_student(folder: Path) -> dict:
    """Mark one right answer in a child that is bound by file permissions."""
    env = {**os.environ, "COURSE_PROGRESS_DIR": str(folder), "COURSE_STUDENT": "ana",
           "PYTHONDONTWRITEBYTECODE": "1"}
    out = subprocess.run([sys.executable, "-c", STUDENT], cwd=REPO, env=env, text=True,
                         capture_output=True, timeout=120,
                         preexec_fn=_drop_permission_override if os.geteuid() == 0 else None)
    assert out.returncode == 0, out.stderr  # no traceback: marking went on
    assert "Traceback" not in out.stderr, out.stderr
    line = next(x for x in out.stdout.splitlines() if x.startswith("RESULT "))
    return json.loads(line[len("RESULT "):])


@pytest.fixture
def saved_progress(tmp_path) -> Iterator[tuple[Path, bytes]]:
    """A progress folder holding one earlier answer, written by the course itself."""
    folder = tmp_path / "progress"
    env = {**os.environ, "COURSE_PROGRESS_DIR": str(folder), "COURSE_STUDENT": "ana"}
    subprocess.run([sys.executable, "-c", "import course; course.mark('ex00.discussed', "
                    "['Ukraine'])"], cwd=REPO, env=env, check=True, capture_output=True,
                   timeout=120)
    original = (folder / "ana.json").read_bytes()
    assert b"ex00.discussed" in original
    yield folder, original
    for path in [folder, *folder.rglob("*")]:  # let pytest clean up
        os.chmod(path, 0o700 if path.is_dir() else 0o600)


def test_the_student_child_really_is_bound_by_permissions(tmp_path):
    """The check the other tests rest on: a read-only folder refuses the child's writes."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        out = subprocess.run([sys.executable, "-c", f"open({str(folder / 'x')!r}, 'w')"],
                             capture_output=True, text=True, timeout=60,
                             preexec_fn=_drop_permission_override if os.geteuid() == 0
                             else None)
        assert out.returncode != 0 and "PermissionError" in out.stderr, out.stderr
    finally:
        folder.chmod(0o700)


def test_a_read_only_folder_warns_and_keeps_the_saved_answers(saved_progress):
    folder, original = saved_progress
    folder.chmod(0o555)
    result = run_student(folder)
    assert result["correct"] is True  # the student still gets the feedback
    assert any("could not be saved" in w for w in result["warnings"]), result["warnings"]
    assert (folder / "ana.json").read_bytes() == original  # nothing lost or half-written
    assert {p.name for p in folder.iterdir()} <= {"ana.json", ".ana.lock"}  # no temp files


def test_a_folder_that_cannot_be_made_warns_and_marking_goes_on(tmp_path):
    parent = tmp_path / "drive"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        result = run_student(parent / "progress")
        assert result["correct"] is True
        assert any("could not be saved" in w for w in result["warnings"]), result["warnings"]
        assert not (parent / "progress").exists()
    finally:
        parent.chmod(0o700)


def test_a_file_the_student_cannot_read_is_kept_and_a_new_one_started(saved_progress):
    folder, original = saved_progress
    (folder / "ana.json").chmod(0o000)
    result = run_student(folder)
    assert result["correct"] is True
    assert any("could not be read" in w and "Permission denied" in w
               for w in result["warnings"]), result["warnings"]
    kept = [p for p in folder.iterdir() if p.name.startswith("ana.unreadable-")]
    assert len(kept) == 1, sorted(p.name for p in folder.iterdir())
    kept[0].chmod(0o600)
    assert kept[0].read_bytes() == original  # the earlier answers, byte for byte
    fresh = json.loads((folder / "ana.json").read_text(encoding="utf-8"))
    assert fresh["questions"]["ex00.where"]["correct"] is True


def test_a_read_only_file_in_a_writable_folder_is_replaced_atomically(saved_progress):
    folder, original = saved_progress
    (folder / "ana.json").chmod(0o444)
    result = run_student(folder)
    assert result["correct"] is True and not result["warnings"], result["warnings"]
    data = json.loads((folder / "ana.json").read_text(encoding="utf-8"))
    assert {"ex00.discussed", "ex00.where"} <= set(data["questions"])  # old answer kept
