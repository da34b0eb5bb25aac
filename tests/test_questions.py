"""The question loader: every seed question file is valid, and every kind of authoring
mistake is refused with a message naming the file and the question id."""
from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

import course
from course.text.article import load_article
from course.engine.questions import QuestionError, load_questions

SEED = load_article()


def key_as_answer(q: course.Question):
    """The answer key in the form a student passes to ``check``."""
    if q.type in ("text", "sources"):
        return q.solution()
    if isinstance(q.answer, tuple):
        return list(q.answer)
    return q.answer


def test_seed_questions_load_and_list():
    frame = course.questions()
    assert {"id", "type", "part", "prompt", "file"} <= set(frame.columns)
    assert frame["id"].is_unique
    assert set(frame["type"]) <= {"single", "multiple", "matching", "ordering", "spans", "text",
                                  "sources"}
    exercise = frame[frame["file"] == "questions/00_reading_exercise.toml"]
    assert len(set(exercise["type"])) >= 4


@pytest.mark.parametrize("qid", sorted(load_questions(SEED)))
def test_every_key_is_accepted_by_check(qid):
    q = course.question(qid)
    result = course.check(qid, key_as_answer(q))
    if q.written:  # a written answer, even the model one, is marked by a person
        assert result.status == "written" and not result.correct, result
        return
    assert result.correct and result.score == 1.0 and result.status == "correct", result


@pytest.mark.parametrize("qid", sorted(load_questions(SEED)))
def test_every_evidence_span_matches_the_text(qid):
    q = course.question(qid)
    for key, spans in q.evidence.items():
        for span in spans:
            start, end = course.check_span(SEED, span, f"{q.file}: {qid}: {key}")
            assert SEED.text[start:end] == span["text"]


def test_exercise_keys_all_carry_evidence():
    """Every answer-key entry of the reading exercise names the text that justifies it."""
    for q in load_questions(SEED).values():
        if not q.id.startswith("ex00."):
            continue
        assert q.evidence, q.id
        if q.type in ("multiple", "spans", "ordering", "single"):
            keys = [q.answer] if q.type == "single" else list(q.answer)
            assert all(k in q.evidence for k in keys), q.id
        if q.type == "matching":
            assert all(item in q.evidence for item in q.items), q.id


# ------------------------------------------------------------- authoring mistakes

GOOD = """
[[questions]]
id = "t.where"
part = "start"
type = "single"
prompt = "Where?"
options = ["Moscow", "Beijing"]
answer = "Beijing"
explanation = "It says so."
"""


@pytest.fixture
def article_dir(tmp_path: Path) -> Path:
    """A copy of the seed article with an empty questions folder."""
    folder = tmp_path / "art"
    folder.mkdir()
    for name in ("article.txt", "meta.json"):
        shutil.copy(SEED.folder / name, folder / name)
    (folder / "questions").mkdir()
    return folder


def write(folder: Path, body: str, name: str = "a.toml") -> None:
    (folder / "questions" / name).write_text(textwrap.dedent(body), encoding="utf-8")


def test_a_good_file_loads(article_dir):
    write(article_dir, GOOD)
    found = load_questions(article_dir)
    assert list(found) == ["t.where"]
    assert course.check("t.where", "Beijing", article=article_dir).correct


