"""Each point is assessed at most twice in the course (issue 14): every lesson and exercise
question names the point it assesses (``point`` in its TOML), and no point is asked more
than twice across the lessons and exercises, nor more than twice in one lesson and its
exercise. Questions made from keys for any article (90_from_key.toml) are not in the
course article's notebooks and are left out."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import nbformat

from course.engine.questions import load_questions

REPO = Path(__file__).resolve().parents[1]
ASK = re.compile(r"""course\.ask\(\s*["']([^"']+)["']""")
LIMIT = 2


def asked() -> dict[str, list[str]]:
    """Question ids asked in each lesson and exercise source, by two-digit number."""
    out: dict[str, list[str]] = {}
    for path in sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb")) + \
            sorted((REPO / "exercises" / "source").glob("[0-9][0-9]_*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        ids = [m for c in cells if c.cell_type == "code" for m in ASK.findall(c.source)]
        out.setdefault(path.name[:2], []).extend(ids)
    return out


def test_every_asked_question_names_its_point():
    questions = load_questions()
    missing = [qid for ids in asked().values() for qid in ids if not questions[qid].point]
    assert not missing, f"give these questions a point = \"...\": {missing}"


def repeated(by_number: dict[str, list[str]], point_of: dict[str, str]) -> list[str]:
    """Every breach of the limit: a point asked more than twice in the course, or more than
    twice in one lesson and its exercise (with the questions that ask it)."""
    breaches = []
    everywhere = Counter(point_of[q] for ids in by_number.values() for q in ids)
    for point, n in everywhere.items():
        if n > LIMIT:
            which = [q for ids in by_number.values() for q in ids if point_of[q] == point]
            breaches.append(f"{point!r} is assessed {n} times: {', '.join(which)}")
    for number, ids in by_number.items():
        for point, n in Counter(point_of[q] for q in ids).items():
            if n > LIMIT:
                breaches.append(f"{point!r} is assessed {n} times in lesson and exercise "
                                f"{number}")
    return breaches


def test_no_point_is_assessed_more_than_twice():
    point_of = {q.id: q.point for q in load_questions().values()}
    breaches = repeated(asked(), point_of)
    assert not breaches, "\n".join(breaches)


def test_the_limit_catches_a_point_asked_three_times():
    point_of = {"a": "where they met", "b": "where they met", "c": "where they met",
                "d": "who spoke"}
    assert repeated({"00": ["a", "d"], "01": ["b", "c"]}, point_of) == [
        "'where they met' is assessed 3 times: a, b, c"]
    assert repeated({"00": ["a", "b", "d"]}, {**point_of, "c": "x"}) == []
