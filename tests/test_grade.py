"""Grading submitted notebooks: full marks, zero, partly wrong, and every broken case
still gets a report. Submissions are generated into a temporary folder from the released
student version (never stored under tests/, where nbval would collect them)."""
from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import nbformat
import pytest

import course
from course import progress
from course.__main__ import main
from course.grade import grade_notebooks

REPO = Path(__file__).resolve().parents[1]
NAME = "00_reading_the_article.ipynb"
TIMEOUT = 4  # seconds per cell: the infinite loop is stopped after this


def student_nb():
    return nbformat.read(REPO / "exercises" / NAME, as_version=4)


def solutions_by_id() -> dict[str, str]:
    teacher = nbformat.read(REPO / "exercises" / "solutions" / NAME, as_version=4)
    return {c.id: c.source for c in teacher.cells
            if c.metadata.get("course", {}).get("role") == "answer"}


def cell(nb, qid: str, role: str):
    """The answer or check cell of a question in a notebook."""
    return next(c for c in nb.cells if c.metadata.get("course", {}).get("question") == qid
                and c.metadata["course"]["role"] == role)


def solved_nb():
    nb = student_nb()
    for c in nb.cells:
        if c.id in solutions_by_id():
            c.source = solutions_by_id()[c.id]
    return nb


def write(nb, folder: Path, student: str) -> Path:
    path = folder / student / NAME
    path.parent.mkdir(parents=True)
    nbformat.write(nb, path)
    return path


def digest(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


QUESTIONS = student_nb().metadata["course"]["questions"]
WHERE = course.question("ex00.where")
WRONG_WHERE = next(o for o in WHERE.options if o != WHERE.answer)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Build the submissions, grade them all once, and check the originals were untouched."""
    folder = tmp_path_factory.mktemp("submitted")
    paths = {"solved": write(solved_nb(), folder, "solved"),
             "untouched": write(student_nb(), folder, "untouched")}

    wrong = solved_nb()
    cell(wrong, "ex00.where", "answer").source = f"answer_1 = {WRONG_WHERE!r}"
    discussed = course.question("ex00.discussed")
    cell(wrong, "ex00.discussed", "answer").source = f"answer_3 = {[discussed.answer[0]]!r}"
    paths["partly"] = write(wrong, folder, "partly")

    broken = solved_nb()
    cell(broken, "ex00.where", "answer").source = 'raise ValueError("oops")'
    cell(broken, "ex00.who", "answer").source = 'answer_2 = {"Qin Gang": '  # syntax error
    cell(broken, "ex00.discussed", "answer").source = "while True:\n    pass"
    a4, c4 = cell(broken, "ex00.meeting", "answer"), cell(broken, "ex00.meeting", "check")
    i, j = broken.cells.index(a4), broken.cells.index(c4)
    broken.cells[i], broken.cells[j] = c4, a4  # reordered: check before answer
    broken.cells.remove(cell(broken, "ex00.summary", "check"))  # deleted check cell
    broken.cells.remove(cell(broken, "ex00.events", "answer"))  # deleted answer cell
    paths["broken"] = write(broken, folder, "broken")

    paths["unreadable"] = folder / "unreadable" / NAME
    paths["unreadable"].parent.mkdir()
    paths["unreadable"].write_text('{"cells": [', encoding="utf-8")

    # the teacher also has the students' progress files: attempts come from there
    progress_dir = folder / "progress"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COURSE_PROGRESS_DIR", str(progress_dir))
        mp.setenv("COURSE_STUDENT", "solved")
        for answer in (WRONG_WHERE, WHERE.answer):
            progress.record(WHERE.id, answer, course.check(WHERE.id, answer).status, 0.0)

    before = {k: digest(p) for k, p in paths.items()}
    reports = grade_notebooks(list(paths.values()), timeout=TIMEOUT, progress_dir=progress_dir)
    assert {k: digest(p) for k, p in paths.items()} == before, "originals were changed"
    return dict(zip(paths, reports)), paths


def grades(report) -> dict:
    return {g.question: g for g in report.grades}


def test_solved_gets_full_marks(graded):
    report = graded[0]["solved"]
    assert report.student == "solved" and report.exercise == "00_reading_the_article"
    assert [g.question for g in report.grades] == QUESTIONS
    assert all(g.score == 1.0 and g.status == "correct" for g in report.grades)
    assert report.total == len(QUESTIONS) and not report.problems
    attempts = {g.question: g.attempts for g in report.grades}
    assert attempts["ex00.where"] == 2 and attempts["ex00.who"] is None  # where known


def test_untouched_gets_zero(graded):
    report = graded[0]["untouched"]
    assert report.total == 0
    assert all(g.status == "unanswered" and g.note == "not answered" for g in report.grades)


def test_partly_wrong(graded):
    g = grades(graded[0]["partly"])
    assert g["ex00.where"].status == "wrong" and g["ex00.where"].score == 0
    assert g["ex00.discussed"].status == "partial" and 0 < g["ex00.discussed"].score < 1
    assert g["ex00.who"].score == 1.0
    assert 0 < graded[0]["partly"].total < len(QUESTIONS) - 1


def test_raising_cell(graded):
    note = grades(graded[0]["broken"])["ex00.where"].note
    assert "its answer cell raised ValueError: oops" in note
    assert "check cell raised NameError" in note


def test_syntax_error(graded):
    g = grades(graded[0]["broken"])["ex00.who"]
    assert g.score == 0 and g.status == "not graded" and "SyntaxError" in g.note


def test_infinite_loop_is_stopped_and_the_rest_graded(graded):
    report = graded[0]["broken"]
    assert any(f"longer than {TIMEOUT} s" in p and "q3-answer" in p for p in report.problems)
    assert "KeyboardInterrupt" in grades(report)["ex00.discussed"].note


def test_reordered_cells(graded):
    report = graded[0]["broken"]
    assert "cells out of order" in grades(report)["ex00.meeting"].note


def test_deleted_cells(graded):
    g = grades(graded[0]["broken"])
    assert "check cell (course.mark) is missing" in g["ex00.summary"].note
    assert "answer cell is missing" in g["ex00.events"].note


def test_unreadable_notebook_still_reported(graded):
    report = graded[0]["unreadable"]
    assert [g.question for g in report.grades] == QUESTIONS
    assert report.total == 0 and "could not be read" in report.problems[0]
    assert all("could not be read" in g.note for g in report.grades)


def test_cli_prints_a_table_and_writes_csv(graded, tmp_path, capsys):
    """The command line on already-built submissions (the unreadable one runs no kernel)."""
    _, paths = graded
    out = tmp_path / "grades.csv"
    assert main(["grade", str(paths["unreadable"]), "--csv", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "== unreadable" in printed and "total: 0 / 6" in printed
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["question"] for r in rows] == QUESTIONS
    assert {r["student"] for r in rows} == {"unreadable"}
    assert list(rows[0]) == ["student", "notebook", "exercise", "question", "score", "status",
                             "attempts", "note"]
