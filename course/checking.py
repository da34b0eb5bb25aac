"""Checking a student's answer against a question's key: one function per question type.

``check_answer`` never raises on a student's answer: ``None``, a wrong type, an empty or
huge string, unknown option names all give a ``Result`` whose feedback says what kind of
answer is expected.
"""
from __future__ import annotations

import functools
import re
import reprlib
from dataclasses import dataclass
from typing import Any

from .progress import STATUSES  # noqa: F401  (re-exported: one list for the course)
from .questions import Question
from .sources import AGREES, KINDS, LOG_FIELDS, UNKNOWN_KIND, find_outlet


#: The mark and the words that start every printed or shown feedback line, per status.
MARKS = {
    "correct": ("✓", "Correct"),
    "partial": ("◐", "Partly right"),
    "wrong": ("✗", "Not yet"),
    "unanswered": ("…", "Not answered yet"),
    "invalid": ("?", "Cannot check this answer"),
    "written": ("✎", "Saved for your teacher to mark"),
}


@dataclass(frozen=True)
class Result:
    """The outcome of checking one answer: correct, a score 0..1, feedback and a status."""

    correct: bool
    score: float
    feedback: str
    status: str
    #: Questions that help a student improve a written answer (the machine never marks it).
    hints: tuple[str, ...] = ()

    @property
    def line(self) -> str:
        """One plain line: the mark, the status in words, then the feedback."""
        mark, words = MARKS[self.status]
        more = (" Questions to think about: " + " ".join(self.hints)) if self.hints else ""
        return f"{mark} {words}: {self.feedback}{more}"


_REPR = reprlib.Repr()  # bounded reprs (Python 3.11 has no keyword arguments for these)
_REPR.maxstring = _REPR.maxother = 36
_REPR.maxlist = _REPR.maxtuple = _REPR.maxset = _REPR.maxfrozenset = 4
_REPR.maxdict, _REPR.maxlevel = 3, 2


def _short(value: Any, limit: int = 40) -> str:
    """A repr of a student's value that is safe to echo (bounded work, never huge)."""
    try:
        text = _REPR.repr(value)
    except Exception:  # a student's object with a broken __repr__
        text = f"<{type(value).__name__}>"
    text = re.sub(r" (?:instance |object )?at 0x[0-9a-fA-F]+", "", text)  # no memory addresses
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _listing(names: tuple[str, ...] | list[str], limit: int = 8) -> str:
    """Names quoted and joined for a feedback sentence."""
    shown = [f"“{n}”" for n in names[:limit]]
    return ", ".join(shown) + (", …" if len(names) > limit else "")


class _Odd:
    """Stands in for a value no answer can be (bytes, objects, nesting too deep): its repr is
    computed once, safely, so that no method of the student's object runs again."""

    def __init__(self, shown: str) -> None:
        self.shown = shown

    def __repr__(self) -> str:
        return self.shown


MAX_DEPTH = 40  # nesting deeper than any answer form; deeper values are not read


def _plain(value: Any, depth: int = 0) -> Any:
    """A copy of ``value`` made of plain built-in types only (str, int, float, bool, None,
    list, dict); subclasses are read through the built-in methods, so a student's object
    whose ``__eq__``, ``__hash__``, ``__str__`` or ``__iter__`` raises cannot break a check."""
    kind = type(value)  # the real type: isinstance() can be fooled by a __class__ property
    if value is None or kind in (bool, int, float, str):
        return value
    if depth > MAX_DEPTH:
        return _Odd("…")
    if issubclass(kind, str):
        return str.__str__(value)
    if issubclass(kind, int):
        return int.__int__(value)
    if issubclass(kind, float):
        return float.__float__(value)
    if issubclass(kind, list):
        return [_plain(v, depth + 1) for v in list.copy(value)]
    if issubclass(kind, tuple):
        return [_plain(v, depth + 1) for v in tuple.__getitem__(value, slice(None))]
    if issubclass(kind, dict):
        return {(str.__str__(k) if issubclass(type(k), str) else _Odd(_short(k))):
                _plain(v, depth + 1) for k, v in list(dict.items(value))}
    if issubclass(kind, (set, frozenset)):
        return sorted((_plain(v, depth + 1) for v in frozenset(value)), key=_short)
    return _Odd(_short(value))


