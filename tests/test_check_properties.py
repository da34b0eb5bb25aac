"""Property tests: ``course.check`` never raises on any answer, for every question type.

``test_check_never_raises`` runs at least ``PER_TYPE`` (10,000) generated answers per
question type through ``course.check``, spread over every question of that type in the
seed: any JSON-like value, wrong types, huge strings and numbers, nested and very deeply
nested containers, NaN and infinities, bytes, lone surrogates, objects whose ``__eq__``,
``__hash__``, ``__str__``, ``__repr__``, ``__iter__`` or ``__len__`` raise (also as
``str``/``list``/``dict`` subclasses), and near-valid answers built from the question's
own options, items, categories, ids and keywords. The number of checks is counted and
asserted, so the run size is proven, not assumed. The other properties run ``EXAMPLES``
examples each (50 per question for determinism).

Cost: Hypothesis needs about 2.5 ms of CPU to generate one such answer and the check
about 0.5 ms, so the 60,000 checks take about 3 CPU-minutes (measured: 5.7 CPU-minutes
for the whole file while the 2-core machine was shared with other jobs).
"""
from __future__ import annotations

import json
import math
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import course
from course.engine import progress
from course.engine.checking import STATUSES
from course.engine.questions import TYPES  # every type the course has: a new one is covered here

# the strategies' own reprs are large (every option of every question): not a problem here
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

PER_TYPE = 10_000
EXAMPLES = 300
QIDS = {"single": "ex00.where", "multiple": "ex00.discussed", "matching": "ex00.who",
        "ordering": "ex00.events", "spans": "ex00.meeting", "text": "ex00.summary"}
SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
BIG_RUN = settings(max_examples=PER_TYPE, deadline=None, database=None,
                   suppress_health_check=SLOW_OK)
RUN = settings(max_examples=EXAMPLES, deadline=None, database=None,
               suppress_health_check=SLOW_OK)
CALLS: Counter = Counter()


def seed_questions(qtype: str) -> list[course.Question]:
    """Every question of one type in the course's seed article."""
    frame = course.questions()
    return [course.question(qid) for qid in frame[frame["type"] == qtype]["id"]]


# ------------------------------------------------------------------ hostile objects

class Boom(Exception):
    """Raised by the hostile objects below."""


def _boom(*_args, **_kwargs):
    raise Boom("a student's object that raises")


class Hostile:
    """Every dunder a checker might call raises (but it can be hashed, for dict keys)."""

    __eq__ = __ne__ = __lt__ = __str__ = __repr__ = __len__ = __iter__ = __bool__ = _boom
    __getitem__ = __contains__ = __format__ = __index__ = __float__ = _boom

    def __hash__(self) -> int:
        return id(self)


class Unhashable(Hostile):
    """Hostile, and hashing raises too."""

    __hash__ = _boom  # type: ignore[assignment]


class EvilStr(str):
    """Looks like an option, but comparing, hashing, printing or stripping it raises."""

    __eq__ = __ne__ = __hash__ = __str__ = __repr__ = __iter__ = __len__ = _boom
    strip = casefold = lower = upper = split = encode = _boom


class EvilList(list):
    """A list subclass whose iteration, length, comparison and repr raise."""

    __iter__ = __len__ = __eq__ = __repr__ = __getitem__ = __bool__ = __contains__ = _boom
    __hash__ = None  # type: ignore[assignment]


class EvilDict(dict):
    """A dict subclass whose views, lookups, iteration and repr raise."""

    __iter__ = __len__ = __eq__ = __repr__ = __getitem__ = __contains__ = _boom
    items = keys = values = get = copy = _boom


class Impostor:
    """Claims to be a str through ``__class__``: isinstance(x, str) is True, it is not one."""

    @property
    def __class__(self):  # noqa: D401 - the lie under test
        return str

    __str__ = __repr__ = __eq__ = _boom

    def __hash__(self) -> int:
        return 1


def hostile(inner: st.SearchStrategy) -> st.SearchStrategy:
    """Hostile objects, the str/list/dict ones wrapping near-valid content."""
    texts = st.text(max_size=20) | inner.filter(lambda v: type(v) is str)
    return st.one_of(
        st.builds(Hostile), st.builds(Unhashable), st.builds(Impostor),
        st.builds(EvilStr, texts),
        st.builds(EvilList, st.lists(inner, max_size=5)),
        st.builds(EvilDict, st.dictionaries(texts, inner, max_size=4)),
    )


