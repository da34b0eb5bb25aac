"""Teaching views for part 1: the article coloured by source type, a table and a chart of
sources by type and channel, and a "who reports whom" diagram of the reporting chain.

Every view takes an attribution frame (the key, or the extractor's output) so the same
pictures work for any article; all article text is escaped before it goes into HTML.
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

from ..text.article import Article, load_article
from .attribution import attribution_key
from ..text.missing import missing_key
from ..text.figures import (SEE_TABLE, describe_chart,  # noqa: F401  (course.figure_image)
                            figure_image)

#: Colour, hatch pattern and short label per source type (readable without colour too).
TYPE_STYLE: dict[str, tuple[str, str, str]] = {
    "government or ministry": ("#a6cee3", "//", "GOV"),
    "official person": ("#b2df8a", "..", "OFF"),
    "state media": ("#fb9a99", "xx", "STATE"),
    "news agency": ("#fdbf6f", "--", "AGENCY"),
    "expert or commentator": ("#cab2d6", "\\\\", "EXPERT"),
    "members of the public or social media": ("#ffff99", "oo", "PUBLIC"),
    "other named person or organisation": ("#e0e0e0", "++", "OTHER"),
    "unnamed or vague": ("#bdbdbd", "**", "VAGUE"),
    "the article itself": ("#ffffff", "", "OWN"),
}


def _style(kind: str) -> tuple[str, str, str]:
    """Colour, hatch and label for a source type (unknown types get a neutral style)."""
    return TYPE_STYLE.get(kind, ("#eeeeee", "", kind.upper()[:6]))


def highlight_html(article: Article | str | Path | None = None,
                   frame: pd.DataFrame | None = None) -> str:
    """The article as HTML with each attributed passage coloured and labelled by source type."""
    art = load_article(article)
    note = missing_key(art, "attribution.toml") if frame is None else None
    if note:
        return note._repr_html_()
    frame = attribution_key(art) if frame is None else frame
    marks: list[tuple[int, int, str, str]] = []
    for _, row in frame.iterrows():
        if pd.isna(row["content_start"]):
            if pd.isna(row["cue_start"]):
                continue
            # no content (a credit line): mark the cue and a source right beside it
            a, b = int(row["cue_start"]), int(row["cue_end"])
            if not pd.isna(row["source_start"]) and abs(int(row["source_start"]) - b) <= 2:
                b = int(row["source_end"])
        else:
            a, b = int(row["content_start"]), int(row["content_end"])
        who = row.get("source_name") or row.get("source") or ""
        marks.append((a, b, row.get("source_type", "unnamed or vague"), str(who)))
    # Keep the outermost passage when two overlap (a quote inside a report).
    marks.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    chosen: list[tuple[int, int, str, str]] = []
    for m in marks:
        if not chosen or m[0] >= chosen[-1][1]:
            chosen.append(m)
    esc = html.escape
    parts = ['<div class="course-attribution" style="max-width:48em;line-height:1.7">']
    for p in art.paragraphs:
        if p.kind in ("heading", "boilerplate"):
            parts.append(f'<p style="color:#555"><b>[{p.id}]</b> <i>{esc(p.text)}</i></p>')
            continue
        pos, chunks = p.start, []
        for a, b, kind, who in chosen:
            if a < p.start or b > p.end:
                continue
            colour, _, label = _style(kind)
            border = "1px dashed #555" if kind == "the article itself" else "1px solid #555"
            chunks.append(esc(art.text[pos:a]))
            chunks.append(f'<mark title="{esc(kind)}: {esc(who)}" style="background:{colour};'
                          f'border:{border};padding:0 2px;color:#000">'
                          f'<span class="course-attr-label" style="font-size:0.75em;'
                          f'font-weight:bold">[{esc(label)}]</span> '
                          f'{esc(art.text[a:b])}</mark>')
            pos = b
        chunks.append(esc(art.text[pos:p.end]))
        parts.append(f'<p><b style="color:#555">[{p.id}]</b> {"".join(chunks)}</p>')
    parts.append(legend_html())
    parts.append("</div>")
    return "\n".join(parts)


def legend_html() -> str:
    """The colour key with its text labels, so the highlight does not rely on colour alone."""
    items = []
    for kind, (colour, _, label) in TYPE_STYLE.items():
        items.append(f'<span style="background:{colour};border:1px solid #555;padding:0 4px;'
                     f'margin-right:6px;color:#000"><b>{html.escape(label)}</b> = '
                     f'{html.escape(kind)}</span>')
    return '<p style="line-height:2"><b>Legend:</b> ' + " ".join(items) + "</p>"


def sources_table(frame: pd.DataFrame | None = None,
                  article: Article | str | Path | None = None) -> pd.DataFrame:
    """How many statements come from each source type through each channel."""
    note = missing_key(load_article(article), "attribution.toml") if frame is None else None
    if note:
        return note
    frame = attribution_key(article) if frame is None else frame
    table = pd.crosstab(frame["source_type"], frame["channel"], margins=True,
                        margins_name="total")
    order = [k for k in TYPE_STYLE if k in table.index] + ["total"]
    return table.loc[order]


def plot_source_types(frame: pd.DataFrame | None = None,
                      article: Article | str | Path | None = None) -> Figure:
    """A bar chart of statements per source type: hatched and labelled for greyscale."""
    from matplotlib.figure import Figure  # here, not at the top: only charts need matplotlib

    note = missing_key(load_article(article), "attribution.toml") if frame is None else None
    if note:
        return note
    frame = attribution_key(article) if frame is None else frame
    counts = frame["source_type"].value_counts()
    kinds = [k for k in TYPE_STYLE if k in counts.index][::-1]
    fig = Figure(figsize=(8, 0.5 * len(kinds) + 1.4))  # not pyplot: no global figure state
    ax = fig.subplots()
    for i, kind in enumerate(kinds):
        colour, hatch, label = _style(kind)
        ax.barh(i, counts[kind], color=colour, hatch=hatch, edgecolor="#333")
        ax.text(counts[kind] + 0.15, i, f"{counts[kind]}  ({label})", va="center", fontsize=9)
    ax.set_yticks(range(len(kinds)), kinds)
    ax.set_xlabel("number of statements in the answer key")
    ax.set_title("Who speaks in the article? Statements by source type")
    ax.set_xlim(0, counts.max() + 2.5)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    describe_chart(fig, f"Bar chart: statements in the answer key by source type "
                        f"({len(kinds)} types, {int(counts.sum())} statements). {SEE_TABLE}",
                   [{"source type": kind, "statements": int(counts[kind]),
                     "label in the chart": _style(kind)[2]} for kind in kinds[::-1]],
                   "Statements in the answer key by source type")
    return fig


def _box(ax, x: float, y: float, text: str, kind: str) -> None:
    """One labelled box of the chain diagram."""
    from matplotlib.patches import FancyBboxPatch

    colour, hatch, _ = _style(kind)
    ax.add_patch(FancyBboxPatch((x - 1.35, y - 0.28), 2.7, 0.56, boxstyle="round,pad=0.05",
                                facecolor=colour, hatch=hatch, edgecolor="#333", alpha=0.9))
    ax.text(x, y, text, ha="center", va="center", fontsize=8.5,
            bbox=dict(facecolor="white", edgecolor="none", pad=1.0, alpha=0.85))


def plot_chain(frame: pd.DataFrame | None = None,
               article: Article | str | Path | None = None, outlet: str | None = None) -> Figure:
    """Who reports whom: each source -> the outlet it reached the reporter through -> the article."""
    from matplotlib.figure import Figure  # here, not at the top: only charts need matplotlib

    art = load_article(article)
    note = missing_key(art, "attribution.toml") if frame is None else None
    if note:
        return note
    frame = attribution_key(art) if frame is None else frame
    outlet = outlet or art.meta.get("outlet", "the article")
    rows = frame[frame["mode"] != "own voice"]
    pairs: dict[tuple[str, str], str] = {}
    for _, r in rows.iterrows():
        name = r.get("source_name") or r.get("source") or "?"
        via = (r.get("via") or "").strip()
        pairs.setdefault((str(name), via), r.get("source_type", ""))
    sources = sorted(pairs, key=lambda p: (p[1] == "", p[1], p[0]))
    vias = sorted({v for _, v in sources if v})
    height = max(len(sources), 3)
    fig = Figure(figsize=(11, 0.55 * height + 1.5))
    ax = fig.subplots()
    ys = {s: height - i for i, s in enumerate(sources)}
    via_y = {v: sum(ys[s] for s in sources if s[1] == v) / sum(1 for s in sources if s[1] == v)
             for v in vias}
    centre = (height + 1) / 2
    type_of = dict(zip(rows["source_name"] if "source_name" in rows else rows["source"],
                       rows["source_type"]))
    for (name, via), kind in pairs.items():
        y = ys[(name, via)]
        _box(ax, 0, y, name, kind)
        target = (4, via_y[via]) if via else (8, centre)
        ax.annotate("", xy=(target[0] - 1.4, target[1]), xytext=(1.4, y),
                    arrowprops=dict(arrowstyle="->", color="#333",
                                    linestyle="-" if via else ":"))
    for via, y in via_y.items():
        _box(ax, 4, y, via, type_of.get(via, "news agency"))
        ax.annotate("", xy=(6.6, centre), xytext=(5.4, y),
                    arrowprops=dict(arrowstyle="->", color="#333"))
    _box(ax, 8, centre, str(outlet), "the article itself")
    ax.text(0, height + 0.8, "who speaks", ha="center", fontweight="bold")
    ax.text(4, height + 0.8, "through (outlet)", ha="center", fontweight="bold")
    ax.text(8, height + 0.8, "the article", ha="center", fontweight="bold")
    ax.text(4, 0.1, "solid arrow: words passed through an outlet named in the text; "
            "dotted: no intermediary named", ha="center", fontsize=8, color="#333")
    ax.set_xlim(-1.6, 9.6)
    ax.set_ylim(-0.3, height + 1.2)
    ax.axis("off")
    ax.set_title("Who reports whom: the chain from speaker to reader")
    fig.tight_layout()
    describe_chart(fig, f"Chart: who reports whom, from speaker to reader: {len(sources)} "
                        f"sources reach {outlet}, {len(vias)} go-betweens pass words on. "
                        f"{SEE_TABLE}",
                   [{"who speaks": name, "passed on by": via or "nobody named (directly to "
                     "the article)"} for name, via in sources],
                   f"Who reports whom: each speaker, and who passed their words on to {outlet}")
    return fig