def _is_empty(value: Any) -> bool:
    """True for None, blank strings and empty collections (nothing answered)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        return all(_is_empty(v) for v in (value.values() if isinstance(value, dict) else value))
    return False


def _as_list(value: Any) -> list | None:
    """A list from a list, tuple or set (sorted by repr for sets); None for anything else."""
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    return None


def _match(value: Any, names: tuple[str, ...]) -> str | None:
    """The name ``value`` stands for (exact, or ignoring case and outer spaces), else None."""
    if not isinstance(value, str):
        return None
    if value in names:
        return value
    folded = value.strip().casefold()
    for name in names:
        if name.casefold() == folded:
            return name
    return None


def _result(score: float, feedback: str, partial_ok: bool = True) -> Result:
    """A Result with the status that the score implies."""
    score = max(0.0, min(1.0, float(score)))
    if score >= 1.0:
        return Result(True, 1.0, feedback, "correct")
    if score > 0 and partial_ok:
        return Result(False, score, feedback, "partial")
    return Result(False, 0.0, feedback, "wrong")


def unanswered(expected: str) -> Result:
    """The result for an empty answer, saying what kind of answer is expected."""
    return Result(False, 0.0, expected, "unanswered")


def invalid(message: str) -> Result:
    """The result for an answer of the wrong form."""
    return Result(False, 0.0, message, "invalid")


def expected_form(q: Question) -> str:
    """One sentence telling the student what kind of answer this question takes."""
    if q.type == "single":
        return f"give one of the options as a string: {_listing(q.options)}."
    if q.type == "multiple":
        return f"give a list of the options that apply, chosen from {_listing(q.options)}."
    if q.type == "matching":
        return (f"give a dict mapping each item to one category ({_listing(q.categories)}), "
                f"or a list of categories in the order of the items.")
    if q.type == "ordering":
        return f"put all {len(q.items)} items in order."
    if q.type == "spans":
        ids = [c.id for c in q.choices]
        return f"give a list of ids, chosen from {_listing(ids, 10)}."
    if q.type == "sources":
        return ("record each source you found in the boxes: which outlet, what kind of outlet "
                "it is, who is behind it, what it says and whether it agrees.")
    return "write your answer as a string of words."


def _check_single(q: Question, answer: Any) -> Result:
    if isinstance(answer, (list, tuple)) and len(answer) == 1:
        answer = answer[0]
    choice = _match(answer, q.options)
    if choice is None:
        return invalid(f"{_short(answer)} is not one of the options; {expected_form(q)}")
    if choice == q.answer:
        return _result(1.0, q.explanation)
    extra = q.feedback.get(choice, "That option does not fit; read the question again.")
    return _result(0.0, f"“{choice}” is not right. {extra}")


def _pick_many(q: Question, answer: Any, names: tuple[str, ...], what: str) -> list[str] | Result:
    """The named choices in a list answer, or an invalid Result naming what is wrong."""
    items = [answer] if isinstance(answer, str) else _as_list(answer)
    if items is None:
        return invalid(f"{_short(answer)} is not a list; {expected_form(q)}")
    picked, unknown = [], []
    for item in items:
        if _is_empty(item):
            continue
        name = _match(item, names)
        (picked if name is not None else unknown).append(name if name is not None else item)
    if unknown:
        return invalid(f"{', '.join(_short(u, 30) for u in unknown[:3])} "
                       f"{'is' if len(unknown) == 1 else 'are'} not {what}; {expected_form(q)}")
    return list(dict.fromkeys(picked))


def _check_set(q: Question, picked: list[str], key: tuple[str, ...], noun: str) -> Result:
    """Score a set of picks: right picks minus wrong picks, over the size of the key."""
    right = [p for p in picked if p in key]
    wrong = [p for p in picked if p not in key]
    score = (len(right) - len(wrong)) / len(key)
    if not wrong and len(right) == len(key):
        return _result(1.0, q.explanation)
    text = f"you found {len(right)} of the {len(key)} right {noun}{'s' if len(key) != 1 else ''}"
    if wrong:
        text += (f"; {len(wrong)} of your picks do{'es' if len(wrong) == 1 else ''} "
                 "not fit (each one takes a right one away)")
    notes = [q.feedback[w] for w in wrong if w in q.feedback]
    return _result(score, text[0].upper() + text[1:] + "." + "".join(" " + n for n in notes[:2]))


def _check_multiple(q: Question, answer: Any) -> Result:
    picked = _pick_many(q, answer, q.options, "among the options")
    if isinstance(picked, Result):
        return picked
    return _check_set(q, picked, q.answer, "choice")


def _check_spans(q: Question, answer: Any) -> Result:
    ids = tuple(c.id for c in q.choices)
    picked = _pick_many(q, answer, ids, "an id you can pick here")
    if isinstance(picked, Result):
        return picked
    return _check_set(q, picked, q.answer, f"{q.unit}")


def _check_matching(q: Question, answer: Any) -> Result:
    if isinstance(answer, dict):
        given: dict = {}
        for key, value in answer.items():
            item = _match(key, q.items)
            if item is None:
                return invalid(f"{_short(key)} is not one of the items; {expected_form(q)}")
            given[item] = value
    else:
        values = _as_list(answer)
        if values is None or len(values) != len(q.items):
            return invalid(f"{_short(answer)} does not match the {len(q.items)} items; "
                           f"{expected_form(q)}")
        given = dict(zip(q.items, values))
    right, missing, wrong_items = 0, 0, []
    for item, key in zip(q.items, q.answer):
        value = given.get(item)
        if _is_empty(value):
            missing += 1
            continue
        category = _match(value, q.categories)
        if category is None:
            return invalid(f"{_short(value)} is not one of the categories; {expected_form(q)}")
        if category == key:
            right += 1
        else:
            wrong_items.append(item)
    if right == len(q.items):
        return _result(1.0, q.explanation)
    text = f"{right} of {len(q.items)} items are matched correctly"
    if missing:
        text += f"; {missing} not matched yet"
    notes = [q.feedback[i] for i in wrong_items if i in q.feedback]
    return _result(right / len(q.items), text + "." + "".join(" " + n for n in notes[:2]))


def _ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th ... (positions in feedback)."""
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _allowed_places(q: Question) -> dict[str, tuple[int, int]]:
    """Item -> the first and last position (1-based) the key allows it (a tie group spans
    several positions, in any order)."""
    places, start = {}, 1
    for group in q.groups or tuple((i,) for i in q.answer):
        for item in group:
            places[item] = (start, start + len(group) - 1)
        start += len(group)
    return places


