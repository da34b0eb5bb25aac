"""Part 3, chronology: time expressions, the answer key's events, and two timeline plots.

The key lives beside the article in ``chronology.toml`` (expressions with TIMEX3 values,
ordering signals, hedges, and events with the earliest and latest day the article
allows). ``timeline`` turns the events into a DataFrame, ``plot_timeline`` draws them
on a calendar and ``plot_story_order`` sets the order of telling against the dates.
"""
from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

from ..text.article import Article, load_article, read_data_file
from ..text.keyfiles import CERTAINTY, KeyFileError, entry_place
from ..text.missing import Note, empty_with_note, missing_item, missing_key
from ..text.plain import time_value_words
from ..text.figures import (SEE_TABLE, describe_chart,  # noqa: F401  (course.figure_image)
                            figure_image)
from ..text.spans import check_span
from .timex import extract_time_expressions, find_timexes

__all__ = [
    "CERTAINTY", "ChronologyKeyError", "chronology_key", "compare_expressions", "extract_time_expressions",
    "figure_image", "find_hedges", "find_signals", "find_timexes", "highlight",
    "key_expressions",
    "plot_story_order", "plot_timeline", "timeline",
]

ArticleLike = Article | str | Path | None


class ChronologyKeyError(KeyFileError):
    """A chronology key with a missing field, a wrong type or a word outside its list."""

#: Words that order events without naming a time (a general list, not the seed's).
SIGNAL_WORDS = {
    "after": "after", "afterwards": "after", "subsequently": "after", "following": "after",
    "later": "after", "then": "after", "since": "after", "before": "before",
    "prior to": "before", "earlier": "before", "previously": "before",
    "until": "up to", "meanwhile": "at the same time", "while": "at the same time",
    "amid": "at the same time", "during": "at the same time", "when": "at the moment of",
    "as soon as": "at the moment of", "still": "continuing", "ongoing": "continuing",
    "already": "before", "yet to": "not yet", "before or after": "order unknown",
}
_SIGNAL_RE = re.compile(r"\b(" + "|".join(sorted((re.escape(w) for w in SIGNAL_WORDS),
                                                   key=len, reverse=True)) + r")\b", re.I)
#: Phrases with which a report admits that something is uncertain or unconfirmed.
_HEDGE_RE = re.compile(
    r"\b(?:it (?:was|is|remains|remained) (?:not (?:immediately |yet )?clear|unclear)|"
    r"not (?:immediately |yet )?clear|unclear|reportedly|allegedly|apparent(?:ly)?|"
    r"unconfirmed|could not be (?:independently )?(?:verified|confirmed)|"
    r"(?:is|are|was|were) (?:believed|said|thought) to|it is not known|unknown)\b", re.I)


# ------------------------------------------------------------------ the key

def chronology_key(article: ArticleLike = None) -> dict:
    """The article's ``chronology.toml``, every span checked against the text."""
    art = load_article(article)
    path, key = read_data_file(art, "chronology.toml", "Part 3 needs a chronology key: see "
                               "the seed article's chronology.toml for the format.",
                               ChronologyKeyError)  # its schema checks fields and types
    for section in ("expressions", "signals", "hedges", "events"):
        for index, entry in enumerate(key.get(section, [])):
            where = entry_place(path, section, index, entry)
            for name in ("span", "evidence"):
                if name in entry:
                    check_span(art, entry[name], f"{where} field {name}")
            for i, extra in enumerate(entry.get("support", [])):
                check_span(art, extra, f"{where} field support.[{i}]")
            earliest, latest = entry.get("earliest"), entry.get("latest")
            if earliest and latest and earliest > latest:
                raise ChronologyKeyError(f"{where}: earliest {earliest} is after latest "
                                         f"{latest}; swap them or correct one.")
    return key


def key_expressions(article: ArticleLike = None) -> pd.DataFrame:
    """The key's time expressions: text, start, end, paragraph, type, value, reasoning."""
    rows = [{"id": e["id"], "text": e["span"]["text"], "start": e["span"]["start"],
             "end": e["span"]["end"], "paragraph": e["span"]["paragraph"], "type": e["type"],
             "value": e["value"], "reasoning": e["reasoning"]}
            for e in chronology_key(article).get("expressions", [])]
    return pd.DataFrame(rows, columns=["id", "text", "start", "end", "paragraph", "type",
                                       "value", "reasoning"])


