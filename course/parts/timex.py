"""Time expressions in English news, found by readable rules and resolved to TIMEX3 values.

Every expression gets a TimeML-style ``type`` (DATE, TIME, DURATION, SET) and ``value``,
and a ``resolution`` sentence saying which anchor and which rule gave that value, so a
student can follow (and question) each step. Conventions (TimeML / TIMEX3):

* Spans leave out prepositions ("on Friday" -> "Friday"); "Sunday (June 25)" is two
  expressions naming the same day.
* Dates: ``2023-06-23``; months ``2023-06``; years ``2023``; ISO weeks ``2023-W25``;
  weekends ``2023-W25-WE``; quarters ``2023-Q2``; halves ``2023-H1``; seasons ``2023-SU``;
  decades ``202`` (first three digits; "the '70s" and "the seventies" are ``197``); a year
  in two digits after a preposition ("in '82") is the latest one ending in them at most
  ten years after publication; times of day ``2023-06-25TMO`` (MO/AF/EV/NI) or ``T18:00``.
* Durations: ``P1D``, ``P2Y``, ``PT12H``, ``P2Q`` ("two consecutive quarters"); a trading
  session is a day ("six straight sessions" -> ``P6D``); an unknown amount is ``X``
  ("hours" -> ``PTXH``, "years" -> ``PXY``, "decades" -> ``PXDE``).
* Sets (repeated times): ``P1Y`` for "annual" / "a year" after an amount.
* Vague references: ``PAST_REF`` ("recent"), ``PRESENT_REF`` ("now", "currently", "for
  the time being", "is ongoing", "current prices"), ``FUTURE_REF`` ("soon", "in the near
  term", "going forward").

Relative expressions are anchored to the publication date with news conventions: a bare
weekday is the most recent such day on or before publication, unless the clause speaks of
the future ("will", "is to", "is scheduled to", "plans to"; the last tense word before
the weekday decides, or the first after it when there is none), then the first one on or
after it; a quarter with no year that has not begun by publication is last year's unless
the sentence speaks of the future; a month and day without a year take the publication
year unless that puts them more than half a year after it; "N days later" and "the next
day" count from the last date mentioned in the same or the previous sentence, and are
left unresolved when there is none ("hours later" stays a duration, ``PTXH``, with that
date as its anchor); with no date but a period ("the fourth quarter"), "a year earlier"
and "the same period last year" move that period a year back, and with neither, "a year
earlier" counts back from publication; "on the day" in a market report is the last date
mentioned, or the publication day. Measured on the MEANTIME development corpus by
``python -m course.evaluation.timex_eval``.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, fields
from typing import Callable, Iterator, Sequence

import pandas as pd

from ..text.plain import time_value_words

# ------------------------------------------------------------------ vocabulary

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "a couple of": 2, "a few": None, "few": None, "several": None, "some": None,
    "many": None, "a number of": None,
}
#: Unit word -> (TIMEX3 duration letter, is it a time-of-day unit needing "T").
UNITS = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True),
    "day": ("D", False), "week": ("W", False), "weekend": ("WE", False),
    "month": ("M", False), "year": ("Y", False), "decade": ("DE", False),
    "century": ("CE", False), "quarter": ("Q", False),
    "session": ("D", False),  # a trading session is one market day
}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
QUARTERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
            "fourth": 4, "4th": 4}
#: Decades written as words ("the seventies"): the third digit of a 20th-century decade.
DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                "seventies": 7, "eighties": 8, "nineties": 9}
#: "last year", "the previous year"...: how many years from the publication year.
YEAR_STEPS = {"this": 0, "the current": 0, "the same": 0, "current": 0, "last": -1,
              "the previous": -1, "the prior": -1, "previous": -1, "prior": -1, "the past": -1,
              "next": 1, "the following": 1, "the next": 1, "the coming": 1, "coming": 1}
_YEAR_STEP_RE = (r"(?:this|last|next|current|previous|prior|coming|the\s+(?:current|same|"
                 r"previous|prior|past|following|next|coming))")
#: Nouns for the present state of things: "current" before them means the time of writing.
_CURRENT_STATE = ("levels?", "prices?", "rates?", "conditions?", "situation", "climate",
                  "crisis", "market", "environment", "status", "state", "trends?", "pace",
                  "forecasts?", "outlook", "valuations?", "figures?", "estimates?",
                  "regime", "government", "administration", "leadership", "term", "season")
#: Words after which an apostrophe and two digits are a year ("in '82", "class of '99").
_SHORT_YEAR_AFTER = ("in", "of", "since", "until", "till", "by", "from", "to", "through",
                     "before", "after", "during", "and", "between", "early", "late", "mid")
#: Words between an amount and its unit that keep it a length of time ("six straight days").
_IN_A_ROW_RE = r"(?:straight|consecutive|successive|trading|business|working)"

_MONTH_RE = (r"(?:January|February|March|April|May|June|July|August|September|October|"
             r"November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)")
_FULL_MONTH_RE = (r"(?:January|February|March|April|May|June|July|August|September|"
                  r"October|November|December)")
_DAY_RE = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR_RE = r"(?:1[89]\d\d|20\d\d)"
_WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM_WORDS = sorted((k for k in NUMBERS), key=len, reverse=True)
_NUM_RE = (r"(?:\d+(?:\.\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-"
           r"(?:one|two|three|four|five|six|seven|eight|nine)|"
           + "|".join(re.escape(w) for w in _NUM_WORDS) + r")")
_UNIT_RE = r"(?:second|minute|hour|day|week|month|year|decade|centur(?:y|ie))"
_FUTURE = re.compile(r"\b(?:will|won't|shall|going to|is to|are to|plans? to|planned to|"
                     r"expected to|scheduled|slated|set to|due to|aims? to|next|upcoming|"
                     r"intends? to)\b|'ll\b", re.I)
# A word ending in "-ed" is past tense, except the future words above ("scheduled") and a
# participle after "be"/"been" ("will be listed on Friday" speaks of the future).
_PAST = re.compile(r"\b(?:said|says|was|were|had|did|told|announced|reported|"
                   r"(?!(?:scheduled|slated|expected|planned)\b)(?<!\bbe )(?<!\bbeen )"
                   r"\w{3,}ed)\b", re.I)
_NOT_YEAR_AFTER = re.compile(
    r"\s*(?:%|per ?cent|people|troops|soldiers|km|kilomet|miles?|metres?|meters?|feet|"
    r"units|jobs|aircraft|planes|workers|employees|tonnes|tons|dollars|euros|pounds|yuan|"
    r"roubles|rubles|members|residents|cases|votes|seats|words|pages)\b", re.I)


@dataclass(frozen=True)
class Timex:
    """One time expression: where it is, its TIMEX3 type and value, and how it was resolved."""

    text: str
    start: int
    end: int
    type: str
    value: str
    anchor: str
    rule: str
    resolution: str


@dataclass(frozen=True)
class _Context:
    """What a rule may look at: the text, the publication date, the sentence, earlier dates."""

    text: str
    published: dt.date
    sentence: tuple[int, int]
    previous: Sequence[Timex]          # the expressions resolved so far, in text order
    sentence_starts: Sequence[int]     # sorted


# ------------------------------------------------------------------ helpers

# Patterns the helpers below use on every match, compiled once.
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_FULL_DATE = re.compile(r"\d{4}-\d\d-\d\d(?:T.*)?")
_DIGITS = re.compile(r"\d+")
_AFTER_AMOUNT = re.compile(r"(?:\d|billion|million|thousand|times|once|twice)\s*$", re.I)
_MONEY_OR_NUMBER_BEFORE = re.compile(r"[$€£#]\s*$|\d[,.]$")
_NUMBER_AFTER = re.compile(r"[,.]\d|\d")


def number_value(word: str) -> float | None:
    """The number a word names ("two" -> 2, "twenty-five" -> 25, "a few" -> None)."""
    w = word.lower().strip()
    if _NUMBER.fullmatch(w):
        return float(w)
    if "-" in w:
        tens, _, ones = w.partition("-")
        if tens in NUMBERS and ones in NUMBERS:
            return float(NUMBERS[tens] + NUMBERS[ones])
    n = NUMBERS.get(w)
    return None if n is None else float(n)


def duration_value(amount: float | None, unit: str) -> str:
    """A TIMEX3 duration: (2, "year") -> "P2Y"; (None, "hour") -> "PTXH"."""
    unit = unit.lower().rstrip("s")
    unit = "century" if unit.startswith("centur") else unit
    letter, timey = UNITS[unit]
    if amount is None:
        qty = "X"
    elif amount == int(amount):
        qty = str(int(amount))
    else:
        qty = str(amount)
    return f"P{'T' if timey else ''}{qty}{letter}"


def week_value(day: dt.date) -> str:
    """The ISO week of a day, TIMEX3 style: 2023-06-25 -> "2023-W25"."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def future_context(ctx: _Context, start: int) -> bool:
    """True when the clause speaks of the future ("will", "is to", "next"): the last tense
    word before the expression decides; when there is none ("On Friday, the board will
    vote"), the first one after it, up to the end of the sentence."""
    window = ctx.text[max(ctx.sentence[0], start - 80):start]
    fut = [m.end() for m in _FUTURE.finditer(window)]
    past = [m.end() for m in _PAST.finditer(window)]
    if fut or past:
        return bool(fut) and (not past or max(fut) > max(past))
    after = ctx.text[start:min(ctx.sentence[1], start + 80)]
    fut_after = _FUTURE.search(after)
    past_after = _PAST.search(after)
    return fut_after is not None and (past_after is None or
                                      fut_after.start() < past_after.start())


