"""Part 2, contrasting statements: two accounts side by side, and the words used for an event.

Reads two answer keys from an article's folder: ``contrast.toml`` (pairs or small groups
of statements about the same matter, each pinned to exact spans) and ``naming.toml``
(every expression used for the event, with whose wording it is and what it suggests).
``compare`` shows two statements in two columns with the words unique to each marked;
``plot_naming`` charts which voices use which terms; ``outside_view`` shows rows of an
outside reference file, clearly marked as coming from outside the article.
"""
from __future__ import annotations

import difflib
import html
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

from ..text.article import Article, load_article, read_data_file
from ..text.missing import Note, empty_with_note, for_students, missing_item, missing_key
from ..text.sources import (load_outlets, load_reports, outlets_named, reference_rows,  # noqa: F401
                      reference_table)
from ..text.figures import SEE_TABLE, ChartImage, chart_table, describe_chart
from ..text.keyfiles import NAMING_HOW, KeyFileError
from ..text.spans import SpanError, check_span

#: How a naming expression reaches the page (the key's words, course/text/keyfiles.py):
#: the chart draws each with its own marker, face colour and described shape.
HOW_MARKERS = dict(zip(NAMING_HOW, (("o", "black", "filled circle"),
                                    ("s", "white", "open square"),
                                    ("D", "white", "open diamond"),
                                    ("X", "white", "open cross"),
                                    ("^", "0.55", "grey triangle")), strict=True))
PAIR_FIELDS = ("id", "matter", "differs", "explanation", "a", "b")
NAME_FIELDS = ("expression", "voice", "how", "term", "connotation", "span")


class ContrastError(KeyFileError):
    """A missing or malformed part-2 answer key; the message names the file and entry."""


# ------------------------------------------------------------------ loading

def _load_toml(article: Article, name: str, table: str) -> tuple[Path, list[dict]]:
    """Read ``name`` from the article folder and return its list of ``[[table]]`` entries."""
    path, data = read_data_file(article, name, f"Part 2 needs {name} beside article.txt, "
                                f"with one [[{table}]] table per entry.", ContrastError)
    entries = data.get(table)
    if not isinstance(entries, list) or not entries:
        raise ContrastError(f"{path}: expected one or more [[{table}]] tables.")
    return path, entries


def _statement(article: Article, raw: Any, where: str) -> dict:
    """Check one statement ``{source, paragraph, start, end, text}`` of a contrast pair
    against the article (its fields and types are checked by the key's schema)."""
    try:
        start, end = check_span(article, raw, where)
    except SpanError as err:
        raise ContrastError(str(err)) from None
    return {"source": raw["source"], "paragraph": raw["paragraph"], "start": start,
            "end": end, "text": raw["text"]}


def load_pairs(article: Article | str | Path | None = None) -> list[dict]:
    """The validated entries of ``contrast.toml``: id, matter, differs, explanation, a, b, more."""
    article = load_article(article)
    path, entries = _load_toml(article, "contrast.toml", "pairs")
    pairs, seen = [], set()
    for i, raw in enumerate(entries, 1):
        where = f"{path} [[pairs]] #{i} ({raw['id']})"  # fields and types: the schema's
        if raw["id"] in seen:
            raise ContrastError(f"{where}: duplicate id {raw['id']!r}; give each pair its own.")
        seen.add(raw["id"])
        differs, more = raw["differs"], raw.get("more", [])
        pairs.append({
            "id": raw["id"], "matter": for_students(raw["matter"]), "differs": list(differs),
            "explanation": for_students(raw["explanation"]),
            "a": _statement(article, raw["a"], f"{where}.a"),
            "b": _statement(article, raw["b"], f"{where}.b"),
            "more": [_statement(article, m, f"{where}.more[{j}]") for j, m in enumerate(more)],
        })
    return pairs


def pairs_by_strength(pairs: list[dict]) -> list[dict]:
    """The pairs whose two statements have different sources, the pair that differs in the
    most ways first (the key's order on a tie): the worked example and the questions made
    from a key both start from the strongest pair."""
    mixed = [p for p in pairs
             if p["a"]["source"].strip().casefold() != p["b"]["source"].strip().casefold()]
    return sorted(mixed, key=lambda p: -len(p.get("differs", [])))


