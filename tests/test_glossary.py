"""Taught before tested: every glossary term a question, its explanation or a table shown
to students uses is taught (in bold) in a lesson cell that comes before it."""
from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

import course
from course.text.glossary import glossary
from course.engine.questions import load_questions

REPO = Path(__file__).resolve().parents[1]
LESSONS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
EXERCISES = sorted((REPO / "exercises" / "source").glob("[0-9][0-9]_*.ipynb"))
#: The workbook (issue 16) stands alone: a student reading another article meets only it,
#: so a term its questions use must be taught in an earlier workbook cell.
WORKBOOK = sorted((REPO / "notebooks" / "workbook").glob("*.ipynb"))
ASK = re.compile(r'course\.ask\("([^"]+)"')
TERMS = glossary()
SHOWN = ("prompt", "options", "items", "categories", "hints", "explanation", "feedback",
         "model_answer", "rubric")


def cells(path: Path) -> list:
    return nbformat.read(path, as_version=4).cells


def lesson_number(path: Path) -> int:
    return int(path.name[:2])


def taught_before(term, lesson: int, cell: int) -> bool:
    """Whether a lesson up to ``lesson`` teaches ``term`` before cell ``cell`` of it."""
    for path in LESSONS:
        n = lesson_number(path)
        if n > lesson:
            continue
        for i, c in enumerate(cells(path)):
            if n == lesson and i >= cell:
                break
            if c.cell_type == "markdown" and term.taught_by(c.source):
                return True
    return False


def where_asked() -> dict[str, tuple[int, int]]:
    """Question id -> (lesson it follows, cell index in that lesson before which it comes)."""
    asked = {}
    for path in LESSONS:
        for i, c in enumerate(cells(path)):
            for qid in ASK.findall(c.source):
                asked.setdefault(qid, (lesson_number(path), i))
    for path in EXERCISES:  # exercise NN comes after the whole of lesson NN
        for c in cells(path):
            for qid in re.findall(r'course\.ask\("([^"]+)"\)', c.source):
                asked.setdefault(qid, (lesson_number(path), 10 ** 6))
    return asked


def asked_in_workbook() -> dict[str, tuple[int, int]]:
    """Question id -> (workbook page, cell index) where the workbook asks it."""
    asked = {}
    for page, path in enumerate(WORKBOOK):
        for i, c in enumerate(cells(path)):
            for qid in ASK.findall(c.source):
                asked.setdefault(qid, (page, i))
    return asked


def taught_in_workbook_before(term, page: int, cell: int) -> bool:
    """Whether a workbook page up to ``page`` teaches ``term`` before cell ``cell`` of it."""
    for n, path in enumerate(WORKBOOK[:page + 1]):
        for i, c in enumerate(cells(path)):
            if n == page and i >= cell:
                break
            if c.cell_type == "markdown" and term.taught_by(c.source):
                return True
    return False


def shown_text(q) -> str:
    raw = {k: getattr(q, k) for k in SHOWN if hasattr(q, k)}
    return json.dumps(raw, ensure_ascii=False, default=str)


def test_every_term_is_taught_in_its_lesson():
    for term in TERMS:
        (path,) = [p for p in LESSONS if p.stem == term.taught_in]
        assert any(c.cell_type == "markdown" and term.taught_by(c.source)
                   for c in cells(path)), f"{term.term!r} is not taught (in bold) in {path.name}"


@pytest.mark.parametrize("qid", sorted(load_questions()))
def test_a_question_uses_only_terms_taught_before_it(qid):
    asked, workbook = where_asked(), asked_in_workbook()
    assert qid in asked or qid in workbook, f"{qid} is asked in no lesson, exercise or workbook"
    text = shown_text(course.question(qid))
    for term in TERMS:
        if term.used_in(text) and qid in asked:
            assert taught_before(term, *asked[qid]), \
                f"{qid} uses {term.term!r}, which no lesson cell before it teaches"
        if term.used_in(text) and qid in workbook:
            assert taught_in_workbook_before(term, *workbook[qid]), \
                f"{qid} uses {term.term!r}, which no workbook cell before it teaches"


PRACTICE = course.practice_articles()


@pytest.mark.parametrize("article_id", PRACTICE)
def test_the_workbook_teaches_every_term_its_questions_use_on_a_practice_article(article_id):
    made = set(load_questions(article_id))
    for qid, (page, cell) in asked_in_workbook().items():
        if qid not in made:
            continue
        text = shown_text(course.question(qid, article_id))
        for term in TERMS:
            if term.used_in(text):
                assert taught_in_workbook_before(term, page, cell), (qid, term.term)


def test_the_naming_tables_labels_are_taught_before_the_table():
    """Lesson 2 shows the naming table's connotation labels: each glossary label it uses is
    taught before the cell that shows the table."""
    lesson = REPO / "notebooks" / "02_contrasting_statements.ipynb"
    table_cell = next(i for i, c in enumerate(cells(lesson))
                      if c.cell_type == "code" and "naming_table" in c.source)
    labels = " ".join(course.naming_table()["connotation"])
    used = [t for t in TERMS if t.used_in(labels)]
    assert len(used) >= 4
    for term in used:
        assert taught_before(term, 2, table_cell), term.term


def test_a_term_the_course_never_teaches_is_caught():
    from course.text.glossary import Term
    made_up = Term("zeugma", ("zeugma",), "a figure of speech", "02_contrasting_statements")
    assert made_up.used_in("This is a zeugma.") and not taught_before(made_up, 4, 10 ** 6)