def _places_text(first: int, last: int) -> str:
    """'3rd', or '2nd or 3rd', or '2nd to 4th'."""
    if first == last:
        return _ordinal(first)
    joiner = " or " if last == first + 1 else " to "
    return _ordinal(first) + joiner + _ordinal(last)


def _check_ordering(q: Question, answer: Any) -> Result:
    """Score by pairs: the share of pairs of items in the right relative order (pairs in a
    tie group count either way); name the items that are not where the key allows them."""
    values = _as_list(answer)
    if values is None:
        return invalid(f"{_short(answer)} is not a list; {expected_form(q)}")
    order = []
    for value in values:
        item = _match(value, q.items)
        if item is None and not _is_empty(value):
            return invalid(f"{_short(value)} is not one of the items; {expected_form(q)}")
        order.append(item)
    placed = [o for o in order if o is not None]
    if len(set(placed)) != len(placed):
        return invalid(f"an item appears twice; {expected_form(q)}")
    if len(order) != len(q.items) or None in order:
        return invalid(f"{len(placed)} of {len(q.items)} items are placed; "
                       f"{expected_form(q)}")
    places = _allowed_places(q)
    rank = {item: first for item, (first, _last) in places.items()}
    pairs = [(a, b) for n, a in enumerate(order) for b in order[n + 1:] if rank[a] != rank[b]]
    right = sum(rank[a] < rank[b] for a, b in pairs)
    misplaced = [(n, item) for n, item in enumerate(order, 1)
                 if not places[item][0] <= n <= places[item][1]]
    if not misplaced:
        return _result(1.0, q.explanation)
    shown = "; ".join(f"“{item}” (you put it {_ordinal(n)}, it belongs "
                      f"{_places_text(*places[item])})" for n, item in misplaced[:4])
    more = f"; and {len(misplaced) - 4} more" if len(misplaced) > 4 else ""
    return _result(right / len(pairs) if pairs else 0.0,
                   f"{right} of {len(pairs)} pairs of items are in the right order. "
                   f"Out of place: {shown}{more}.")


