"""A student's progress overview: which questions are done, correct or only attempted.

Read from the saved progress file (course/engine/progress.py), so it survives kernel restarts.
Shown at the top of each notebook and in the synthesis notebook.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import feedback, progress
from ..text.article import DEFAULT_ARTICLE, Article, load_article
from .questions import load_questions

#: How each saved status is shown: a mark and words, never colour alone.
STATUS_WORDS = {
    "correct": "✓ correct",
    "partial": "◐ partly right",
    "wrong": "✗ tried, not yet right",
    "written": "✎ written, for your teacher to mark",
    "": "· not answered yet",
}


def progress_table(parts: str | list[str] | None = None,
                   article: Article | str | Path | None = None) -> pd.DataFrame:
    """One row per question of the given part(s): id, part, prompt, status, attempts, score."""
    if isinstance(parts, str):
        parts = [parts]
    saved = progress.load()["questions"]
    notes = feedback.my_notes()
    rows = []
    for q in load_questions(article).values():
        if parts and q.part not in parts:
            continue
        entry = saved.get(q.progress_id) or {}
        status = entry.get("status") if entry.get("status") in STATUS_WORDS else ""
        note = notes.get(q.progress_id) if status == "written" else None
        rows.append({"id": q.id, "part": q.part, "type": q.type, "prompt": q.prompt,
                     "status": status, "attempts": int(entry.get("attempts", 0) or 0),
                     "score": float(entry.get("score", 0.0) or 0.0),
                     "teacher": note.line(entry.get("answer")) if note else ""})
    return pd.DataFrame(rows, columns=["id", "part", "type", "prompt", "status", "attempts",
                                       "score", "teacher"])


@dataclass
class ProgressOverview:
    """The overview as HTML (a small table) and as plain text (the summary line)."""

    table: pd.DataFrame
    title: str
    article_note: str = ""  # said when the notebook runs on a teacher's own article

    @property
    def counts(self) -> dict[str, int]:
        """How many questions are correct, partly right, tried, and not answered yet."""
        s = self.table["status"]
        return {"questions": len(s), "correct": int((s == "correct").sum()),
                "partial": int((s == "partial").sum()), "wrong": int((s == "wrong").sum()),
                "written": int((s == "written").sum()), "unanswered": int((s == "").sum())}

    @property
    def summary(self) -> str:
        """One sentence: done out of total, then the breakdown."""
        c = self.counts
        done = c["correct"] + c["partial"] + c["wrong"] + c["written"]
        if done == 0:
            return (f"{self.title}: no answers saved yet ({c['questions']} questions to do). "
                    "Your answers are saved each time you press Check.")
        return (f"{self.title}: {done} of {c['questions']} questions answered — "
                f"{c['correct']} correct, {c['partial']} partly right, {c['wrong']} not yet "
                f"right, {c['written']} written for your teacher, {c['unanswered']} not "
                "answered yet.")

    def __repr__(self) -> str:
        teacher = "".join(f"\n{r.id}: {r.teacher}" for r in self.table.itertuples() if r.teacher)
        return (self.article_note + "\n" if self.article_note else "") + self.summary + teacher

    def _repr_html_(self) -> str:
        rows = []
        for r in self.table.itertuples():
            prompt = r.prompt if len(r.prompt) <= 90 else r.prompt[:89] + "…"
            rows.append(f"<tr><td><code>{html.escape(r.id)}</code></td>"
                        f"<td>{html.escape(prompt)}</td>"
                        f"<td>{html.escape(STATUS_WORDS[r.status])}"
                        f"{'<br>✎ ' + html.escape(r.teacher) if r.teacher else ''}</td>"
                        f"<td style='text-align:right'>{r.attempts}</td></tr>")
        banner = (f"<div class='course-article-note' style='border-left:4px solid #1f5fa8;"
                  f"padding:4px 8px;margin-bottom:4px'>ℹ {html.escape(self.article_note)}</div>"
                  if self.article_note else "")
        return (banner + "<details class='course-progress'><summary><b>Your progress</b> — "
                f"{html.escape(self.summary)}</summary>"
                "<table><thead><tr><th>question</th><th>prompt</th><th>status</th>"
                f"<th>attempts</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
                "</details>")


def progress_overview(parts: str | list[str] | None = None,
                      article: Article | str | Path | None = None) -> ProgressOverview:
    """The overview of the given part(s) (all parts when None), from the saved progress."""
    if parts is None:
        title = "The whole course"
    else:
        names = [parts] if isinstance(parts, str) else parts
        title = "Your progress in " + " and ".join(names)
    return ProgressOverview(progress_table(parts, article), title, article_note(article))


def article_note(article: Article | str | Path | None = None) -> str:
    """For a teacher's own article: which article this is, and that the explanations were
    written about the course article while every table, chart and question shows this one."""
    art = load_article(article)
    if art.id == DEFAULT_ARTICLE:
        return ""
    meta, seed = art.meta, load_article(DEFAULT_ARTICLE).meta
    return (f"This notebook is running on your teacher's article “{meta.get('title', art.id)}” "
            f"({meta.get('outlet', 'outlet not given')}, {meta.get('published', 'date not given')}). "
            f"The explanations were written about the course article ({seed['outlet']}, "
            f"{seed['published']}); the "
            "article, tables, charts and questions below are about this one. Questions written "
            "only for the course article say so and can be skipped. The workbook "
            "(notebooks/workbook/1_attribution.ipynb) teaches the same three skills with "
            "examples and questions made from this article alone.")
