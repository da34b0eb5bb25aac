"""Written answers: a text area; never marked by the machine. The student gets questions
that may help (length, missing points, cautions, copying), and the teacher gives a level."""
from __future__ import annotations

import functools
import re
from typing import Any

import ipywidgets as w

from ..controls import WIDE, AnswerControl, make
from ..question import Question, fail, prompt_groups, string_list, text_field
from ..results import Result, invalid, short
from .base import QuestionType, one_line


def validate(article: Any, raw: dict, where: str) -> tuple[dict, set[str]]:
    """Model answer, rubric, length and keywords."""
    if "answer" in raw:
        fail(where, "a text question has no 'answer'; write 'model_answer' and 'rubric'")
    model = text_field(raw, "model_answer", where)
    rubric = string_list(raw, "rubric", where)
    min_words = raw.get("min_words")
    if not isinstance(min_words, int) or isinstance(min_words, bool) or min_words < 0:
        fail(where, "'min_words' must be a whole number (0 or more)")
    return ({"model_answer": model, "rubric": rubric, "min_words": min_words,
             "keywords": prompt_groups(raw, "keywords", where, "Does your answer mention {}?"),
             "cautions": prompt_groups(raw, "cautions", where, ""),
             "source_text": article.text}, set())


def expected(q: Question) -> str:
    return "write your answer as a string of words."


_WORD = re.compile(r"\w+(?:['-]\w+)*")
#: Stretches a student put in quotation marks: quoting (and saying who said it) is not copying.
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’|(?<!\w)'[^']*'(?!\w)")
#: A run of this many words or more, word for word from the article and not in quotation
#: marks, gets the "own words" hint. Measured on the course article: every model answer
#: stays at 7 or fewer outside its quotation marks (a person's name with their title is
#: about 6 words), and a copied sentence is far longer (its first sentence shares 24); a
#: false alarm costs only a hint, never a mark. tests/test_written_answers.py measures both.
COPY_RUN = 8


def _words(text: str) -> list[str]:
    """The words of a text answer (for the length criterion)."""
    return _WORD.findall(text.replace("’", "'"))


@functools.lru_cache(maxsize=8)
def _word_positions(source: str) -> dict[str, tuple[int, ...]]:
    """Each (case-folded) word of ``source`` and where it stands: built once per article,
    not on every Check of a written answer."""
    where: dict[str, list[int]] = {}
    for j, word in enumerate(w.casefold() for w in _words(source)):
        where.setdefault(word, []).append(j)
    return {word: tuple(places) for word, places in where.items()}


def longest_shared_run(answer: str, source: str) -> tuple[int, str]:
    """The longest run of consecutive words of ``answer`` (outside its quotation marks)
    that ``source`` also has, word for word (case ignored): its length and its words."""
    where = _word_positions(source)
    best, best_end = 0, 0
    best_words: list[str] = []
    for stretch in _QUOTED.split(answer):
        words = [w.casefold() for w in _words(stretch)]
        previous: dict[int, int] = {}
        for i, word in enumerate(words):
            current = {j: previous.get(j - 1, 0) + 1 for j in where.get(word, ())}
            for j, n in current.items():
                if n > best:
                    best, best_end, best_words = n, i, words
            previous = current
    if not best:
        return 0, ""
    return best, " ".join(best_words[best_end - best + 1: best_end + 1])


def check(q: Question, answer: Any) -> Result:
    """A written answer is never marked by the machine: it is saved for the teacher, and
    the student gets questions that may help (length, missing points, cautions, copying)."""
    if not isinstance(answer, str):
        return invalid(f"{short(answer)} is not text; {expected(q)}")
    count = len(_words(answer))
    folded = answer.casefold()
    hints = []
    if count < q.min_words:
        hints.append(f"Is that all you want to say? Your answer has {count} word"
                     f"{'s' if count != 1 else ''}; the question asks for at least "
                     f"{q.min_words}.")
    hints += [k.ask for k in q.keywords if not k.found_in(folded)]
    hints += [c.ask for c in q.cautions if c.found_in(folded, whole=True)]
    if q.source_text:
        run, words = longest_shared_run(answer, q.source_text)
        if run >= COPY_RUN:
            hints.append(f"Are these your own words? {run} words in a row are the article's, "
                         f"word for word (“{words}”). Say it in your own words, or put the "
                         "article's words in quotation marks and say whose they are.")
    feedback = ("your teacher will read it and give it a level. Compare it with the model "
                "answer and the levels below, and choose where you would place it.")
    return Result(False, 0.0, feedback, "written", tuple(hints))


class TextControl(AnswerControl):
    """A labelled text area."""

    def build(self) -> list[w.Widget]:
        self.area = make(w.Textarea, value="", description="Your answer:", style=WIDE,
                         placeholder="Write a few sentences in your own words.",
                         rows=5, layout={"width": "95%"})  # rows, not a height: the label
        # may wrap above the area on a narrow screen, and a fixed height would overlap it
        return [self.area]

    @property
    def value(self) -> Any:
        return self.area.value

    @value.setter
    def value(self, answer: Any) -> None:
        self.area.value = answer if isinstance(answer, str) else ""


def handout(q: Question) -> str:
    lines = max(3, min(10, q.min_words // 10 + 2))
    return "<div class='answer-line'></div>" * lines


TYPE = QuestionType(
    name="text", fields=frozenset({"model_answer", "rubric", "min_words", "keywords",
                                   "cautions", "answer"}),
    written=True, validate=validate, check=check, expected=expected,
    unanswered="write your answer in the box, then press Check.", control=TextControl,
    words=lambda q, answer: str(answer), solution=lambda q: q.model_answer, handout=handout,
    key_text=lambda q, article: f"(written answer) Model answer: {one_line(q.model_answer)}")
