"""The exercise engine: questions stored as data, one check for every answer, widgets.

Usage in a notebook::

    import course
    course.questions()                      # DataFrame: id, type, part, prompt, file, ...
    course.ask("ex00.where")                # the question's widget: Check, Hint, Reset
    course.check("ex00.where", "Beijing")   # Result(correct, score, feedback, status)
    course.mark("ex00.where", answer_1)     # check + save progress + print one line

Questions live in ``seeds/<article>/questions/*.toml`` (schema in docs/DESIGN.md) and
are validated when loaded: a mistake raises ``QuestionError`` naming file and question.
``check`` never raises on a student's answer; ``mark`` and the widgets save progress
(course/engine/progress.py) so that a restarted notebook shows the saved answers again.
The internals: questions.py (loading), checking.py (scoring), widgets.py, progress.py;
exercises are released with ``python -m course release`` (release.py) and graded with
``python -m course grade`` (grade.py).
"""
from __future__ import annotations

import html
import json
import os
from pathlib import Path
from typing import Any

import pandas as pd

from ..text.article import DEFAULT_ARTICLE, Article, load_article
from .checking import Result, check_and_record, check_answer
from .questions import Question, QuestionError, get_question, load_questions, questions_frame
from .widgets import QuestionWidget

__all__ = ["Result", "Question", "QuestionError", "questions", "question", "check", "mark",
           "ask", "solution", "answer_with_key", "Unavailable"]

#: When set (by ``python -m course grade``), ``mark`` appends each result to this file.
GRADE_LOG_ENV = "COURSE_GRADE_LOG"

ArticleLike = Article | str | Path | None


def questions(article: ArticleLike = None) -> pd.DataFrame:
    """Every question of an article as a DataFrame (id, type, part, prompt, file, ...)."""
    return questions_frame(article)


def question(qid: str, article: ArticleLike = None) -> Question:
    """The validated question with id ``qid``."""
    return get_question(qid, article)


def check(qid: str, answer: Any, article: ArticleLike = None) -> Result:
    """Check ``answer`` for question ``qid``; never raises on the answer itself."""
    return check_answer(get_question(qid, article), answer)


def _log_for_grading(qid: str, result: Result, attempts: int | None,
                     status: str | None = None) -> None:
    """Append one result line to the grading log, if a grading run asked for one."""
    path = os.environ.get(GRADE_LOG_ENV)
    if not path:
        return
    line = {"id": qid, "status": status or result.status, "score": result.score,
            "attempts": attempts}
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(line) + "\n")


class MarkedResult(Result):
    """The Result that ``mark`` returns: ``mark`` already printed it, so IPython shows nothing more."""

    def _ipython_display_(self) -> None:
        """Nothing to show: the line was printed when the answer was marked."""


class Unavailable:
    """Shown instead of a question the current article does not have (a notebook written for
    the course article, run on a teacher's own article): a note, never a traceback."""

    def __init__(self, qid: str, article: Article) -> None:
        self.qid, self.article = qid, article
        self.message = (f"Question {qid!r} is not available for this article "
                        f"({article.meta.get('title', article.id)!r}): it was written for another article, or its "
                        "answer key has not been reviewed yet. Go on to the next cell.")

    def __repr__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        return (f"<div class='course-unavailable' style='border-left:4px solid #888;"
                f"padding:4px 8px'>ℹ {html.escape(self.message)}</div>")


def _available(qid: str, article: ArticleLike) -> tuple[Article, bool]:
    """The article and whether it has question ``qid`` (the seed always must: no fallback)."""
    art = load_article(article)
    if art.id == DEFAULT_ARTICLE:
        return art, True  # the course's own article: a missing id is a bug, so let it raise
    return art, qid in load_questions(art)


def solution(qid: str, article: ArticleLike = None) -> Any:
    """The answer that earns full marks, in the form ``mark`` takes (for teacher versions)."""
    return get_question(qid, article).solution()


def mark(qid: str, answer: Any, article: ArticleLike = None) -> Result:
    """Check an answer from a notebook cell, save progress, print one line, return the Result."""
    art, ok = _available(qid, article)
    if not ok:
        note = Unavailable(qid, art)
        print("ℹ " + note.message)
        result = MarkedResult(False, 0.0, note.message, "unanswered")
        _log_for_grading(qid, result, None, status="unavailable")  # graded as "not asked"
        return result
    checked = check_and_record(get_question(qid, art), answer)
    r = checked.result
    result = MarkedResult(r.correct, r.score, r.feedback, r.status)
    attempts = checked.entry.get("attempts") if checked.entry else None
    print(result.line)
    _log_for_grading(qid, result, attempts)
    return result


def answer_with_key(qid: str, article: ArticleLike = None) -> None:
    """Save the key's answer as the checked answer of ``qid``, silently (the teacher versions
    of the exercises call it just before ``ask``, whose widget then shows that answer)."""
    art, ok = _available(qid, article)
    if not ok:
        return
    q = get_question(qid, art)
    check_and_record(q, q.solution())


def ask(qid: str, article: ArticleLike = None) -> QuestionWidget | Unavailable:
    """The widget for question ``qid``, showing any saved answer from the progress file (or a
    note when a teacher's own article has no such question)."""
    art, ok = _available(qid, article)
    if not ok:
        return Unavailable(qid, art)
    return QuestionWidget(get_question(qid, art), check_answer)
