"""Progress survives crashes: 100 writer processes, several at a time, each killed with
SIGKILL at a random moment. Every answer a writer confirmed (it prints an acknowledgement
only after ``progress.record`` returned) is in the final file, and the file loads without
a warning; a lock held by a killed process never blocks the next writer."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

from course.engine import progress

REPO = Path(__file__).resolve().parents[1]
WRITERS = 100
AT_ONCE = 4
KILL_AFTER = (0.0, 0.2)  # seconds after the first confirmed answer, uniform

# progress.py imports nothing from the package, so a writer loads it alone and starts fast
WRITER = """
import os, sys
sys.path[:0] = ["course/engine", "course/text"]
import progress
name = sys.argv[1]
n = 0
while True:
    progress.record(f"{name}.q{n}", f"answer {name} {n}", "wrong", 0.0)
    os.write(1, f"{name}.q{n}\\n".encode())  # the acknowledgement: only after record returned
    n += 1
"""


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    """A fresh progress folder for this test, used by this process and its children."""
    path = tmp_path / "progress"
    monkeypatch.setenv("COURSE_PROGRESS_DIR", str(path))
    monkeypatch.setenv("COURSE_STUDENT", "ana")
    return path


def start(name: str, errors: Path) -> subprocess.Popen:
    """One writer process recording answers in a loop until it is killed."""
    return subprocess.Popen([sys.executable, "-c", WRITER, name], cwd=REPO,
                            env=os.environ.copy(), stdout=subprocess.PIPE,
                            stderr=errors.open("ab"))


def read_ready(writer: subprocess.Popen) -> bytes:
    """What the writer has acknowledged so far and not yet read (never blocks)."""
    try:
        return os.read(writer.stdout.fileno(), 1 << 16) or b""
    except BlockingIOError:
        return b""


def kill(writer: subprocess.Popen, seen: bytes) -> list[str]:
    """SIGKILL a writer and return the answers it confirmed before it died."""
    writer.send_signal(signal.SIGKILL)
    code = writer.wait(timeout=30)
    out = (seen + writer.stdout.read()).decode()
    writer.stdout.close()
    assert code == -signal.SIGKILL, f"a writer stopped by itself (exit {code})"
    # each acknowledgement is one small os.write, atomic on a pipe: no cut-off lines
    return [line for line in out.split("\n") if line]


def test_killed_writers_lose_no_confirmed_answer(folder, tmp_path):
    """Each writer is killed at a random moment after its first confirmed answer (so that
    the kills land while writing, whatever the machine's start-up time)."""
    seed = random.randrange(10 ** 6)
    rng = random.Random(seed)
    errors = tmp_path / "writer-errors.txt"
    pending = [f"w{k}" for k in range(WRITERS)]
    running: dict[subprocess.Popen, list] = {}  # writer -> [kill time or None, output]
    confirmed: list[str] = []
    killed = 0
    began = time.monotonic()
    while pending or running:
        while pending and len(running) < AT_ONCE:
            writer = start(pending.pop(0), errors)
            os.set_blocking(writer.stdout.fileno(), False)
            running[writer] = [None, b""]
        for writer, state in list(running.items()):
            state[1] += read_ready(writer)
            if state[0] is None and b"\n" in state[1]:
                state[0] = time.monotonic() + rng.uniform(*KILL_AFTER)
            if state[0] is not None and time.monotonic() >= state[0]:
                confirmed += kill(writer, state[1])
                killed += 1
                del running[writer]
            elif writer.poll() is not None:
                pytest.fail(f"a writer stopped by itself: {errors.read_text()}")
        assert time.monotonic() - began < 300, "the writers are far too slow"
        time.sleep(0.002)
    took = time.monotonic() - began
    assert killed == WRITERS, errors.read_text()
    assert not errors.read_text().strip(), errors.read_text()

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a ProgressWarning would fail the test here
        saved = progress.load()["questions"]
    missing = [qid for qid in confirmed if qid not in saved]
    assert not missing, f"confirmed but lost (seed {seed}): {missing[:10]}"
    for qid in confirmed:
        name, n = qid.split(".q")
        assert saved[qid]["answer"] == f"answer {name} {n}"
    assert not list(folder.glob("ana.unreadable-*")), "a file was set aside"
    assert len({qid.split(".q")[0] for qid in confirmed}) == WRITERS  # each confirmed one
    # evidence that kills landed in the middle of a write: temp files were left behind
    assert list(folder.glob(".ana.*.tmp")), f"no kill landed inside a write (seed {seed})"
    # the next writer is not blocked by anything a killed writer left behind
    t0 = time.monotonic()
    progress.record("after.crash", "still here", "wrong", 0.0)
    assert time.monotonic() - t0 < progress.LOCK_WAIT / 2
    assert progress.saved("after.crash")["answer"] == "still here"
    print(f"{killed} writers killed, {len(confirmed)} confirmed answers kept, {took:.1f} s")


HOLDER = """
import fcntl, os, sys, time
sys.path[:0] = ["course/engine", "course/text"]
import progress
folder = progress.progress_dir()
folder.mkdir(parents=True, exist_ok=True)
handle = open(folder / f".{progress.student_name()}.lock", "a")
fcntl.flock(handle, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(600)
"""


def test_a_lock_held_by_a_killed_process_does_not_block(folder):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER], cwd=REPO, env=os.environ.copy(),
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        # while the holder lives, a writer waits for it (the lock is real) ...
        t0 = time.monotonic()
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(progress, "LOCK_WAIT", 0.3)
            progress.record("during", 1, "wrong", 0.0)
        assert time.monotonic() - t0 >= 0.3
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
        holder.stdout.close()
    assert (folder / ".ana.lock").exists()  # the lock file stays behind ...
    t0 = time.monotonic()
    progress.record("after", 2, "wrong", 0.0)  # ... and does not block the next writer
    assert time.monotonic() - t0 < 1.0
    assert {"during", "after"} <= set(progress.load()["questions"])


def test_a_writer_killed_while_saving_leaves_a_readable_file(folder):
    """The file on disk is valid JSON after every kill (read by a fresh process too)."""
    folder.mkdir(parents=True)
    for round_ in range(5):
        writer = start(f"r{round_}", folder.parent / "errors.txt")
        assert writer.stdout.readline()  # its first answer is saved
        time.sleep(0.01 + 0.02 * round_)
        kill(writer, b"")
        if (folder / "ana.json").exists():
            json.loads((folder / "ana.json").read_text(encoding="utf-8"))
    out = subprocess.run([sys.executable, "-W", "error", "-c",
                          "import sys; sys.path[:0] = ['course/engine', 'course/text']; import progress; "
                          "print(len(progress.load()['questions']))"],
                         cwd=REPO, env=os.environ.copy(), capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) >= 1
