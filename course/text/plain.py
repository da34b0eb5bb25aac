"""Plain words for technical values, and tables a student can read.

Students never meet a raw technical value without plain words: a date is "Friday 23 June
2023", not ``2023-06-23``; ``PTXH`` is "a few hours (the article does not say how many)";
a missing value is "not known", never ``NaN``. The technical form may follow, for the
curious, in a column that says so. ``table_view`` shows a table with every cell in full
(pandas cuts long cells to 50 characters), readable column names and no index numbers.
"""
from __future__ import annotations

import datetime as dt
import html
import re
import textwrap
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

#: The column that keeps a technical value beside its plain words.
TECHNICAL = "technical value (for the curious)"
#: What an empty cell says.
NOT_KNOWN = "not known"

_UNITS = {"Y": ("year", "years"), "M": ("month", "months"), "W": ("week", "weeks"),
          "D": ("day", "days"), "H": ("hour", "hours"), "DE": ("decade", "decades"),
          "CE": ("century", "centuries"), "Q": ("quarter", "quarters")}
_TIME_UNITS = {"H": ("hour", "hours"), "M": ("minute", "minutes"), "S": ("second", "seconds")}
_REFS = {"PAST_REF": "some time before the article (it does not say when)",
         "PRESENT_REF": "now, when the article was written",
         "FUTURE_REF": "some time after the article (it does not say when)"}
_KINDS = {"DATE": "a date", "DURATION": "a length of time", "TIME": "a time of day",
          "SET": "a repeated time"}
_SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}


def date_words(value: Any) -> str:
    """An ISO day as words ("Friday 23 June 2023"); a month or a year as words; anything
    else unchanged (and an empty value as "not known")."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return NOT_KNOWN
    if isinstance(value, (dt.date, pd.Timestamp)):
        day = value.date() if isinstance(value, (dt.datetime, pd.Timestamp)) else value
        return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"
    text = str(value).strip()
    if not text or text.lower() == "nan":
        return NOT_KNOWN
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date_words(dt.date.fromisoformat(text))
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return dt.date.fromisoformat(text + "-01").strftime("%B %Y")
    except ValueError:
        return text
    return text


def kind_words(kind: Any) -> str:
    """A time expression's type in words ("a length of time" for DURATION)."""
    return _KINDS.get(str(kind), str(kind).lower())


def _amount(number: str, unit: tuple[str, str]) -> str:
    """'3 days', '1 day', or 'some days (the article does not say how many)' for X."""
    if number == "X":
        return f"some {unit[1]} (the article does not say how many)"
    n = float(number)
    count = int(n) if n == int(n) else n
    return f"{count} {unit[0] if n == 1 else unit[1]}"


def time_value_words(value: Any) -> str:
    """A time value in plain words: dates, durations such as ``PTXH`` ("some hours (the
    article does not say how many)") and the references ``PAST_REF``, ``PRESENT_REF``."""
    text = "" if value is None else str(value).strip()
    if not text or text.lower() == "nan":
        return NOT_KNOWN
    if text in _REFS:
        return _REFS[text]
    if text == "PXH" or text == "PTXH":
        return "a few hours (the article does not say how many)"
    duration = re.fullmatch(r"P(?:(X|\d+(?:\.\d+)?)(DE|CE|Y|M|W|D|Q))?"
                            r"(?:T(X|\d+(?:\.\d+)?)([HMS]))?", text)
    if duration and (duration.group(1) or duration.group(3)):
        parts = []
        if duration.group(1):
            parts.append(_amount(duration.group(1), _UNITS[duration.group(2)]))
        if duration.group(3):
            parts.append(_amount(duration.group(3), _TIME_UNITS[duration.group(4)]))
        return " and ".join(parts)
    season = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", text)
    if season:
        return f"{_SEASONS[season.group(2)]} {season.group(1)}"
    if re.fullmatch(r"\d{4}", text):
        return f"the year {text}"
    weekday = re.fullmatch(r"XXXX-WXX-([1-7])", text)
    if weekday:
        name = dt.date(2024, 1, int(weekday.group(1))).strftime("%A")  # 1 Jan 2024: a Monday
        return f"a {name} (which week is not known)"
    no_year = re.fullmatch(r"XXXX-(\d{2})-(\d{2})", text)
    if no_year:
        try:
            day = dt.date(2024, int(no_year.group(1)), int(no_year.group(2)))
        except ValueError:
            return text
        return f"{day.day} {day.strftime('%B')} (the year is not given)"
    return date_words(text)