_WORD = re.compile(r"\w+(?:['-]\w+)*")
#: Stretches a student put in quotation marks: quoting (and saying who said it) is not copying.
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’|(?<!\w)'[^']*'(?!\w)")
#: A run of this many words or more, word for word from the article and not in quotation
#: marks, gets the "own words" hint. Measured on the course article: every model answer
#: stays at 7 or fewer outside its quotation marks (a person's name with their title is
#: about 6 words), and a copied sentence is far longer (its first sentence shares 24); a
#: false alarm costs only a hint, never a mark. tests/test_written_answers.py measures both.
COPY_RUN = 8


def _words(text: str) -> list[str]:
    """The words of a text answer (for the length criterion)."""
    return _WORD.findall(text.replace("’", "'"))


@functools.lru_cache(maxsize=8)
def _word_positions(source: str) -> dict[str, tuple[int, ...]]:
    """Each (case-folded) word of ``source`` and where it stands: built once per article,
    not on every Check of a written answer."""
    where: dict[str, list[int]] = {}
    for j, word in enumerate(w.casefold() for w in _words(source)):
        where.setdefault(word, []).append(j)
    return {word: tuple(places) for word, places in where.items()}


def longest_shared_run(answer: str, source: str) -> tuple[int, str]:
    """The longest run of consecutive words of ``answer`` (outside its quotation marks)
    that ``source`` also has, word for word (case ignored): its length and its words."""
    where = _word_positions(source)
    best, best_end = 0, 0
    best_words: list[str] = []
    for stretch in _QUOTED.split(answer):
        words = [w.casefold() for w in _words(stretch)]
        previous: dict[int, int] = {}
        for i, word in enumerate(words):
            current = {j: previous.get(j - 1, 0) + 1 for j in where.get(word, ())}
            for j, n in current.items():
                if n > best:
                    best, best_end, best_words = n, i, words
            previous = current
    if not best:
        return 0, ""
    return best, " ".join(best_words[best_end - best + 1: best_end + 1])


def _check_text(q: Question, answer: Any) -> Result:
    """A written answer is never marked by the machine: it is saved for the teacher, and
    the student gets questions that may help (length, missing points, cautions, copying)."""
    if not isinstance(answer, str):
        return invalid(f"{_short(answer)} is not text; {expected_form(q)}")
    count = len(_words(answer))
    folded = answer.casefold()
    hints = []
    if count < q.min_words:
        hints.append(f"Is that all you want to say? Your answer has {count} word"
                     f"{'s' if count != 1 else ''}; the question asks for at least "
                     f"{q.min_words}.")
    hints += [k.ask for k in q.keywords if not k.found_in(folded)]
    hints += [c.ask for c in q.cautions if c.found_in(folded, whole=True)]
    if q.source_text:
        run, words = longest_shared_run(answer, q.source_text)
        if run >= COPY_RUN:
            hints.append(f"Are these your own words? {run} words in a row are the article's, "
                         f"word for word (“{words}”). Say it in your own words, or put the "
                         "article's words in quotation marks and say whose they are.")
    feedback = ("your teacher will read it and give it a level. Compare it with the model "
                "answer and the levels below, and choose where you would place it.")
    return Result(False, 0.0, feedback, "written", tuple(hints))


def log_entries(answer: Any) -> list[dict[str, str]] | None:
    """A lateral-reading log as a list of sources, each with every field as a string (empty
    sources dropped); None when the answer is not a log at all."""
    if isinstance(answer, dict):
        answer = [answer]
    if not isinstance(answer, list) or not all(isinstance(e, dict) for e in answer):
        return None
    entries = []
    for raw in answer:
        entry = {k: str(raw.get(k) or "").strip() for k in LOG_FIELDS}
        if any(entry[k] for k in LOG_FIELDS if k != "where"):
            entries.append(entry)
    return entries


