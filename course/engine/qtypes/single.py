"""Single choice: radio buttons, one option right."""
from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..controls import WIDE, AnswerControl, make
from ..question import Question, fail, string_list
from ..results import Result, invalid, listing, match_name, scored, short
from .base import QuestionType, option_list


def validate(article: Any, raw: dict, where: str) -> tuple[dict, set[str]]:
    options = string_list(raw, "options", where, minimum=2)
    answer = raw.get("answer")
    if not isinstance(answer, str) or answer not in options:
        fail(where, f"'answer' must be one of the options {list(options)}, got {answer!r}")
    return {"options": options, "answer": answer}, set(options)


def expected(q: Question) -> str:
    return f"give one of the options as a string: {listing(q.options)}."


def check(q: Question, answer: Any) -> Result:
    if isinstance(answer, (list, tuple)) and len(answer) == 1:
        answer = answer[0]
    choice = match_name(answer, q.options)
    if choice is None:
        return invalid(f"{short(answer)} is not one of the options; {expected(q)}")
    if choice == q.answer:
        return scored(1.0, q.explanation)
    extra = q.feedback.get(choice, "That option does not fit; read the question again.")
    return scored(0.0, f"“{choice}” is not right. {extra}")


class SingleControl(AnswerControl):
    """Radio buttons, one per option, none chosen at first."""

    def build(self) -> list[w.Widget]:
        self.radio = make(w.RadioButtons, options=list(self.q.options), value=None,
                          description="Your answer:", style=WIDE, layout={"width": "auto"})
        return [self.radio]

    @property
    def value(self) -> Any:
        return self.radio.value

    @value.setter
    def value(self, answer: Any) -> None:
        self.radio.value = answer if answer in self.q.options else None


TYPE = QuestionType(
    name="single", fields=frozenset({"options", "answer"}), written=False,
    validate=validate, check=check, expected=expected,
    unanswered="choose one option above, then press Check.", control=SingleControl,
    words=lambda q, answer: str(answer), solution=lambda q: q.answer,
    handout=lambda q: option_list(q, "○"),
    key_text=lambda q, article: f"“{q.answer}”")