def shift_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month ``months`` later (clamped to the month's last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, d)
        except ValueError:
            continue
    raise ValueError(day)


def year_for(month: int, day: int | None, ctx: _Context, start: int) -> tuple[int, str]:
    """The year of a month (and day) given without one, and why."""
    pub = ctx.published
    year = pub.year
    try:
        candidate = dt.date(year, month, day or 1)
    except ValueError:
        candidate = dt.date(year, month, 1)
    if (candidate - pub).days > 183:
        return year - 1, (f"no year given: the publication year {year} would put it more than "
                          f"half a year after publication, so the year before, {year - 1}")
    if (pub - candidate).days > 183 and future_context(ctx, start):
        return year + 1, (f"no year given and the sentence speaks of the future, so the year "
                          f"after publication, {year + 1}")
    return year, f"no year given: the publication year, {year}"


def weekday_date(weekday: int, ctx: _Context, start: int, modifier: str) -> tuple[dt.date, str]:
    """The day a weekday name refers to, and the rule in words."""
    pub = ctx.published
    name = WEEKDAYS[weekday].capitalize()
    back = (pub.weekday() - weekday) % 7
    ahead = (weekday - pub.weekday()) % 7
    if modifier == "last":
        day = pub - dt.timedelta(days=back or 7)
        return day, f"'last {name}': the most recent {name} before publication"
    if modifier in ("next", "coming"):
        day = pub + dt.timedelta(days=ahead or 7)
        return day, f"'{modifier} {name}': the first {name} after publication"
    if modifier == "this":
        day = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(days=weekday)
        return day, f"'this {name}': the {name} of the publication week"
    if future_context(ctx, start):
        day = pub + dt.timedelta(days=ahead)
        return day, (f"the sentence speaks of the future, so the first {name} on or after "
                     f"publication")
    day = pub - dt.timedelta(days=back)
    return day, f"news convention: the most recent {name} on or before publication"


def last_date(ctx: _Context, start: int) -> Timex | None:
    """The last fully dated expression in the same or the previous sentence, if any."""
    k = bisect.bisect_right(ctx.sentence_starts, start)  # sentences starting at or before
    window_start = ctx.sentence_starts[k - 2] if k >= 2 else 0
    for t in reversed(ctx.previous):
        if t.start < window_start:
            break
        if _FULL_DATE.fullmatch(t.value):
            return t
    return None


_CALENDAR_VALUE = re.compile(r"\d{4}(?:-(?:Q[1-4]|H[12]|W\d\d|\d\d(?:-\d\d)?))?")


def last_period(ctx: _Context, start: int) -> Timex | None:
    """The last expression naming a calendar period (a year, half, quarter, month, week or
    day) in the same or the previous sentence, if any; one itself counted from another
    expression ("a year earlier") is skipped, so that comparisons do not chain."""
    k = bisect.bisect_right(ctx.sentence_starts, start)
    window_start = ctx.sentence_starts[k - 2] if k >= 2 else 0
    for t in reversed(ctx.previous):
        if t.start < window_start:
            break
        if t.type == "DATE" and t.anchor in ("", PUB) and _CALENDAR_VALUE.fullmatch(t.value):
            return t
    return None


def shift_value(value: str, unit: str, n: int) -> str | None:
    """A calendar value moved by n units, as precise as it was ("2021-Q2" a year back is
    "2020-Q2"); None when the unit is shorter than the value's period ("2021" three days
    back: which day is not known)."""
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        first, own = dt.date(int(m[1]), 3 * int(m[2]) - 2, 1), "quarter"
    elif m := re.fullmatch(r"(\d{4})-H([12])", value):
        first, own = dt.date(int(m[1]), 6 * int(m[2]) - 5, 1), "half"
    elif m := re.fullmatch(r"(\d{4})-W(\d\d)", value):
        first, own = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1), "week"
    elif re.fullmatch(r"\d{4}-\d\d", value):
        first, own = dt.date.fromisoformat(value + "-01"), "month"
    elif re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        first, own = dt.date.fromisoformat(value), "day"
    else:
        first, own = dt.date(int(value[:4]), 1, 1), "year"
    day = first + dt.timedelta(days=n) if unit == "day" else _shift(first, unit, n)
    order = ["day", "week", "month", "quarter", "half", "year"]
    if order.index(unit if unit in order else "year") < order.index(own):
        return None
    if own == "half":
        return f"{day.year}-H{(day.month - 1) // 6 + 1}"
    return day.isoformat() if own == "day" else _unit_value(day, own)


# ------------------------------------------------------------------ rules
# Each rule is (name, regex, resolver). A resolver returns (type, value, anchor, why) or
# None to reject the match (e.g. "May" the verb).

