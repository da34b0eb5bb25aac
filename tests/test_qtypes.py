"""The question-type registry (issue 15): every registered type implements everything the
engine, the widgets, the guide and the handouts call, and no other module branches on a
question's type."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import ipywidgets as w
import pytest

import course
from course.engine.controls import AnswerControl
from course.engine.qtypes import REGISTRY, TYPES, WRITTEN
from course.engine.qtypes.base import QuestionType
from course.engine.question import COMMON_FIELDS
from course.engine.questions import load_questions

COURSE = Path(__file__).resolve().parents[1] / "course"
ARTICLE = course.load_article()


def test_the_registry_lists_every_type_module():
    modules = {p.stem for p in (COURSE / "engine" / "qtypes").glob("*.py")} - {"__init__", "base"}
    assert modules == set(TYPES)
    assert WRITTEN == ("text", "sources")


@pytest.mark.parametrize("name", TYPES)
def test_each_type_implements_everything(name):
    kind = REGISTRY[name]
    assert isinstance(kind, QuestionType) and kind.name == name
    for f in dataclasses.fields(QuestionType):
        value = getattr(kind, f.name)
        assert value is not None and value != "", f.name
    for f in ("validate", "check", "expected", "words", "solution", "handout", "key_text"):
        assert callable(getattr(kind, f)), f
    assert issubclass(kind.control, AnswerControl)
    assert not kind.fields & (COMMON_FIELDS - {"answer"})


@pytest.mark.parametrize("name", TYPES)
def test_a_question_of_each_type_goes_through_every_step(name):
    q = next(q for q in load_questions().values() if q.type == name)
    assert q.kind is REGISTRY[name]
    answer = q.solution()
    result = course.check(q.id, answer)
    assert result.status == ("written" if q.written else "correct"), result
    assert q.kind.words(q, answer).strip()
    assert q.kind.expected(q).strip() and q.kind.unanswered.strip()
    control = q.kind.control(q)
    assert isinstance(control.box, w.Widget)
    control.value = answer
    assert course.check(q.id, control.value).status == result.status
    control.reset()
    assert course.check(q.id, control.value).status == "unanswered"
    assert q.kind.handout(q).strip() and q.kind.key_text(q, ARTICLE).strip()


def test_no_module_outside_the_registry_branches_on_a_question_type():
    # a comparison of some ``.type`` with a question type's name (a time expression's
    # type, "DATE" or "DURATION", is another kind of type)
    names = "|".join(re.escape(name) for name in TYPES)
    branch = re.compile(r"""\.type\s*(?:==|!=|in)\s*[^#\n]*["'](?:%s)["']""" % names)
    assert branch.search('if q.type == "ordering":') and branch.search("q.type in ('text', x)")
    assert not branch.search('if t.type == "DATE" and t.anchor in ("", PUB):')
    found = [f"{p.relative_to(COURSE)}: {line.strip()}"
             for p in COURSE.rglob("*.py") if "qtypes" not in p.parts
             for line in p.read_text(encoding="utf-8").splitlines()
             if branch.search(line)]
    assert not found, "\n".join(found)
