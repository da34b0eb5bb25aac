"""One question: the ``Question`` record every part of the engine reads, and the field
checks every question type's validation is made of.

A mistake in a question file is an author's mistake: the checks raise ``QuestionError``
naming the file and the question id, and say what to write instead. What is particular to a
type (its fields, checking, control, printing) lives in its module under ``course/engine/qtypes/``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..text.article import DEFAULT_ARTICLE, Article
from .progress import LEVELS  # noqa: F401  (the rubric levels, defined with the progress file)
from ..text.sources import Outlet
from ..text.spans import SpanError, check_span

PARTS = ("start", "attribution", "contrast", "chronology", "synthesis")
UNITS = ("sentence", "phrase")
#: The fields every question may have, whatever its type.
COMMON_FIELDS = {"id", "part", "type", "prompt", "hints", "explanation", "feedback",
                 "evidence", "notes", "point"}


class QuestionError(ValueError):
    """A question file with a mistake; the message names the file and the question id."""


@dataclass(frozen=True)
class Choice:
    """One thing a span question lets the student pick: a sentence or a phrase."""

    id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Prompt:
    """A machine hint on a written answer: a group of alternative words and the question
    to ask the student (a keyword group asks when none of its words is there; a caution
    asks when one of them is)."""

    words: tuple[str, ...]
    ask: str

    def found_in(self, folded: str, whole: bool = False) -> bool:
        """Whether one of the words is in the (case-folded) answer: from the start of a word
        ("interest" finds "interests"), or as whole words only (``whole``: "coup" must not
        fire on "couple", nor "lies" on "allies")."""
        end = r"(?!\w)" if whole else ""
        return any(re.search(r"(?<!\w)" + re.escape(w.casefold().replace("’", "'")) + end,
                             folded.replace("’", "'")) for w in self.words)


@dataclass(frozen=True)
class Question:
    """One validated question; ``key`` is the answer key in the form ``check`` compares."""

    id: str
    part: str
    type: str
    prompt: str
    file: str
    article_id: str
    hints: tuple[str, ...] = ()
    explanation: str = ""
    #: What the question assesses, in a few words ("where the meeting took place"): the
    #: course asks each point at most twice across the lessons and exercises.
    point: str = ""
    feedback: dict = field(default_factory=dict)
    evidence: dict = field(default_factory=dict)  # key ("" = whole question) -> spans
    options: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = ()
    unit: str = ""
    answer: Any = None
    model_answer: str = ""
    rubric: tuple[str, ...] = ()
    min_words: int = 0
    keywords: tuple["Prompt", ...] = ()
    cautions: tuple["Prompt", ...] = ()
    levels: dict = field(default_factory=dict)  # level -> what it looks like (teacher.toml)
    groups: tuple[tuple[str, ...], ...] = ()  # ordering: items in order, ties grouped
    source_text: str = field(default="", repr=False)  # text: the article, for the copy hint
    claim: str = ""  # sources: the claim the student checks in other sources
    min_sources: int = 0  # sources: how many sources the log asks for
    stored: tuple[tuple[str, str], ...] = ()  # sources: (outlet, what the stored rows say)
    outlets: dict[str, Outlet] = field(default_factory=dict, repr=False)  # sources: register
    #: The question's type (``qtypes.QuestionType``): how it is checked, shown and printed.
    kind: Any = field(default=None, repr=False, compare=False)

    @property
    def progress_id(self) -> str:
        """Where the progress file keeps this question: its id for the course article, and
        ``<article>/<id>`` for a teacher's own article (whose generated ids, such as
        ``key.attribution.modes``, repeat from article to article)."""
        return self.id if self.article_id == DEFAULT_ARTICLE else f"{self.article_id}/{self.id}"

    @property
    def css_class(self) -> str:
        """The DOM class that browser tests use to find this question's widget."""
        return "course-q-" + self.id.replace(".", "-")

    @property
    def written(self) -> bool:
        """Whether the student answers in their own words, for the teacher to mark."""
        return bool(self.kind.written)

    def solution(self) -> Any:
        """The full-marks answer in the form a student passes to ``check`` (for a written
        question, the model answer or a model log)."""
        return self.kind.solution(self)

    def choice(self, cid: str) -> Choice:
        """The span-question choice with id ``cid``."""
        for c in self.choices:
            if c.id == cid:
                return c
        raise KeyError(cid)


# ------------------------------------------------------------------ field checks

def fail(where: str, message: str) -> None:
    """Raise the QuestionError for ``where`` (file and question)."""
    raise QuestionError(f"{where}: {message}")


def text_field(raw: dict, name: str, where: str, required: bool = True) -> str:
    """A non-empty string field."""
    value = raw.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        fail(where, f"'{name}' must be a non-empty string, e.g. {name} = \"...\"")
    return value


