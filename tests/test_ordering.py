"""Ordering questions: which items are out of place, credit by pairs, ties allowed."""
from __future__ import annotations

import pytest

import course
from course.engine.checking import check_answer
from course.engine.questions import QuestionError, validate_question

ARTICLE = course.load_article()


def make(answer, items=("c", "b", "a", "d")):
    raw = {"id": "t.order", "part": "chronology", "type": "ordering", "prompt": "Order them.",
           "items": list(items), "answer": answer, "explanation": "Because."}
    return validate_question(ARTICLE, raw, "t.toml", 0)


def test_out_of_place_items_are_named_with_where_they_belong():
    q = make(["a", "b", "c", "d"])
    result = check_answer(q, ["b", "a", "c", "d"])
    assert result.status == "partial"
    assert "“b” (you put it 1st, it belongs 2nd)" in result.feedback
    assert "“a” (you put it 2nd, it belongs 1st)" in result.feedback
    assert "“c”" not in result.feedback  # in its place: not named


def test_credit_is_the_share_of_pairs_in_the_right_order():
    q = make(["a", "b", "c", "d"])
    assert check_answer(q, ["b", "a", "c", "d"]).score == pytest.approx(5 / 6)
    assert check_answer(q, ["d", "c", "b", "a"]).score == 0.0
    assert check_answer(q, ["a", "b", "c", "d"]).correct
    # one item moved from first to last: 3 pairs wrong, 3 right (positions alone give 0)
    assert check_answer(q, ["b", "c", "d", "a"]).score == pytest.approx(3 / 6)


def test_a_tie_group_accepts_every_order_among_its_items():
    q = make(["a", ["b", "c"], "d"])
    assert check_answer(q, ["a", "b", "c", "d"]).correct
    assert check_answer(q, ["a", "c", "b", "d"]).correct
    wrong = check_answer(q, ["b", "a", "c", "d"])
    assert not wrong.correct and "it belongs 2nd or 3rd" in wrong.feedback
    assert wrong.score == pytest.approx(4 / 5)  # the b-c pair is not counted


def test_bad_groups_are_refused():
    with pytest.raises(QuestionError, match="same items"):
        make(["a", ["b", "x"], "d"])
    with pytest.raises(QuestionError, match="one group"):
        make([["a", "b", "c", "d"]])
    with pytest.raises(QuestionError, match="already in the right order"):
        make([["c", "b"], "a", "d"], items=("c", "b", "a", "d"))


def test_the_generated_chronology_order_question_allows_ties_from_the_key():
    q = course.question("key.chronology.order")
    assert any(len(g) > 1 for g in q.groups), "the seed's key gives two events the same day"
    tied = next(g for g in q.groups if len(g) > 1)
    first = [item for g in q.groups for item in g]
    swapped = list(first)
    i, j = swapped.index(tied[0]), swapped.index(tied[1])
    swapped[i], swapped[j] = swapped[j], swapped[i]
    assert course.check(q.id, first).correct and course.check(q.id, swapped).correct


def test_an_event_dated_only_by_inference_is_not_tied():
    """A statement about a meeting comes after it even on the same day: the key infers its
    date from the meeting, so the generated question never lets it tie."""
    from course.parts.chronology import chronology_key
    inferred = {str(e.get("label") or e["event"]) for e in chronology_key()["events"]
                if e.get("certainty") == "inferred"}
    q = course.question("key.chronology.order")
    assert inferred and not any(set(g) & inferred for g in q.groups if len(g) > 1)
