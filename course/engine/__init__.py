"""Layer 2, the exercise engine: questions stored as data, one module per question type
(``qtypes/``), one check for every answer, the widgets, and the student's saved progress.

The public functions (``ask``, ``check``, ``mark``, ...) are in ``api.py`` and re-exported
here, so ``from course.engine import ask`` works. Imports only the text layer."""
from .api import (Question, QuestionError, Result, Unavailable, answer_with_key, ask, check,
                  mark, question, questions, solution)

__all__ = ["Result", "Question", "QuestionError", "questions", "question", "check", "mark",
           "ask", "solution", "answer_with_key", "Unavailable"]
