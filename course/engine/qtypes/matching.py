"""Matching: each item to one category, a dropdown per item; the share of items right."""
from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from ..controls import CHOOSE, WIDE, AnswerControl, make
from ..question import Question, fail, string_list
from ..results import Result, as_list, invalid, is_empty, listing, match_name, scored, short
from .base import QuestionType


def validate(article: Any, raw: dict, where: str) -> tuple[dict, set[str]]:
    items = string_list(raw, "items", where, minimum=2)
    categories = string_list(raw, "categories", where, minimum=2)
    answer = raw.get("answer")
    if not isinstance(answer, list) or len(answer) != len(items):
        fail(where, f"'answer' must list one category for each of the {len(items)} items, "
                    "in the same order as 'items'")
    wrong = [a for a in answer if a not in categories]
    if wrong:
        fail(where, f"'answer' uses {wrong!r}, which are not among the categories "
                    f"{list(categories)}")
    return ({"items": items, "categories": categories, "answer": tuple(answer)},
            set(items) | set(categories))


def expected(q: Question) -> str:
    return (f"give a dict mapping each item to one category ({listing(q.categories)}), "
            f"or a list of categories in the order of the items.")


def check(q: Question, answer: Any) -> Result:
    if isinstance(answer, dict):
        given: dict = {}
        for key, value in answer.items():
            item = match_name(key, q.items)
            if item is None:
                return invalid(f"{short(key)} is not one of the items; {expected(q)}")
            given[item] = value
    else:
        values = as_list(answer)
        if values is None or len(values) != len(q.items):
            return invalid(f"{short(answer)} does not match the {len(q.items)} items; "
                           f"{expected(q)}")
        given = dict(zip(q.items, values))
    right, missing, wrong_items = 0, 0, []
    for item, key in zip(q.items, q.answer):
        value = given.get(item)
        if is_empty(value):
            missing += 1
            continue
        category = match_name(value, q.categories)
        if category is None:
            return invalid(f"{short(value)} is not one of the categories; {expected(q)}")
        if category == key:
            right += 1
        else:
            wrong_items.append(item)
    if right == len(q.items):
        return scored(1.0, q.explanation)
    text = f"{right} of {len(q.items)} items are matched correctly"
    if missing:
        text += f"; {missing} not matched yet"
    notes = [q.feedback[i] for i in wrong_items if i in q.feedback]
    return scored(right / len(q.items), text + "." + "".join(" " + n for n in notes[:2]))


class MatchingControl(AnswerControl):
    """One menu per item, labelled by the item's text, the item before its menu (what a
    screen reader reads as the menu's name); on a narrow screen the menu goes below it."""

    def build(self) -> list[w.Widget]:
        self.menus = []
        options = [(CHOOSE, "")] + [(c, c) for c in self.q.categories]
        for item in self.q.items:
            menu = make(w.Dropdown, options=options, value="", description=item,
                        style=WIDE, layout={"width": "auto", "max_width": "100%"})
            menu.add_class("course-match")
            self.menus.append(menu)
        return list(self.menus)

    @property
    def value(self) -> Any:
        return {item: menu.value or None for item, menu in zip(self.q.items, self.menus)}

    @value.setter
    def value(self, answer: Any) -> None:
        if isinstance(answer, (list, tuple)) and len(answer) == len(self.q.items):
            answer = dict(zip(self.q.items, answer))
        answer = answer if isinstance(answer, dict) else {}
        for item, menu in zip(self.q.items, self.menus):
            value = answer.get(item)
            menu.value = value if value in self.q.categories else ""


def words(q: Question, answer: Any) -> str:
    if isinstance(answer, dict):
        return "; ".join(f"{k} → {v or '(none)'}" for k, v in answer.items())
    return "; ".join(map(str, answer)) if isinstance(answer, list) else str(answer)


def handout(q: Question) -> str:
    esc = html.escape
    return (f"<p>Choose from: {esc(' · '.join(q.categories))}</p><ol>" +
            "".join(f"<li>{esc(i)} → ____________</li>" for i in q.items) + "</ol>")


TYPE = QuestionType(
    name="matching", fields=frozenset({"items", "categories", "answer"}), written=False,
    validate=validate, check=check, expected=expected,
    unanswered="choose a category for each item, then press Check.", control=MatchingControl,
    words=words, solution=lambda q: dict(zip(q.items, q.answer)), handout=handout,
    key_text=lambda q, article: "; ".join(f"“{i}” → {c}" for i, c in zip(q.items, q.answer)))