def log_words(answer: Any) -> str:
    """A lateral-reading log in plain words, one numbered source after another (what the
    answer record, the marking board and the teacher's marks file show)."""
    entries = log_entries(answer)
    if entries is None:
        return str(answer)
    out = []
    for n, e in enumerate(entries, 1):
        out.append(f"{n}. {e['source'] or '(no source named)'}"
                   f" [{e['kind'] or 'kind not chosen'}; who is behind it: "
                   f"{e['behind'] or 'not said'}] says: {e['says'] or '(nothing written)'}"
                   f" ({e['agrees'] or 'agreement not chosen'}; {e['where'] or 'found where?'})")
    return "\n".join(out) if out else "none"


def written_text(q: Question, answer: Any) -> str:
    """A written answer as the text a teacher reads and marks (a log in plain words)."""
    if q.type == "sources":
        return log_words(answer)
    return answer if isinstance(answer, str) else ("" if answer is None else str(answer))


def _check_sources(q: Question, answer: Any) -> Result:
    """A lateral-reading log is marked by the teacher; the machine only asks questions: too
    few sources, a missing field, an outlet labelled differently from the course's register
    (with the register's source), only state media."""
    entries = log_entries(answer)
    if entries is None:
        return invalid(f"this is not a list of sources; {expected_form(q)}")
    if not entries:
        return unanswered(expected_form(q)[0].upper() + expected_form(q)[1:])
    hints = []
    if len(entries) < q.min_sources:
        hints.append(f"You have recorded {len(entries)} source{'s' if len(entries) != 1 else ''}; "
                     f"the activity asks for at least {q.min_sources}. Can you find another, "
                     "ideally one that nobody in the story runs?")
    for n, e in enumerate(entries, 1):
        label = f"Source {n}" + (f" ({e['source'][:60]})" if e["source"] else "")
        missing = [what for field_, what in (
            ("source", "which outlet or website is it"), ("says", "what does it say about the "
             "claim"), ("agrees", "does it agree with the article")) if not e[field_]]
        if missing:
            hints.append(f"{label}: {'; '.join(missing)}?")
        if not e["kind"] or e["kind"] == UNKNOWN_KIND or not e["behind"]:
            hints.append(f"{label}: who is behind it? Look for the outlet's “About us” page "
                         "or an encyclopedia article about the outlet, and say where you "
                         "found out.")
        outlet = find_outlet(e["source"], q.outlets)
        if outlet is not None and e["kind"] in KINDS and e["kind"] not in (UNKNOWN_KIND,
                                                                            outlet.kind):
            hints.append(f"{label}: the course's list of sources calls {outlet.name} "
                         f"“{outlet.kind}” ({outlet.behind} Source: {outlet.cited}). "
                         "What did you find, and where?")
        if e["agrees"] and e["agrees"] not in AGREES:
            hints.append(f"{label}: does it agree with the article? Choose one of the answers "
                         "offered.")
    if len(entries) >= 2 and all(e["kind"] == KINDS[0] for e in entries):
        hints.append("All your sources are state media. Can you find one that no government "
                     "runs?")
    feedback = ("your teacher will read your sources and give them a level. Compare them "
                "with the model answer and the levels below, and choose where you would "
                "place your work.")
    return Result(False, 0.0, feedback, "written", tuple(hints))


CHECKERS = {
    "single": _check_single,
    "multiple": _check_multiple,
    "matching": _check_matching,
    "ordering": _check_ordering,
    "spans": _check_spans,
    "text": _check_text,
    "sources": _check_sources,
}


def check_answer(q: Question, answer: Any) -> Result:
    """Check ``answer`` against question ``q``; never raises on the answer."""
    try:
        answer = _plain(answer)
        if _is_empty(answer):
            return unanswered(expected_form(q)[0].upper() + expected_form(q)[1:])
        return CHECKERS[q.type](q, answer)
    except Exception as err:  # a last guard: an odd object must not crash a lesson
        return invalid(f"could not read this answer ({type(err).__name__}); {expected_form(q)}")
