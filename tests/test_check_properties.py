"""Property tests: ``course.check`` never raises on any answer, for every question type.

Run size: ``EXAMPLES`` examples per question type and property (see the settings below);
six types, so about 6 x 3 x EXAMPLES checks per run.
"""
from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import course
from course.checking import STATUSES

EXAMPLES = 300
QIDS = {"single": "ex00.where", "multiple": "ex00.discussed", "matching": "ex00.who",
        "ordering": "ex00.events", "spans": "ex00.meeting", "text": "ex00.summary"}
RUN = settings(max_examples=EXAMPLES, deadline=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def names_of(q: course.Question) -> list[str]:
    """The strings a question knows (options, items, categories, ids), plus odd spellings."""
    names = list(q.options) + list(q.items) + list(q.categories) + [c.id for c in q.choices]
    return names + [n.upper() for n in names] + [f"  {n} " for n in names] + ["", " ", "S999"]


def answers(q: course.Question) -> st.SearchStrategy:
    """Arbitrary student answers, with the question's own names mixed in often."""
    scalars = st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
        st.text(max_size=50), st.binary(max_size=50),
        st.builds(lambda n, ch: ch * n, st.integers(1_000, 300_000), st.characters()),
        st.sampled_from(names_of(q)),
        st.just(float("inf")), st.just(math.nan), st.just(object()), st.just(...),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=8), st.tuples(inner, inner),
            st.dictionaries(st.one_of(st.sampled_from(names_of(q)), st.text(max_size=10),
                                      st.integers()), inner, max_size=6),
            st.frozensets(st.sampled_from(names_of(q)), max_size=6),
        ),
        max_leaves=20,
    )


def assert_sane(result) -> None:
    assert isinstance(result, course.Result)
    assert 0.0 <= result.score <= 1.0
    assert result.status in STATUSES
    assert isinstance(result.feedback, str) and result.feedback.strip()
    assert len(result.feedback) < 2_000  # never echoes a huge answer back
    assert result.correct == (result.status == "correct")
    # check_answer's last-resort guard hides crashes; the checkers must never need it
    assert "could not read this answer" not in result.feedback
    if result.correct:
        assert result.score == 1.0


@pytest.mark.parametrize("qtype", sorted(QIDS))
def test_check_never_raises(qtype):
    q = course.question(QIDS[qtype])

    @RUN
    @given(answers(q))
    def run(answer):
        before = repr(answer)
        result = course.check(q.id, answer)
        assert_sane(result)
        assert course.check(q.id, answer) == result  # deterministic
        assert repr(answer) == before  # the student's answer is not changed
    run()


@pytest.mark.parametrize("qtype", ["multiple", "spans"])
def test_a_wrong_pick_never_raises_the_score(qtype):
    q = course.question(QIDS[qtype])
    ids = list(q.options) or [c.id for c in q.choices]
    wrong = [i for i in ids if i not in q.answer]

    @RUN
    @given(st.lists(st.sampled_from(ids), unique=True), st.sampled_from(wrong))
    def run(picked, extra):
        base = course.check(q.id, picked)
        more = course.check(q.id, list(dict.fromkeys(picked + [extra])))
        assert more.score <= base.score
    run()


@pytest.mark.parametrize("qtype", ["ordering", "matching"])
def test_only_the_key_is_fully_right(qtype):
    q = course.question(QIDS[qtype])
    pool = list(q.items) if qtype == "ordering" else list(q.categories)

    @RUN
    @given(st.permutations(list(q.items)) if qtype == "ordering"
           else st.lists(st.sampled_from(pool), min_size=len(q.items), max_size=len(q.items)))
    def run(answer):
        result = course.check(q.id, answer)
        assert result.correct == (tuple(answer) == q.answer)
        assert_sane(result)
    run()
