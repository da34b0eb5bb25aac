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
(course/progress.py) so that a restarted notebook shows the saved answers again.
The internals: questions.py (loading), checking.py (scoring), widgets.py, progress.py;
exercises are released with ``python -m course release`` (release.py) and graded with
``python -m course grade`` (grade.py).
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pandas as pd

from . import progress
from .article import Article
from .checking import Result, check_answer
from .questions import Question, QuestionError, get_question, questions_frame
from .widgets import QuestionWidget

__all__ = ["Result", "Question", "QuestionError", "questions", "question", "check", "mark",
           "ask"]

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


def _log_for_grading(qid: str, result: Result, attempts: int | None) -> None:
    """Append one result line to the grading log, if a grading run asked for one."""
    path = os.environ.get(GRADE_LOG_ENV)
    if not path:
        return
    line = {"id": qid, "status": result.status, "score": result.score, "attempts": attempts}
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(line) + "\n")


class MarkedResult(Result):
    """The Result that ``mark`` returns: ``mark`` already printed it, so IPython shows nothing more."""

    def _ipython_display_(self) -> None:
        """Nothing to show: the line was printed when the answer was marked."""


def mark(qid: str, answer: Any, article: ArticleLike = None) -> Result:
    """Check an answer from a notebook cell, save progress, print one line, return the Result."""
    q = get_question(qid, article)
    checked = check_answer(q, answer)
    result = MarkedResult(checked.correct, checked.score, checked.feedback, checked.status)
    attempts = None
    if result.status != "unanswered":
        entry = progress.record(qid, answer, result.status, result.score, q.article_id)
        attempts = entry.get("attempts")
    print(result.line)
    _log_for_grading(qid, result, attempts)
    return result


def ask(qid: str, article: ArticleLike = None) -> QuestionWidget:
    """The widget for question ``qid``, showing any saved answer from the progress file."""
    return QuestionWidget(get_question(qid, article), check_answer)