Resolved = tuple[str, str, str, str] | None
PUB = "publication date"


def _explicit_date(m: re.Match, ctx: _Context) -> Resolved:
    """A written-out date ('July 24, 2003', '24 June 2023'): no anchor needed."""
    month = MONTHS[m["month"].lower().rstrip(".")]
    day = int(_DIGITS.match(m["day"]).group())
    year = int(m["year"]) if len(m["year"]) == 4 else 2000 + int(m["year"])
    try:
        value = dt.date(year, month, day).isoformat()
    except ValueError:
        return None
    return "DATE", value, "", "a full date: day, month and year are all written out"


def _iso_date(m: re.Match, ctx: _Context) -> Resolved:
    """A date in ISO form (2023-06-25): no anchor needed."""
    try:
        value = dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None
    return "DATE", value, "", "a full date in year-month-day form"


def _numeric_date(m: re.Match, ctx: _Context) -> Resolved:
    """A numeric date (7/8/07), read in US month/day/year order."""
    year = int(m[3]) if len(m[3]) == 4 else 2000 + int(m[3])
    try:
        value = dt.date(year, int(m[1]), int(m[2])).isoformat()
    except ValueError:
        return None
    return "DATE", value, "", "a numeric date, read month/day/year (US order)"


def _month_day(m: re.Match, ctx: _Context) -> Resolved:
    """A month and day without a year ('June 24'): the year comes from publication."""
    month = MONTHS[m["month"].lower().rstrip(".")]
    day = int(_DIGITS.match(m["day"]).group())
    year, why = year_for(month, day, ctx, m.start())
    try:
        value = dt.date(year, month, day).isoformat()
    except ValueError:
        return None
    return "DATE", value, PUB, f"month and day from the text; {why}"


def _month_year(m: re.Match, ctx: _Context) -> Resolved:
    """A month and year ('May 2008'): no anchor needed."""
    month = MONTHS[m["month"].lower().rstrip(".")]
    return "DATE", f"{m['year']}-{month:02d}", "", "month and year are both written out"


_MONTH_OK_BEFORE = re.compile(r"\b(?:in|since|until|till|by|last|next|this|early|late|of|from|"
                              r"through|between|and|during|before|after|to|mid|end|on)\s*-?$", re.I)


def _month(m: re.Match, ctx: _Context) -> Resolved:
    """A bare month ('in May'), refusing 'may' the verb and 'march' the walk."""
    word = m["month"]
    before = ctx.text[max(0, m.start() - 12):m.start()]
    if word in ("May", "March") and not _MONTH_OK_BEFORE.search(before) and not m["mod"]:
        return None  # "May" the verb, "March" the walk
    month = MONTHS[word.lower()]
    mod = (m["mod"] or "").lower().strip()
    pub = ctx.published
    if mod == "last":
        year = pub.year if month < pub.month else pub.year - 1
        why = f"'last {word}': the most recent {word} before publication, in {year}"
    elif mod == "next":
        year = pub.year if month > pub.month else pub.year + 1
        why = f"'next {word}': the first {word} after publication, in {year}"
    else:
        year, why = year_for(month, None, ctx, m.start())
    return "DATE", f"{year}-{month:02d}", PUB, f"a month without a year; {why}"


def _weekday(m: re.Match, ctx: _Context) -> Resolved:
    """A weekday name ('on Friday', 'next Tuesday'), counted from publication."""
    weekday = WEEKDAYS.index(m["wd"].lower())
    mod = (m["mod"] or "").lower()
    day, why = weekday_date(weekday, ctx, m.start(), mod)
    part = (m["part"] or "").lower()
    if part:
        return ("TIME", f"{day.isoformat()}T{PARTS_OF_DAY[part]}", PUB,
                f"{why}; '{part}' is a part of that day")
    return "DATE", day.isoformat(), PUB, why


def _weekday_set(m: re.Match, ctx: _Context) -> Resolved:
    """A plural weekday ('on Sundays'): every such day."""
    weekday = WEEKDAYS.index(m["wd"].lower()) + 1
    return "SET", f"XXXX-WXX-{weekday}", "", "a plural weekday means every such day"


_RELATIVE_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
                  "the day before yesterday": -2, "the day after tomorrow": 2}


def _relative_day(m: re.Match, ctx: _Context) -> Resolved:
    """'today', 'yesterday', 'tomorrow' (and 'tonight'), counted from publication."""
    word = m["rel"].lower()
    offset = _RELATIVE_DAYS[word]
    day = ctx.published + dt.timedelta(days=offset)
    part = (m["part"] or "").lower() or ("night" if word == "tonight" else "")
    why = (f"'{word}' counts {abs(offset)} day(s) {'back' if offset < 0 else 'on'} from "
           f"publication" if offset else f"'{word}' is the publication day")
    if part:
        return "TIME", f"{day.isoformat()}T{PARTS_OF_DAY[part]}", PUB, f"{why}, {part}"
    return "DATE", day.isoformat(), PUB, why


def _this_part(m: re.Match, ctx: _Context) -> Resolved:
    """'this morning', 'last night': a part of the publication day or the day before."""
    mod, part = m["mod"].lower(), m["part"].lower()
    day = ctx.published - dt.timedelta(days=1 if mod == "last" else 0)
    return ("TIME", f"{day.isoformat()}T{PARTS_OF_DAY[part]}", PUB,
            f"'{mod} {part}': the {part} of {'the day before ' if mod == 'last' else ''}"
            f"publication")


def _unit_value(day: dt.date, unit: str) -> str:
    """The calendar unit containing a day: week, month, year, quarter, decade, century."""
    if unit == "week":
        return week_value(day)
    if unit == "weekend":
        return week_value(day) + "-WE"
    if unit == "month":
        return f"{day.year}-{day.month:02d}"
    if unit == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if unit == "decade":
        return str(day.year)[:3]
    if unit == "century":
        return str(day.year)[:2]
    if unit in SEASONS:
        return f"{day.year}-{SEASONS[unit]}"
    return str(day.year)


def _shift(day: dt.date, unit: str, n: int) -> dt.date:
    """Move a day by n calendar units."""
    if unit in ("week", "weekend"):
        return day + dt.timedelta(weeks=n)
    if unit == "month":
        return shift_months(day, n)
    if unit == "quarter":
        return shift_months(day, 3 * n)
    if unit == "decade":
        return day.replace(year=day.year + 10 * n, day=min(day.day, 28))
    if unit == "century":
        return day.replace(year=day.year + 100 * n, day=min(day.day, 28))
    if unit in SEASONS:
        return day.replace(year=day.year + n, day=min(day.day, 28))
    return day.replace(year=day.year + n, day=min(day.day, 28))


def _relative_unit(m: re.Match, ctx: _Context) -> Resolved:
    """'last week', 'next month', 'this year' ('the past decade' is a duration)."""
    mod, unit = m["mod"].lower(), m["unit"].lower()
    if mod == "past" and m["the"]:
        # "the past decade" is a stretch of time ending now, not a calendar unit.
        if unit in SEASONS:
            return None
        if unit == "weekend":
            return None
        return ("DURATION", duration_value(1, unit), "",
                f"'the past {unit}' is a stretch of time ending at publication")
    step = {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "next": 1,
            "coming": 1, "following": 1}[mod]
    day = _shift(ctx.published, unit, step)
    value = _unit_value(day, unit)
    where = {0: "the same", -1: "the previous", 1: "the next"}[step]
    return "DATE", value, PUB, f"'{mod} {unit}': {where} {unit} as seen from publication"


