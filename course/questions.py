"""Questions as data: load ``seeds/<article>/questions/*.toml`` and validate every entry.

A mistake in a question file is an author's mistake, so the loader fails early with a
``QuestionError`` naming the file and the question id, and says what to write instead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from .article import (DEFAULT_ARTICLE, Article, ArticleError, load_article, read_data_file,
                      read_toml)
from .sources import Outlet, load_outlets, outlets_named, reference_rows
from .spans import SpanError, check_span

TYPES = ("single", "multiple", "matching", "ordering", "spans", "text", "sources")
#: The types a student answers in their own words: saved for the teacher to mark with a
#: level, never scored by the machine (a ``sources`` answer is a lateral-reading log).
WRITTEN = ("text", "sources")
PARTS = ("start", "attribution", "contrast", "chronology", "synthesis")
UNITS = ("sentence", "phrase")

COMMON_FIELDS = {"id", "part", "type", "prompt", "hints", "explanation", "feedback",
                 "evidence", "notes", "point"}
TYPE_FIELDS = {
    "single": {"options", "answer"},
    "multiple": {"options", "answer"},
    "matching": {"items", "categories", "answer"},
    "ordering": {"items", "answer"},
    "spans": {"unit", "paragraphs", "candidates", "answer"},
    "text": {"model_answer", "rubric", "min_words", "keywords", "cautions", "answer"},
    "sources": {"claim", "min_sources", "model_answer", "rubric", "reference", "rows",
                "answer"},
}
#: The rubric levels of a written answer, lowest first (described per question in the
#: article's ``teacher.toml``, ``[[rubrics]]``); a teacher marks with one of them.
from .progress import LEVELS  # noqa: E402  (defined with the progress file format)


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

    @property
    def written(self) -> bool:
        """Whether the student answers in their own words, for the teacher to mark."""
        return self.type in WRITTEN

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

    def solution(self) -> Any:
        """The full-marks answer in the form a student passes to ``mark`` (a dict for
        matching, a list for multiple, ordering and spans, the model answer for text)."""
        if self.type == "matching":
            return dict(zip(self.items, self.answer))
        if self.type in ("multiple", "ordering", "spans"):
            return list(self.answer)
        if self.type == "text":
            return self.model_answer
        if self.type == "sources":  # stored sources of different kinds, as many as asked
            picked, kinds = [], set()
            for name, says in self.stored:
                outlet = self.outlets.get(name)
                if outlet and outlet.kind not in kinds and len(picked) < self.min_sources:
                    kinds.add(outlet.kind)
                    picked.append({"source": name, "kind": outlet.kind, "behind":
                                   f"{outlet.behind} (found in: {outlet.cited})", "says": says,
                                   "agrees": "adds something the article does not say",
                                   "where": "the course's stored sources"})
            return picked
        return self.answer

    def choice(self, cid: str) -> Choice:
        """The span-question choice with id ``cid``."""
        for c in self.choices:
            if c.id == cid:
                return c
        raise KeyError(cid)


# ------------------------------------------------------------------ validation

def _fail(where: str, message: str) -> None:
    """Raise the QuestionError for ``where`` (file and question)."""
    raise QuestionError(f"{where}: {message}")


def _text(raw: dict, name: str, where: str, required: bool = True) -> str:
    """A non-empty string field."""
    value = raw.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        _fail(where, f"'{name}' must be a non-empty string, e.g. {name} = \"...\"")
    return value


def _strings(raw: dict, name: str, where: str, minimum: int = 1, unique: bool = True,
             required: bool = True) -> tuple[str, ...]:
    """A list of non-empty strings, optionally unique."""
    value = raw.get(name)
    if value is None and not required:
        return ()
    if not isinstance(value, list) or len(value) < minimum or \
            not all(isinstance(v, str) and v.strip() for v in value):
        _fail(where, f"'{name}' must be a list of at least {minimum} non-empty strings, "
                     f"e.g. {name} = [\"...\", \"...\"]")
    if unique and len(set(value)) != len(value):
        dupes = sorted({v for v in value if value.count(v) > 1})
        _fail(where, f"'{name}' lists {', '.join(map(repr, dupes))} more than once")
    return tuple(value)


def _sentence_choices(article: Article, raw: dict, where: str) -> tuple[Choice, ...]:
    """The sentences a sentence-span question offers (all, or those of ``paragraphs``)."""
    paragraphs = raw.get("paragraphs")
    if paragraphs is None:
        sentences = article.sentences
    else:
        pids = _strings(raw, "paragraphs", where)
        known = {p.id for p in article.paragraphs}
        unknown = [p for p in pids if p not in known]
        if unknown:
            _fail(where, f"'paragraphs' names {', '.join(unknown)}, which the article does not "
                         f"have (it has P1..P{len(article.paragraphs)})")
        sentences = [s for s in article.sentences if s.paragraph in pids]
    return tuple(Choice(s.id, s.start, s.end, s.text) for s in sentences)


def _phrase_choices(article: Article, raw: dict, where: str) -> tuple[Choice, ...]:
    """The phrases a phrase-span question offers, each checked against the article text."""
    cands = raw.get("candidates")
    if not isinstance(cands, list) or len(cands) < 2:
        _fail(where, "a phrase question needs 'candidates', a list of at least two tables "
                     "{ id = \"c1\", start = ..., end = ..., text = \"...\" }")
    choices = []
    for i, cand in enumerate(cands):
        spot = f"{where}: candidates[{i}]"
        if not isinstance(cand, dict) or not isinstance(cand.get("id"), str) or not cand["id"]:
            _fail(spot, "each candidate needs a string 'id'")
        try:
            start, end = check_span(article, cand, spot)
        except SpanError as err:
            raise QuestionError(str(err)) from None
        choices.append(Choice(cand["id"], start, end, article.text[start:end]))
    ids = [c.id for c in choices]
    if len(set(ids)) != len(ids):
        _fail(where, "candidate ids must be unique")
    return tuple(choices)


def _evidence(article: Article, raw: dict, where: str, keys: set[str]) -> dict:
    """Evidence spans: a list for the whole question, or a table keyed by answer entries."""
    value = raw.get("evidence")
    if value is None:
        return {}
    groups = {"": value} if isinstance(value, list) else value
    if not isinstance(groups, dict):
        _fail(where, "'evidence' must be a list of spans or a table mapping answer entries "
                     "to lists of spans")
    out = {}
    for key, spans in groups.items():
        if key and key not in keys:
            _fail(where, f"evidence names {key!r}, which is not an option, item or answer of "
                         f"this question")
        spans = [spans] if isinstance(spans, dict) else spans
        if not isinstance(spans, list) or not spans:
            _fail(where, f"evidence for {key or 'the question'} must be a non-empty list of spans")
        for i, span in enumerate(spans):
            spot = f"{where}: evidence{'.' + key if key else ''}[{i}]"
            try:
                check_span(article, span, spot)
            except SpanError as err:
                raise QuestionError(str(err)) from None
        out[key] = tuple(dict(s) for s in spans)
    return out


def _validate_choice_answer(raw: dict, where: str, kind: str) -> dict:
    """Fields of single and multiple choice questions."""
    options = _strings(raw, "options", where, minimum=2)
    answer = raw.get("answer")
    if kind == "single":
        if not isinstance(answer, str) or answer not in options:
            _fail(where, f"'answer' must be one of the options {list(options)}, got {answer!r}")
        key: Any = answer
    else:
        if not isinstance(answer, list) or not answer or \
                any(not isinstance(a, str) or a not in options for a in answer):
            _fail(where, f"'answer' must be a non-empty list of options from {list(options)}, "
                         f"got {answer!r}")
        if len(set(answer)) != len(answer):
            _fail(where, "'answer' lists an option twice")
        key = tuple(answer)
    return {"options": options, "answer": key}


def _validate_matching(raw: dict, where: str) -> dict:
    """Fields of a matching question: each item to one category."""
    items = _strings(raw, "items", where, minimum=2)
    categories = _strings(raw, "categories", where, minimum=2)
    answer = raw.get("answer")
    if not isinstance(answer, list) or len(answer) != len(items):
        _fail(where, f"'answer' must list one category for each of the {len(items)} items, "
                     "in the same order as 'items'")
    wrong = [a for a in answer if a not in categories]
    if wrong:
        _fail(where, f"'answer' uses {wrong!r}, which are not among the categories "
                     f"{list(categories)}")
    return {"items": items, "categories": categories, "answer": tuple(answer)}


def _validate_ordering(raw: dict, where: str) -> dict:
    """Fields of an ordering question: items as shown, answer in the right order; an entry
    of the answer may be a group (a list) of items whose order among themselves is free."""
    items = _strings(raw, "items", where, minimum=2)
    answer = raw.get("answer")
    how = ("'answer' must list exactly the same items as 'items', in the right order; items "
           "that may come in any order among themselves go in a list, e.g. "
           "answer = [\"first\", [\"tied a\", \"tied b\"], \"last\"]")
    if not isinstance(answer, list):
        _fail(where, how)
    groups = []
    for entry in answer:
        group = [entry] if isinstance(entry, str) else entry
        if not isinstance(group, list) or not group or \
                not all(isinstance(g, str) for g in group):
            _fail(where, how)
        groups.append(tuple(group))
    flat = [item for group in groups for item in group]
    if sorted(flat) != sorted(items):
        _fail(where, how)
    if len(groups) < 2:
        _fail(where, "'answer' puts every item in one group: there is no order to find")
    rank = {item: n for n, group in enumerate(groups) for item in group}
    if all(rank[a] <= rank[b] for a, b in zip(items, items[1:])):
        _fail(where, "'items' is already in the right order; scramble it so the student has "
                     "something to do")
    return {"items": items, "answer": tuple(flat), "groups": tuple(groups)}


def _validate_spans(article: Article, raw: dict, where: str) -> dict:
    """Fields of a span question: the unit, the candidates and the ids in the key."""
    unit = raw.get("unit")
    if unit not in UNITS:
        _fail(where, f"'unit' must be \"sentence\" or \"phrase\", got {unit!r}")
    if unit == "sentence":
        if "candidates" in raw:
            _fail(where, "a sentence question takes 'paragraphs', not 'candidates'")
        choices = _sentence_choices(article, raw, where)
    else:
        if "paragraphs" in raw:
            _fail(where, "a phrase question takes 'candidates', not 'paragraphs'")
        choices = _phrase_choices(article, raw, where)
    answer = raw.get("answer")
    ids = [c.id for c in choices]
    if not isinstance(answer, list) or not answer or any(a not in ids for a in answer):
        _fail(where, f"'answer' must be a non-empty list of ids among the candidates "
                     f"({', '.join(ids[:8])}{', ...' if len(ids) > 8 else ''}), got {answer!r}")
    if len(set(answer)) != len(answer):
        _fail(where, "'answer' lists an id twice")
    return {"unit": unit, "choices": choices, "answer": tuple(answer)}


def _validate_text(raw: dict, where: str) -> dict:
    """Fields of a short-text question: model answer, rubric, length and keywords."""
    if "answer" in raw:
        _fail(where, "a text question has no 'answer'; write 'model_answer' and 'rubric'")
    model = _text(raw, "model_answer", where)
    rubric = _strings(raw, "rubric", where)
    min_words = raw.get("min_words")
    if not isinstance(min_words, int) or isinstance(min_words, bool) or min_words < 0:
        _fail(where, "'min_words' must be a whole number (0 or more)")
    return {"model_answer": model, "rubric": rubric, "min_words": min_words,
            "keywords": _prompts(raw, "keywords", where, "Does your answer mention {}?"),
            "cautions": _prompts(raw, "cautions", where, "")}


def _validate_sources(article: Article, raw: dict, where: str) -> dict:
    """Fields of a lateral-reading log: the claim, how many sources, the model answer and
    rubric, and (for working offline) the rows of a stored reference whose outlets the
    student may pick; every such outlet must be in the article's register of sources."""
    if "answer" in raw:
        _fail(where, "a sources question has no 'answer'; write 'model_answer' and 'rubric'")
    fields: dict[str, Any] = {"claim": _text(raw, "claim", where),
                              "model_answer": _text(raw, "model_answer", where),
                              "rubric": _strings(raw, "rubric", where)}
    least = raw.get("min_sources")
    if not isinstance(least, int) or isinstance(least, bool) or least < 1:
        _fail(where, "'min_sources' must be a whole number, 1 or more")
    fields["min_sources"] = least
    try:
        outlets = load_outlets(article)
    except ArticleError as err:
        raise QuestionError(str(err)) from None
    fields["outlets"] = outlets
    if "reference" not in raw and "rows" not in raw:
        return fields
    name, rows = raw.get("reference"), raw.get("rows")
    if not isinstance(name, str) or not isinstance(rows, list) or not rows or \
            not all(isinstance(r, (str, int)) and not isinstance(r, bool) for r in rows):
        _fail(where, "for working offline give both 'reference' (a file in reference/) and "
                     "'rows' (its row numbers), e.g. reference = \"timeline.md\", rows = [11]")
    try:
        picked = reference_rows(name, [str(r) for r in rows], article)
    except (KeyError, ArticleError) as err:
        _fail(where, str(err).strip("'\""))
    stored: dict[str, list[str]] = {}
    for row in picked.itertuples(index=False):
        cells = [str(c) for c in row]
        for outlet in outlets_named(cells[-1], outlets):
            stored.setdefault(outlet.name, []).append(
                f"row {cells[0]}, {cells[1]}: {' | '.join(cells[2:-1])}")
    if not stored:
        _fail(where, f"the rows {rows} name no outlet of {article.id}/reference/sources.toml; "
                     "add the outlets there, with who is behind them")
    fields["stored"] = tuple((k, "; ".join(v)) for k, v in stored.items())
    return fields


