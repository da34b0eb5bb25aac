"""The question types, one module each, registered by name.

Every module builds one ``QuestionType`` (``base.py``): validation, checking, the words
of an answer, the control, the solution, the handout and the guide's key. Nothing else in
the course branches on a question's type: to add a type, write its module and list it
here (tests/test_qtypes.py proves each registered type implements everything).
"""
from __future__ import annotations

from . import matching, multiple, ordering, single, sources, spans, text
from .base import QuestionType

#: Every question type by name, in the order the documentation lists them.
REGISTRY: dict[str, QuestionType] = {t.name: t for t in (
    single.TYPE, multiple.TYPE, matching.TYPE, ordering.TYPE, spans.TYPE, text.TYPE,
    sources.TYPE)}
#: The type names.
TYPES = tuple(REGISTRY)
#: The types a student answers in their own words, for the teacher to mark.
WRITTEN = tuple(name for name, t in REGISTRY.items() if t.written)