def deep(depth: int, leaf) -> list:
    """A list nested ``depth`` levels deep (built without recursion)."""
    value = leaf
    for _ in range(depth):
        value = [value]
    return value


# ------------------------------------------------------------------ near-valid answers

def names_of(q: course.Question) -> list[str]:
    """The strings a question knows (options, items, categories, ids), plus odd spellings."""
    names = list(q.options) + list(q.items) + list(q.categories) + [c.id for c in q.choices]
    names += [w for group in q.keywords for w in group.words]
    odd = [n.upper() for n in names] + [f"  {n} " for n in names] + [n[:-1] for n in names]
    return names + odd + ["", " ", "S999", "c999", "\u200b"]


def near_valid(q: course.Question) -> st.SearchStrategy:
    """Answers close to the right form for ``q``: its own names, in the right containers."""
    names = st.sampled_from(names_of(q))
    ids = [c.id for c in q.choices] or list(q.options)
    strategies = [names, st.lists(names, max_size=8), st.lists(names, max_size=3).map(tuple)]
    if ids:
        strategies += [st.lists(st.sampled_from(ids), max_size=len(ids) + 2),
                       st.sets(st.sampled_from(ids)), st.sampled_from(ids).map(lambda i: [i])]
    if q.items and q.categories:
        cats = st.sampled_from(list(q.categories) + ["", "nobody"])
        aligned = st.lists(cats, min_size=len(q.items), max_size=len(q.items))
        strategies += [aligned, aligned.map(lambda c: dict(zip(q.items, c))),
                       st.dictionaries(st.sampled_from(list(q.items) + ["not an item"]), cats),
                       aligned.map(lambda c: {i.upper(): x for i, x in zip(q.items, c)})]
    if q.items:
        strategies += [st.permutations(list(q.items)),
                       st.permutations(list(q.items)).map(lambda p: p[:-1]),
                       st.permutations(list(q.items)).map(lambda p: p + p[:1]),
                       st.lists(st.sampled_from(list(q.items)), max_size=len(q.items) + 1)]
    if q.type == "sources":
        fields = st.fixed_dictionaries({}, optional={k: st.one_of(names, st.sampled_from(
            ["TASS", "Xinhua", "state media: run or controlled by a government",
             "agrees with the article", "searched online", ""]), st.integers(), st.none())
            for k in ("source", "kind", "behind", "says", "agrees", "where", "extra")})
        strategies += [st.lists(fields, max_size=6), fields, st.lists(st.one_of(fields, names),
                                                                      max_size=3)]
    if q.type == "text":
        words = [w for g in q.keywords for w in g.words] + q.model_answer.split()[:40] + ["the", "x"]
        strategies.append(st.lists(st.sampled_from(words), max_size=80).map(" ".join))
        strategies.append(st.just(q.model_answer))
    return st.one_of(strategies)


def scalars(q: course.Question) -> st.SearchStrategy:
    """Single values of every kind, right and wrong."""
    return st.one_of(
        st.none(), st.booleans(), st.integers(), st.builds(pow, st.just(10), st.integers(4_400, 6_000)), st.just(-(2 ** 70)),
        st.floats(allow_nan=True, allow_infinity=True), st.just(math.nan),
        st.just(float("inf")), st.just(-0.0),
        st.text(max_size=50), st.text(st.characters(categories=["Cs"]), min_size=1, max_size=5),
        st.binary(max_size=50), st.sampled_from(names_of(q)).map(str.encode),
        st.builds(lambda n, ch: ch * n, st.integers(1_000, 300_000), st.characters()),
        st.builds(lambda n: " ".join(["Beijing"] * n), st.integers(1, 50_000)),
        st.just(object()), st.just(...), st.just(NotImplemented), st.just(len),
        st.just(int), st.just(complex(1, 2)), st.just(range(3)), st.builds(bytes, st.integers(1, 100_000)),
        st.just(bytearray(b"Beijing")), st.just(iter(["Beijing"])),
    )