def _prompts(raw: dict, name: str, where: str, default: str) -> tuple[Prompt, ...]:
    """Keyword or caution groups: each a list of alternative words, or a table
    ``{ words = [...], ask = "a question to the student" }`` (cautions need ``ask``)."""
    how = (f"'{name}' must be a list of groups, each a list of alternative words or a table "
           f"{{ words = [\"...\"], ask = \"Who said it? ...\" }}")
    out = []
    for group in raw.get(name, []) if isinstance(raw.get(name, []), list) else [None]:
        words, ask = (group, "") if isinstance(group, list) else \
            ((group.get("words"), group.get("ask", "")) if isinstance(group, dict) else (None, ""))
        if isinstance(group, dict) and set(group) - {"words", "ask"}:
            _fail(where, how)
        if not isinstance(words, list) or not words or \
                not all(isinstance(w, str) and w.strip() for w in words) or \
                not isinstance(ask, str) or (not ask.strip() and not default):
            _fail(where, how)
        out.append(Prompt(tuple(words), ask.strip() or default.format(f"“{words[0]}”")))
    return tuple(out)


def _feedback(raw: dict, where: str, keys: set[str]) -> dict:
    """Optional messages for particular wrong choices or items."""
    value = raw.get("feedback", {})
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        _fail(where, "'feedback' must be a table of strings, e.g. feedback = { Moscow = \"...\" }")
    unknown = [k for k in value if k not in keys]
    if unknown:
        _fail(where, f"'feedback' names {unknown!r}, which are not options, items or candidates")
    return dict(value)


