"""A student's progress: one JSON file per student, saved atomically on every check.

The file lives in ``$COURSE_PROGRESS_DIR`` (default ``<repo>/progress/``) and is named
after ``$COURSE_STUDENT`` (default: the login name). Writes go to a temporary file in the
same folder, are flushed to disk (file and folder), then renamed over the old file, so a
crash leaves either the old or the new file, never half of one. Updates hold a lock on a
lock file (``flock``: the system releases it when a process dies, so a killed kernel never
blocks the next one). A file that cannot be read (not JSON, not UTF-8, too large, too
deeply nested, a folder in its place) is moved aside unchanged under a new name, with a
warning, and the student starts a fresh file; a file with some damaged entries is copied
aside byte for byte and the entries that can be read are kept. Nothing is silently lost.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import math
import os
import re
import threading
import time
import warnings
from pathlib import Path
from typing import Any, Iterator


try:  # as part of the package
    from ..text.files import REPO, atomic_write
except ImportError:  # loaded on its own by the crash tests, course/engine and course/text on sys.path
    from files import REPO, atomic_write  # type: ignore[no-redef]
VERSION = 1
MAX_STORED_CHARS = 20_000
#: A progress file larger than this is not a progress file the course wrote (62 questions
#: with 20,000-character answers stay far below): it is kept aside, not parsed.
MAX_FILE_BYTES = 32 * 1024 * 1024
#: Seconds to wait for another kernel of the same student to finish saving.
LOCK_WAIT = 10.0
#: Every status a checked answer can have (``checking.Result.status``): defined here, where
#: the file format is, since this module is loaded on its own by crash tests (no package
#: imports); a written answer is ``written``, saved for the teacher and never scored.
STATUSES = ("correct", "partial", "wrong", "unanswered", "invalid", "written")
#: How deeply nested a student's value is read, here and by the checker (``checking``):
#: deeper than any answer form; what lies deeper is stored and shown as "…".
MAX_DEPTH = 40
#: The rubric levels a teacher marks written answers with, lowest first.
LEVELS = ("beginning", "developing", "proficient")


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


def _safe_str(value: Any, limit: int) -> str:
    """``str(value)`` cut to ``limit`` characters, or the type's name if str() fails."""
    try:
        return str.__str__(value)[:limit] if isinstance(value, str) else str(value)[:limit]
    except Exception:
        return f"<{type(value).__name__}>"


def jsonable(value: Any, depth: int = 0) -> Any:
    """A JSON-safe copy of a student's answer (sets become lists, odd objects their repr)."""
    try:
        return _jsonable(value, depth)
    except Exception:  # a student's object whose methods raise: store its type only
        return f"<{type(value).__name__}>"


def _jsonable(value: Any, depth: int) -> Any:
    if depth > MAX_DEPTH:
        return "…"
    if value is None or type(value) in (bool, int):
        return value if type(value) is bool or abs(value) < 10 ** 15 else str(value)[:200]
    if isinstance(value, float):
        value = float(value)
        return value if math.isfinite(value) else repr(value)
    if isinstance(value, str):
        return str.__str__(value)[:MAX_STORED_CHARS]
    if isinstance(value, dict):
        pairs = list(dict.items(value))[:200]
        return {_safe_str(k, 200): jsonable(v, depth + 1) for k, v in pairs}
    if isinstance(value, (list, tuple)):
        return [jsonable(v, depth + 1) for v in (list.copy(value) if isinstance(value, list)
                                                  else tuple.__getitem__(value, slice(0, 200)))[:200]]
    if isinstance(value, (set, frozenset)):
        items = [jsonable(v, depth + 1) for v in list(frozenset(value))[:200]]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    text = repr(value)
    return text[:200] if isinstance(text, str) else f"<{type(value).__name__}>"


# ------------------------------------------------------------------ locking

