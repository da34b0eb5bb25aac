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


# ------------------------------------------------------------------ isolation

MEMORY_MB = 512  # small, so the memory test stays light on a shared machine


def tree_digest(folder: Path) -> dict[str, str]:
    """A checksum of every file under ``folder`` (compiled caches left out)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def hostile_nb(destroy: dict[str, str]) -> nbformat.NotebookNode:
    """The solved notebook with the answer cells of some questions replaced by ``destroy``."""
    nb = solved_nb()
    for qid, source in destroy.items():
        cell(nb, qid, "answer").source = source
    return nb


@pytest.fixture(scope="module")
def isolation(tmp_path_factory):
    """Grade a vandal, an endless loop that ignores interrupts, a memory hog and a good
    student in one command; checksum everything they could have damaged."""
    folder = tmp_path_factory.mktemp("hostile")
    outside = tmp_path_factory.mktemp("outside")
    sentinel = outside / "sentinel.txt"
    sentinel.write_text("keep me", encoding="utf-8")
    vandal_path = folder / "vandal" / NAME
    paths = {"good": write(solved_nb(), folder, "good")}
    paths["vandal"] = write(hostile_nb({
        # each of these is refused; the course's folder is attacked only once the guard
        # has shown that it works (the sentinel survived), so that a broken guard fails
        # this test instead of deleting the course
        "ex00.where": f"import os\nos.remove({str(sentinel)!r})",
        "ex00.who": f"open({str(sentinel)!r}, 'w').write('overwritten')",
        "ex00.discussed": (f"import os, shutil, pathlib, course\n"
                           f"assert os.path.exists({str(sentinel)!r})\n"
                           "shutil.rmtree(pathlib.Path(course.__file__).parent)"),
        "ex00.meeting": (f"import os, shutil, pathlib, course\n"
                         f"assert os.path.exists({str(sentinel)!r})\n"
                         "shutil.rmtree(pathlib.Path(course.__file__).parent.parent / 'seeds')"),
        "ex00.events": f"import os\nos.remove({str(vandal_path)!r})",
        "ex00.summary": f"import subprocess\nsubprocess.run(['rm', '-f', {str(sentinel)!r}])",
    }), folder, "vandal")
    assert paths["vandal"] == vandal_path
    paths["stubborn"] = write(hostile_nb({
        "ex00.discussed": ("import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                           "while True:\n    pass"),
    }), folder, "stubborn")
    paths["hog"] = write(hostile_nb({
        "ex00.who": "x = []\nwhile True:\n    x.append(bytearray(10**8))",
    }), folder, "hog")
    before = ({k: digest(p) for k, p in paths.items()}, tree_digest(REPO / "course"),
              tree_digest(REPO / "seeds"))
    csv_path = folder / "grades.csv"
    assert main(["grade", *map(str, paths.values()), "--csv", str(csv_path), "--timeout",
                 str(TIMEOUT), "--memory-mb", str(MEMORY_MB)]) == 0
    after = ({k: digest(p) for k, p in paths.items()}, tree_digest(REPO / "course"),
             tree_digest(REPO / "seeds"))
    with csv_path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {"before": before, "after": after, "sentinel": sentinel, "rows": rows,
            "paths": paths}


def student_rows(isolation, student: str) -> dict[str, dict]:
    return {r["question"]: r for r in isolation["rows"] if r["student"] == student}


def test_nothing_outside_the_grading_folder_changed(isolation):
    assert isolation["sentinel"].read_text(encoding="utf-8") == "keep me"
    originals, course_files, seed_files = isolation["after"]
    assert originals == isolation["before"][0], "a submitted notebook was changed"
    assert course_files == isolation["before"][1], "course/ was changed"
    assert seed_files == isolation["before"][2], "seeds/ was changed"
    assert len(course_files) > 20 and len(seed_files) > 10  # the checksums saw real files


def test_every_student_is_in_the_csv_and_the_good_one_has_full_marks(isolation):
    assert {r["student"] for r in isolation["rows"]} == {"good", "vandal", "stubborn", "hog"}
    good = student_rows(isolation, "good")
    assert list(good) == QUESTIONS and all(r["score"] == "1.0" for r in good.values())


def test_vandalism_is_refused_and_reported(isolation, capsys):
    rows = student_rows(isolation, "vandal")
    for qid in QUESTIONS:
        assert rows[qid]["status"] == "not graded"
        assert "answer cell raised PermissionError: grading:" in rows[qid]["note"], qid


def test_vandalism_problem_line(isolation):
    """The printed report names the cells that were refused."""
    from course.grade import grade_notebook
    report = grade_notebook(isolation["paths"]["vandal"], timeout=TIMEOUT, memory_mb=MEMORY_MB)
    assert any("tried to change files outside the grading folder" in p for p in report.problems)
    assert isolation["sentinel"].read_text(encoding="utf-8") == "keep me"


def test_an_endless_loop_that_ignores_interrupts_is_stopped(isolation):
    rows = student_rows(isolation, "stubborn")
    assert rows["ex00.where"]["score"] == "1.0" and rows["ex00.who"]["score"] == "1.0"
    assert rows["ex00.discussed"]["status"] == "not graded"
    later = [rows[q] for q in QUESTIONS[QUESTIONS.index("ex00.discussed") + 1:]]
    assert later and all(r["status"] == "not graded" for r in later)


def test_a_memory_hog_is_stopped_and_the_rest_graded(isolation):
    rows = student_rows(isolation, "hog")
    assert "MemoryError" in rows["ex00.who"]["note"] and rows["ex00.who"]["score"] == "0.0"
    others = [rows[q] for q in QUESTIONS if q != "ex00.who"]
    assert all(r["score"] == "1.0" for r in others)