def validate_question(article: Article, raw: Any, file: str, index: int) -> Question:
    """One raw ``[[questions]]`` table turned into a ``Question``, or ``QuestionError``."""
    where = f"{article.id}/{file}: questions[{index}]"
    if not isinstance(raw, dict):
        _fail(where, "each entry of [[questions]] must be a table")
    qid = raw.get("id")
    if not isinstance(qid, str) or not qid.strip() or any(ch.isspace() for ch in qid):
        _fail(where, "every question needs an 'id' without spaces, e.g. id = \"start.where\"")
    where = f"{article.id}/{file}: question {qid!r}"
    qtype = raw.get("type")
    if qtype not in TYPES:
        _fail(where, f"unknown type {qtype!r}; use one of {', '.join(TYPES)}")
    unknown = sorted(set(raw) - COMMON_FIELDS - TYPE_FIELDS[qtype])
    if unknown:
        allowed = ", ".join(sorted(COMMON_FIELDS | TYPE_FIELDS[qtype]))
        _fail(where, f"unknown field(s) {', '.join(unknown)} for a {qtype} question "
                     f"(allowed: {allowed})")
    part = raw.get("part")
    if part not in PARTS:
        _fail(where, f"'part' must be one of {', '.join(PARTS)}, got {part!r}")
    prompt = _text(raw, "prompt", where)
    explanation = _text(raw, "explanation", where, required=qtype not in WRITTEN)
    hints = _strings(raw, "hints", where, unique=False, required=False)
    point = _text(raw, "point", where, required=False)

    if qtype in ("single", "multiple"):
        fields = _validate_choice_answer(raw, where, qtype)
        keys = set(fields["options"])
    elif qtype == "matching":
        fields = _validate_matching(raw, where)
        keys = set(fields["items"]) | set(fields["categories"])
    elif qtype == "ordering":
        fields = _validate_ordering(raw, where)
        keys = set(fields["items"])
    elif qtype == "spans":
        fields = _validate_spans(article, raw, where)
        keys = {c.id for c in fields["choices"]}
    elif qtype == "sources":
        fields = _validate_sources(article, raw, where)
        keys = set()
    else:
        fields = _validate_text(raw, where)
        fields["source_text"] = article.text
        keys = set()
    feedback = _feedback(raw, where, keys)
    evidence = _evidence(article, raw, where, keys)
    return Question(id=qid, part=part, type=qtype, prompt=prompt, file=file,
                    article_id=article.id, hints=hints, explanation=explanation, point=point,
                    feedback=feedback, evidence=evidence, **fields)


