"""Unit tests of the time-expression rules on made-up sentences with a fixed publication date.

The publication date is Wednesday 10 March 2021 (ISO week 10), so every expected value
below can be checked with a calendar, independently of the code under test.
"""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from course.parts.timex import Timex, find_timexes

PUB = dt.date(2021, 3, 10)  # a Wednesday


def timexes(text: str, published: dt.date = PUB) -> list[Timex]:
    return find_timexes(text, published)


def only(text: str, published: dt.date = PUB) -> Timex:
    found = timexes(text, published)
    assert len(found) == 1, [(t.text, t.value) for t in found]
    return found[0]


@pytest.mark.parametrize("sentence, phrase, value", [
    ("The minister resigned on Friday.", "Friday", "2021-03-05"),
    ("Police said on Tuesday that two men were arrested.", "Tuesday", "2021-03-09"),
    ("The report was published on Wednesday.", "Wednesday", "2021-03-10"),  # same day
    ("The talks will resume on Friday.", "Friday", "2021-03-12"),           # future tense
    ("She is expected to arrive on Monday.", "Monday", "2021-03-15"),
    ("They met last Friday.", "last Friday", "2021-03-05"),
    ("The vote is next Tuesday.", "next Tuesday", "2021-03-16"),
])
def test_weekdays(sentence: str, phrase: str, value: str) -> None:
    t = only(sentence)
    assert (t.text, t.type, t.value) == (phrase, "DATE", value)
    assert sentence[t.start:t.end] == phrase
    assert "publication" in t.resolution


@pytest.mark.parametrize("sentence, phrase, kind, value", [
    ("The bill passed yesterday.", "yesterday", "DATE", "2021-03-09"),
    ("Markets opened lower today.", "today", "DATE", "2021-03-10"),
    ("The result is due tomorrow.", "tomorrow", "DATE", "2021-03-11"),
    ("Fighting resumed yesterday morning.", "yesterday morning", "TIME", "2021-03-09TMO"),
    ("The bridge was closed last week.", "last week", "DATE", "2021-W09"),
    ("Sales fell last month.", "last month", "DATE", "2021-02"),
    ("Elections are planned next year.", "next year", "DATE", "2022"),
    ("He was arrested two days ago.", "two days ago", "DATE", "2021-03-08"),
    ("The company was founded two years ago.", "two years ago", "DATE", "2019"),
    ("It rained heavily last summer.", "last summer", "DATE", "2020-SU"),
    ("He grew up in the 1990s.", "the 1990s", "DATE", "199"),
])
def test_relative_expressions(sentence: str, phrase: str, kind: str, value: str) -> None:
    t = only(sentence)
    assert (t.text, t.type, t.value) == (phrase, kind, value)


@pytest.mark.parametrize("sentence, phrase, value", [
    ("The ceasefire began on June 24.", "June 24", "2021-06-24"),
    ("Fighting broke out on 24 June.", "24 June", "2021-06-24"),
    ("The treaty was signed on July 24, 2003.", "July 24, 2003", "2003-07-24"),
    ("The plant closed in May.", "May", "2021-05"),
    ("The plant closed in September 2006.", "September 2006", "2006-09"),
    ("The airline was founded in 1985.", "1985", "1985"),
    ("The files are dated 2020-11-03.", "2020-11-03", "2020-11-03"),
])
def test_explicit_dates(sentence: str, phrase: str, value: str) -> None:
    t = only(sentence)
    assert (t.text, t.type, t.value) == (phrase, "DATE", value)


def test_month_day_without_year_takes_previous_year_when_far_in_future() -> None:
    t = only("The strike began on December 30.", dt.date(2021, 1, 3))
    assert t.value == "2020-12-30"
    assert "2020" in t.resolution


def test_weekday_and_bracketed_date_are_two_expressions_for_one_day() -> None:
    found = timexes("Ministers met on Sunday (March 7) in Paris.")
    assert [(t.text, t.value) for t in found] == [("Sunday", "2021-03-07"),
                                                   ("March 7", "2021-03-07")]


def test_hours_later_is_anchored_to_the_last_date_when_there_is_one() -> None:
    found = timexes("The rebels seized the city on Monday. Hours later, they withdrew.")
    later = found[-1]
    assert (later.text, later.type, later.value) == ("Hours later", "DURATION", "PTXH")
    assert later.anchor == "Monday"


def test_hours_later_without_a_dated_event_stays_unanchored() -> None:
    t = only("The president called it treason. However, hours later, the rebels turned back.")
    assert (t.text, t.type, t.value, t.anchor) == ("hours later", "DURATION", "PTXH", "")
    assert "does not date" in t.resolution


def test_days_later_counts_from_the_last_date() -> None:
    found = timexes("The flight left on March 1. It landed three days later.")
    assert found[-1].text == "three days later"
    assert found[-1].value == "2021-03-04"
    assert found[-1].anchor == "March 1"