def answers(q: course.Question) -> st.SearchStrategy:
    """Arbitrary student answers, with near-valid and hostile ones mixed in often."""
    keys = st.one_of(st.sampled_from(names_of(q)), st.text(max_size=10), st.integers(),
                     st.none(), st.builds(Hostile), st.tuples(st.integers()))
    tree = st.recursive(
        scalars(q) | near_valid(q),
        lambda inner: st.one_of(
            st.lists(inner, max_size=8), st.tuples(inner, inner),
            st.dictionaries(keys, inner, max_size=6),
            st.frozensets(st.sampled_from(names_of(q)) | st.integers(), max_size=6),
            hostile(inner),
        ),
        max_leaves=12,
    )
    return st.one_of(
        tree, near_valid(q), hostile(near_valid(q)),
        st.builds(deep, st.integers(50, 10_000), st.sampled_from(names_of(q))),
        st.builds(lambda n, x: [x] * n, st.integers(1_000, 20_000), st.sampled_from(names_of(q))),
    )


def question_and_answer(qtype: str) -> st.SearchStrategy:
    """A question of the type (every one of them in turn) and an answer for it (the
    strategies are built once per question: building them per example is slow)."""
    return st.one_of([st.tuples(st.just(q.id), answers(q)) for q in seed_questions(qtype)])


# ------------------------------------------------------------------ properties

def assert_sane(result) -> None:
    assert isinstance(result, course.Result)
    assert isinstance(result.score, float) and 0.0 <= result.score <= 1.0
    assert result.status in STATUSES
    assert isinstance(result.feedback, str) and result.feedback.strip()
    assert len(result.feedback) < 2_000  # never echoes a huge answer back
    assert " at 0x" not in result.feedback  # nor a memory address (outputs must reproduce)
    assert result.correct == (result.status == "correct")
    # check_answer's last-resort guard hides crashes; the checkers must never need it
    assert "could not read this answer" not in result.feedback
    if result.correct:
        assert result.score == 1.0


def fingerprint(answer) -> str | None:
    """The answer's repr, to see that checking did not change it (None if it has none)."""
    try:
        return repr(answer)
    except (Boom, RecursionError, ValueError):
        return None


@pytest.mark.parametrize("qtype", TYPES)
def test_check_never_raises(qtype):
    """At least PER_TYPE generated answers per type, over every question of that type."""
    CALLS[qtype] = 0
    seen: set[str] = set()

    @BIG_RUN
    @given(question_and_answer(qtype))
    def run(pair):
        qid, answer = pair
        CALLS[qtype] += 1
        seen.add(qid)
        before = fingerprint(answer)
        result = course.check(qid, answer)
        assert_sane(result)
        assert fingerprint(answer) == before  # the student's answer is not changed
        # what mark() would store is JSON that reads back
        stored = json.loads(progress._encode({"answer": progress.jsonable(answer)}))
        assert set(stored) == {"answer"}
    run()
    assert CALLS[qtype] >= PER_TYPE
    assert seen == {q.id for q in seed_questions(qtype)}


@pytest.mark.parametrize("qtype", TYPES)
def test_check_is_deterministic_and_the_solution_is_right(qtype):
    for q in seed_questions(qtype):
        @settings(RUN, max_examples=50)
        @given(answers(q))
        def run(answer):
            assert course.check(q.id, answer) == course.check(q.id, answer)
        run()
        if qtype not in ("text", "sources"):
            assert course.check(q.id, q.solution()).correct, q.id


def test_no_written_answer_is_ever_marked_by_the_machine():
    for q in seed_questions("text") + seed_questions("sources"):
        @settings(RUN, max_examples=200)
        @given(answers(q))
        def run(answer):
            result = course.check(q.id, answer)
            assert not result.correct and result.score == 0.0
            assert result.status in ("written", "unanswered", "invalid")
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


def test_hostile_objects_are_refused_politely():
    """A few hand-picked hostile answers, so that the property test's guard is visible."""
    q = course.question(QIDS["single"])
    for answer in (EvilStr(q.answer), Hostile(), Impostor(), EvilList([q.answer]),
                   deep(10_000, q.answer), object(), {Hostile()}):
        result = course.check(q.id, answer)
        assert_sane(result)
        assert " at 0x" not in result.feedback  # no memory address in feedback
    # an str subclass is read as its characters: the right option is right
    class Polite(str):
        pass
    assert course.check(q.id, Polite(q.answer)).correct
    assert course.check(q.id, EvilStr(q.answer)).correct