# --------------------------------------------------------------------- loading

def load_file(article: Article, path: Path) -> list[Question]:
    """The validated questions of one TOML file."""
    name = f"questions/{path.name}"
    shown = f"{article.id}/{name}"
    how = ("A question file holds [[questions]] tables (id, part, type, prompt, ...); see "
           "docs/DESIGN.md or the seed article's questions/ for examples.")
    try:
        data = read_toml(path, how, QuestionError)
    except QuestionError as err:  # name the file as the other question errors do
        raise QuestionError(str(err).replace(str(path), shown, 1)) from None
    if not data:
        raise QuestionError(f"{shown}: the file holds no questions. {how} Delete the file "
                            "if the article needs none.")
    unknown = set(data) - {"questions"}
    if unknown:
        raise QuestionError(f"{shown}: unexpected top-level key(s) {', '.join(sorted(unknown))}; "
                            "write each question as a [[questions]] table")
    raws = data.get("questions", [])
    if not isinstance(raws, list):
        raise QuestionError(f"{shown}: write each question as a [[questions]] table")
    return [validate_question(article, raw, name, i) for i, raw in enumerate(raws)]


_CACHE: dict[tuple, dict[str, Question]] = {}
TEACHER_FILE = "teacher.toml"


def rubric_levels(article: Article) -> dict[str, dict[str, str]]:
    """Question id -> {level: what an answer at that level looks like}, from the article's
    ``teacher.toml`` ``[[rubrics]]`` tables (none when the file is missing). A table that
    names no question or lacks a level is an author's mistake: ``QuestionError``."""
    if not (article.folder / TEACHER_FILE).is_file():
        return {}
    _path, data = read_data_file(article, TEACHER_FILE, "teacher.toml holds [[mistakes]] "
                                 "and [[rubrics]] tables (question, beginning, developing, "
                                 "proficient).", QuestionError)
    out = {}
    for n, table in enumerate(data.get("rubrics", [])):
        qid = table.get("question")
        missing = [lv for lv in LEVELS if not isinstance(table.get(lv), str)
                   or not table[lv].strip()]
        if not isinstance(qid, str) or missing:
            raise QuestionError(f"{article.id}/{TEACHER_FILE}: rubrics[{n}] needs 'question' "
                                f"and a description for each level ({', '.join(LEVELS)}); "
                                f"missing: {', '.join(missing) or 'question'}")
        out[qid] = {lv: table[lv] for lv in LEVELS}
    return out