def _ago(m: re.Match, ctx: _Context) -> Resolved:
    """'two days ago', 'hours later': counted from publication or from the last date."""
    amount = number_value(m["num"]) if m["num"] else None
    unit = m["unit"].lower().rstrip("s")
    unit = "century" if unit.startswith("centur") else unit
    direction = m["dir"].lower()
    if direction in ("ago", "before now"):
        anchor, sign, anchor_name = ctx.published, -1, PUB
    elif direction in ("from now", "hence"):
        anchor, sign, anchor_name = ctx.published, 1, PUB
    else:
        sign = -1 if direction in ("earlier", "before") else 1
        prev = last_date(ctx, m.start())
        period = last_period(ctx, m.start()) if prev is None else None
        value = (shift_value(period.value, unit, sign * int(amount)) if period is not None
                 and not UNITS[unit][1] and amount is not None else None)
        if value is not None:
            return ("DATE", value, period.text,
                    f"'{m[0]}': count {int(amount)} {unit}(s) from the last period mentioned, "
                    f"'{period.text}' ({period.value})")
        if prev is None and period is None and sign < 0 and not UNITS[unit][1] and \
                amount is not None:
            # "up from $4 billion a year earlier": no other date, so earlier than publication.
            anchor, anchor_name = ctx.published, PUB
        elif prev is None or UNITS[unit][1] or amount is None:
            value = duration_value(amount, unit)
            if prev is not None:
                return ("DURATION", value, prev.text,
                        f"'{m[0]}' counts from the last date mentioned, '{prev.text}' "
                        f"({time_value_words(prev.value)}); the amount only gives a length "
                        "of time")
            return ("DURATION", value, "",
                    f"'{m[0]}' counts from the event just before it, which the text does not "
                    f"date here, so only the length of time ({time_value_words(value)}) is "
                    "known")
        else:
            anchor = dt.date.fromisoformat(prev.value[:10])
            anchor_name = prev.text
    if amount is None:
        ref = "PAST_REF" if sign < 0 else "FUTURE_REF"
        return "DATE", ref, anchor_name, f"'{m[0]}' gives no amount: only the direction is known"
    n = int(amount)
    if UNITS[unit][1]:
        return ("DURATION", duration_value(amount, unit), anchor_name,
                f"'{m[0]}' is counted in {unit}s from {anchor_name}; the clock time is unknown")
    if unit == "day":
        day = anchor + dt.timedelta(days=sign * n)
        value = day.isoformat()
    else:
        day = _shift(anchor, unit, sign * n)
        value = _unit_value(day, unit)
    return "DATE", value, anchor_name, f"'{m[0]}': count {n} {unit}(s) from {anchor_name}"


_DAY_OFFSETS = {"next": 1, "following": 1, "previous": -1, "same": 0, "after": 1,
                "before": -1, "that": 0}


def _anchored_day(m: re.Match, ctx: _Context) -> Resolved:
    """'the next day', 'that day': counted from the last date in the text."""
    word = next(w for w in m[0].lower().split() if w in _DAY_OFFSETS)
    offset = _DAY_OFFSETS[word]
    prev = last_date(ctx, m.start())
    if prev is None:
        return ("DATE", "XXXX-XX-XX", "",
                f"'{m[0]}' counts from a day the text does not give just before it")
    day = dt.date.fromisoformat(prev.value[:10]) + dt.timedelta(days=offset)
    return ("DATE", day.isoformat(), prev.text,
            f"'{m[0]}' counts {abs(offset)} day(s) from the last date mentioned, "
            f"'{prev.text}' ({prev.value[:10]})")


def _market_day(m: re.Match, ctx: _Context) -> Resolved:
    """'on the day' / 'for the day' in market reports ('shares fell 3% on the day'): the day
    of the last date mentioned, or the publication day when there is none."""
    prev = last_date(ctx, m.start())
    if prev is not None:
        return ("DATE", prev.value[:10], prev.text,
                f"'{m[0]}': the day of the last date mentioned, '{prev.text}'")
    return ("DATE", ctx.published.isoformat(), PUB,
            f"'{m[0]}' in a market report: the trading day reported, taken as publication day")


def _single_unit(m: re.Match, ctx: _Context) -> Resolved:
    """'single-day' ('the biggest single-day drop'): a length of one unit."""
    return ("DURATION", duration_value(1, m["unit"]), "",
            f"'{m[0]}': a length of one {m['unit'].lower()}")


def _same_period_a_year_before(m: re.Match, ctx: _Context) -> Resolved:
    """'the same period last year', 'the year-earlier quarter': the period just mentioned,
    one year back (or, with none, the same unit a year before publication)."""
    unit = (m["unit"] or m["unit2"]).lower()
    period = last_period(ctx, m.start())
    if period is not None and (value := shift_value(period.value, "year", -1)):
        return ("DATE", value, period.text,
                f"'{m[0]}': the period last mentioned, '{period.text}' ({period.value}), "
                "one year back")
    day = _shift(ctx.published, "year", -1)
    if unit in ("quarter", "month", "week"):
        value = _unit_value(day, unit)
    elif unit == "day":
        value = day.isoformat()
    else:
        value = str(day.year)
    return ("DATE", value, PUB, f"'{m[0]}': no period mentioned just before, so the same "
            f"{unit if unit != 'period' else 'time'} one year before publication")


def _the_weekend(m: re.Match, ctx: _Context) -> Resolved:
    """'the weekend': the most recent one (or the next, in future tense)."""
    pub = ctx.published
    if future_context(ctx, m.start()):
        saturday = pub + dt.timedelta(days=(5 - pub.weekday()) % 7)
        why = "the sentence speaks of the future: the first weekend from publication"
    else:
        saturday = pub - dt.timedelta(days=(pub.weekday() - 5) % 7)
        why = "news convention: the most recent weekend up to publication"
    return "DATE", week_value(saturday) + "-WE", PUB, why


def _duration(m: re.Match, ctx: _Context) -> Resolved:
    """A length of time with an amount ('two years', '12-hour', 'six straight days')."""
    if m["unit"].lower() in ("quarter", "session"):
        if m["num"].lower() in ("a", "an"):
            return None  # "a quarter of the staff"
        of_after = re.match(r"\s+of\b", ctx.text[m.end():m.end() + 4])
        if not m["row"] and (m["unit"].lower() == "session" or "-" in m[0] or of_after):
            return None  # "three quarters of voters", "a three-quarter stake", "two sessions"
    if m["unit"].lower() == "second" and m["num"].lower() in ("a", "an"):
        return None  # "a second plane": an ordinal, not one second
    if m["num"].lower() in ("a", "an") and ctx.text[m.end("unit"):m.end("unit") + 1] == "s":
        return None  # "a decades-long career": the article belongs to the noun
    amount = number_value(m["num"]) if m["num"] else None
    if m["half"]:
        amount = (amount or 0) + 0.5
    value = duration_value(amount, m["unit"])
    return "DURATION", value, "", "a length of time, not a point in time"