def contrast_key(article: Article | str | Path | None = None) -> pd.DataFrame:
    """The contrast pairs as a table, one row per pair (extra group members in ``more``)."""
    note = missing_key(load_article(article), "contrast.toml")
    if note:
        return empty_with_note(note, PAIR_COLUMNS)
    rows = []
    for p in load_pairs(article):
        row: dict[str, Any] = {"id": p["id"], "matter": p["matter"]}
        for side in ("a", "b"):
            s = p[side]
            row.update({f"{side}_source": s["source"], f"{side}_paragraph": s["paragraph"],
                        f"{side}_start": s["start"], f"{side}_end": s["end"],
                        f"{side}_text": s["text"]})
        statements = [p["a"], p["b"], *p["more"]]
        row["paragraphs"] = ", ".join(dict.fromkeys(s["paragraph"] for s in statements))
        row["difference"] = "; ".join(p["differs"])
        row["explanation"] = p["explanation"]
        row["more_sources"] = [m["source"] for m in p["more"]]
        row["more"] = p["more"]
        rows.append(row)
    return pd.DataFrame(rows, columns=PAIR_COLUMNS)


#: The columns of ``contrast_key``.
PAIR_COLUMNS = ["id", "matter", *(f"{side}_{name}" for side in "ab" for name in
                                  ("source", "paragraph", "start", "end", "text")),
                "paragraphs", "difference", "explanation", "more_sources", "more"]


