"""The time-expression rules' triggers (course/parts/timex.py TRIGGERS) only save work: every rule
finds exactly the matches it finds when it scans the whole text, on every text we have and
on made-up texts crowded with time phrases, cut characters and odd letters."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import course
from course.parts import timex
from course.evaluation.timex_eval import DEFAULT_CORPUS, load_doc

REPO = Path(__file__).resolve().parents[1]


def _texts() -> dict[str, str]:
    """The seed, every test article and every MEANTIME development document, by name."""
    texts = {"seed": course.load_article().text}
    for path in sorted((REPO / "corpora" / "articles").glob("*/article.txt")):
        texts[path.parent.name] = path.read_text("utf-8")
    for path in sorted(Path(DEFAULT_CORPUS).glob("*/*.xml")):
        texts[f"meantime {path.stem}"] = load_doc(path).text
    return texts


TEXTS = _texts()

# Phrases every rule can match, with commas, full stops, digits and abbreviations inside.
PHRASES = [
    "July 24, 2003", "24 of June, 2023", "2023-06-25", "7/8/07", "Jan. 5", "the 5th of Sept.",
    "May, 2008", "in March", "March", "may", "last Friday morning", "Sundays", "the day after "
    "tomorrow", "tonight", "this evening", "the following week", "the next day", "the weekend",
    "2.5 years ago", "two days later", "every year", "daily", "$5 billion a year",
    "the next three and a half months", "20-year-old", "decades-long", "for years",
    "over the weeks", "the 1990s", "the second quarter of 2009", "last summer", "the fall of",
    "the end of the year", "mid-2019", "$2019", "2000 troops", "recently", "in recent years",
    "right now", "these days", "at the moment", "soon", "in the coming months",
    "10 a.m.", "18:00 UTC", "3pm", "7:45 p.m.", "9am", "in 1848", "the 1880s", "12.30",
    "noon", "midnight", "1,000", "will", "said",
    # market idioms, decades, periods a year back, present and future references
    "on the day", "for the day and", "single-day", "six straight days", "the past five trading "
    "days", "two consecutive quarters", "the '70s", "the late ’70s", "the eighties", "in '82",
    "since ’08", "the same period last year", "the year-earlier quarter", "a year earlier",
    "the first quarter of last year", "last year's fourth quarter", "the first half of 2009",
    "the current quarter", "is ongoing", "current levels", "for the time being",
    "the near term", "going forward",
]
CUTS = ['"', "“", "”", "‘", "’", "'", "(", ")", "[", "]", ";", "!", "?", ",", ".", ":", "-",
        "/", " ", " ", "\n", "\n\n", "s", "0", "1"]


def _matches(i: int, text: str, use_triggers: bool) -> list[tuple]:
    stretches = timex._Stretches(text) if use_triggers else None
    return [(m.span(), m.groups()) for m in timex._rule_matches(i, text, stretches)]


def _assert_same_matches(text: str) -> None:
    for i, (name, pattern, _) in enumerate(timex.RULES):
        whole = [(m.span(), m.groups()) for m in pattern.finditer(text)]
        assert _matches(i, text, use_triggers=True) == whole, (i, name)
    plain = [(a, b, i, m.span()) for a, b, i, m in timex._candidates(text, use_triggers=False)]
    fast = [(a, b, i, m.span()) for a, b, i, m in timex._candidates(text)]
    assert fast == plain


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_triggers_keep_every_match_in_real_texts(name: str) -> None:
    text = TEXTS[name]
    assert text.strip()
    _assert_same_matches(text)


def test_real_texts_use_the_triggers() -> None:
    # The comparison above means something only if the texts take the fast path.
    assert all(timex._Stretches(text).safe for text in TEXTS.values())


def test_every_rule_matches_somewhere_in_the_phrases() -> None:
    # So that the made-up texts below exercise every rule and its trigger.
    text = " ; ".join(PHRASES)
    assert all(any(True for _ in pattern.finditer(text)) for _, pattern, _ in timex.RULES)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PHRASES + CUTS + ["\u212a", "\u017funday", "\u0130", "\u0663"]),
                min_size=1, max_size=40))
def test_triggers_keep_every_match_in_made_up_texts(pieces: list[str]) -> None:
    _assert_same_matches("".join(pieces))


@pytest.mark.parametrize("phrase", PHRASES)
@pytest.mark.parametrize("before, after", [('"', '"'), ("(", ")"), ("", ","), ("", "."),
                                           (".", ". "), (",", ";"), ("!", "?"), ("’", "'")])
def test_triggers_keep_matches_next_to_cuts(phrase: str, before: str, after: str) -> None:
    _assert_same_matches(f"He said{before}{phrase}{after}then{before}{phrase.upper()}{after}")


def test_odd_letters_and_digits_turn_the_triggers_off() -> None:
    # "ſunday" (long s) is a Sunday to IGNORECASE but not to str.lower, and "٣" (Arabic-Indic
    # three) is a digit to the rules but not one of the trigger words "0"..."9".
    rule = [name for name, _, _ in timex.RULES].index
    for text, name, span in [("The vote was on \u017funday.", "weekday", (16, 22)),
                             ("It opens at \u0663 p.m. sharp.", "clock time", (12, 18))]:
        assert not timex._Stretches(text).safe
        assert [m.span() for m in timex._rule_matches(rule(name), text, timex._Stretches(text))
                if m.span() == span] == [span]
        _assert_same_matches(text)


def test_odd_case_list_is_complete() -> None:
    # Every non-ASCII character IGNORECASE takes for an ASCII letter is in _ODD_CASE.
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    odd = {m[0] for m in re.finditer("[a-z]", every, re.I) if not m[0].isascii()}
    assert odd == set(timex._ODD_CASE)
    # and the rules' digits are exactly the characters the safety check calls decimal.
    assert {m[0] for m in re.finditer(r"\d", every)} == {c for c in every if c.isdecimal()}


def test_cut_characters_are_never_matched() -> None:
    # A rule never matches a barrier character, nor its own stops, in any text we have.
    for text in TEXTS.values():
        for i, (_, pattern, _) in enumerate(timex.RULES):
            stops = set(timex._BARRIER_CHARS.replace("\\", "")) | set(timex.TRIGGERS[i][1])
            for m in pattern.finditer(text):
                assert not stops & set(m[0]), (i, m[0])