def compare_expressions(article: ArticleLike = None) -> pd.DataFrame | Note:
    """The key's expressions beside what the rules found: same span? same value?"""
    note = missing_key(load_article(article), "chronology.toml")
    if note:
        return note
    key = key_expressions(article)
    found = extract_time_expressions(article)
    rows = []
    for k in key.itertuples():
        hit = found[(found.start == k.start) & (found.end == k.end)]
        value = hit.iloc[0]["value"] if len(hit) else ""
        rows.append({"text": k.text, "paragraph": k.paragraph, "key value": k.value,
                     "rules found it": bool(len(hit)), "rules' value": value,
                     "agree": bool(len(hit)) and value == k.value})
    return pd.DataFrame(rows)


def timeline(article: ArticleLike = None) -> pd.DataFrame:
    """The key's events, one row each, in story order (earliest/latest as ISO dates)."""
    art = load_article(article)
    note = missing_key(art, "chronology.toml")
    if note:
        return empty_with_note(note, EVENT_COLUMNS)
    rows = []
    for e in chronology_key(art).get("events", []):
        ev = e["evidence"]
        rows.append({
            "id": e["id"], "event": e["event"], "label": e.get("label") or _short(e["event"]),
            "earliest": e.get("earliest"),
            "latest": e["latest"], "certainty": e["certainty"],
            "story_position": e["story_position"], "paragraph": ev["paragraph"],
            "evidence_start": ev["start"], "evidence_end": ev["end"], "evidence": ev["text"],
            "reasoning": e["reasoning"], "outside_date": e.get("outside_date"),
            "outside_source": e.get("outside_source"),
        })
    frame = pd.DataFrame(rows, columns=EVENT_COLUMNS)
    return frame.sort_values("story_position", ignore_index=True)


#: The columns of ``timeline``.
EVENT_COLUMNS = ["id", "event", "label", "earliest", "latest", "certainty", "story_position",
                 "paragraph", "evidence_start", "evidence_end", "evidence", "reasoning",
                 "outside_date", "outside_source"]


def event_reasoning(frame: pd.DataFrame, event_id: str, article: ArticleLike = None) -> str | Note:
    """How the date of one event of ``timeline`` was worked out (a note if there is no such
    event in a teacher's own article)."""
    rows = frame[frame["id"] == event_id]
    if len(rows):
        return str(rows.iloc[0]["reasoning"])
    note = missing_item(load_article(article), f"The event {event_id!r}")
    if note:
        return note
    raise KeyError(f"no event {event_id!r} in the timeline; known: {', '.join(frame['id'])}")


def _nothing_to_draw(frame: pd.DataFrame, article: ArticleLike) -> Note | None:
    """A note when a teacher's article has no dated events to draw, else None."""
    if len(frame) and len(frame["latest"].dropna()):
        return None
    return missing_item(load_article(article), "A timeline drawing") or \
        Note("The chronology key has no dated events, so there is nothing to draw.")


def event_order(frame: pd.DataFrame) -> pd.DataFrame:
    """The events sorted by when they happened (latest possible day, then earliest)."""
    low = frame["earliest"].fillna("0000-00-00")
    return frame.assign(_low=low).sort_values(["latest", "_low", "story_position"]) \
        .drop(columns="_low").reset_index(drop=True)


# ------------------------------------------------------------------ finding words

def _matches(article: ArticleLike, pattern: re.Pattern, kinds: tuple[str, ...]) -> list:
    art = load_article(article)
    rows = []
    for p in art.paragraphs:
        if p.kind not in kinds:
            continue
        for m in pattern.finditer(art.text, p.start, p.end):
            rows.append((art, p, m))
    return rows


def find_signals(article: ArticleLike = None) -> pd.DataFrame:
    """Words that order events without naming a time ("subsequently", "still", "prior to")."""
    rows = [{"text": m[0], "start": m.start(), "end": m.end(), "paragraph": p.id,
             "meaning": SIGNAL_WORDS[m[0].lower()]}
            for _, p, m in _matches(article, _SIGNAL_RE, ("body",))]
    return pd.DataFrame(rows, columns=["text", "start", "end", "paragraph", "meaning"])


def find_hedges(article: ArticleLike = None) -> pd.DataFrame:
    """Phrases that admit doubt ("it was not immediately clear", "reportedly", "apparent")."""
    rows = []
    for art, p, m in _matches(article, _HEDGE_RE, ("body",)):
        sent = art.sentence_at(m.start())
        rows.append({"text": m[0], "start": m.start(), "end": m.end(), "paragraph": p.id,
                     "sentence": sent.id if sent else ""})
    return pd.DataFrame(rows, columns=["text", "start", "end", "paragraph", "sentence"])


