"""Suite-wide set-up: every test, kernel and JupyterLab server writes progress to a
temporary folder, never to a student's real progress file."""
from __future__ import annotations

import os
import tempfile

# Set at import time, before nbval or any fixture starts a kernel, so that child
# processes inherit it.
_PROGRESS = tempfile.mkdtemp(prefix="course-test-progress-")
os.environ["COURSE_PROGRESS_DIR"] = _PROGRESS
os.environ["COURSE_STUDENT"] = "test-student"
os.environ.setdefault("MPLBACKEND", "Agg")
