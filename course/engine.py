"""Placeholder: the exercise engine's public entry points (issue 3 replaces this module)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Result:
    correct: bool
    score: float
    feedback: str


def questions(article=None):
    raise NotImplementedError("issue 3")


def check(question_id, answer, article=None):
    raise NotImplementedError("issue 3")


def mark(question_id, answer, article=None):
    raise NotImplementedError("issue 3")


def ask(question_id, article=None):
    raise NotImplementedError("issue 3")