#: A highlighted time expression: yellow, and underlined and bold for whoever does not see
#: the colour; black text, whatever the theme (18.7:1 on this yellow).
MARK_STYLE = "background:#fff3b0;color:#000;text-decoration:underline"


def highlight(article: ArticleLike = None, spans: pd.DataFrame | None = None,
              label: str = "value", paragraphs: list[str] | None = None) -> str:
    """The article as escaped HTML with ``spans`` (start, end[, label]) marked in yellow."""
    art = load_article(article)
    spans = extract_time_expressions(art) if spans is None else spans
    marks = sorted((int(r.start), int(r.end), time_value_words(getattr(r, label, ""))
                    if label == "value" else str(getattr(r, label, "")))
                   for r in spans.itertuples())
    parts = ['<div style="max-width:46em;line-height:1.6">']
    for p in art.paragraphs:
        if paragraphs is not None and p.id not in paragraphs:
            continue
        cursor, pieces = p.start, []
        for a, b, tip in marks:
            if a < cursor or b > p.end or a < p.start:
                continue
            pieces.append(html.escape(art.text[cursor:a]))
            tag = f' <sub style="color:#555">[{html.escape(tip)}]</sub>' if tip else ""
            pieces.append(f'<mark title="{html.escape(tip)}" style="{MARK_STYLE}">'
                          f'<b>{html.escape(art.text[a:b])}</b></mark>{tag}')
            cursor = b
        pieces.append(html.escape(art.text[cursor:p.end]))
        parts.append(f'<p><span style="color:#666;font-size:0.85em">[{p.id}]</span> '
                     f'{"".join(pieces)}</p>')
    parts.append("</div>")
    return "\n".join(parts)


# ------------------------------------------------------------------ plots

_STYLE = {  # certainty -> (face colour, hatch, marker)
    "stated": ("#1f4e79", "", "o"),
    "inferred": ("#2e8b57", "", "D"),
    "undated-range": ("#f0a202", "//", "s"),
    "unknown": ("#b03a2e", "xx", "<"),
}
_DAY = dt.timedelta(days=1)


#: A chart spanning more days than this gets a tick a month, not a day (a day's tick each
#: over months of a year would run together).
DAILY_TICKS_UP_TO = 60


