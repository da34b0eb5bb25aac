"""The synthesis step: a checklist that reviews a student's own written account.

The checklist items are data (``<article>/checklist.toml``); each names one of three
generic checks run on the student's last checked answer to a text question:
``attributed`` (every sentence names a source), ``dates_anchored`` (a weekday or
"yesterday" comes with a calendar date) and ``mentions`` (each group of words appears).
The student also ticks each item themselves: the review is a help, not a verdict.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..engine import progress
from ..text.article import Article, load_article, read_data_file, split_sentences
from ..text.missing import Note, missing_key
from .attribution_rules import BELIEF_VERBS, FINDING_VERBS, REPORTING_VERBS, SOURCE_AFTER_CUES

CHECKS = ("attributed", "dates_anchored", "mentions")

#: Nouns that name a source's statement ("the ministry's statement says").
SOURCE_NOUNS = ("statement", "readout", "report", "reports", "reported", "quoted", "post",
                "posts", "interview", "speech", "announcement", "announced")
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|"
           "december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_CALENDAR_DATE = re.compile(rf"\b(\d{{1,2}}(st|nd|rd|th)?\s+({_MONTHS})\b|\b({_MONTHS})\.?\s+\d{{1,2}}\b"
                            r"|\b\d{4}-\d{2}-\d{2}\b)", re.I)
_RELATIVE_DAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
                           r"yesterday|today|tomorrow|last night|this morning)\b", re.I)


class ChecklistError(ValueError):
    """A checklist file that cannot be used; the message names the file."""


@dataclass(frozen=True)
class ChecklistItem:
    """One item: what the student checks, why, and which automatic check helps."""

    text: str
    why: str
    check: str
    groups: tuple[tuple[str, ...], ...] = ()


@dataclass
class Checklist:
    """The checklist of an article: the text question it reviews and its items."""

    question: str
    items: list[ChecklistItem] = field(default_factory=list)


def load_checklist(article: Article | str | Path | None = None) -> Checklist:
    """Read and validate ``checklist.toml`` of an article folder."""
    article = load_article(article)
    _, data = read_data_file(article, "checklist.toml", "Write a checklist.toml with "
                             "question = \"<text question id>\" and [[items]] tables (text, "
                             "why, check).", ChecklistError)
    where = f"{article.id}/checklist.toml"
    if not isinstance(data.get("question"), str) or not isinstance(data.get("items"), list):
        raise ChecklistError(f"{where}: needs question = \"<id>\" and at least one [[items]]")
    items = []
    for i, raw in enumerate(data["items"]):
        check = raw.get("check")
        if not isinstance(check, str) or check not in CHECKS or \
                not isinstance(raw.get("text"), str) or not raw["text"] or \
                not isinstance(raw.get("why"), str) or not raw["why"]:
            raise ChecklistError(f"{where}: items[{i}] needs text, why and check (one of "
                                 f"{', '.join(CHECKS)})")
        raw_groups = raw.get("groups", [])
        if not isinstance(raw_groups, list) or not all(
                isinstance(g, list) and g and all(isinstance(word, str) for word in g)
                for g in raw_groups):
            raise ChecklistError(f"{where}: items[{i}]: 'groups' must be a list of lists of "
                                 "words, e.g. groups = [[\"Beijing\", \"China\"], [\"Moscow\"]]")
        groups = tuple(tuple(g) for g in raw_groups)
        if check == "mentions" and not groups:
            raise ChecklistError(f"{where}: items[{i}] is a 'mentions' check without groups")
        items.append(ChecklistItem(raw["text"], raw["why"], check, groups))
    return Checklist(data["question"], items)


def sentences_of(text: str) -> list[str]:
    """The sentences of a student's text, split by the same rules as the article."""
    out = []
    for line in re.finditer(r"[^\n]+", text):
        for a, b in split_sentences(text, line.start(), line.end()):
            if text[a:b].strip():
                out.append(text[a:b].strip())
    return out


def has_source(sentence: str) -> bool:
    """True when a sentence carries a reporting verb, an 'according to' cue or a quote."""
    low = " " + re.sub(r"\s+", " ", sentence.lower()) + " "
    cues = REPORTING_VERBS + BELIEF_VERBS + FINDING_VERBS + SOURCE_AFTER_CUES + SOURCE_NOUNS
    if any(f" {cue} " in low or f" {cue}," in low or f" {cue}." in low for cue in cues):
        return True
    return "“" in sentence or '"' in sentence


