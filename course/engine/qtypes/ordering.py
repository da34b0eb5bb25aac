"""Ordering: a dropdown per position; credit by pairs in the right relative order, tie
groups counted either way, and the items out of place named with where they belong."""
from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from ..controls import CHOOSE, WIDE, AnswerControl, make
from ..question import Question, fail, string_list
from ..results import Result, as_list, invalid, is_empty, match_name, scored, short
from .base import QuestionType


def validate(article: Any, raw: dict, where: str) -> tuple[dict, set[str]]:
    """Items as shown, answer in the right order; an entry of the answer may be a group (a
    list) of items whose order among themselves is free."""
    items = string_list(raw, "items", where, minimum=2)
    answer = raw.get("answer")
    how = ("'answer' must list exactly the same items as 'items', in the right order; items "
           "that may come in any order among themselves go in a list, e.g. "
           "answer = [\"first\", [\"tied a\", \"tied b\"], \"last\"]")
    if not isinstance(answer, list):
        fail(where, how)
    groups = []
    for entry in answer:
        group = [entry] if isinstance(entry, str) else entry
        if not isinstance(group, list) or not group or \
                not all(isinstance(g, str) for g in group):
            fail(where, how)
        groups.append(tuple(group))
    flat = [item for group in groups for item in group]
    if sorted(flat) != sorted(items):
        fail(where, how)
    if len(groups) < 2:
        fail(where, "'answer' puts every item in one group: there is no order to find")
    rank = {item: n for n, group in enumerate(groups) for item in group}
    if all(rank[a] <= rank[b] for a, b in zip(items, items[1:])):
        fail(where, "'items' is already in the right order; scramble it so the student has "
                    "something to do")
    return {"items": items, "answer": tuple(flat), "groups": tuple(groups)}, set(items)


def expected(q: Question) -> str:
    return f"put all {len(q.items)} items in order."


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th ... (positions in feedback)."""
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def allowed_places(q: Question) -> dict[str, tuple[int, int]]:
    """Item -> the first and last position (1-based) the key allows it (a tie group spans
    several positions, in any order)."""
    places, start = {}, 1
    for group in q.groups or tuple((i,) for i in q.answer):
        for item in group:
            places[item] = (start, start + len(group) - 1)
        start += len(group)
    return places


def places_text(first: int, last: int) -> str:
    """'3rd', or '2nd or 3rd', or '2nd to 4th'."""
    if first == last:
        return ordinal(first)
    joiner = " or " if last == first + 1 else " to "
    return ordinal(first) + joiner + ordinal(last)


def check(q: Question, answer: Any) -> Result:
    values = as_list(answer)
    if values is None:
        return invalid(f"{short(answer)} is not a list; {expected(q)}")
    order = []
    for value in values:
        item = match_name(value, q.items)
        if item is None and not is_empty(value):
            return invalid(f"{short(value)} is not one of the items; {expected(q)}")
        order.append(item)
    placed = [o for o in order if o is not None]
    if len(set(placed)) != len(placed):
        return invalid(f"an item appears twice; {expected(q)}")
    if len(order) != len(q.items) or None in order:
        return invalid(f"{len(placed)} of {len(q.items)} items are placed; {expected(q)}")
    places = allowed_places(q)
    rank = {item: first for item, (first, _last) in places.items()}
    pairs = [(a, b) for n, a in enumerate(order) for b in order[n + 1:] if rank[a] != rank[b]]
    right = sum(rank[a] < rank[b] for a, b in pairs)
    misplaced = [(n, item) for n, item in enumerate(order, 1)
                 if not places[item][0] <= n <= places[item][1]]
    if not misplaced:
        return scored(1.0, q.explanation)
    shown = "; ".join(f"“{item}” (you put it {ordinal(n)}, it belongs "
                      f"{places_text(*places[item])})" for n, item in misplaced[:4])
    more = f"; and {len(misplaced) - 4} more" if len(misplaced) > 4 else ""
    return scored(right / len(pairs) if pairs else 0.0,
                  f"{right} of {len(pairs)} pairs of items are in the right order. "
                  f"Out of place: {shown}{more}.")


class OrderingControl(AnswerControl):
    """The items as shown, then one menu per position, named by its place ("Position 1 of
    4"); a screen reader reads the item chosen in it with that name."""

    def build(self) -> list[w.Widget]:
        listing = "".join(f"<li>{html.escape(i)}</li>" for i in self.q.items)
        self.menus = []
        options = [(CHOOSE, "")] + [(self._label(i), i) for i in self.q.items]
        rows: list[w.Widget] = [make(w.HTML, value=f"<div>Items to put in order:<ul>{listing}"
                                                   "</ul></div>")]
        for n in range(1, len(self.q.items) + 1):
            menu = make(w.Dropdown, options=options, value="",
                        description=f"Position {n} of {len(self.q.items)}:",
                        style=WIDE, layout={"width": "auto", "max_width": "100%"})
            self.menus.append(menu)
            rows.append(menu)
        return rows

    @staticmethod
    def _label(item: str) -> str:
        """A dropdown label short enough to read."""
        return item if len(item) <= 90 else item[:89] + "…"

    @property
    def value(self) -> Any:
        return [menu.value or None for menu in self.menus]

    @value.setter
    def value(self, answer: Any) -> None:
        answer = list(answer) if isinstance(answer, (list, tuple)) else []
        for n, menu in enumerate(self.menus):
            value = answer[n] if n < len(answer) else None
            menu.value = value if value in self.q.items else ""


def words(q: Question, answer: Any) -> str:
    if isinstance(answer, list):
        return "; ".join(f"{n}. {v or '(empty)'}" for n, v in enumerate(answer, 1))
    return str(answer)


def handout(q: Question) -> str:
    return ("<p>Number these in order (1 = first):</p><ul style='list-style:none'>" +
            "".join(f"<li>[ &nbsp; ] {html.escape(i)}</li>" for i in q.items) + "</ul>")


def key_text(q: Question, article: Any) -> str:
    groups = q.groups or tuple((i,) for i in q.answer)
    return " → ".join(f"({n}) {group[0]}" if len(group) == 1 else
                      f"({n}) either order: {' / '.join(group)}"
                      for n, group in enumerate(groups, 1))


TYPE = QuestionType(
    name="ordering", fields=frozenset({"items", "answer"}), written=False,
    validate=validate, check=check, expected=expected,
    unanswered="choose an item for each position, then press Check.", control=OrderingControl,
    words=words, solution=lambda q: list(q.answer), handout=handout, key_text=key_text)
