"""Questions as data: load ``seeds/<article>/questions/*.toml`` and validate every entry.

A mistake in a question file is an author's mistake, so the loader fails early with a
``QuestionError`` naming the file and the question id, and says what to write instead.
The common fields are checked here; each type's own fields by its module in
``course/engine/qtypes/`` (the registry), which the question then carries as ``q.kind``.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from ..text.article import Article, load_article, read_data_file, read_toml
from .qtypes import REGISTRY, TYPES, WRITTEN  # noqa: F401  (TYPES, WRITTEN: public names)
from .question import (COMMON_FIELDS, LEVELS, PARTS, Choice, Prompt,  # noqa: F401
                       Question, QuestionError, evidence_field, fail, feedback_field,
                       string_list, text_field)


def validate_question(article: Article, raw: Any, file: str, index: int) -> Question:
    """One raw ``[[questions]]`` table turned into a ``Question``, or ``QuestionError``."""
    where = f"{article.id}/{file}: questions[{index}]"
    if not isinstance(raw, dict):
        fail(where, "each entry of [[questions]] must be a table")
    qid = raw.get("id")
    if not isinstance(qid, str) or not qid.strip() or any(ch.isspace() for ch in qid):
        fail(where, "every question needs an 'id' without spaces, e.g. id = \"start.where\"")
    where = f"{article.id}/{file}: question {qid!r}"
    qtype = raw.get("type")
    if qtype not in REGISTRY:
        fail(where, f"unknown type {qtype!r}; use one of {', '.join(TYPES)}")
    kind = REGISTRY[qtype]
    unknown = sorted(set(raw) - COMMON_FIELDS - kind.fields)
    if unknown:
        allowed = ", ".join(sorted(COMMON_FIELDS | kind.fields))
        fail(where, f"unknown field(s) {', '.join(unknown)} for a {qtype} question "
                    f"(allowed: {allowed})")
    part = raw.get("part")
    if part not in PARTS:
        fail(where, f"'part' must be one of {', '.join(PARTS)}, got {part!r}")
    prompt = text_field(raw, "prompt", where)
    explanation = text_field(raw, "explanation", where, required=not kind.written)
    hints = string_list(raw, "hints", where, unique=False, required=False)
    point = text_field(raw, "point", where, required=False)
    fields, keys = kind.validate(article, raw, where)
    feedback = feedback_field(raw, where, keys)
    evidence = evidence_field(article, raw, where, keys)
    return Question(id=qid, part=part, type=qtype, prompt=prompt, file=file,
                    article_id=article.id, hints=hints, explanation=explanation, point=point,
                    feedback=feedback, evidence=evidence, kind=kind, **fields)


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
    # a sources question copies from reference/ (its register and stored rows): a change
    # there must reach the questions too
    refs = sorted((article.folder / "reference").glob("*")) \
        if (article.folder / "reference").is_dir() else []
    stamp = (stamp, tuple((p.name, p.stat().st_mtime_ns) for p in refs))
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
