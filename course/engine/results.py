"""What checking an answer gives (``Result``), and the small helpers every question
type's checker is made of: safe echoes of a student's value, matching names, scoring a set.

These never raise on a student's answer; each type's ``check`` (``course/engine/qtypes/``) uses
them, and ``checking.check_answer`` dispatches to the type.
"""
from __future__ import annotations

import re
import reprlib
from dataclasses import dataclass
from typing import Any

from .progress import STATUSES  # noqa: F401  (re-exported: one list for the course)
from .question import Question


#: The mark and the words that start every printed or shown feedback line, per status.
MARKS = {
    "correct": ("✓", "Correct"),
    "partial": ("◐", "Partly right"),
    "wrong": ("✗", "Not yet"),
    "unanswered": ("…", "Not answered yet"),
    "invalid": ("?", "Cannot check this answer"),
    "written": ("✎", "Saved for your teacher to mark"),
}


@dataclass(frozen=True)
class Result:
    """The outcome of checking one answer: correct, a score 0..1, feedback and a status."""

    correct: bool
    score: float
    feedback: str
    status: str
    #: Questions that help a student improve a written answer (the machine never marks it).
    hints: tuple[str, ...] = ()

    @property
    def line(self) -> str:
        """One plain line: the mark, the status in words, then the feedback."""
        mark, words = MARKS[self.status]
        more = (" Questions to think about: " + " ".join(self.hints)) if self.hints else ""
        return f"{mark} {words}: {self.feedback}{more}"


_REPR = reprlib.Repr()  # bounded reprs (Python 3.11 has no keyword arguments for these)
_REPR.maxstring = _REPR.maxother = 36
_REPR.maxlist = _REPR.maxtuple = _REPR.maxset = _REPR.maxfrozenset = 4
_REPR.maxdict, _REPR.maxlevel = 3, 2


def short(value: Any, limit: int = 40) -> str:
    """A repr of a student's value that is safe to echo (bounded work, never huge)."""
    try:
        text = _REPR.repr(value)
    except Exception:  # a student's object with a broken __repr__
        text = f"<{type(value).__name__}>"
    text = re.sub(r" (?:instance |object )?at 0x[0-9a-fA-F]+", "", text)  # no memory addresses
    return text if len(text) <= limit else text[: limit - 1] + "…"


def listing(names: tuple[str, ...] | list[str], limit: int = 8) -> str:
    """Names quoted and joined for a feedback sentence."""
    shown = [f"“{n}”" for n in names[:limit]]
    return ", ".join(shown) + (", …" if len(names) > limit else "")


def is_empty(value: Any) -> bool:
    """True for None, blank strings and empty collections (nothing answered)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        return all(is_empty(v) for v in (value.values() if isinstance(value, dict) else value))
    return False


def as_list(value: Any) -> list | None:
    """A list from a list, tuple or set (sorted by repr for sets); None for anything else."""
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    return None


def match_name(value: Any, names: tuple[str, ...]) -> str | None:
    """The name ``value`` stands for (exact, or ignoring case and outer spaces), else None."""
    if not isinstance(value, str):
        return None
    if value in names:
        return value
    folded = value.strip().casefold()
    for name in names:
        if name.casefold() == folded:
            return name
    return None


def scored(score: float, feedback: str, partial_ok: bool = True) -> Result:
    """A Result with the status that the score implies."""
    score = max(0.0, min(1.0, float(score)))
    if score >= 1.0:
        return Result(True, 1.0, feedback, "correct")
    if score > 0 and partial_ok:
        return Result(False, score, feedback, "partial")
    return Result(False, 0.0, feedback, "wrong")


def unanswered(expected: str) -> Result:
    """The result for an empty answer, saying what kind of answer is expected."""
    return Result(False, 0.0, expected, "unanswered")


def invalid(message: str) -> Result:
    """The result for an answer of the wrong form."""
    return Result(False, 0.0, message, "invalid")


def pick_many(q: Question, answer: Any, names: tuple[str, ...], what: str) -> list[str] | Result:
    """The named choices in a list answer, or an invalid Result naming what is wrong."""
    items = [answer] if isinstance(answer, str) else as_list(answer)
    if items is None:
        return invalid(f"{short(answer)} is not a list; {q.kind.expected(q)}")
    picked, unknown = [], []
    for item in items:
        if is_empty(item):
            continue
        name = match_name(item, names)
        (picked if name is not None else unknown).append(name if name is not None else item)
    if unknown:
        return invalid(f"{', '.join(short(u, 30) for u in unknown[:3])} "
                       f"{'is' if len(unknown) == 1 else 'are'} not {what}; {q.kind.expected(q)}")
    return list(dict.fromkeys(picked))


def check_set(q: Question, picked: list[str], key: tuple[str, ...], noun: str) -> Result:
    """Score a set of picks: right picks minus wrong picks, over the size of the key."""
    right = [p for p in picked if p in key]
    wrong = [p for p in picked if p not in key]
    score = (len(right) - len(wrong)) / len(key)
    if not wrong and len(right) == len(key):
        return scored(1.0, q.explanation)
    text = f"you found {len(right)} of the {len(key)} right {noun}{'s' if len(key) != 1 else ''}"
    if wrong:
        text += (f"; {len(wrong)} of your picks do{'es' if len(wrong) == 1 else ''} "
                 "not fit (each one takes a right one away)")
    notes = [q.feedback[w] for w in wrong if w in q.feedback]
    return scored(score, text[0].upper() + text[1:] + "." + "".join(" " + n for n in notes[:2]))
