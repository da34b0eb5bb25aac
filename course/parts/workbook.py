"""The workbook: the three skills taught on any article with reviewed keys.

The lessons (notebooks/0N_*.ipynb) are written around the course article. The workbook
(notebooks/workbook/) says nothing about any particular article: every word of its text
cells is about the skill, and everything about the article comes from here, built from
the loaded article and its reviewed keys: which article it is, a worked example (the
article's clearest attribution, its strongest contrast pair, its best time expression),
and the questions made from its keys (``python -m course key-questions``).
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

import os

from ..text.article import ARTICLE_ENV, DEFAULT_ARTICLE, SEEDS_DIR, Article, load_article
from ..text.missing import PLACEHOLDER, Note, for_students, missing_key
from ..text.plain import date_words, time_value_words
from .attribution import load_key_file
from .chronology import chronology_key
from .contrast import compare, load_pairs, pairs_by_strength

ArticleLike = Article | str | Path | None

#: The workbook's pages, in order (in notebooks/workbook/): file name -> title.
PAGES = {"1_attribution.ipynb": "1 Who says what",
         "2_contrast.ipynb": "2 Who disagrees, and how",
         "3_chronology.ipynb": "3 What happened when"}
#: The folder of the workbook, relative to notebooks/.
FOLDER = "workbook"
#: The questions each page asks (made from the article's keys), in order.
QUESTIONS = {
    "attribution": ("key.attribution.who_says", "key.attribution.source_types",
                    "key.attribution.modes"),
    "contrast": ("key.contrast.sides", "key.contrast.differs", "key.contrast.naming"),
    "chronology": ("key.chronology.dates", "key.chronology.order", "key.chronology.certainty"),
}
#: What each mode of an attribution means, in words a student can read.
MODE_WORDS = {
    "direct quote": "a direct quote: words in quotation marks that the article presents as "
                    "the speaker's own (or a translation of them)",
    "indirect speech": "indirect speech: what the speaker said, in the reporter's words",
    "mixed": "mixed: the reporter's words with some of the speaker's own words in quotation "
             "marks",
}
#: Sources that are only a pronoun: the reader must look back for the name, so they make a
#: poor worked example.
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"}
#: What "named" says about how checkable a source is.
NAMED_WORDS = {
    "named": "named: you know who is speaking, so you can look for other reports of what "
             "they said",
    "vague": "vague: a reader cannot tell exactly who is speaking",
    "none": "no source is given",
}


def practice_articles() -> list[str]:
    """The practice articles: every article the course keeps besides the course article,
    each with reviewed keys for the three parts; the shortest first."""
    folders = [p for p in SEEDS_DIR.iterdir() if p.name != DEFAULT_ARTICLE
               and (p / "article.txt").is_file()]
    return [p.name for p in sorted(folders, key=lambda p: ((p / "article.txt").stat().st_size,
                                                           p.name))]


def workbook_article() -> Article:
    """The article the workbook reads: the teacher's choice ($COURSE_ARTICLE) when set;
    otherwise the first practice article, so that a student who has finished the course
    article tries the skills on a second one; the course article if there is none."""
    if os.environ.get(ARTICLE_ENV, "").strip():
        return load_article()
    practice = practice_articles()
    return load_article(practice[0] if practice else DEFAULT_ARTICLE)


@dataclass
class Page:
    """HTML for a notebook with a plain-text twin, and the article spans it rests on."""

    html: str = field(repr=False)
    text: str
    spans: list[dict] = field(default_factory=list, repr=False)

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def _q(text: str) -> str:
    """The article's words in quotation marks (escaped for HTML)."""
    return f"“{html.escape(text.strip())}”"