_HELD = threading.local()  # how deep this thread is inside _locked (flock is not reentrant)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the student's lock file (two kernels of one student).

    ``flock`` locks die with their process, so a lock file left by a killed kernel never
    blocks; a kernel that hangs while holding it blocks others for ``LOCK_WAIT`` seconds
    at most, after which they save without it (the write itself stays atomic).
    """
    if getattr(_HELD, "depth", 0):
        _HELD.depth += 1
        try:
            yield
        finally:
            _HELD.depth -= 1
        return
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
        got = _acquire(handle, fcntl)
        _HELD.depth = 1
        try:
            yield
        finally:
            _HELD.depth = 0
            if got:
                fcntl.flock(handle, fcntl.LOCK_UN)


def _acquire(handle: Any, fcntl: Any) -> bool:
    """Take the lock, waiting at most ``LOCK_WAIT`` seconds; True if it was taken."""
    deadline = time.monotonic() + LOCK_WAIT
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.005)
        except OSError:  # a file system without locks
            return False


# ------------------------------------------------------------------ reading

class _Unreadable(Exception):
    """The progress file as a whole cannot be used; the message says why, in plain words."""


def _parse(raw: bytes) -> tuple[dict, list[str]]:
    """The record in ``raw`` and a list of repaired problems; _Unreadable if there is none."""
    if len(raw) > MAX_FILE_BYTES:
        raise _Unreadable(f"it is too large ({len(raw) // 1_000_000} MB)")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise _Unreadable("it is not UTF-8 text") from None
    except RecursionError:
        raise _Unreadable("it is nested too deeply") from None
    except ValueError as err:
        raise _Unreadable(f"it is not valid JSON: {str(err)[:80]}" if raw.strip()
                          else "it is empty") from None
    if not isinstance(data, dict) or not isinstance(data.get("questions"), dict):
        raise _Unreadable("it does not hold a progress record (no \"questions\" table)")
    problems: list[str] = []
    clean = {}
    for qid, entry in data["questions"].items():
        if not isinstance(entry, dict):
            problems.append(f"the entry for {qid[:60]!r} is not a table")
            continue
        bad = [k for k, v in entry.items() if not _field_ok(k, v)]
        if bad:
            problems.append(f"{qid[:60]!r} has a wrong {', '.join(sorted(bad))}")
        clean[qid] = {k: v for k, v in entry.items() if k not in bad}
    return {**data, "questions": clean}, problems


def _field_ok(key: str, value: Any) -> bool:
    """Whether one field of a saved entry has the type the course reads it as."""
    if key == "attempts":
        return type(value) is int and 0 <= value < 10 ** 9
    if key == "score":
        return type(value) in (int, float) and math.isfinite(value) and 0 <= value <= 1
    if key == "status":
        return value in STATUSES
    if key == "correct":
        return type(value) is bool
    if key in ("first_checked", "last_checked", "first_correct", "article"):
        return isinstance(value, str)
    if key == "rubric":
        return isinstance(value, list) and len(value) <= 100 and \
            all(type(v) is bool for v in value)
    if key == "self_level":
        return value in LEVELS
    return True  # the answer (any JSON value) and fields a later version may add


def _keep_aside_name(path: Path) -> Path:
    """A new name next to ``path`` for keeping an unreadable file: never an existing one."""
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.stem}.unreadable-{stamp}.json")
    n = 1
    while os.path.lexists(target):
        n += 1
        target = path.with_name(f"{path.stem}.unreadable-{stamp}-{n}.json")
    return target


def _set_aside(path: Path, reason: str) -> None:
    """Rename an unreadable progress file (or folder) to a new name and warn the student."""
    target = _keep_aside_name(path)
    try:
        os.rename(path, target)
        where = f"it was kept as {target.name}, unchanged,"
    except OSError as err:
        where = f"it could not be moved aside ({err.strerror}); it was left as it is"
    warnings.warn(f"Your progress file {path.name} could not be read ({reason}); {where} "
                  "in the progress folder. A new progress file is started: ask your teacher "
                  "if you need the old answers back.", ProgressWarning, stacklevel=4)


def _copy_aside(path: Path, raw: bytes, problems: list[str]) -> None:
    """Keep a byte-for-byte copy of a partly damaged file and warn about what was dropped."""
    target = _keep_aside_name(path)
    try:
        with open(target, "xb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        where = f"a copy of the file as it was is kept as {target.name}"
    except OSError as err:
        where = f"no copy could be kept ({err.strerror})"
    more = f" and {len(problems) - 3} more" if len(problems) > 3 else ""
    warnings.warn(f"Part of your progress file {path.name} could not be read "
                  f"({'; '.join(problems[:3])}{more}); {where} in the progress folder. The "
                  "rest of your answers are kept and you can carry on.",
                  ProgressWarning, stacklevel=4)


def _read(path: Path) -> bytes | None:
    """The file's bytes, None if there is none; _Unreadable if it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _Unreadable(f"it is too large ({size // 1_000_000} MB)")
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):  # no file, or no folder: nothing saved
        return None
    except IsADirectoryError:
        raise _Unreadable("there is a folder with that name") from None
    except OSError as err:
        raise _Unreadable(f"it cannot be opened: {err.strerror}") from None


