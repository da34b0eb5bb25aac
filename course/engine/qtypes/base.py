"""What a question type is: one record of the functions the engine, the widgets, the guide
and the handouts call for a question of that type. Each type's module builds one."""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Callable

from ...text.article import Article
from ..question import Question
from ..results import Result


@dataclass(frozen=True)
class QuestionType:
    """Everything particular to one question type (no other module branches on types)."""

    name: str
    #: The TOML fields this type adds to the common ones.
    fields: frozenset[str]
    #: Answered in the student's own words and marked by the teacher, never scored.
    written: bool
    #: (article, raw table, where) -> (the Question's fields, the names that evidence and
    #: feedback may be keyed by); raises QuestionError naming ``where``.
    validate: Callable[[Article, dict, str], tuple[dict, set[str]]]
    #: (question, answer already made plain and not empty) -> Result; never raises.
    check: Callable[[Question, Any], Result]
    #: One sentence telling the student what kind of answer the question takes.
    expected: Callable[[Question], str]
    #: What Check says when nothing was answered.
    unanswered: str
    #: The ``controls.AnswerControl`` subclass the widget shows.
    control: type
    #: A checked answer in plain words (the line under the widget, the marking board).
    words: Callable[[Question, Any], str]
    #: The full-marks answer (the model answer or log for a written type).
    solution: Callable[[Question], Any]
    #: Printable HTML of what the student chooses from, or space to write.
    handout: Callable[[Question], str]
    #: The key in words for the teacher guide.
    key_text: Callable[[Question, Article], str]


def option_list(q: Question, box: str) -> str:
    """The options as a printable list, each after an empty ``box`` (○ or ☐)."""
    return ("<ul style='list-style:none'>" +
            "".join(f"<li>{box} {html.escape(o)}</li>" for o in q.options) + "</ul>")


def one_line(text: Any) -> str:
    """Collapse white space so a value fits on one line."""
    return " ".join(str(text).split())