def load_questions(article: Article | str | Path | None = None) -> dict[str, Question]:
    """Every question of an article by id (cached until a file changes)."""
    article = load_article(article)
    folder = article.folder / "questions"
    # drafts (*.draft.toml) wait for the teacher's review: never live questions
    paths = sorted(p for p in folder.glob("*.toml") if not p.name.endswith(".draft.toml")) \
        if folder.is_dir() else []
    teacher = article.folder / TEACHER_FILE
    stamp = teacher.stat().st_mtime_ns if teacher.is_file() else None
    key = (article.folder, id(article), stamp,
           tuple((p.name, p.stat().st_mtime_ns) for p in paths))
    if key in _CACHE:
        return _CACHE[key]
    found: dict[str, Question] = {}
    levels = rubric_levels(article)
    for path in paths:
        for q in load_file(article, path):
            if q.written and q.id in levels:
                q = replace(q, levels=levels[q.id])
            if q.id in found:
                raise QuestionError(f"{article.id}/{q.file}: question {q.id!r}: duplicate id, "
                                    f"already used in {found[q.id].file}")
            found[q.id] = q
    _CACHE[key] = found
    return found


def get_question(qid: str, article: Article | str | Path | None = None) -> Question:
    """The question with id ``qid``; a ``KeyError`` lists the ids that do exist."""
    found = load_questions(article)
    if qid not in found:
        prefix = str(qid).split(".")[0]
        near = [k for k in found if k.startswith(prefix)] or list(found)
        raise KeyError(f"no question {qid!r}; known ids include: {', '.join(near[:12])}")
    return found[qid]


def questions_frame(article: Article | str | Path | None = None) -> pd.DataFrame:
    """Every question as a DataFrame: id, type, part, prompt, file, answers, hints."""
    rows = []
    for q in load_questions(article).values():
        rows.append({"id": q.id, "type": q.type, "part": q.part, "prompt": q.prompt,
                     "file": q.file, "n_hints": len(q.hints),
                     "evidence": sum(len(v) for v in q.evidence.values())})
    return pd.DataFrame(rows, columns=["id", "type", "part", "prompt", "file", "n_hints",
                                       "evidence"])
