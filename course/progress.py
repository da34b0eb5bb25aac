"""A student's progress: one JSON file per student, saved atomically on every check.

The file lives in ``$COURSE_PROGRESS_DIR`` (default ``<repo>/progress/``) and is named
after ``$COURSE_STUDENT`` (default: the login name). Writes go to a temporary file in the
same folder, are flushed to disk, then renamed over the old file, so a crash leaves
either the old or the new file, never half of one. A file that cannot be read is moved
aside under a new name, with a warning, and the student starts a fresh file: nothing is
silently lost.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import re
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any, Iterator

REPO = Path(__file__).resolve().parent.parent
VERSION = 1
MAX_STORED_CHARS = 20_000


class ProgressWarning(UserWarning):
    """Shown when a progress file could not be read or written."""


def progress_dir() -> Path:
    """The folder holding progress files: ``$COURSE_PROGRESS_DIR`` or ``<repo>/progress``."""
    return Path(os.environ.get("COURSE_PROGRESS_DIR") or REPO / "progress")


def student_name() -> str:
    """The student's name made safe for a file name (``$COURSE_STUDENT`` or login name)."""
    raw = os.environ.get("COURSE_STUDENT", "")
    if not raw:
        try:
            raw = getpass.getuser()
        except Exception:  # no login name in some containers
            raw = ""
    safe = re.sub(r"[^A-Za-z0-9_-]+", "_", raw.strip()).strip("_")[:64]
    return safe or "student"


def progress_path() -> Path:
    """This student's progress file."""
    return progress_dir() / f"{student_name()}.json"


def _now() -> str:
    """The current UTC time, ISO format, for the record's timestamps."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _empty() -> dict:
    """A progress record with nothing in it yet."""
    return {"version": VERSION, "student": student_name(), "questions": {}}


def jsonable(value: Any, depth: int = 0) -> Any:
    """A JSON-safe copy of a student's answer (sets become lists, odd objects their repr)."""
    if depth > 20:
        return "…"
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else repr(value)
    if isinstance(value, str):
        return value[:MAX_STORED_CHARS]
    if isinstance(value, dict):
        return {str(k)[:200]: jsonable(v, depth + 1) for k, v in list(value.items())[:200]}
    if isinstance(value, (list, tuple)):
        return [jsonable(v, depth + 1) for v in list(value)[:200]]
    if isinstance(value, (set, frozenset)):
        return [jsonable(v, depth + 1) for v in sorted(value, key=repr)[:200]]
    try:
        return repr(value)[:200]
    except Exception:
        return f"<{type(value).__name__}>"


def _set_aside(path: Path, reason: str) -> None:
    """Rename an unreadable progress file to a new name and warn the student."""
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.stem}.unreadable-{stamp}.json")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.stem}.unreadable-{stamp}-{n}.json")
    try:
        os.replace(path, target)
        where = f"it was kept as {target.name}"
    except OSError as err:
        where = f"it could not be moved aside ({err.strerror}); it was left as it is"
    warnings.warn(f"Your progress file {path.name} could not be read ({reason}); {where} "
                  "in the progress folder. A new progress file is started: ask your teacher "
                  "if you need the old answers back.", ProgressWarning, stacklevel=3)


def load() -> dict:
    """The student's saved progress; a fresh record if there is none or it is unreadable."""
    path = progress_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return _empty()
    except OSError as err:
        warnings.warn(f"Your progress file {path.name} could not be opened ({err.strerror}); "
                      "progress is not restored.", ProgressWarning, stacklevel=2)
        return _empty()
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("questions"), dict):
            raise ValueError("it does not hold a progress record")
    except (UnicodeDecodeError, ValueError) as err:
        _set_aside(path, type(err).__name__ if not str(err) else str(err)[:80])
        return _empty()
    return data


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the student's lock file (two kernels of one student)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no locking, atomic writes still hold
        yield
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / f".{student_name()}.lock", "a")
    except OSError:
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove_stale_temps(path: Path, older_than: float = 600.0) -> None:
    """Delete temp files a crashed writer left behind (old enough not to be in use)."""
    now = time.time()
    for tmp in path.parent.glob(f".{path.stem}.*.tmp"):
        try:
            if now - tmp.stat().st_mtime > older_than:
                tmp.unlink()
        except OSError:
            pass


def save(data: dict) -> bool:
    """Write the record atomically (temp file, fsync, rename); warn and return False on error."""
    path = progress_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False, indent=1, sort_keys=True)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        _fsync_dir(path.parent)
        _remove_stale_temps(path)
        return True
    except OSError as err:
        warnings.warn(f"Your progress could not be saved to {path.name} ({err.strerror}).",
                      ProgressWarning, stacklevel=2)
        return False


def _fsync_dir(folder: Path) -> None:
    """Flush the folder entry so that the rename itself survives a power cut (POSIX)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def saved(qid: str) -> dict | None:
    """The saved record of one question, or None if it was never checked."""
    return load()["questions"].get(qid)


def record(qid: str, answer: Any, status: str, score: float, article_id: str = "") -> dict:
    """Save one check of ``qid``; a new answer (not a repeat of the last) counts an attempt."""
    with _locked(progress_dir()):
        return _record(qid, answer, status, score, article_id)


def _record(qid: str, answer: Any, status: str, score: float, article_id: str) -> dict:
    """Load, update and save (called with the lock held)."""
    data = load()
    entry = data["questions"].get(qid) or {"attempts": 0, "first_checked": _now()}
    stored = jsonable(answer)
    counts = status in ("correct", "partial", "wrong")
    if counts and (entry.get("attempts", 0) == 0 or entry.get("answer") != stored):
        entry["attempts"] = int(entry.get("attempts", 0)) + 1
    entry.update({"answer": stored, "status": status, "score": round(float(score), 4),
                  "correct": status == "correct", "last_checked": _now(),
                  "article": article_id})
    if status == "correct" and "first_correct" not in entry:
        entry["first_correct"] = entry["last_checked"]
    data["questions"][qid] = entry
    data["student"] = student_name()
    data["version"] = VERSION
    save(data)
    return entry