def _vague_duration(m: re.Match, ctx: _Context) -> Resolved:
    """A length of time with no amount ('decades-long', 'for years')."""
    value = duration_value(None, m["unit"])
    return "DURATION", value, "", "a length of time with no exact amount"


def _set(m: re.Match, ctx: _Context) -> Resolved:
    """A repeated time ('every year', 'annual')."""
    word = m[0].lower().split()[-1]
    unit = {"daily": "day", "hourly": "hour", "weekly": "week", "monthly": "month",
            "annually": "year", "annual": "year", "yearly": "year"}.get(word, word)
    return "SET", duration_value(1, unit), "", "a repeated time (once every unit)"


def _a_unit_set(m: re.Match, ctx: _Context) -> Resolved:
    """'a year' after an amount ('$5 billion a year'): a rate, so a repeated time."""
    before = ctx.text[max(0, m.start() - 20):m.start()]
    if not _AFTER_AMOUNT.search(before):
        return None
    return "SET", duration_value(1, m["unit"]), "", "an amount per unit: a repeated time"


def _year(m: re.Match, ctx: _Context) -> Resolved:
    """A four-digit year, refusing amounts ('$2019', '2000 troops')."""
    before = ctx.text[max(0, m.start() - 4):m.start()]
    after = ctx.text[m.end():m.end() + 14]
    if _MONEY_OR_NUMBER_BEFORE.search(before) or _NUMBER_AFTER.match(after):
        return None
    if _NOT_YEAR_AFTER.match(after):
        return None
    mod = (m["mod"] or "").lower()
    why = "a year written out"
    if mod:
        why += f"; '{mod}' narrows it to part of that year"
    return "DATE", m["year"], "", why


def _decade(m: re.Match, ctx: _Context) -> Resolved:
    """A decade ('the 1990s', 'the early 1970s')."""
    return "DATE", m["dec"][:3], "", "a decade: TIMEX3 writes its first three digits"


def _short_decade(m: re.Match, ctx: _Context) -> Resolved:
    """A decade in two digits ('the '70s') or in words ('the eighties')."""
    if "word" in m.re.groupindex:
        return ("DATE", f"19{DECADE_WORDS[m['word'].lower()]}", "",
                "a decade in words: one of the 1900s, written with its first three digits")
    start = 2000 + int(m["yy"])
    start = start if start <= ctx.published.year else start - 100
    return ("DATE", str(start)[:3], PUB,
            f"a decade in two digits: the last one that began by publication, the {start}s")


def _short_year(m: re.Match, ctx: _Context) -> Resolved:
    """A year in two digits after an apostrophe ('in '82')."""
    year = 2000 + int(m["yy"])
    year = year if year <= ctx.published.year + 10 else year - 100
    return ("DATE", str(year), PUB,
            f"a year in two digits: {year}, the latest year ending in them that is at "
            "most ten years after publication")


def _quarter(m: re.Match, ctx: _Context) -> Resolved:
    """A quarter or half ('the second quarter of 2009', 'the first half of last year')."""
    q, part = QUARTERS[m["q"].lower()], m["part"].lower()
    letter = "Q" if part == "quarter" else "H"
    if part == "half" and q > 2:
        return None
    pub = ctx.published
    rel = " ".join((m["rel"] or m["relpre"] or "").lower().split())
    if m["year"]:
        return "DATE", f"{m['year']}-{letter}{q}", "", f"a {part} of a stated year"
    if rel:
        year = pub.year + YEAR_STEPS[rel]
        return ("DATE", f"{year}-{letter}{q}", PUB,
                f"a {part} of '{rel} year', counted from publication: {year}")
    if m["theyear"]:
        return ("DATE", f"{pub.year}-{letter}{q}", PUB,
                f"a {part} of 'the year': the publication year, {pub.year}")
    if part == "half":
        return None  # "the second half" of a match: no year, no telling
    first_month = 3 * q - 2
    if first_month > pub.month and not future_context(ctx, m.start()):
        return ("DATE", f"{pub.year - 1}-Q{q}", PUB,
                f"a quarter with no year that has not begun by publication, in a sentence "
                f"not about the future: last year's, {pub.year - 1}")
    return ("DATE", f"{pub.year}-Q{q}", PUB,
            f"a quarter with no year: the publication year, {pub.year}")


def _season(m: re.Match, ctx: _Context) -> Resolved:
    """A season ('last summer'), refusing 'the fall of ...'."""
    season = SEASONS[m["season"].lower()]
    mod = (m["mod"] or "").lower()
    if m["year"]:
        return "DATE", f"{m['year']}-{season}", "", "a season of a stated year"
    if mod in ("", "the") and m["season"].lower() == "fall":
        return None  # "the fall of Rome"
    year = ctx.published.year + {"last": -1, "next": 1}.get(mod, 0)
    return "DATE", f"{year}-{season}", PUB, f"a season with no year: {year}, from publication"


def _part_of_unit(m: re.Match, ctx: _Context) -> Resolved:
    """'the end of the year': TIMEX3 gives the whole unit's value."""
    unit = m["unit"].lower()
    step = {"this": 0, "the": 0, "last": -1, "next": 1}[m["mod"].lower()]
    day = _shift(ctx.published, unit, step)
    return ("DATE", _unit_value(day, unit), PUB,
            f"a part of {m['mod'].lower()} {unit}: TIMEX3 gives the {unit}'s value")


def _ref(value: str) -> Callable[[re.Match, _Context], Resolved]:
    """A resolver for vague references (PAST_REF, PRESENT_REF, FUTURE_REF)."""
    def resolve(m: re.Match, ctx: _Context) -> Resolved:
        word = {"PAST_REF": "some time before", "PRESENT_REF": "the time of",
                "FUTURE_REF": "some time after"}[value]
        return "DATE", value, PUB, f"'{m[0]}' points to {word} publication, with no date"
    return resolve


