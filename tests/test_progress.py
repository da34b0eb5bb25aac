"""Progress is never lost: restored in a new process, corrupt files kept aside, and a
process killed while writing leaves either the old or the new complete file."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import warnings
from pathlib import Path

import pytest

import course
from course.engine import overview, progress

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    """A fresh progress folder for this test, used by this process and its children."""
    path = tmp_path / "progress"
    monkeypatch.setenv("COURSE_PROGRESS_DIR", str(path))
    monkeypatch.setenv("COURSE_STUDENT", "ana")
    return path


def run_python(code: str, timeout: int = 60) -> str:
    """Run ``code`` in a new Python process (a 'kernel restart') and return its stdout."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=REPO,
                          capture_output=True, text=True, timeout=timeout, env=os.environ.copy())
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_student_names_are_safe_file_names(monkeypatch):
    for raw, expected in [("ana", "ana"), ("../../etc/passwd", "etc_passwd"),
                          ("Zoë Smith", "Zo_Smith"), ("..", "student"), ("", None)]:
        monkeypatch.setenv("COURSE_STUDENT", raw)
        name = progress.student_name()
        assert "/" not in name and not name.startswith(".") and name
        if expected:
            assert name == expected


def test_record_saves_answers_attempts_and_times(folder):
    course.mark("ex00.where", "Moscow")
    course.mark("ex00.where", "Moscow")  # re-running the same answer: not a new attempt
    course.mark("ex00.where", "Beijing")
    data = json.loads((folder / "ana.json").read_text(encoding="utf-8"))
    entry = data["questions"]["ex00.where"]
    assert entry["answer"] == "Beijing" and entry["attempts"] == 2
    assert entry["correct"] is True and entry["score"] == 1.0 and entry["status"] == "correct"
    assert entry["first_checked"] <= entry["last_checked"] and "first_correct" in entry
    assert data["student"] == "ana"


def test_unanswered_marks_leave_no_record(folder):
    course.mark("ex00.where", None)
    assert not (folder / "ana.json").exists()


def test_restored_after_restart(folder):
    """Two separate processes, as two kernel sessions of one student."""
    run_python('import course; course.mark("ex00.where", "Moscow")')
    out = run_python("""
        import json, re, course
        from course.engine import progress
        w = course.ask("ex00.where")
        state = {"value": w.value, "attempts": w.attempts_label.value,
                 "feedback": re.sub("<[^>]+>", "", w.feedback.value)}
        course.mark("ex00.where", "Beijing")
        state["saved_attempts"] = progress.saved("ex00.where")["attempts"]
        print(json.dumps(state))
    """)
    state = json.loads(out.strip().splitlines()[-1])
    assert state["value"] == "Moscow"
    assert state["attempts"] == "Attempts: 1"
    assert "restored" in state["feedback"] and "Not yet" in state["feedback"]
    assert state["saved_attempts"] == 2  # attempts count across restarts


def test_corrupt_file_is_kept_aside_with_a_warning(folder):
    folder.mkdir(parents=True)
    broken = b'{"questions": {"ex00.where": {"answer": "Beij'
    (folder / "ana.json").write_bytes(broken)
    with pytest.warns(progress.ProgressWarning, match="could not be read.*kept as"):
        result = course.mark("ex00.where", "Beijing")
    assert result.correct
    kept = sorted(folder.glob("ana.unreadable-*.json"))
    assert len(kept) == 1 and kept[0].read_bytes() == broken
    fresh = json.loads((folder / "ana.json").read_text(encoding="utf-8"))
    assert fresh["questions"]["ex00.where"]["answer"] == "Beijing"


@pytest.mark.parametrize("content", [b"\xff\xfe not utf-8", b"[1, 2, 3]", b""])
def test_other_unreadable_files_are_kept_aside_too(folder, content):
    folder.mkdir(parents=True)
    (folder / "ana.json").write_bytes(content)
    with pytest.warns(progress.ProgressWarning):
        widget = course.ask("ex00.where")  # the student continues
    widget.value = "Beijing"
    widget.check_button.click()
    assert len(list(folder.glob("ana.unreadable-*.json"))) == 1
    assert progress.saved("ex00.where")["correct"] is True