def _ticks(first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    """The axis's ticks: each day (weekday and date) for a short chart, else the first of
    each month (month and year)."""
    if (last - first).days <= DAILY_TICKS_UP_TO:
        return [(d, f"{d:%a}\n{d:%d %b}") for d in pd.date_range(first, last).date]
    return [(d, f"{d:%b}\n{d:%Y}") for d in pd.date_range(first, last, freq="MS").date]


def _day_axis(ax, first: dt.date, last: dt.date, axis: str) -> None:
    """Label the date axis (``"x"`` or ``"y"``) with ``_ticks`` and draw a grid line per
    tick: between days for a short chart, at each month's start for a long one."""
    import matplotlib.dates as mdates
    ticks = _ticks(first, last)
    daily = (last - first).days <= DAILY_TICKS_UP_TO
    where = [mdates.date2num(d) + (0.5 if daily else 0) for d, _ in ticks]
    words = [w if axis == "x" else w.replace("\n", " ") for _, w in ticks]
    (ax.set_xticks if axis == "x" else ax.set_yticks)(where, words)
    line = ax.axvline if axis == "x" else ax.axhline
    for day in (pd.date_range(first, last + _DAY).date if daily else [d for d, _ in ticks]):
        line(mdates.date2num(day), color="#ccc", linewidth=0.8, zorder=0)


def _when_words(row) -> str:
    """An event's dates in words: its day, its range, or its latest day."""
    hi = dt.date.fromisoformat(row.latest)
    lo = dt.date.fromisoformat(row.earliest) if isinstance(row.earliest, str) else None
    if lo == hi:
        return f"{hi:%a %d %b %Y}"
    return f"{_span_words(lo, hi)} {hi:%Y}".replace(f"{hi:%Y} {hi:%Y}", f"{hi:%Y}") \
        if lo else f"no earliest day, by {hi:%d %b %Y}"


def _span_words(lo: dt.date, hi: dt.date) -> str:
    """'23-25 Jun' within a month; '28 Nov-20 Dec' across months; with the years when
    the two days are in different years."""
    if lo.year != hi.year:
        return f"{lo:%d %b %Y}-{hi:%d %b %Y}"
    if lo.month != hi.month:
        return f"{lo:%d %b}-{hi:%d %b %Y}" if (hi - lo).days > DAILY_TICKS_UP_TO else \
            f"{lo:%d %b}-{hi:%d %b}"
    return f"{lo:%d}-{hi:%d %b}"


def _dates(frame: pd.DataFrame) -> tuple[dt.date, dt.date]:
    days = [dt.date.fromisoformat(d) for col in ("earliest", "latest")
            for d in frame[col].dropna()]
    return min(days), max(days)


def plot_timeline(frame: pd.DataFrame | None = None, article: ArticleLike = None,
                  show_outside: bool = False) -> Figure:
    """Events on a calendar: exact days as points, ranges as hatched bars, each labelled."""
    import matplotlib.dates as mdates  # here, not at the top: only charts need matplotlib
    from matplotlib.figure import Figure

    frame = timeline(article) if frame is None else frame
    note = _nothing_to_draw(frame, article)
    if note:
        return note
    frame = event_order(frame)
    first, last = _dates(frame)
    left = first - _DAY
    fig = Figure(figsize=(10, 0.42 * len(frame) + 2.4), layout="constrained")
    ax = fig.add_subplot()
    used: set[str] = set()
    described: list[dict[str, str]] = []  # the chart's data, for its text alternative
    for y, row in enumerate(frame.itertuples()):
        colour, hatch, marker = _STYLE[row.certainty]
        hi = dt.date.fromisoformat(row.latest)
        lo = dt.date.fromisoformat(row.earliest) if isinstance(row.earliest, str) else None
        label = None if row.certainty in used else f"{row.certainty}: {CERTAINTY[row.certainty]}"
        used.add(row.certainty)
        if lo is not None and lo == hi:
            ax.scatter([mdates.date2num(hi) + 0.5], [y], s=90, marker=marker, color=colour,
                       zorder=3, label=label, gid=f"point:{row.id}")
            note = f"{row.certainty}: {hi:%a %d %b}"
        else:
            start = lo if lo is not None else left
            ax.barh(y, mdates.date2num(hi + _DAY) - mdates.date2num(start),
                    left=mdates.date2num(start), height=0.55, color=colour, alpha=0.55,
                    hatch=hatch, edgecolor="black", linewidth=0.6, label=label,
                    gid=f"range:{row.id}")
            if lo is None:
                by = f"{hi:%a %d %b}" if (last - first).days <= DAILY_TICKS_UP_TO else \
                    f"{hi:%d %b %Y}"
                note = f"{row.certainty}: start not known, by {by}"
            else:
                note = f"{row.certainty}: {_span_words(lo, hi)}, not dated"
        ax.text(mdates.date2num(hi + _DAY) + 0.08, y, note, va="center", fontsize=8.5,
                color="#222", gid=f"note:{row.id}")
        described.append({"event": row.label, "how sure": _how_sure(row.certainty),
                          "when (as far as the article tells us)": note.split(": ", 1)[1]})
        if show_outside and isinstance(row.outside_date, str):
            ax.scatter([mdates.date2num(dt.date.fromisoformat(row.outside_date)) + 0.5], [y],
                       marker="x", s=40, color="black", zorder=4,
                       label=None if "outside" in used else "outside reporting (other outlets)",
                       gid=f"outside:{row.id}")
            used.add("outside")
            where = _outlets(row.outside_source)
            described[-1]["outside reporting (other outlets)"] = \
                f"{dt.date.fromisoformat(row.outside_date):%a %d %b %Y}" + \
                (f" (source: {where})" if where else "")
    ax.set_yticks(range(len(frame)), frame["label"], fontsize=9.5)
    ax.invert_yaxis()
    ax.set_xlim(mdates.date2num(left), mdates.date2num(last + 3.3 * _DAY))
    _day_axis(ax, left, last, "x")
    ax.tick_params(axis="x", length=0)
    ax.set_title("When did each event happen? (as far as the article tells us)")
    ax.set_xlabel("day (a bar covers every day the article allows; events in date order)")
    fig.legend(loc="outside lower center", ncols=2, fontsize=8.5, frameon=False)
    outside = ""
    if show_outside:  # the same columns in every row
        for row in described:
            row.setdefault("outside reporting (other outlets)",
                           "no other outlet's date in the course's reference")
        outside = (" Black crosses mark the day other outlets give for an event (outside "
                   "the article; the table names the outlets).")
    open_start = int(frame["earliest"].isna().sum())
    earlier = (f" ({open_start} event{'s have' if open_start > 1 else ' has'} no earliest day "
               f"and may have begun earlier)" if open_start else "")
    describe_chart(fig, f"Timeline chart: when each of {len(frame)} events happened, as far "
                        f"as the article tells us, from {_day(first, last.year)} to "
                        f"{_day(last)}{earlier}, sorted by the last day the article "
                        f"allows.{outside} "
                        f"{SEE_TABLE}",
                   described, "When did each event happen? (as far as the article tells us)")
    return fig


def plot_story_order(frame: pd.DataFrame | None = None, article: ArticleLike = None) -> Figure:
    """Story order (left to right) against the date of each event (bottom to top)."""
    import matplotlib.dates as mdates  # here, not at the top: only charts need matplotlib
    from matplotlib.figure import Figure

    frame = timeline(article) if frame is None else frame
    note = _nothing_to_draw(frame, article)
    if note:
        return note
    frame = frame.sort_values("story_position", ignore_index=True)
    first, last = _dates(frame)
    bottom = first - _DAY
    fig = Figure(figsize=(11, 7), layout="constrained")
    ax = fig.add_subplot()
    used = set()
    for row in frame.itertuples():
        colour, hatch, marker = _STYLE[row.certainty]
        x = row.story_position
        hi = dt.date.fromisoformat(row.latest)
        lo = dt.date.fromisoformat(row.earliest) if isinstance(row.earliest, str) else None
        label = None if row.certainty in used else f"{row.certainty}: {CERTAINTY[row.certainty]}"
        used.add(row.certainty)
        if lo is not None and lo == hi:
            ax.scatter([x], [mdates.date2num(hi) + 0.5], s=90, marker=marker, color=colour,
                       zorder=3, label=label, gid=f"point:{row.id}")
        else:
            start = lo if lo is not None else bottom
            ax.bar(x, mdates.date2num(hi + _DAY) - mdates.date2num(start),
                   bottom=mdates.date2num(start), width=0.6, color=colour, alpha=0.55,
                   hatch=hatch, edgecolor="black", linewidth=0.6, label=label,
                   gid=f"range:{row.id}")
    ax.set_xticks(frame["story_position"],
                  [f"{p}. {lab}" for p, lab in zip(frame["story_position"], frame["label"])],
                  rotation=50, ha="right", rotation_mode="anchor", fontsize=8.5)
    ax.set_ylim(mdates.date2num(bottom), mdates.date2num(last + _DAY))
    _day_axis(ax, bottom, last, "y")
    ax.tick_params(axis="y", length=0)
    n = len(frame)
    ax.set_xlim(0.3, n + 0.7)
    low = mdates.date2num(bottom) + 0.5
    ax.annotate("the story opens with the newest news", xy=(1, mdates.date2num(last) + 0.4),
                xytext=(0.6, low), fontsize=9, va="center", ha="left",
                arrowprops={"arrowstyle": "->", "color": "#444"}, gid="note:opening")
    ax.annotate("and ends with older events", xy=(n - 2, mdates.date2num(first) + 0.05),
                xytext=(n + 0.6, low), fontsize=9, va="center", ha="right",
                arrowprops={"arrowstyle": "->", "color": "#444"}, gid="note:ending")
    ax.set_xlabel("order in the story (1 = first mentioned)")
    ax.set_ylabel("when it happened")
    ax.set_title("Story order against event order")
    fig.legend(loc="outside lower center", ncols=2, fontsize=8.5, frameon=False)
    ordered = list(frame.sort_values("story_position").itertuples())
    describe_chart(fig, f"Chart: the order in which the story tells its {n} events against "
                        f"the order in which they happened. The story opens with "
                        f"{ordered[0].label} ({_when_words(ordered[0])}) and ends with "
                        f"{ordered[-1].label} ({_when_words(ordered[-1])}). {SEE_TABLE}",
                   [{"place in the story": r.story_position, "event": r.label,
                     "when it happened": _when_words(r), "how sure": _how_sure(r.certainty)}
                    for r in ordered],
                   "Story order against event order")
    return fig


def _how_sure(certainty: str) -> str:
    """A certainty word with its meaning, for a chart's table."""
    return f"{certainty} ({CERTAINTY[certainty]})"


def _outlets(source: Any) -> str:
    """The outlets an outside date is credited to, without the course's own note of where
    in its reference file they stand ("... (reference timeline, row 4)")."""
    if not isinstance(source, str):
        return ""
    return re.split(r"\s*\(reference timeline\b", source, maxsplit=1)[0].strip(" ;,")


def _day(day: dt.date, same_year: int | None = None) -> str:
    """'23 Jun 2023', or '23 Jun' when the year is ``same_year`` (said once, at the end)."""
    return f"{day.day} {day:%b}" + ("" if day.year == same_year else f" {day.year}")


def _short(text: str, width: int = 48) -> str:
    """An event name cut to ``width`` characters for an axis label."""
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"