def test_the_next_day_counts_from_the_last_date() -> None:
    found = timexes("The flight left on March 1. It landed the next day.")
    assert [(t.text, t.value) for t in found] == [("March 1", "2021-03-01"),
                                                   ("the next day", "2021-03-02")]
    assert found[-1].anchor == "March 1"


def test_the_next_day_without_a_date_is_left_unresolved() -> None:
    t = only("The rebels left. The next day, the town was quiet.")
    assert (t.text, t.value, t.anchor) == ("The next day", "XXXX-XX-XX", "")


def test_the_weekend_is_the_most_recent_one_in_past_reporting() -> None:
    t = only("Protests spread over the weekend.")  # Sat 6 and Sun 7 March 2021: ISO week 9
    assert (t.text, t.value) == ("the weekend", "2021-W09-WE")


@pytest.mark.parametrize("sentence, phrase, value", [
    ("The war lasted two years.", "two years", "P2Y"),
    ("The delay was 18 months.", "18 months", "P18M"),
    ("They waited a week.", "a week", "P1W"),
    ("He ended a decades-long career.", "decades-long", "PXDE"),
    ("It was a 12-hour flight.", "12-hour", "PT12H"),
    ("The meeting took thirty minutes.", "thirty minutes", "PT30M"),
    ("They have argued for years.", "years", "PXY"),
])
def test_durations(sentence: str, phrase: str, value: str) -> None:
    t = only(sentence)
    assert (t.text, t.type, t.value) == (phrase, "DURATION", value)


@pytest.mark.parametrize("sentence, phrase, kind, value", [
    ("The annual meeting was cancelled.", "annual", "SET", "P1Y"),
    ("The plant makes $5 billion a year.", "a year", "SET", "P1Y"),
    ("The recent floods killed ten people.", "recent", "DATE", "PAST_REF"),
    ("Prices are now falling.", "now", "DATE", "PRESENT_REF"),
    ("The road is currently closed.", "currently", "DATE", "PRESENT_REF"),
    ("A decision is expected soon.", "soon", "DATE", "FUTURE_REF"),
    ("The vote closes at 10 a.m.", "10 a.m.", "TIME", "2021-03-10T10:00"),
    ("The rally started on Friday morning.", "Friday morning", "TIME", "2021-03-05TMO"),
])
def test_sets_references_and_times(sentence: str, phrase: str, kind: str, value: str) -> None:
    t = only(sentence)
    assert (t.text, t.type, t.value) == (phrase, kind, value)


@pytest.mark.parametrize("sentence", [
    "They may leave the country.",           # "may" the verb
    "Supporters march through the city.",    # "march" the verb
    "The army sent 2000 troops.",            # a number, not a year
    "The deal is worth $2019 million.",
    "A second plane landed safely.",         # an ordinal, not one second
    "After the fall of the city, talks began.",
    "",
    "   \n  ",
])
def test_no_false_alarms(sentence: str) -> None:
    assert timexes(sentence) == []


def test_impossible_dates_are_not_reported() -> None:
    assert all(t.value != "2021-02-31" for t in timexes("It happened on 31 February 2021."))


def test_non_text_input_gives_no_expressions() -> None:
    assert find_timexes(None, PUB) == []  # type: ignore[arg-type]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(
    list("abcdefgh ,.;:()'-0123456789\n") + ["Monday ", "June ", "24 ", "last ", "week ",
                                              "hours ", "later ", "2019 ", "ago ", "May "]),
    max_size=60).map("".join))
def test_any_text_gives_valid_non_overlapping_spans(text: str) -> None:
    found = find_timexes(text, PUB)
    for t in found:
        assert text[t.start:t.end] == t.text and t.text.strip() == t.text
        assert t.type in {"DATE", "TIME", "DURATION", "SET"} and t.value
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start


def test_long_input_gives_the_same_expressions_in_every_copy() -> None:
    one = "Talks began on Friday. Hours later, the army said it would pull back by June 24.\n"
    single = timexes(one)
    many = timexes(one * 200)
    assert len(single) == 3 and len(many) == 3 * 200
    assert {t.value for t in many} == {t.value for t in single}


# ---------------------------------------------------------------- issue 18: more kinds
# Same publication date: Wednesday 10 March 2021 (ISO week 10, first quarter).

