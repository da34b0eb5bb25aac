"""Checking a student's answer against a question's key: ``check_answer`` makes the answer
plain and hands it to the question's type (``course/engine/qtypes/``).

``check_answer`` never raises on a student's answer: ``None``, a wrong type, an empty or
huge string, unknown option names all give a ``Result`` whose feedback says what kind of
answer is expected.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from . import progress
from .qtypes.sources import log_entries, log_words  # noqa: F401  (public names)
from .qtypes.text import COPY_RUN, longest_shared_run  # noqa: F401  (public names)
from .progress import MAX_DEPTH
from .question import Question
from .results import (MARKS, STATUSES, Result, invalid, is_empty,  # noqa: F401
                      short, unanswered)


@dataclass(frozen=True)
class Checked:
    """A checked answer and, when it was saved, its progress entry (attempts, time...)."""

    result: Result
    entry: dict | None


def check_and_record(q: Question, answer: Any,
                     checker: Callable[[Question, Any], Result] | None = None) -> Checked:
    """Check ``answer`` and, unless it is unanswered, save it in the student's progress:
    the one check-then-save that ``mark``, the teacher versions and the widgets share."""
    result = (checker or check_answer)(q, answer)
    entry = None
    if result.status != "unanswered":
        entry = progress.record(q.progress_id, answer, result.status, result.score, q.article_id)
    return Checked(result, entry)


def expected_form(q: Question) -> str:
    """One sentence telling the student what kind of answer this question takes."""
    return q.kind.expected(q)


class _Odd:
    """Stands in for a value no answer can be (bytes, objects, nesting too deep): its repr is
    computed once, safely, so that no method of the student's object runs again."""

    def __init__(self, shown: str) -> None:
        self.shown = shown

    def __repr__(self) -> str:
        return self.shown




def _plain(value: Any, depth: int = 0) -> Any:
    """A copy of ``value`` made of plain built-in types only (str, int, float, bool, None,
    list, dict); subclasses are read through the built-in methods, so a student's object
    whose ``__eq__``, ``__hash__``, ``__str__`` or ``__iter__`` raises cannot break a check."""
    kind = type(value)  # the real type: isinstance() can be fooled by a __class__ property
    if value is None or kind in (bool, int, float, str):
        return value
    if depth > MAX_DEPTH:
        return _Odd("…")
    if issubclass(kind, str):
        return str.__str__(value)
    if issubclass(kind, int):
        return int.__int__(value)
    if issubclass(kind, float):
        return float.__float__(value)
    if issubclass(kind, list):
        return [_plain(v, depth + 1) for v in list.copy(value)]
    if issubclass(kind, tuple):
        return [_plain(v, depth + 1) for v in tuple.__getitem__(value, slice(None))]
    if issubclass(kind, dict):
        return {(str.__str__(k) if issubclass(type(k), str) else _Odd(short(k))):
                _plain(v, depth + 1) for k, v in list(dict.items(value))}
    if issubclass(kind, (set, frozenset)):
        return sorted((_plain(v, depth + 1) for v in frozenset(value)), key=short)
    return _Odd(short(value))


def written_text(q: Question, answer: Any) -> str:
    """A written answer as the text a teacher reads and marks (a log in plain words)."""
    return "" if answer is None else q.kind.words(q, answer)


def check_answer(q: Question, answer: Any) -> Result:
    """Check ``answer`` against question ``q`` (by its type's module); never raises on the
    answer."""
    try:
        answer = _plain(answer)
        if is_empty(answer):
            return unanswered(expected_form(q)[0].upper() + expected_form(q)[1:])
        return q.kind.check(q, answer)
    except Exception as err:  # a last guard: an odd object must not crash a lesson
        return invalid(f"could not read this answer ({type(err).__name__}); {expected_form(q)}")