def review(item: ChecklistItem, text: str) -> tuple[bool, str]:
    """Run one item's automatic check on a text: (passed, what was found, in words)."""
    sentences = sentences_of(text)
    if item.check == "attributed":
        missing = [s for s in sentences if not has_source(s)]
        if not missing:
            return True, f"all {len(sentences)} sentences name a source or a channel."
        first = missing[0] if len(missing[0]) <= 80 else missing[0][:79] + "…"
        return False, (f"{len(missing)} of {len(sentences)} sentences name no source, "
                       f"e.g. “{first}”")
    if item.check == "dates_anchored":
        loose = [s for s in sentences if _RELATIVE_DAY.search(s) and not _CALENDAR_DATE.search(s)]
        if not _CALENDAR_DATE.search(text):
            return False, "no calendar date (such as 25 June 2023) appears in your text."
        if loose:
            word = _RELATIVE_DAY.search(loose[0]).group(0)
            return False, f"“{word}” appears without a calendar date in its sentence."
        return True, "every day you name comes with a calendar date."
    low = text.lower()
    absent = [g for g in item.groups if not any(word.lower() in low for word in g)]
    if not absent:
        return True, "both sides are in your text."
    return False, "missing: " + "; ".join(f"“{g[0]}” (or similar)" for g in absent)


class ChecklistWidget(w.VBox):
    """Self-check boxes plus a Review button that runs the checks on the saved account."""

    def __init__(self, checklist: Checklist, **kwargs: Any):
        self.checklist = checklist
        self.boxes = [w.Checkbox(value=False, description=item.text, indent=False,
                                 layout=w.Layout(width="auto")) for item in checklist.items]
        self.results = [w.HTML("") for _ in checklist.items]
        rows = []
        for box, result, item in zip(self.boxes, self.results, checklist.items):
            why = w.HTML(f"<span style='color:#444'>Why: {html.escape(item.why)}</span>")
            rows.append(w.VBox([box, why, result], layout=w.Layout(margin="0 0 6px 0")))
        self.review_button = w.Button(description="Review my checked account", icon="search",
                                      tooltip="Run the checklist on the account you last "
                                              "checked above", layout=w.Layout(width="auto"))
        self.review_button.add_class("course-review")
        self.feedback = w.HTML("<div>… Not reviewed yet: write your account above, press "
                               "Check, then press Review.</div>")
        self.feedback.add_class("course-feedback")
        self.review_button.on_click(lambda _b: self.review())
        title = w.HTML("<b>Checklist</b>: tick each item when your account meets it.")
        super().__init__([title, *rows, self.review_button, self.feedback], **kwargs)
        self.add_class("course-checklist")

    def __repr__(self) -> str:
        return (f"Checklist for {self.checklist.question} ({len(self.boxes)} items): "
                "run this cell to show it.")

    def review(self, text: str | None = None) -> list[tuple[bool, str]]:
        """Review ``text`` (default: the saved answer of the checklist's question)."""
        if text is None:
            entry = progress.saved(self.checklist.question) or {}
            text = entry.get("answer") if isinstance(entry.get("answer"), str) else ""
        if not text.strip():
            self.feedback.value = ("<div>… Not reviewed yet: there is no checked account to "
                                   "review. Write it above and press Check first.</div>")
            return []
        found = [review(item, text) for item in self.checklist.items]
        for (ok, words), label in zip(found, self.results):
            mark = "✓ Looks done" if ok else "✗ To improve"
            label.value = f"<div><b>{mark}</b>: {html.escape(words)}</div>"
        passed = sum(ok for ok, _ in found)
        self.feedback.value = (f"<div><b>Review</b>: {passed} of {len(found)} checks look done. "
                               "Tick an item yourself only when you agree.</div>")
        return found


def checklist(article: Article | str | Path | None = None) -> ChecklistWidget | Note:
    """The article's synthesis checklist as a widget (a note if a teacher's article has none)."""
    note = missing_key(load_article(article), "checklist.toml")
    if note:
        return note
    return ChecklistWidget(load_checklist(article))
