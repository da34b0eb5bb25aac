"""Spans: tick the sentences (or the given phrases) of the article that answer."""
from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from ...text.article import Article
from ..question import UNITS, Question, fail, phrase_choices, sentence_choices
from ..results import Result, check_set, listing, pick_many
from .base import QuestionType, one_line
from .multiple import CheckboxesControl


def validate(article: Article, raw: dict, where: str) -> tuple[dict, set[str]]:
    """The unit, the candidates and the ids in the key."""
    unit = raw.get("unit")
    if unit not in UNITS:
        fail(where, f"'unit' must be \"sentence\" or \"phrase\", got {unit!r}")
    if unit == "sentence":
        if "candidates" in raw:
            fail(where, "a sentence question takes 'paragraphs', not 'candidates'")
        choices = sentence_choices(article, raw, where)
    else:
        if "paragraphs" in raw:
            fail(where, "a phrase question takes 'candidates', not 'paragraphs'")
        choices = phrase_choices(article, raw, where)
    answer = raw.get("answer")
    ids = [c.id for c in choices]
    if not isinstance(answer, list) or not answer or any(a not in ids for a in answer):
        fail(where, f"'answer' must be a non-empty list of ids among the candidates "
                    f"({', '.join(ids[:8])}{', ...' if len(ids) > 8 else ''}), got {answer!r}")
    if len(set(answer)) != len(answer):
        fail(where, "'answer' lists an id twice")
    return {"unit": unit, "choices": choices, "answer": tuple(answer)}, set(ids)


def expected(q: Question) -> str:
    return f"give a list of ids, chosen from {listing([c.id for c in q.choices], 10)}."


def check(q: Question, answer: Any) -> Result:
    ids = tuple(c.id for c in q.choices)
    picked = pick_many(q, answer, ids, "an id you can pick here")
    if isinstance(picked, Result):
        return picked
    return check_set(q, picked, q.answer, f"{q.unit}")


class SpansControl(CheckboxesControl):
    """A checkbox per sentence or phrase, named by its words (what a screen reader reads
    and what a sighted student sees; the ids stay in the key and the teacher's guide)."""

    def labels(self) -> list[tuple[str, str]]:
        return [(c.id, c.text) for c in self.q.choices]

    def build(self) -> list[w.Widget]:
        rows = super().build()
        for cid, box in self.boxes.items():
            box.add_class(f"course-choice-{cid}")
        return rows


def words(q: Question, answer: Any) -> str:
    """The sentence or phrase each picked id stands for, in quotation marks."""
    if not isinstance(answer, list):
        return str(answer)
    texts = []
    for cid in answer:
        try:
            text = q.choice(str(cid)).text
        except KeyError:
            text = str(cid)
        texts.append("“" + (text if len(text) <= 80 else text[:79] + "…") + "”")
    return "; ".join(texts)


def handout(q: Question) -> str:
    return ("<p>Tick the passages that answer:</p><ul style='list-style:none'>" +
            "".join(f"<li>☐ {html.escape(c.id)}: “{html.escape(c.text)}”</li>"
                    for c in q.choices) + "</ul>")


def key_text(q: Question, article: Article) -> str:
    chosen = {c.id: c for c in q.choices}

    def where(offset: int) -> str:
        para = article.paragraph_at(offset)
        return para.id if para else "?"
    return "; ".join(f"{cid} ({where(chosen[cid].start)}) “{one_line(chosen[cid].text)}”"
                     for cid in q.answer)


TYPE = QuestionType(
    name="spans", fields=frozenset({"unit", "paragraphs", "candidates", "answer"}),
    written=False, validate=validate, check=check, expected=expected,
    unanswered="tick the sentences or phrases that answer the question, then press Check.",
    control=SpansControl, words=words, solution=lambda q: list(q.answer), handout=handout,
    key_text=key_text)