def naming_table(article: Article | str | Path | None = None) -> pd.DataFrame:
    """Every expression used for the event, in reading order, with voice and connotation."""
    article = load_article(article)
    note = missing_key(article, "naming.toml")
    if note:
        return empty_with_note(note, ["paragraph", *NAME_FIELDS])
    path, entries = _load_toml(article, "naming.toml", "names")
    rows = []
    for i, raw in enumerate(entries, 1):
        where = f"{path} [[names]] #{i} ({raw['expression']})"  # fields: the schema's
        try:
            start, end = check_span(article, raw["span"], where)
        except SpanError as err:
            raise ContrastError(str(err)) from None
        if article.text[start:end] != raw["expression"]:
            raise ContrastError(f"{where}: the span reads {article.text[start:end]!r}, "
                                f"not the expression {raw['expression']!r}.")
        para = article.paragraph_at(start)
        rows.append({"expression": raw["expression"], "paragraph": para.id if para else "",
                     "start": start, "end": end, "voice": raw["voice"], "how": raw["how"],
                     "term": raw["term"], "connotation": for_students(raw["connotation"]),
                     "note": raw.get("note", "")})
    return pd.DataFrame(rows).sort_values("start", kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------- compare

@dataclass
class Statement:
    """A statement to compare: its words, and optionally who says it and where."""

    text: str
    source: str = ""
    paragraph: str = ""


_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")


def _as_statement(x: Any) -> Statement:
    """Accept a Statement, a span-like mapping (text, source, paragraph) or plain text."""
    if isinstance(x, Statement):
        return x
    if isinstance(x, dict):
        return Statement(str(x["text"]), str(x.get("source", "")), str(x.get("paragraph", "")))
    return Statement(str(x))


def _unique_flags(a: list[str], b: list[str]) -> tuple[list[bool], list[bool]]:
    """True for each word unique to its side: unmatched in difflib's word alignment and
    absent from the other statement (so a word merely moved elsewhere is not marked)."""
    la, lb = [w.lower() for w in a], [w.lower() for w in b]
    a_flags, b_flags = [True] * len(a), [True] * len(b)
    matcher = difflib.SequenceMatcher(None, la, lb, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            a_flags[block.a + k] = False
            b_flags[block.b + k] = False
    set_a, set_b = set(la), set(lb)
    a_flags = [f and w not in set_b for f, w in zip(a_flags, la)]
    b_flags = [f and w not in set_a for f, w in zip(b_flags, lb)]
    return a_flags, b_flags


def _marked_html(text: str, flags: list[bool]) -> str:
    """The text, escaped, with runs of unique words wrapped in one ``<mark>`` each."""
    out, open_mark, pos = [], False, 0
    words = list(_WORD.finditer(text))
    for i, m in enumerate(words):
        gap = html.escape(text[pos:m.start()])
        if open_mark and not flags[i]:
            out.append("</mark>")
            open_mark = False
        out.append(gap)
        if flags[i] and not open_mark:
            out.append('<mark class="course-only" style="background:#ffe9a8;color:#000;'
                       'font-weight:bold;text-decoration:underline;'
                       'text-decoration-thickness:2px">')
            open_mark = True
        out.append(html.escape(m.group()))
        pos = m.end()
    if open_mark:
        out.append("</mark>")
    out.append(html.escape(text[pos:]))
    return "".join(out)


@dataclass
class Comparison:
    """Two statements side by side; ``html`` is the view, ``a_only``/``b_only`` the unique words."""

    a: Statement
    b: Statement
    a_only: list[str]
    b_only: list[str]
    shared: list[str]
    html: str = field(repr=False)

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        def name(s: Statement, side: str) -> str:
            where = f", {s.paragraph}" if s.paragraph else ""
            return f"{side} ({s.source or 'no source given'}{where})"
        return (f"Comparison of {name(self.a, 'A')} and {name(self.b, 'B')}: "
                f"only in A: {', '.join(self.a_only) or '-'}; "
                f"only in B: {', '.join(self.b_only) or '-'}")


def compare(a: Any, b: Any, *, title: str = "") -> Comparison:
    """Two statements in two columns, the words unique to each marked (not by colour alone)."""
    sa, sb = _as_statement(a), _as_statement(b)
    wa = [m.group() for m in _WORD.finditer(sa.text)]
    wb = [m.group() for m in _WORD.finditer(sb.text)]
    fa, fb = _unique_flags(wa, wb)
    a_only = list(dict.fromkeys(w for w, f in zip(wa, fa) if f))
    b_only = list(dict.fromkeys(w for w, f in zip(wb, fb) if f))
    shared = list(dict.fromkeys(w for w, f in zip(wa, fa) if not f))
    esc = html.escape

    def head(s: Statement, side: str) -> str:
        para = f' · paragraph <b>{esc(s.paragraph)}</b>' if s.paragraph else ""
        return (f'<th scope="col" style="text-align:left;vertical-align:top;width:50%">'
                f'Statement {side}: {esc(s.source or "source not given")}{para}</th>')

    def only(words: list[str]) -> str:
        return esc(", ".join(words)) if words else "(nothing: every word has a match)"

    parts = [
        '<div class="course-compare" style="max-width:60em;line-height:1.5">',
        f'<p style="margin:0.2em 0"><b>{esc(title)}</b></p>' if title else "",
        '<table style="table-layout:fixed;width:100%;border-collapse:collapse">',
        f"<thead><tr>{head(sa, 'A')}{head(sb, 'B')}</tr></thead><tbody>",
        f'<tr><td style="vertical-align:top;text-align:left;padding:0.4em;border:1px solid #999">'
        f'{_marked_html(sa.text, fa)}</td>'
        f'<td style="vertical-align:top;text-align:left;padding:0.4em;border:1px solid #999">'
        f'{_marked_html(sb.text, fb)}</td></tr>',
        f'<tr><td style="vertical-align:top;text-align:left;padding:0.4em">'
        f'<i>Only in A:</i> {only(a_only)}</td>'
        f'<td style="vertical-align:top;text-align:left;padding:0.4em">'
        f'<i>Only in B:</i> {only(b_only)}</td></tr>',
        "</tbody></table>",
        '<p style="font-size:0.9em;margin:0.3em 0">Key: <mark style="background:#ffe9a8;color:#000;'
        'font-weight:bold;text-decoration:underline">bold, underlined words</mark> appear only '
        "in that statement (compared word by word, ignoring capital letters); plain "
        "words appear in both.</p>",
        "</div>",
    ]
    return Comparison(sa, sb, a_only, b_only, shared, "".join(parts))


def compare_pair(pair_id: str, article: Article | str | Path | None = None) -> Comparison | Note:
    """The comparison view for one pair of ``contrast.toml``, titled with its matter."""
    art = load_article(article)
    note = missing_key(art, "contrast.toml")
    if note:
        return note
    for p in load_pairs(art):
        if p["id"] == pair_id:
            return compare(p["a"], p["b"], title=p["matter"])
    note = missing_item(art, f"The contrast pair {pair_id!r}")
    if note:
        return note
    known = ", ".join(p["id"] for p in load_pairs(art))
    raise KeyError(f"no contrast pair {pair_id!r}; known pairs: {known}")


# ------------------------------------------------------------------ chart

@dataclass
class ChartView:
    """A matplotlib figure that renders itself as a PNG with ``text`` as its text
    alternative and its data table (``figures.describe_chart``), whatever the backend."""

    figure: Figure
    text: str

    def _image(self) -> ChartImage:
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=90)
        return ChartImage(buffer.getvalue(), self.text, chart_table(self.figure))

    def _repr_html_(self) -> str:
        return self._image()._repr_html_()

    def __repr__(self) -> str:
        table = chart_table(self.figure)
        return self.text if table is None else f"{self.text}\n{table!r}"


def plot_naming(article: Article | str | Path | None = None) -> ChartView:
    """A grid chart: which voice (row) uses which term (column), marker shape = how quoted."""
    from matplotlib.figure import Figure  # here, not at the top: only charts need matplotlib

    article = load_article(article)
    note = missing_key(article, "naming.toml")
    if note:
        return note
    table = naming_table(article)
    voices = list(dict.fromkeys(table["voice"]))
    terms = list(dict.fromkeys(table["term"]))
    fig = Figure(figsize=(11, 0.45 * len(voices) + 2.6), layout="constrained")  # no pyplot state
    ax = fig.subplots()
    groups = table.groupby(["voice", "term", "how"], sort=False).size().reset_index(name="n")
    hows = list(dict.fromkeys(groups["how"]))
    for how in hows:
        marker, face, _ = HOW_MARKERS[how]
        sub = groups[groups["how"] == how]
        xs, ys = [], []
        for _, row in sub.iterrows():
            cell = groups[(groups["voice"] == row["voice"]) & (groups["term"] == row["term"])]
            offset = 0.0
            if len(cell) > 1:  # two ways of quoting in one cell: place them side by side
                k = list(cell["how"]).index(how)
                offset = (k - (len(cell) - 1) / 2) * 0.45
            xs.append(terms.index(row["term"]) + offset)
            ys.append(voices.index(row["voice"]))
            if row["n"] > 1:
                ax.annotate(f"×{row['n']}", (xs[-1], ys[-1]), xytext=(7, 4),
                            textcoords="offset points", fontsize=9)
        ax.scatter(xs, ys, marker=marker, s=90, facecolors=face, edgecolors="black",
                   linewidths=1.3, label=how, zorder=3)
    ax.set_xticks(range(len(terms)), terms, rotation=35, ha="right")
    ax.set_yticks(range(len(voices)), voices)
    ax.set_xlim(-0.6, len(terms) - 0.4)
    ax.set_ylim(len(voices) - 0.5, -0.5)
    ax.grid(True, color="0.85", zorder=0)
    ax.set_xlabel("word used for the event (word family)")
    ax.set_ylabel("whose wording")
    ax.set_title(f"Who calls the event what ({len(table)} expressions in {article.id})")
    ax.legend(title="how it reaches the page", loc="upper left", bbox_to_anchor=(1.01, 1),
              fontsize=9, title_fontsize=9)
    summary = (f"Chart: who calls the event what: {len(table)} expressions, {len(voices)} "
               f"voices and {len(terms)} words. {SEE_TABLE}")
    rows = sorted(groups.itertuples(), key=lambda r: (voices.index(r.voice),
                                                      terms.index(r.term)))  # the chart's order
    describe_chart(fig, summary, [
        {"whose wording": r.voice, "word used (word family)": r.term,
         "how it reaches the page": r.how, "times": int(r.n)} for r in rows],
        "Who calls the event what")
    return ChartView(fig, summary)


# ---------------------------------------------------------- outside view

@dataclass
class HtmlView:
    """Ready-made HTML for a notebook, with a plain-text twin for ``repr``."""

    html: str = field(repr=False)
    text: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def show_paragraphs(pids: list[str], article: Article | str | Path | None = None
                    ) -> HtmlView | Note:
    """The named paragraphs, each labelled with its id, for reading before a comparison."""
    article = load_article(article)
    absent = [pid for pid in pids if pid not in {p.id for p in article.paragraphs}]
    note = missing_item(article, "Paragraph " + ", ".join(absent)) if absent else None
    if note:
        return note
    paras = [article.paragraph(pid) for pid in pids]
    body = "".join(f'<p><b>[{html.escape(p.id)}]</b> {html.escape(p.text)}</p>' for p in paras)
    return HtmlView(f'<div class="course-paragraphs" style="max-width:46em;line-height:1.5">'
                    f"{body}</div>", "\n".join(f"[{p.id}] {p.text}" for p in paras))


#: The heading of the list of who is behind the outlets shown.
WHO_IS_BEHIND = ("Who is behind these outlets (the course's list of sources, "
                 "reference/sources.toml):")


def _outlet_cards(named: list) -> tuple[str, str]:
    """The heading and one line per outlet, as HTML and as plain text."""
    html_part = (f"<p><b>{html.escape(WHO_IS_BEHIND)}</b></p><ul>"
                 + "".join(f"<li>{html.escape(o.line)}</li>" for o in named) + "</ul>")
    return html_part, "\n".join([WHO_IS_BEHIND] + [f"- {o.line}" for o in named])


def who_is_behind(texts: Any, article: Article | str | Path | None = None) -> HtmlView:
    """Who is behind each outlet that ``texts`` (a string, or a column of "reported by"
    cells) name, from the article's register, with where each label comes from."""
    art = load_article(article)
    joined = texts if isinstance(texts, str) else " ".join(map(str, texts))
    named = outlets_named(joined, load_outlets(art))
    if not named:
        return HtmlView("<p>No outlet named here is in the course's list of sources.</p>",
                        "No outlet named here is in the course's list of sources.")
    page, text = _outlet_cards(named)
    return HtmlView(f'<div class="course-outlets">{page}</div>', text)


def outside_view(name: str, rows: list[str], article: Article | str | Path | None = None,
                 ) -> HtmlView:
    """Selected rows (by their ``#``) of a reference table, marked OUTSIDE THE ARTICLE, then
    who is behind each outlet the rows name (from ``reference/sources.toml``, with where each
    label comes from)."""
    art = load_article(article)
    if not (art.folder / "reference" / name).is_file():
        note = missing_item(art, f"The outside source reference/{name}")
        if note:
            return note
    table = reference_table(name, art)
    picked = reference_rows(name, rows, art)
    esc = html.escape
    head = "".join(f'<th scope="col" style="text-align:left">{esc(c)}</th>'
                   for c in table.columns)
    body = "".join("<tr>" + "".join(f'<td style="text-align:left;vertical-align:top">{esc(v)}</td>'
                                    for v in r) + "</tr>" for r in picked.itertuples(index=False))
    banner = (f"OUTSIDE THE ARTICLE: other outlets' reporting, from reference/{name}. "
              "Each row is 'reported by' the outlets named, not settled fact.")
    named = outlets_named(" ".join(picked.iloc[:, -1]), load_outlets(art))
    cards, cards_text = _outlet_cards(named)
    shown = {str(r) for r in rows}
    reports = [r for r in load_reports(art) if shown & set(r.rows)]
    opened = "Some of these reports, as published (outlet, date, headline, address):"
    headlines = ("The reference file records the outlets, not every report's headline or "
                 "date: to read another report itself, search the outlet's website for the "
                 "event.")
    page = (f'<div class="course-outside" style="border:3px dashed #333;padding:0.5em;'
            f'max-width:60em"><p style="margin:0 0 0.4em 0"><b>⚠ {esc(banner)}</b></p>'
            f'<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
            + (cards if named else "")
            + (f"<p><b>{esc(opened)}</b></p><ul>"
               + "".join(f"<li>{esc(r.line)}</li>" for r in reports) + "</ul>"
               if reports else "")
            + f"<p>{esc(headlines)}</p></div>")
    text = "\n".join([banner] + [" | ".join(r) for r in picked.itertuples(index=False)]
                     + ([cards_text] if named else [])
                     + ([opened] + [f"- {r.line}" for r in reports] if reports else [])
                     + [headlines])
    return HtmlView(page, text)
