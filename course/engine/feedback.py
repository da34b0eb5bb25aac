"""A teacher's marks on written answers, as the student sees them.

The teacher marks in ``notebooks/teacher_marking.ipynb`` (course/teaching/marking.py); each saved
mark is also written to ``feedback/<student>.json`` beside the class's progress files.
When that folder is the students' own progress folder (a shared folder, a JupyterHub),
students see their teacher's level and comment the next time a question or the progress
overview is shown; otherwise the teacher copies ``feedback/`` into each student's progress
folder. The file holds, per question, the level, the comment, the answer that was marked
and when: a student who has since changed the answer is told the mark was for an earlier
one.
"""
from __future__ import annotations

import json
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

from . import progress
from ..text.files import atomic_write
from .questions import LEVELS

FOLDER = "feedback"
VERSION = 1


@dataclass(frozen=True)
class TeacherNote:
    """One teacher's mark on one written answer: a level (or none yet) and a comment."""

    level: str = ""
    comment: str = ""
    answer: str = ""   # the answer that was marked
    marked: str = ""   # when (UTC, ISO)

    def line(self, current_answer: object = None) -> str:
        """'Your teacher: Developing: <comment>' (and a word if the answer has changed)."""
        level = self.level.capitalize() if self.level else "No level yet"
        text = f"Your teacher: {level}" + (f": {self.comment}" if self.comment else "")
        if current_answer is not None and isinstance(current_answer, str) and \
                current_answer.strip() != self.answer.strip():
            text += " (this was for an earlier version of your answer)"
        return text


def feedback_path(folder: Path, student: str) -> Path:
    """Where the feedback for ``student`` lives under a class or progress folder."""
    return Path(folder) / FOLDER / f"{student}.json"


def _note(raw: object) -> TeacherNote | None:
    """A TeacherNote from a JSON table, or None if it is not one."""
    if not isinstance(raw, dict):
        return None
    fields = {k: raw.get(k, "") for k in ("level", "comment", "answer", "marked")}
    if not all(isinstance(v, str) for v in fields.values()) or \
            (fields["level"] and fields["level"] not in LEVELS):
        return None
    return TeacherNote(**fields)


def read_notes(path: Path) -> dict[str, TeacherNote]:
    """Progress id -> TeacherNote from one feedback file; {} (with a warning) if it is
    missing or cannot be read. Never raises: a student's lesson must go on."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, RecursionError) as err:
        warnings.warn(f"Your teacher's feedback file {path.name} could not be read "
                      f"({type(err).__name__}); ask your teacher to save the marks again.",
                      progress.ProgressWarning, stacklevel=3)
        return {}
    notes = data.get("notes") if isinstance(data, dict) else None
    if not isinstance(notes, dict):
        return {}
    return {qid: note for qid, raw in notes.items() if (note := _note(raw)) is not None}


def write_notes(path: Path, student: str, notes: dict[str, TeacherNote]) -> None:
    """Write one student's feedback file atomically (raises OSError)."""
    data = {"version": VERSION, "student": student,
            "notes": {qid: asdict(note) for qid, note in sorted(notes.items())}}
    atomic_write(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


def my_notes() -> dict[str, TeacherNote]:
    """This student's feedback, from their progress folder."""
    return read_notes(feedback_path(progress.progress_dir(), progress.student_name()))


def note_for(progress_id: str) -> TeacherNote | None:
    """The teacher's note on one of this student's questions, if there is one."""
    return my_notes().get(progress_id)