BROKEN = {
    "unknown type": (GOOD.replace('"single"', '"essay"'), "unknown type 'essay'"),
    "answer not an option": (GOOD.replace('answer = "Beijing"', 'answer = "Minsk"'),
                             "'answer' must be one of the options"),
    "missing prompt": (GOOD.replace('prompt = "Where?"\n', ""), "'prompt'"),
    "unknown field": (GOOD.replace('prompt =', 'anwser = "x"\nprompt ='), "anwser"),
    "bad part": (GOOD.replace('part = "start"', 'part = "intro"'), "'part'"),
    "feedback for no option": (GOOD + 'feedback = { Paris = "no" }\n', "Paris"),
    "span text mismatch": (GOOD + 'evidence = [ { paragraph = "P1", start = 0, end = 7, '
                                  'text = "Russian" } ]\n', "reads 'Chinese'"),
    "span outside the text": (GOOD + 'evidence = [ { start = 99990, end = 99999, '
                                     'text = "x" } ]\n', "outside the article"),
    "span in another paragraph": (GOOD + 'evidence = [ { paragraph = "P3", start = 0, '
                                         'end = 7, text = "Chinese" } ]\n', "not within P3"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_mistakes_name_file_and_question(article_dir, case):
    body, expected = BROKEN[case]
    write(article_dir, body)
    with pytest.raises(QuestionError) as err:
        load_questions(article_dir)
    message = str(err.value)
    assert "questions/a.toml" in message and "t.where" in message, message
    assert expected in message, message


def test_duplicate_id_across_files(article_dir):
    write(article_dir, GOOD, "a.toml")
    write(article_dir, GOOD, "b.toml")
    with pytest.raises(QuestionError, match=r"questions/b.toml: question 't.where': duplicate id.*"
                                            r"questions/a.toml"):
        load_questions(article_dir)


TYPED = {
    "matching with too few answers": ("""
        [[questions]]
        id = "t.m"
        part = "start"
        type = "matching"
        prompt = "Match."
        items = ["a", "b"]
        categories = ["x", "y"]
        answer = ["x"]
        explanation = "."
        """, "one category for each of the 2 items"),
    "ordering already in order": ("""
        [[questions]]
        id = "t.o"
        part = "start"
        type = "ordering"
        prompt = "Order."
        items = ["a", "b", "c"]
        answer = ["a", "b", "c"]
        explanation = "."
        """, "already in the right order"),
    "ordering with other items": ("""
        [[questions]]
        id = "t.o"
        part = "start"
        type = "ordering"
        prompt = "Order."
        items = ["a", "b", "c"]
        answer = ["c", "b", "d"]
        explanation = "."
        """, "exactly the same items"),
    "spans answer not a candidate": ("""
        [[questions]]
        id = "t.s"
        part = "start"
        type = "spans"
        prompt = "Pick."
        unit = "sentence"
        paragraphs = ["P1"]
        answer = ["S4"]
        explanation = "."
        """, "among the candidates"),
    "spans unknown paragraph": ("""
        [[questions]]
        id = "t.s"
        part = "start"
        type = "spans"
        prompt = "Pick."
        unit = "sentence"
        paragraphs = ["P99"]
        answer = ["S1"]
        explanation = "."
        """, "P99"),
    "phrase candidate off the text": ("""
        [[questions]]
        id = "t.s"
        part = "start"
        type = "spans"
        prompt = "Pick."
        unit = "phrase"
        candidates = [ { id = "c1", start = 0, end = 7, text = "Chinese" },
                       { id = "c2", start = 8, end = 15, text = "Russian" } ]
        answer = ["c1"]
        explanation = "."
        """, "candidates[1]"),
    "text with an answer": ("""
        [[questions]]
        id = "t.t"
        part = "start"
        type = "text"
        prompt = "Say."
        answer = "x"
        model_answer = "m"
        rubric = ["r"]
        min_words = 3
        """, "no 'answer'"),
    "multiple answer not a list": ("""
        [[questions]]
        id = "t.mu"
        part = "start"
        type = "multiple"
        prompt = "Tick."
        options = ["a", "b"]
        answer = "a"
        explanation = "."
        """, "non-empty list of options"),
}


@pytest.mark.parametrize("case", sorted(TYPED))
def test_type_specific_mistakes(article_dir, case):
    body, expected = TYPED[case]
    write(article_dir, body)
    with pytest.raises(QuestionError) as err:
        load_questions(article_dir)
    message = str(err.value)
    assert "questions/a.toml" in message and expected in message, message


def test_invalid_toml_names_the_file(article_dir):
    write(article_dir, "[[questions]]\nid = \n")
    with pytest.raises(QuestionError, match=r"questions/a.toml: not valid TOML"):
        load_questions(article_dir)


def test_unknown_question_id_lists_known_ids():
    with pytest.raises(KeyError, match="ex00.where"):
        course.check("ex00.nowhere", "Beijing")