def _clock(m: re.Match, ctx: _Context) -> Resolved:
    """A clock time ('10 a.m.', '18:00 UTC') on the day of the last date in the sentence."""
    hour = int(m["h"])
    minute = int(m["min"] or 0)
    ampm = (m["ampm"] or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    if ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    if not m["min"] and not ampm:
        return None
    prev = last_date(ctx, m.start())
    same_sentence = prev is not None and prev.start >= ctx.sentence[0]
    day = prev.value[:10] if same_sentence else ctx.published.isoformat()
    anchor = prev.text if same_sentence else PUB
    zone = "Z" if (m["zone"] or "").upper() in ("UTC", "GMT", "Z") else ""
    return ("TIME", f"{day}T{hour:02d}:{minute:02d}{zone}", anchor,
            f"a clock time on {anchor}'s day")


def _noon(m: re.Match, ctx: _Context) -> Resolved:
    """'noon' or 'midnight' on the publication day."""
    clock = "12:00" if m[0].lower() == "noon" else "24:00"
    return "TIME", f"{ctx.published.isoformat()}T{clock}", PUB, "a clock time on publication day"


RULES: list[tuple[str, re.Pattern, Callable[[re.Match, _Context], Resolved]]] = [
    ("full date", re.compile(
        rf"\b(?P<month>{_MONTH_RE})\s+(?P<day>{_DAY_RE}),?\s+(?P<year>{_YEAR_RE})\b"),
     _explicit_date),
    ("full date", re.compile(
        rf"\b(?P<day>{_DAY_RE})\s+(?:of\s+)?(?P<month>{_MONTH_RE}),?\s+(?P<year>{_YEAR_RE})\b"),
     _explicit_date),
    ("ISO date", re.compile(r"\b(\d{4})-(\d\d)-(\d\d)\b"), _iso_date),
    ("numeric date", re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\d/])"),
     _numeric_date),
    ("month and day", re.compile(rf"\b(?P<month>{_MONTH_RE})\s+(?P<day>{_DAY_RE})\b(?!:)"),
     _month_day),
    ("month and day", re.compile(rf"\b(?:the\s+)?(?P<day>{_DAY_RE})\s+(?:of\s+)?"
                                 rf"(?P<month>{_MONTH_RE})(?![\w])"), _month_day),
    ("month and year", re.compile(
        rf"\b(?:(?:early|late|mid-?)\s*)?(?P<month>{_FULL_MONTH_RE}),?\s+(?:of\s+)?"
        rf"(?P<year>{_YEAR_RE})\b"), _month_year),
    ("month", re.compile(rf"\b(?:(?P<mod>(?i:last|next|this|early|late|mid-?))\s*)?"
                         rf"(?P<month>{_FULL_MONTH_RE})\b"), _month),
    ("weekday", re.compile(
        rf"\b(?:(?P<mod>last|next|this|coming)\s+)?(?P<wd>{_WEEKDAY_RE})(?!s\b)"
        r"(?:\s+(?P<part>morning|afternoon|evening|night))?\b", re.I), _weekday),
    ("weekday set", re.compile(rf"\b(?P<wd>{_WEEKDAY_RE})s\b"), _weekday_set),
    ("relative day", re.compile(
        r"\b(?P<rel>the day before yesterday|the day after tomorrow|today|tonight|yesterday|"
        r"tomorrow)(?:\s+(?P<part>morning|afternoon|evening|night))?\b", re.I), _relative_day),
    ("this morning", re.compile(r"\b(?P<mod>this|last)\s+(?P<part>morning|afternoon|"
                                r"evening|night)\b", re.I), _this_part),
    ("relative unit", re.compile(
        r"\b(?P<the>the\s+)?(?:(?:earlier|later)\s+)?(?P<mod>this|last|next|past|coming|"
        r"previous|following|current)\s+(?P<unit>week|weekend|month|year|quarter|decade|century|"
        r"spring|summer|autumn|winter)\b", re.I), _relative_unit),
    ("counted from a date", re.compile(
        r"\b(?:the\s+(?:next|following|previous|same)\s+day|the\s+day\s+(?:before|after)|"
        r"that\s+day)\b", re.I), _anchored_day),
    ("market day", re.compile(
        r"(?:(?<=\bon\s)|(?<=\bfor\s))the\s+day\b(?=\s*(?:[,.;:)]|$)|\s+(?:and|but|to|as|"
        r"while|at|in|with|after)\b)", re.I), _market_day),
    ("single unit", re.compile(
        r"\bsingle[\s-](?P<unit>day|session|week|month|quarter|year)\b", re.I), _single_unit),
    ("same period a year before", re.compile(
        r"\b(?:the\s+)?same\s+(?P<unit>period|quarter|month|week|day|time|season)\s+"
        r"(?:of\s+|in\s+)?(?:(?:the\s+)?(?:last|previous|prior|past)\s+year|a\s+year\s+"
        r"(?:ago|earlier|before)|(?:the\s+)?year\s+(?:before|earlier))\b|"
        r"\bthe\s+year[\s-](?:earlier|ago)\s+(?P<unit2>period|quarter|month|week|day)\b",
        re.I), _same_period_a_year_before),
    ("the weekend", re.compile(r"\bthe\s+weekend\b", re.I), _the_weekend),
    ("counted from", re.compile(
        rf"\b(?P<num>{_NUM_RE})?\s*(?P<unit>{_UNIT_RE})s?\s+"
        r"(?P<dir>ago|earlier|later|before now|from now|hence)\b", re.I), _ago),
    ("repeated", re.compile(
        r"\b(?:(?:every|each|per)\s+(?:hour|day|week|month|year)|daily|weekly|monthly|"
        r"annually|annual|yearly|hourly)\b", re.I), _set),
    ("repeated", re.compile(r"\ba\s+(?P<unit>day|week|month|year)\b(?!\s+(?:ago|later|"
                            r"earlier|before|after|long))", re.I), _a_unit_set),
    ("length of time", re.compile(
        rf"\b(?:(?:the\s+)?(?:next|last|past|first|coming)\s+)?(?P<num>{_NUM_RE})"
        rf"(?P<half>\s+and\s+a\s+half)?[\s-]+(?P<row>(?:{_IN_A_ROW_RE}\s+){{1,2}})?"
        rf"(?P<unit>{_UNIT_RE}|quarter|session)s?(?:-long|-old)?\b", re.I), _duration),
    ("unknown length", re.compile(
        r"\b(?P<unit>hour|day|week|month|year|decade|centurie)s(?:-long|\s+long)\b", re.I),
     _vague_duration),
    ("unknown length", re.compile(
        r"(?:(?<=\bfor\s)|(?<=\bover\s)|(?<=\bwithin\s))(?:the\s+)?"
        r"(?P<unit>hour|day|week|month|year|decade|centurie)s\b", re.I), _vague_duration),
    ("decade", re.compile(r"\b(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?"
                          r"(?P<dec>(?:1[89]|20)\d0)s\b"), _decade),
    ("decade", re.compile(r"(?:\bthe\s+)?(?:\b(?:early|mid|late)[\s-]*)?['’‘](?P<yy>\d0)s\b"),
     _short_decade),
    ("decade", re.compile(r"\bthe\s+(?:(?:early|mid|late)[\s-]+)?(?P<word>twenties|thirties|"
                          r"forties|fifties|sixties|seventies|eighties|nineties)\b", re.I),
     _short_decade),
    ("year", re.compile(
        "".join(["(?:", "|".join(rf"(?<=\b{w}\s)" for w in _SHORT_YEAR_AFTER), ")"])
        + r"['’‘](?P<yy>\d\d)\b(?!['’‘]|\s*(?:%|per\s?cent))", re.I), _short_year),
    ("quarter", re.compile(
        r"\b(?:(?P<relpre>this|last|next)\s+year['’]s\s+|the\s+)?"
        r"(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)\s+(?P<part>quarter|half)"
        rf"(?:\s+of\s+(?:(?P<year>{_YEAR_RE})|(?P<rel>{_YEAR_STEP_RE})\s+(?:fiscal\s+)?year|"
        r"(?P<theyear>the\s+(?:fiscal\s+)?year)))?\b", re.I), _quarter),
    ("season", re.compile(
        r"\b(?:(?P<mod>this|last|next|early|late|the)\s+)?(?P<season>spring|summer|autumn|"
        rf"fall|winter)(?:\s+(?:of\s+)?(?P<year>{_YEAR_RE}))?\b", re.I), _season),
    ("part of a period", re.compile(
        r"\b(?:the\s+)?(?:beginning|start|end|middle)\s+of\s+(?P<mod>this|the|last|next)\s+"
        r"(?P<unit>week|month|year)\b", re.I), _part_of_unit),
    ("year", re.compile(rf"\b(?:(?P<mod>early|late|mid-?)\s*)?(?P<year>{_YEAR_RE})\b", re.I),
     _year),
    ("past reference", re.compile(
        r"\b(?:(?:more|most|until|till)\s+)?(?:recently|recent(?:\s+(?:days|weeks|months|years|"
        r"decades))?|lately|in the past)\b", re.I), _ref("PAST_REF")),
    ("present reference", re.compile(
        r"\b(?:right now|now|currently|at present|presently|nowadays|these days|"
        r"at the moment|at this time|the time being)\b", re.I), _ref("PRESENT_REF")),
    ("present reference", re.compile(
        # "is ongoing" says it still goes on now; "the ongoing talks" only describes the
        # talks (a signal of continuing, like "still"), so the adjective before a noun is left.
        r"(?:(?<=\bis\s)|(?<=\bare\s)|(?<=\bremains\s)|(?<=\bremain\s)|(?<=\bstill\s))"
        r"ongoing\b|"
        # "current" before a word for the present state of things ("current prices").
        rf"\bcurrent(?=\s+(?:{'|'.join(_CURRENT_STATE)})\b)", re.I), _ref("PRESENT_REF")),
    ("future reference", re.compile(
        r"\b(?:soon|in the future|in the coming (?:days|weeks|months|years)|"
        r"in the near future|the (?:near|short|medium|long) term|the foreseeable future|"
        r"going forward)\b", re.I), _ref("FUTURE_REF")),
    ("clock time", re.compile(
        r"(?<![\d.,])(?P<h>[01]?\d|2[0-3])(?::(?P<min>[0-5]\d))?\s*"
        r"(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b)?(?:\s*(?P<zone>UTC|GMT|Z)\b)?", re.I), _clock),
    ("clock time", re.compile(r"\b(?:noon|midnight)\b", re.I), _noon),
]