def article_card(page: str, article: ArticleLike = None) -> Page:
    """Which article the workbook is reading (title, outlet, date) and its pages, linked."""
    art = load_article(article)
    meta = art.meta
    title = str(meta.get("title") or art.id)
    outlet = str(meta.get("outlet") or "outlet not given")
    when = date_words(meta.get("published")) if meta.get("published") else "date not given"
    links = " | ".join(f"<b>{html.escape(t)}</b>" if f == page else
                       f'<a href="{html.escape(f)}">{html.escape(t)}</a>'
                       for f, t in PAGES.items())
    course_note = ("" if art.id != DEFAULT_ARTICLE else
                   " This is the course article: its full lessons are in the notebooks "
                   "folder (00_start_here.ipynb).")
    if art.id in practice_articles():
        course_note = (" This is a practice article: try on it the skills you learnt on the "
                       "course article.")
    body = (f'<div class="course-workbook-card" style="border:2px solid #555;padding:6px 10px;'
            f'max-width:48em"><p style="margin:0.2em 0"><b>You are reading:</b> '
            f'{html.escape(title)} ({html.escape(outlet)}, {html.escape(when)}).'
            f'{html.escape(course_note)}</p>'
            f'<p style="margin:0.2em 0"><b>Workbook:</b> {links}</p></div>')
    text = f"You are reading: {title} ({outlet}, {when}).{course_note}"
    return Page(body, text)


def _attribution_example(key: dict) -> dict | None:
    """The clearest attribution of a key: a named source, its reporting words and its
    words all marked; a direct quote if there is one, a short one (at most 200 characters)
    before a long one, the first in the text on a tie."""
    full = [e for e in key.get("entries", [])
            if e.get("source") and e.get("cue") and e.get("content")
            and e.get("named") == "named" and e.get("mode") in MODE_WORDS
            and e["source"]["text"].strip().casefold() not in PRONOUNS]
    modes = list(MODE_WORDS)
    return min(full, default=None, key=lambda e: (
        modes.index(e["mode"]), len(e["content"]["text"]) > 200, e["content"]["start"]))


def _marked(art: Article, spans: list[tuple[dict, str]]) -> str:
    """The sentences holding ``spans``, each span marked with a bold label in brackets
    (never colour alone), the rest escaped."""
    lo = min(s["start"] for s, _ in spans)
    hi = max(s["end"] for s, _ in spans)
    first, last = art.sentence_at(lo), art.sentence_at(hi - 1)
    start = first.start if first else lo
    end = last.end if last else hi
    out, pos = [], start
    for span, label in sorted(spans, key=lambda sl: sl[0]["start"]):
        if span["start"] < pos:
            continue  # overlapping marks: the first one stands
        out.append(html.escape(art.text[pos:span["start"]]))
        out.append(f'<mark style="background:#fff3b0;border:1px solid #555;color:#000">'
                   f'<b>[{html.escape(label)}]</b> {html.escape(art.text[span["start"]:span["end"]])}'
                   f'</mark>')
        pos = span["end"]
    out.append(html.escape(art.text[pos:end]))
    return "".join(out)


def _worked_html(paragraph: str, marked: str, rows: list[tuple[str, str]]) -> str:
    """A worked example: the marked sentences of its paragraph, then a two-column table of
    what a careful reader notes (row headers name each point for screen readers)."""
    table = "".join(f'<tr><th scope="row" style="text-align:left;padding-right:1em">{k}</th>'
                    f"<td>{v}</td></tr>" for k, v in rows)
    return (f'<div class="course-worked" style="max-width:48em;line-height:1.6">'
            f'<p><b>In paragraph {html.escape(paragraph)}:</b> {marked}</p>'
            f'<table style="border-collapse:collapse">{table}</table></div>')