@pytest.mark.parametrize("sentence, phrase, kind, value", [
    # market and business idioms
    ("Shares fell 3% on the day.", "the day", "DATE", "2021-03-10"),
    ("It was the biggest single-day drop on record.", "single-day", "DURATION", "P1D"),
    ("The index rose for six straight days.", "six straight days", "DURATION", "P6D"),
    ("The stock lost 10% over the past five trading days.", "the past five trading days",
     "DURATION", "P5D"),
    ("The economy shrank for two consecutive quarters.", "two consecutive quarters",
     "DURATION", "P2Q"),
    ("Shares fell for three straight sessions.", "three straight sessions", "DURATION", "P3D"),
    # decades and abbreviated years
    ("Disco peaked in the '70s.", "the '70s", "DATE", "197"),
    ("Disco peaked in the late ’70s.", "the late ’70s", "DATE", "197"),
    ("Punk peaked in the seventies.", "the seventies", "DATE", "197"),
    ("He grew up in the early 1990s.", "the early 1990s", "DATE", "199"),
    ("He graduated in '82.", "'82", "DATE", "1982"),
    ("Prices have doubled since ’08.", "’08", "DATE", "2008"),
    # periods relative to another period
    ("Sales rose 5% from the same period last year.", "the same period last year", "DATE",
     "2020"),
    ("Profit fell in the first quarter of last year.", "the first quarter of last year",
     "DATE", "2020-Q1"),
    ("Profit rose in last year's fourth quarter.", "last year's fourth quarter", "DATE",
     "2020-Q4"),
    ("Sales in the first half of this year rose.", "the first half of this year", "DATE",
     "2021-H1"),
    ("Revenue was $5 billion, up from $4 billion a year earlier.", "a year earlier", "DATE",
     "2020"),
    ("Results for the fourth quarter were released.", "the fourth quarter", "DATE",
     "2020-Q4"),  # not begun by publication, past tense: last year's
    # week arithmetic
    ("Talks continue this week.", "this week", "DATE", "2021-W10"),
    ("The deal was signed a week ago.", "a week ago", "DATE", "2021-W09"),
    ("The leaders will meet at the weekend.", "the weekend", "DATE", "2021-W10-WE"),
    ("The shops were busy last weekend.", "last weekend", "DATE", "2021-W09-WE"),
    # present and future references
    ("Profit will rise in the current quarter.", "the current quarter", "DATE", "2021-Q1"),
    ("Oil stays near current levels.", "current", "DATE", "PRESENT_REF"),
    ("The investigation is ongoing.", "ongoing", "DATE", "PRESENT_REF"),
    ("The plant will stay closed for the time being.", "the time being", "DATE",
     "PRESENT_REF"),
    ("Prices should stay high in the near term.", "the near term", "DATE", "FUTURE_REF"),
    ("Costs will fall going forward.", "going forward", "DATE", "FUTURE_REF"),
])
def test_issue_18_kinds(sentence: str, phrase: str, kind: str, value: str) -> None:
    t = only(sentence)
    assert (t.text, t.type, t.value) == (phrase, kind, value)
    assert sentence[t.start:t.end] == phrase and t.resolution


@pytest.mark.parametrize("sentence, phrase, value", [
    ("The ministers will meet on Friday.", "Friday", "2021-03-12"),
    ("The shares will be listed on Friday.", "Friday", "2021-03-12"),    # "listed" is no past
    ("The vote is scheduled for Friday.", "Friday", "2021-03-12"),
    ("The minister is to visit Paris on Thursday.", "Thursday", "2021-03-11"),
    ("The company plans to report results on Monday.", "Monday", "2021-03-15"),
    ("On Friday, the board will vote on the deal.", "Friday", "2021-03-12"),  # verb after
    ("On Friday, the board voted on the deal.", "Friday", "2021-03-05"),
    ("He said on Friday that the board will vote.", "Friday", "2021-03-05"),
])
def test_weekdays_follow_the_tense_of_their_clause(sentence: str, phrase: str,
                                                   value: str) -> None:
    t = only(sentence)
    assert (t.text, t.type, t.value) == (phrase, "DATE", value)


def test_same_period_and_a_year_earlier_count_from_the_period_just_mentioned() -> None:
    found = timexes("Profit in the fourth quarter rose 5% from the same period a year "
                    "earlier. Sales were $4 billion, against $3 billion a year earlier.")
    assert [(t.text, t.value) for t in found] == [
        ("the fourth quarter", "2020-Q4"), ("the same period a year earlier", "2019-Q4"),
        ("a year earlier", "2019-Q4")]
    assert found[1].anchor == "the fourth quarter"


def test_the_day_takes_the_last_date_mentioned() -> None:
    found = timexes("Trading resumed on March 8. Shares rose 4% on the day.")
    assert [(t.text, t.value) for t in found] == [("March 8", "2021-03-08"),
                                                   ("the day", "2021-03-08")]


@pytest.mark.parametrize("sentence", [
    "Three quarters of voters agreed.",        # a fraction, not three quarters of a year
    "He sold a quarter of his shares.",
    "Apple released iLife '11 to users.",      # a version number, no preposition before it
    "The current account deficit widened.",    # "current" of the current account
    "The ongoing strike hurt output.",         # an adjective: a signal, not a time
    "The day was hot.",                         # "the day" only after "on"/"for"
    "They scored in the second half.",         # a half with no year: of a match
])
def test_no_false_alarms_for_issue_18_kinds(sentence: str) -> None:
    assert timexes(sentence) == []
