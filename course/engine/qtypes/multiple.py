"""Multiple choice: a checkbox per option; right picks minus wrong picks over the key."""
from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..controls import WIDE, AnswerControl, make
from ..question import Question, fail, string_list
from ..results import Result, check_set, listing, pick_many
from .base import QuestionType, option_list


def validate(article: Any, raw: dict, where: str) -> tuple[dict, set[str]]:
    options = string_list(raw, "options", where, minimum=2)
    answer = raw.get("answer")
    if not isinstance(answer, list) or not answer or \
            any(not isinstance(a, str) or a not in options for a in answer):
        fail(where, f"'answer' must be a non-empty list of options from {list(options)}, "
                    f"got {answer!r}")
    if len(set(answer)) != len(answer):
        fail(where, "'answer' lists an option twice")
    return {"options": options, "answer": tuple(answer)}, set(options)


def expected(q: Question) -> str:
    return f"give a list of the options that apply, chosen from {listing(q.options)}."


def check(q: Question, answer: Any) -> Result:
    picked = pick_many(q, answer, q.options, "among the options")
    if isinstance(picked, Result):
        return picked
    return check_set(q, picked, q.answer, "choice")


class CheckboxesControl(AnswerControl):
    """A labelled checkbox per option."""

    def labels(self) -> list[tuple[str, str]]:
        """(value, label) per checkbox."""
        return [(o, o) for o in self.q.options]

    def build(self) -> list[w.Widget]:
        self.boxes = {}
        rows = []
        for key, label in self.labels():
            box = make(w.Checkbox, value=False, description=label, indent=False, style=WIDE,
                       layout={"width": "auto"})
            self.boxes[key] = box
            rows.append(box)
        return rows

    @property
    def value(self) -> Any:
        return [k for k, box in self.boxes.items() if box.value]

    @value.setter
    def value(self, answer: Any) -> None:
        chosen = set(answer) if isinstance(answer, (list, tuple, set)) else set()
        for key, box in self.boxes.items():
            box.value = key in chosen


def words(q: Question, answer: Any) -> str:
    return "; ".join(map(str, answer)) if isinstance(answer, list) else str(answer)


TYPE = QuestionType(
    name="multiple", fields=frozenset({"options", "answer"}), written=False,
    validate=validate, check=check, expected=expected,
    unanswered="tick the options that apply, then press Check.", control=CheckboxesControl,
    words=words, solution=lambda q: list(q.answer), handout=lambda q: option_list(q, "☐"),
    key_text=lambda q, article: "; ".join(f"“{a}”" for a in q.answer))