# A rule only runs on stretches of text holding one of its trigger words, so that a long
# article is not scanned 31 times over. Every match of a rule contains one of its trigger
# words (e.g. every weekday name, every clock time holds a digit); they are looked for in the
# lower-cased text when the rule ignores case. The text is cut into stretches at characters
# no rule ever matches (quotes, brackets, ";", "!", "?"), and also at "," or "." for the
# rules that never match them (their "stops"). tests/test_timex_speed_invariants.py checks
# that every rule finds the same matches with and without its triggers.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = tuple(WEEKDAYS)
_UNITS = ("second", "minute", "hour", "day", "week", "month", "year", "decade", "centur")
_DIGITS_09 = tuple("0123456789")
#: One (trigger words, stops) per rule of RULES, in the same order.
TRIGGERS: list[tuple[tuple[str, ...], str]] = [
    (_MONTHS, ""),                                          # full date (month first)
    (_MONTHS, ""),                                          # full date (day first)
    (("-",), ",."),                                         # ISO date
    (("/",), ",."),                                         # numeric date
    (_MONTHS, ","),                                         # month and day ("Jan. 5")
    (_MONTHS, ","),                                         # day and month
    (_MONTHS, "."),                                         # month and year ("May, 2008")
    (_MONTHS, ",."),                                        # month
    (_WEEKDAYS, ",."),                                      # weekday
    (tuple(f"{d.capitalize()}s" for d in WEEKDAYS), ",."),  # weekday set
    (("today", "tonight", "yesterday", "tomorrow"), ",."),  # relative day
    (("morning", "afternoon", "evening", "night"), ",."),   # this morning
    (("week", "month", "year", "quarter", "decade", "century",
      "spring", "summer", "autumn", "winter"), ",."),       # relative unit
    (("day",), ",."),                                       # counted from a date
    (("day",), ",."),                                       # market day ("on the day")
    (("single",), ",."),                                    # single unit ("single-day")
    (("same", "year"), ",."),                               # same period a year before
    (("weekend",), ",."),                                   # the weekend
    (("ago", "earlier", "later", "before now", "from now", "hence"), ","),  # "2.5 years ago"
    (("every", "each", "per", "daily", "weekly", "monthly", "annual", "yearly", "hourly"),
     ",."),                                                 # repeated
    (("day", "week", "month", "year"), ",."),               # repeated ("a year")
    (_UNITS + ("quarter", "session"), ","),                 # length of time ("2.5 years")
    (("long",), ",."),                                      # unknown length ("years-long")
    (("hours", "days", "weeks", "months", "years", "decades", "centuries"),
     ",."),                                                 # unknown length ("for years")
    (("0s",), ",."),                                        # decade
    (("'", "’", "‘"), ",."),                                # decade ("the '70s")
    (("ties",), ",."),                                      # decade ("the eighties")
    (("'", "’", "‘"), ",."),                                # year ("in '82")
    (("quarter", "half"), ",."),                            # quarter, half
    (("spring", "summer", "autumn", "fall", "winter"), ",."),  # season
    (("beginning", "start", "end", "middle"), ",."),        # part of a period
    (("18", "19", "20"), ",."),                             # year
    (("recent", "lately", "in the past"), ",."),            # past reference
    (("now", "currently", "present", "these days", "at the moment", "at this time",
      "time being"), ",."),                                 # present reference
    (("ongoing", "current"), ",."),                         # present reference (adjectives)
    (("soon", "future", "in the coming", "term", "going forward"), ",."),  # future ref.
    (_DIGITS_09, ","),                                      # clock time ("10 a.m.")
    (("noon", "midnight"), ",."),                           # noon, midnight
]
assert len(TRIGGERS) == len(RULES)
# Apostrophes are no cut: "the '70s" and "in '82" hold one.
_BARRIER_CHARS = "\"“”()\\[\\];!?"
#: For each set of stops, the characters a stretch ends at.
_CUTS = {stops: re.compile(f"[{_BARRIER_CHARS}{re.escape(stops)}]")
         for stops in {stops for _, stops in TRIGGERS}}
#: Characters that IGNORECASE matches to an ASCII letter but that ``str.lower`` does not
#: turn into one (long s, dotless i, dotted I, Kelvin sign): texts holding one skip the triggers.
_ODD_CASE = "\u017f\u0131\u0130\u212a"
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


_SIMPLE_SPLIT = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])|\n+")


def simple_sentences(text: str) -> list[tuple[int, int]]:
    """Rough sentence spans for plain text (used when no article model is at hand)."""
    spans, cursor = [], 0
    for m in _SIMPLE_SPLIT.finditer(text):
        if m.start() > cursor:
            spans.append((cursor, m.start()))
        cursor = m.end()
    if cursor < len(text):
        spans.append((cursor, len(text)))
    return spans