def cell_words(value: Any) -> str:
    """Any table cell as text a student reads: yes/no, not known, dates in words."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return NOT_KNOWN
    if isinstance(value, (dt.date, pd.Timestamp)):
        return date_words(value)
    text = str(value)
    return date_words(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else text


#: Readable names for the columns the course's tables have (one place for every table).
STUDENT_COLUMNS = {
    "paragraph": "paragraph", "source": "who speaks", "source_name": "who speaks",
    "cue": "reporting words", "content": "what is reported", "mode": "how it is reported",
    "via": "passed on by", "channel": "channel", "source_type": "kind of source",
    "named": "named?", "rule": "rule that found it", "note": "note",
    "id": "name", "expression": "expression", "voice": "whose words",
    "how": "how the words reach the page", "connotation": "what it suggests",
    "matter": "about", "a_source": "first statement by", "b_source": "second statement by",
    "difference": "what differs", "text": "words in the article", "type": "kind of time",
    "value": "what it means", "resolution": "how it was worked out",
    "meaning": "meaning the rules give it", "story_position": "place in the story",
    "label": "event", "earliest": "earliest day", "latest": "latest day",
    "certainty": "certainty", "outside_date": "day other outlets give",
    "outside_source": "reported by", "key value": "the answer key says",
    "rules found it": "did the rules find it?", "rules' value": "the rules say",
    "agree": "do they agree?", "total": "total",
}
#: Columns holding a time value: shown in words (the technical form follows "value").
TIME_COLUMNS = ("value", "key value", "rules' value")


def _student_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Values in words and readable column names; an index that carries meaning (a
    cross-table's row labels) becomes the first column."""
    labelled = frame.index.name or not pd.api.types.is_integer_dtype(frame.index)
    frame = frame.reset_index() if labelled else frame
    out = pd.DataFrame(index=range(len(frame)))
    for column in frame.columns:
        values = list(frame[column])
        if column == "type" and "value" in frame.columns:
            values = [kind_words(v) for v in values]
        if column in TIME_COLUMNS:
            out[STUDENT_COLUMNS.get(column, column)] = [time_value_words(v) for v in values]
            if column == "value":
                out[TECHNICAL] = ["" if v is None or (isinstance(v, float) and pd.isna(v))
                                  else str(v) for v in values]
            continue
        out[STUDENT_COLUMNS.get(str(column), str(column).replace("_", " "))] = values
    return out


@dataclass
class TableView:
    """A table for students: every cell in full, readable headers, no index; HTML in a
    notebook and wrapped plain text elsewhere (nbval, a printed notebook)."""

    frame: pd.DataFrame = field(repr=False)
    caption: str = ""

    def _cells(self) -> list[list[str]]:
        raw = [c == TECHNICAL for c in self.frame.columns]  # shown as it is, for the curious
        return [[str(v) if keep else cell_words(v) for v, keep in zip(row, raw)]
                for row in self.frame.itertuples(index=False)]

    def _repr_html_(self) -> str:
        esc = html.escape
        head = "".join(f'<th scope="col" style="text-align:left">{esc(str(c))}</th>'
                       for c in self.frame.columns)
        body = "".join("<tr>" + "".join(f'<td style="text-align:left;vertical-align:top;'
                                        f'white-space:normal">{esc(v)}</td>' for v in row)
                       + "</tr>" for row in self._cells())
        caption = (f'<caption style="text-align:left"><b>{esc(self.caption)}</b></caption>'
                   if self.caption else "")
        # a wide table scrolls inside its own box, which the keyboard can reach (Tab, then
        # the arrow keys) and a screen reader names
        name = esc(self.caption or "table")
        return (f'<div class="course-table-box" role="region" tabindex="0" aria-label="{name}" '
                f'style="overflow-x:auto;max-width:100%">'
                f'<table class="course-table">{caption}<thead><tr>{head}</tr></thead>'
                f"<tbody>{body}</tbody></table></div>")

    def __repr__(self) -> str:
        lines = [self.caption] if self.caption else []
        columns = [str(c) for c in self.frame.columns]
        for n, row in enumerate(self._cells(), 1):
            lines.append(f"{n}.")
            for name, value in zip(columns, row):
                lines.extend(textwrap.wrap(f"{name}: {value}", 88, initial_indent="   ",
                                           subsequent_indent="     ") or [f"   {name}:"])
        return "\n".join(lines) if lines else "(an empty table)"

    def __len__(self) -> int:
        return len(self.frame)


def table_view(frame: Any, caption: str = "") -> Any:
    """A course table as students read it: readable column names, values in words (dates,
    time values, yes/no, "not known"), every cell in full. A notice (a ``Note``, not a
    table) is passed through unchanged."""
    if not isinstance(frame, pd.DataFrame):
        return frame
    return TableView(_student_frame(frame), caption)