class UnreadableFile(ValueError):
    """A progress file that cannot be used at all; the message says why, in plain words."""


def read_record(path: Path) -> tuple[dict, list[str]]:
    """A progress file read with the same checks the student's kernel makes: the record and
    the damaged entries it left out; ``UnreadableFile`` if none of it can be used, OSError if
    it cannot be opened. For grading a class's files: nothing is moved or rewritten."""
    try:
        return _parse(path.read_bytes())
    except _Unreadable as err:
        raise UnreadableFile(str(err)) from None


def load() -> dict:
    """The student's saved progress; a fresh record if there is none or it is unreadable."""
    path = progress_path()
    try:
        raw = _read(path)
        if raw is None:
            return _empty()
        data, problems = _parse(raw)
        if not problems:
            return data
    except _Unreadable:
        pass
    with _locked(path.parent):  # set aside or repair only with the lock: nobody is writing
        try:
            raw = _read(path)
            if raw is None:
                return _empty()
            data, problems = _parse(raw)
        except _Unreadable as err:
            _set_aside(path, str(err))
            return _empty()
        if problems:
            _copy_aside(path, raw, problems)
            save(data)
        return data


# ------------------------------------------------------------------ writing

def _encode(data: dict) -> bytes:
    """The record as UTF-8 JSON (escaped ASCII if an answer holds a lone surrogate)."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, ensure_ascii=True, indent=1, sort_keys=True).encode("ascii")


def save(data: dict) -> bool:
    """Write the record atomically (temp file, fsync, rename); warn and return False on error."""
    path = progress_path()
    try:
        atomic_write(path, _encode(data))
        return True
    except (OSError, ValueError, TypeError) as err:
        reason = getattr(err, "strerror", None) or type(err).__name__
        if path.parent.exists() and not path.parent.is_dir():
            reason = f"{path.parent.name} is a file, not a folder"
        warnings.warn(f"Your progress could not be saved to {path} ({reason}). Check that "
                      "the folder exists and you may write to it, or set COURSE_PROGRESS_DIR "
                      "to a folder you can write to.", ProgressWarning, stacklevel=2)
        return False


def saved(qid: str) -> dict | None:
    """The saved record of one question, or None if it was never checked."""
    return load()["questions"].get(qid)


def record(qid: str, answer: Any, status: str, score: float, article_id: str = "") -> dict:
    """Save one check of ``qid``; a new answer (not a repeat of the last) counts an attempt."""
    with _locked(progress_dir()):
        return _record(qid, answer, status, score, article_id)


def record_self_level(qid: str, level: str | None) -> bool:
    """Save where the student placed their own written answer on the rubric (one of
    ``LEVELS``, or None to clear it); False if there is no checked answer to attach it to."""
    with _locked(progress_dir()):
        data = load()
        entry = data["questions"].get(qid)
        if entry is None:
            return False
        if level in LEVELS:
            entry["self_level"] = level
        else:
            entry.pop("self_level", None)
        save(data)
        return True


def _record(qid: str, answer: Any, status: str, score: float, article_id: str) -> dict:
    """Load, update and save (called with the lock held)."""
    data = load()
    entry = data["questions"].get(qid) or {"attempts": 0, "first_checked": _now()}
    stored = jsonable(answer)
    counts = status in ("correct", "partial", "wrong", "written")
    if counts and (entry.get("attempts", 0) == 0 or entry.get("answer") != stored):
        entry["attempts"] = int(entry.get("attempts", 0)) + 1
    if entry.get("answer") != stored:
        entry.pop("rubric", None)  # the student's reading of the old answer, not this one
        entry.pop("self_level", None)
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