def _candidates(text: str, use_triggers: bool = True) -> list[tuple[int, int, int, re.Match]]:
    """Every rule match as (start, end, rule index, match), longest and earliest first
    (``use_triggers=False`` scans the whole text with every rule: the same list, slower)."""
    found = []
    stretches = _Stretches(text) if use_triggers else None
    for i in range(len(RULES)):
        for m in _rule_matches(i, text, stretches):
            if m.end() > m.start() and m[0].strip():
                a = m.start() + len(m[0]) - len(m[0].lstrip())
                b = m.end() - (len(m[0]) - len(m[0].rstrip()))
                found.append((a, b, i, m))
    found.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    return found


class _Stretches:
    """The text, reversed (to find the cut before an offset), and lower-cased to look for
    trigger words in. ``safe`` is False when a trigger word could miss a match: a letter
    that lower-casing does not turn into the ASCII letter IGNORECASE takes it for, or a
    digit other than 0-9 (rules match any Unicode digit): then every rule scans it all."""

    def __init__(self, text: str) -> None:
        self.text, self.reversed, self.lower = text, text[::-1], text.lower()
        odd = set(_NON_ASCII.findall(text))
        self.safe = len(self.lower) == len(text) and not any(
            c in _ODD_CASE or c.isdecimal() for c in odd)
        self._offsets: dict[tuple[tuple[str, ...], bool], list[int]] = {}

    def offsets(self, words: tuple[str, ...], lower: bool) -> list[int]:
        """The sorted offsets where one of ``words`` starts (in the lower-cased text or not)."""
        key = (words, lower)
        if key not in self._offsets:
            haystack, found = self.lower if lower else self.text, set()
            for word in words:
                k = haystack.find(word)
                while k >= 0:
                    found.add(k)
                    k = haystack.find(word, k + 1)
            self._offsets[key] = sorted(found)
        return self._offsets[key]

    def around(self, offset: int, stops: str) -> tuple[int, int]:
        """The stretch holding ``offset``: its start, and the offset of the cut ending it
        (the text's length if none does)."""
        cut, size = _CUTS[stops], len(self.text)
        after = cut.search(self.text, offset)
        before = cut.search(self.reversed, size - offset)
        return (size - before.start() if before else 0), (after.start() if after else size)


def _rule_matches(i: int, text: str, stretches: _Stretches | None) -> Iterator[re.Match]:
    """Rule ``i``'s matches in ``text`` (what ``finditer`` over the whole text gives), scanning
    only the stretches between cuts that hold one of the rule's trigger words."""
    pattern = RULES[i][1]
    if stretches is None or not stretches.safe:
        yield from pattern.finditer(text)
        return
    words, stops = TRIGGERS[i]
    pos = 0
    for offset in stretches.offsets(words, bool(pattern.flags & re.IGNORECASE)):
        if offset < pos:
            continue  # in the stretch just scanned
        start, end = stretches.around(offset, stops)
        # Offsets stay those of the whole text (look-behinds see what comes before); the
        # cut ending the stretch is included so that look-aheads see the same character.
        yield from pattern.finditer(text, start, end + 1)
        pos = end + 1


def find_timexes(text: str, published: dt.date,
                 sentences: Sequence[tuple[int, int]] | None = None) -> list[Timex]:
    """All time expressions in ``text``, resolved against the publication date ``published``."""
    if not isinstance(text, str) or not text.strip():
        return []
    sentences = sorted(sentences) if sentences else simple_sentences(text)
    starts = [s for s, _ in sentences]
    sentence_of = _SentenceIndex(sentences, len(text))
    chosen: list[tuple[int, int, int, re.Match]] = []
    taken = [False] * (len(text) + 1)
    for a, b, i, m in _candidates(text):
        if any(taken[a:b]):
            continue
        trial = _Context(text, published, sentence_of(a), (), starts)
        if _safe_resolve(i, m, trial) is None:
            continue  # the rule rejects this match (e.g. "May" the verb): others may take it
        chosen.append((a, b, i, m))
        for k in range(a, b):
            taken[k] = True
    chosen.sort(key=lambda c: c[0])
    result: list[Timex] = []
    for a, b, i, m in chosen:
        ctx = _Context(text, published, sentence_of(a), result, starts)
        resolved = _safe_resolve(i, m, ctx)
        if resolved is None:
            continue
        kind, value, anchor, why = resolved
        result.append(Timex(text[a:b], a, b, kind, value, anchor, RULES[i][0], why))
    return result


class _SentenceIndex:
    """The first of sorted sentence spans holding an offset (the whole text if none does),
    found by bisection, so that long texts cost no more per character than short ones."""

    def __init__(self, sentences: Sequence[tuple[int, int]], size: int) -> None:
        self.sentences, self.size = sentences, size
        self.starts = [s for s, _ in sentences]
        # Bisection finds the only candidate when spans do not overlap (the usual case).
        self.disjoint = all(e <= s for (_, e), (s, _) in zip(sentences, sentences[1:]))

    def __call__(self, offset: int) -> tuple[int, int]:
        if not self.disjoint:
            return next(((s, e) for s, e in self.sentences if s <= offset < e), (0, self.size))
        k = bisect.bisect_right(self.starts, offset) - 1
        if k >= 0 and self.sentences[k][0] <= offset < self.sentences[k][1]:
            return self.sentences[k]
        return (0, self.size)


def _safe_resolve(i: int, m: re.Match, ctx: _Context) -> Resolved:
    """Run rule ``i``'s resolver; an impossible date (31 February) rejects the match."""
    try:
        return RULES[i][2](m, ctx)
    except (ValueError, OverflowError, KeyError):
        return None


COLUMNS = ["text", "start", "end", "sentence", "paragraph", "type", "value", "anchor",
           "rule", "resolution"]


def extract_time_expressions(article=None) -> pd.DataFrame:
    """Every time expression of an article (Article, id, path or None for the seed), resolved."""
    from ..text.article import load_article

    art = load_article(article)
    spans = [(s.start, s.end) for s in art.sentences]
    sentence_at, paragraph_at = _spans_at(art.sentences), _spans_at(art.paragraphs)
    names = [f.name for f in fields(Timex)]
    rows = []
    for t in find_timexes(art.text, art.published, spans):
        row = {name: getattr(t, name) for name in names}
        row["sentence"] = sentence_at(t.start)
        row["paragraph"] = paragraph_at(t.start)
        rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS)


def _spans_at(items: Sequence) -> Callable[[int], str]:
    """For an article's paragraphs or sentences (in text order, not overlapping): the id of
    the one holding an offset, "" if none does (what ``Article.sentence_at`` gives, by
    bisection instead of a scan)."""
    starts = [item.start for item in items]

    def at(offset: int) -> str:
        k = bisect.bisect_right(starts, offset) - 1
        return items[k].id if k >= 0 and items[k].start <= offset < items[k].end else ""
    return at


def date_range(value: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day a TIMEX3 date value covers (a day, week, month or year)."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            day = dt.date.fromisoformat(value)
            return day, day
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
            first = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return first, first + dt.timedelta(days=6)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            first = dt.date(int(m[1]), int(m[2]), 1)
            nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1)
        if re.fullmatch(r"\d{4}", value):
            return dt.date(int(value), 1, 1), dt.date(int(value), 12, 31)
    except ValueError:
        return None
    return None