def string_list(raw: dict, name: str, where: str, minimum: int = 1, unique: bool = True,
             required: bool = True) -> tuple[str, ...]:
    """A list of non-empty strings, optionally unique."""
    value = raw.get(name)
    if value is None and not required:
        return ()
    if not isinstance(value, list) or len(value) < minimum or \
            not all(isinstance(v, str) and v.strip() for v in value):
        fail(where, f"'{name}' must be a list of at least {minimum} non-empty strings, "
                     f"e.g. {name} = [\"...\", \"...\"]")
    if unique and len(set(value)) != len(value):
        dupes = sorted({v for v in value if value.count(v) > 1})
        fail(where, f"'{name}' lists {', '.join(map(repr, dupes))} more than once")
    return tuple(value)


def sentence_choices(article: Article, raw: dict, where: str) -> tuple[Choice, ...]:
    """The sentences a sentence-span question offers (all, or those of ``paragraphs``)."""
    paragraphs = raw.get("paragraphs")
    if paragraphs is None:
        sentences = article.sentences
    else:
        pids = string_list(raw, "paragraphs", where)
        known = {p.id for p in article.paragraphs}
        unknown = [p for p in pids if p not in known]
        if unknown:
            fail(where, f"'paragraphs' names {', '.join(unknown)}, which the article does not "
                         f"have (it has P1..P{len(article.paragraphs)})")
        sentences = [s for s in article.sentences if s.paragraph in pids]
    return tuple(Choice(s.id, s.start, s.end, s.text) for s in sentences)


def phrase_choices(article: Article, raw: dict, where: str) -> tuple[Choice, ...]:
    """The phrases a phrase-span question offers, each checked against the article text."""
    cands = raw.get("candidates")
    if not isinstance(cands, list) or len(cands) < 2:
        fail(where, "a phrase question needs 'candidates', a list of at least two tables "
                     "{ id = \"c1\", start = ..., end = ..., text = \"...\" }")
    choices = []
    for i, cand in enumerate(cands):
        spot = f"{where}: candidates[{i}]"
        if not isinstance(cand, dict) or not isinstance(cand.get("id"), str) or not cand["id"]:
            fail(spot, "each candidate needs a string 'id'")
        try:
            start, end = check_span(article, cand, spot)
        except SpanError as err:
            raise QuestionError(str(err)) from None
        choices.append(Choice(cand["id"], start, end, article.text[start:end]))
    ids = [c.id for c in choices]
    if len(set(ids)) != len(ids):
        fail(where, "candidate ids must be unique")
    return tuple(choices)


def evidence_field(article: Article, raw: dict, where: str, keys: set[str]) -> dict:
    """Evidence spans: a list for the whole question, or a table keyed by answer entries."""
    value = raw.get("evidence")
    if value is None:
        return {}
    groups = {"": value} if isinstance(value, list) else value
    if not isinstance(groups, dict):
        fail(where, "'evidence' must be a list of spans or a table mapping answer entries "
                     "to lists of spans")
    out = {}
    for key, spans in groups.items():
        if key and key not in keys:
            fail(where, f"evidence names {key!r}, which is not an option, item or answer of "
                         f"this question")
        spans = [spans] if isinstance(spans, dict) else spans
        if not isinstance(spans, list) or not spans:
            fail(where, f"evidence for {key or 'the question'} must be a non-empty list of spans")
        for i, span in enumerate(spans):
            spot = f"{where}: evidence{'.' + key if key else ''}[{i}]"
            try:
                check_span(article, span, spot)
            except SpanError as err:
                raise QuestionError(str(err)) from None
        out[key] = tuple(dict(s) for s in spans)
    return out


def prompt_groups(raw: dict, name: str, where: str, default: str) -> tuple[Prompt, ...]:
    """Keyword or caution groups: each a list of alternative words, or a table
    ``{ words = [...], ask = "a question to the student" }`` (cautions need ``ask``)."""
    how = (f"'{name}' must be a list of groups, each a list of alternative words or a table "
           f"{{ words = [\"...\"], ask = \"Who said it? ...\" }}")
    out = []
    for group in raw.get(name, []) if isinstance(raw.get(name, []), list) else [None]:
        words, ask = (group, "") if isinstance(group, list) else \
            ((group.get("words"), group.get("ask", "")) if isinstance(group, dict) else (None, ""))
        if isinstance(group, dict) and set(group) - {"words", "ask"}:
            fail(where, how)
        if not isinstance(words, list) or not words or \
                not all(isinstance(w, str) and w.strip() for w in words) or \
                not isinstance(ask, str) or (not ask.strip() and not default):
            fail(where, how)
        out.append(Prompt(tuple(words), ask.strip() or default.format(f"“{words[0]}”")))
    return tuple(out)


def feedback_field(raw: dict, where: str, keys: set[str]) -> dict:
    """Optional messages for particular wrong choices or items."""
    value = raw.get("feedback", {})
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        fail(where, "'feedback' must be a table of strings, e.g. feedback = { Moscow = \"...\" }")
    unknown = [k for k in value if k not in keys]
    if unknown:
        fail(where, f"'feedback' names {unknown!r}, which are not options, items or candidates")
    return dict(value)