def test_unwritable_folder_warns_but_marking_goes_on(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the progress folder should be")
    monkeypatch.setenv("COURSE_PROGRESS_DIR", str(blocker))
    with pytest.warns(progress.ProgressWarning) as warned:
        result = course.mark("ex00.where", "Beijing")
    assert any("could not be saved" in str(w.message) for w in warned)
    assert result.correct and "✓ Correct" in capsys.readouterr().out


# progress.py has no imports from the package, so the writer loads it alone and starts fast
WRITER = """
import sys
sys.path[:0] = ["course/engine", "course/text"]
import os, stat, time
import progress
real_fsync = os.fsync
def slow_fsync(fd):  # a slow disk: most of each loop is spent between the temp file and the rename
    if stat.S_ISREG(os.fstat(fd).st_mode):  # the temp file, not the folder
        time.sleep(0.02)
    real_fsync(fd)
os.fsync = slow_fsync
payload = "x" * 300_000
i = 0
while True:
    i += 1
    progress.save({"version": 1, "student": "ana",
                   "questions": {f"q{j}": {"n": i, "payload": payload} for j in range(6)}})
    if i == 1:
        print("first write done", flush=True)
"""


def test_kill_while_writing_leaves_old_or_new_file(folder):
    """SIGKILL a process that writes in a loop; the file is always one complete version."""
    folder.mkdir(parents=True)
    last_seen = 0
    interrupted_writes = 0
    rounds = 0
    # at least 6 kills; go on (up to 30) until one has landed mid-write, so the evidence
    # below does not hang on one scheduler's timing
    while rounds < 6 or (interrupted_writes == 0 and rounds < 30):
        round_ = rounds % 6
        rounds += 1
        writer = subprocess.Popen([sys.executable, "-c", WRITER], cwd=REPO, env=os.environ.copy(),
                                  stdout=subprocess.PIPE, text=True)
        try:
            assert writer.stdout.readline().strip() == "first write done"
            time.sleep(0.03 + 0.05 * round_)
            writer.send_signal(signal.SIGKILL)
            assert writer.wait(timeout=30) == -signal.SIGKILL
        finally:
            if writer.poll() is None:
                writer.kill()
                writer.wait()
            writer.stdout.close()
        data = json.loads((folder / "ana.json").read_text(encoding="utf-8"))
        counters = {entry["n"] for entry in data["questions"].values()}
        assert len(counters) == 1 and len(data["questions"]) == 6  # one whole version
        assert all(len(e["payload"]) == 300_000 for e in data["questions"].values())
        last_seen = max(last_seen, counters.pop())
        leftovers = list(folder.glob(".ana.*.tmp"))
        interrupted_writes += bool(leftovers)
        for tmp in leftovers:
            tmp.unlink()
    assert last_seen >= 1
    # evidence that kills did land in the middle of a write (a temp file was left)
    assert interrupted_writes >= 1


RECORDER = """
import sys
sys.path[:0] = ["course/engine", "course/text"]
import progress
for n in range(25):
    progress.record(f"{sys.argv[1]}.q{n}", n, "wrong", 0.0)
"""


def test_two_kernels_of_one_student_lose_nothing(folder):
    """Two processes record different questions at the same time; every record survives."""
    writers = [subprocess.Popen([sys.executable, "-c", RECORDER, name], cwd=REPO,
                                env=os.environ.copy()) for name in ("a", "b")]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    saved = json.loads((folder / "ana.json").read_text(encoding="utf-8"))["questions"]
    assert sorted(saved) == sorted(f"{k}.q{n}" for k in "ab" for n in range(25))


def test_stale_temp_files_are_cleaned_up(folder):
    folder.mkdir(parents=True)
    stale, fresh = folder / ".ana.old.tmp", folder / ".ana.new.tmp"
    for tmp in (stale, fresh):
        tmp.write_text("{")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    course.mark("ex00.where", "Beijing")
    assert not stale.exists() and fresh.exists()


# ------------------------------------------------------------------ malformed progress files

GOOD_ENTRY = {"answer": "Beijing", "attempts": 1, "correct": True, "score": 1.0,
              "status": "correct", "first_checked": "2026-01-01T00:00:00+00:00",
              "last_checked": "2026-01-01T00:00:00+00:00", "article": "x"}


def record_bytes(questions) -> bytes:
    return json.dumps({"version": 1, "student": "ana", "questions": questions}).encode()


UNREADABLE = {  # the whole file cannot be used: it is moved aside unchanged
    "truncated": record_bytes({"ex00.who": GOOD_ENTRY})[:-7],
    "utf-16": record_bytes({"ex00.who": GOOD_ENTRY}).decode().encode("utf-16"),
    "latin-1": '{"questions": {"ex00.who": {"answer": "Zoë"}}}'.encode("latin-1"),
    "a list": b"[1, 2, 3]",
    "answers is 3": b'{"answers": 3}',
    "questions is 3": b'{"questions": 3}',
    "null": b"null",
    "empty": b"",
    "blank": b" \n\t ",
    "nested 10,000 deep": b'{"questions": ' + b"[" * 10_000 + b"]" * 10_000 + b"}",
    "nested 100,000 deep": b'{"questions": {"q": ' + b'{"a":' * 100_000 + b"1"
                           + b"}" * 100_001 + b"}",
    "huge number": b'{"questions": {"q": {"attempts": 1' + b"0" * 5_000 + b"}}}",
    "NUL bytes": b"\x00" * 64,
}
REPAIRABLE = {  # some entries are damaged: a byte-identical copy is kept, the rest stays
    "score is a string": {"ex00.where": {**GOOD_ENTRY, "score": "high"}},
    "entry is a number": {"ex00.where": 3},
    "attempts is a list": {"ex00.where": {**GOOD_ENTRY, "attempts": [1]}},
    "score is NaN": {"ex00.where": {**GOOD_ENTRY, "score": float("nan")}},
    "status unknown, correct a string": {"ex00.where": {**GOOD_ENTRY, "status": "great",
                                                       "correct": "yes"}},
}


def carries_on(folder: Path) -> None:
    """The student goes on working: marking saves, and the new file loads cleanly."""
    widget = course.ask("ex00.discussed")
    widget.value = list(course.question("ex00.discussed").answer)
    widget.check_button.click()
    assert course.mark("ex00.where", "Beijing").correct
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        saved = progress.load()["questions"]
        table = overview.progress_table()
    assert saved["ex00.where"]["answer"] == "Beijing" and saved["ex00.discussed"]["correct"]
    assert set(table["status"]) >= {"correct"}


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_malformed_progress_file_is_kept_aside_unchanged(folder, case):
    folder.mkdir(parents=True)
    original = UNREADABLE[case]
    (folder / "ana.json").write_bytes(original)
    with pytest.warns(progress.ProgressWarning,
                      match=r"ana\.json could not be read \(.+\); it was kept as "
                            r"ana\.unreadable-\d{8}T\d{6}\.json.*ask your teacher"):
        assert progress.load()["questions"] == {}
    kept = list(folder.glob("ana.unreadable-*.json"))
    assert len(kept) == 1 and kept[0].read_bytes() == original
    carries_on(folder)
    assert len(list(folder.glob("ana.unreadable-*.json"))) == 1  # set aside once


def test_huge_progress_file_is_kept_aside_without_parsing(folder):
    folder.mkdir(parents=True)
    original = record_bytes({"ex00.who": {**GOOD_ENTRY, "answer": "x" * (33 * 1024 * 1024)}})
    assert len(original) > progress.MAX_FILE_BYTES
    (folder / "ana.json").write_bytes(original)
    with pytest.warns(progress.ProgressWarning, match=r"ana\.json .*too large.*kept as"):
        course.mark("ex00.where", "Beijing")
    kept = list(folder.glob("ana.unreadable-*.json"))
    assert len(kept) == 1 and kept[0].read_bytes() == original
    carries_on(folder)


@pytest.mark.parametrize("case", sorted(REPAIRABLE))
def test_damaged_entries_are_dropped_and_the_rest_kept(folder, case):
    folder.mkdir(parents=True)
    good = {"ex00.who": GOOD_ENTRY, "ex00.events": {**GOOD_ENTRY, "answer": ["a", "b"]}}
    original = record_bytes({**good, **REPAIRABLE[case]})
    (folder / "ana.json").write_bytes(original)
    with pytest.warns(progress.ProgressWarning,
                      match=r"Part of your progress file ana\.json could not be read "
                            r"\(.*ex00\.where.*\); a copy of the file as it was is kept as "
                            r"ana\.unreadable-\d{8}T\d{6}\.json.*carry on"):
        data = progress.load()
    assert {q: data["questions"][q] for q in good} == good  # the readable answers stay
    kept = list(folder.glob("ana.unreadable-*.json"))
    assert len(kept) == 1 and kept[0].read_bytes() == original
    with warnings.catch_warnings():  # repaired once: later reads are clean
        warnings.simplefilter("error")
        assert progress.load() == data
        assert course.ask("ex00.where").value in (None, "Beijing")
    carries_on(folder)
    assert {q: progress.load()["questions"][q] for q in good} == good


def test_a_folder_in_place_of_the_progress_file_is_moved_aside(folder):
    (folder / "ana.json").mkdir(parents=True)
    (folder / "ana.json" / "notes.txt").write_bytes(b"a teacher's notes")
    with pytest.warns(progress.ProgressWarning, match=r"ana\.json could not be read "
                                                      r"\(there is a folder.*kept as"):
        course.mark("ex00.where", "Beijing")
    kept = list(folder.glob("ana.unreadable-*.json"))
    assert len(kept) == 1 and (kept[0] / "notes.txt").read_bytes() == b"a teacher's notes"
    carries_on(folder)


def test_unwritable_folder_names_the_file_and_the_fix(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"a file where the progress folder should be")
    monkeypatch.setenv("COURSE_PROGRESS_DIR", str(blocker))
    monkeypatch.setenv("COURSE_STUDENT", "ana")
    with pytest.warns(progress.ProgressWarning,
                      match=r"could not be saved to .*not-a-folder/ana\.json \(not-a-folder is a "
                            r"file, not a folder\).*COURSE_PROGRESS_DIR") as warned:
        assert course.mark("ex00.where", "Beijing").correct
        widget = course.ask("ex00.where")  # the widget works too
        widget.value = "Moscow"
        widget.check_button.click()
    assert all("could not be saved" in str(w.message) for w in warned)  # nothing else
    assert blocker.read_bytes() == b"a file where the progress folder should be"


def test_answers_with_lone_surrogates_and_hostile_objects_are_saved(folder):
    class Loud:
        def __repr__(self):
            raise RuntimeError("no repr")
    course.mark("ex00.summary", "broken \udc80 text")
    course.mark("ex00.discussed", [Loud(), {Loud(): 1}])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        saved = progress.load()["questions"]
    assert saved["ex00.summary"]["answer"] == "broken \udc80 text"
    assert saved["ex00.discussed"]["answer"] == ["<Loud>", {"<Loud>": 1}]