def worked_attribution(article: ArticleLike = None) -> Page | Note:
    """The article's clearest attribution, taken apart: who speaks, the reporting words,
    what is said and how, through which channel, and how checkable the source is."""
    art = load_article(article)
    note = missing_key(art, "attribution.toml")
    if note:
        return note
    e = _attribution_example(load_key_file(art))
    if e is None:
        return Note("The answer key of this article has no statement whose source, reporting "
                    "words and words are all marked, so there is no worked example here. The "
                    "questions below still use the key.")
    marked = _marked(art, [(e["source"], "WHO"), (e["cue"], "SAYS"), (e["content"], "WHAT")])
    rows = [("Who speaks", f"{_q(e['source']['text'])}: {html.escape(e['source_name'])}, "
                           f"{html.escape(e['source_type'])}"),
            ("The reporting words", _q(e["cue"]["text"])),
            ("What is said", _q(e["content"]["text"])),
            ("How it is reported", html.escape(MODE_WORDS[e["mode"]])),
            ("Through which channel", html.escape(str(e.get("channel") or "not stated"))),
            ("How checkable", html.escape(NAMED_WORDS.get(e["named"], e["named"])))]
    body = _worked_html(e["paragraph"], marked, rows)
    text = (f"{e['paragraph']}: {e['source_name']} ({e['source_type']}) says "
            f"“{e['content']['text']}” ({e['mode']}, channel: {e.get('channel')}).")
    return Page(body, text, [e["source"], e["cue"], e["content"]])


def strongest_pair(article: ArticleLike = None) -> dict | None:
    """The contrast pair whose statements differ in the most ways (by two different
    sources, with a written explanation); the key's order on a tie."""
    return next((p for p in pairs_by_strength(load_pairs(article))
                 if PLACEHOLDER not in p["explanation"]), None)


def worked_contrast(article: ArticleLike = None) -> Page | Note:
    """The article's strongest contrast pair side by side, with how the two differ and why."""
    art = load_article(article)
    note = missing_key(art, "contrast.toml")
    if note:
        return note
    p = strongest_pair(art)
    if p is None:
        return Note("The contrast key of this article has no pair of statements by two "
                    "different sources with a written explanation, so there is no worked "
                    "example here.")
    view = compare(p["a"], p["b"], title=for_students(p["matter"]))
    body = (f'{view._repr_html_()}<p style="max-width:48em"><b>How they differ:</b> '
            f'{html.escape(", ".join(p["differs"]))}.<br><b>Why:</b> '
            f'{html.escape(for_students(p["explanation"]))}</p>')
    text = (f"{p['matter']}: {p['a']['source']} vs {p['b']['source']}; differ in "
            f"{', '.join(p['differs'])}. {p['explanation']}")
    return Page(body, text, [p["a"], p["b"]])


def _best_expression(key: dict) -> dict | None:
    """The time expression that best shows how a date is worked out: one that names no
    date itself (a weekday, 'yesterday', 'last week') but resolves to a day, else any
    dated one (the first in the text)."""
    exprs = [e for e in key.get("expressions", []) if e.get("type") == "DATE"
             and str(e.get("value", ""))[:4].isdigit()]
    relative = [e for e in exprs if not any(ch.isdigit() for ch in e["span"]["text"])]
    chosen = relative or exprs
    return min(chosen, key=lambda e: e["span"]["start"]) if chosen else None


def worked_chronology(article: ArticleLike = None) -> Page | Note:
    """The article's best time expression, resolved step by step from the publication date."""
    art = load_article(article)
    note = missing_key(art, "chronology.toml")
    if note:
        return note
    e = _best_expression(chronology_key(art))
    if e is None:
        return Note("The chronology key of this article has no time expression that resolves "
                    "to a date, so there is no worked example here.")
    marked = _marked(art, [(e["span"], "WHEN")])
    published = art.meta.get("published")
    rows = [("Written in the article", _q(e["span"]["text"])),
            ("Published on", html.escape(date_words(published) if published else "not given")),
            ("Refers to", html.escape(time_value_words(e["value"]))),
            ("How we know", html.escape(for_students(e.get("reasoning", ""))))]
    body = _worked_html(e["span"]["paragraph"], marked, rows)
    text = (f"“{e['span']['text']}” ({e['span']['paragraph']}) refers to "
            f"{time_value_words(e['value'])}: {e.get('reasoning', '')}")
    return Page(body, text, [e["span"]])
