"""Where the course's files live, and the one way the course writes a file: atomically.

Imports nothing from the package, so that ``progress.py`` (which crash tests load on its
own) can use it too. ``atomic_write`` writes a new temporary file beside the target, flushes
it to disk, optionally lets the caller check it (a key file the engine must be able to
load), renames it over the target and flushes the folder: a crash leaves the old file or
the new one, never half of one, and a failed check leaves the old file untouched.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path
from typing import Callable

#: The repository root (the folder holding course/, seeds/, notebooks/ ...).
REPO = Path(__file__).resolve().parents[2]
#: The course's own articles.
SEEDS_DIR = REPO / "seeds"


def fsync_dir(folder: Path) -> None:
    """Flush the folder entry so that a rename survives a power cut (POSIX)."""
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


def remove_stale_temps(path: Path, older_than: float = 600.0) -> None:
    """Delete temp files a crashed writer left beside ``path`` (old enough not to be in use)."""
    now = time.time()
    for tmp in path.parent.glob(f".{path.stem}.*.tmp"):
        try:
            if now - tmp.stat().st_mtime > older_than:
                tmp.unlink()
        except OSError:
            pass


def atomic_write(path: Path, payload: bytes | str,
                 check: Callable[[Path], None] | None = None) -> None:
    """Replace ``path`` by ``payload`` (text is written as UTF-8) atomically; ``check``, if
    given, gets the flushed temporary file first and may raise to keep the old file.
    Raises OSError (or what ``check`` raises)."""
    path = Path(path)
    data = payload.encode("utf-8") if isinstance(payload, str) else payload
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if check is not None:
            check(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)
    remove_stale_temps(path)
