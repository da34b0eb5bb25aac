"""`course grade` grades what students checked in the widgets: from a folder of progress
files and from submitted notebooks; nothing is executed, no written answer gets a score."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

import course
from course.teaching import grade
from course.__main__ import main

REPO = Path(__file__).resolve().parents[1]
EXERCISE = "01_source_attribution"


def exercise_ids(name: str = EXERCISE) -> list[str]:
    return grade.exercise_questions()[name]


def answer_in_widgets(monkeypatch, folder: Path, student: str, qids: list[str],
                      right: bool = True) -> None:
    """What a student does: set each widget and press Check (no code is typed)."""
    monkeypatch.setenv("COURSE_PROGRESS_DIR", str(folder))
    monkeypatch.setenv("COURSE_STUDENT", student)
    for qid in qids:
        widget = course.ask(qid)
        q = widget.question
        if right:
            widget.value = q.solution()
        elif q.type == "single":
            widget.value = next(o for o in q.options if o != q.answer)
        else:
            continue
        widget.check()


def by_question(report: grade.StudentReport, exercise: str = EXERCISE) -> dict:
    return {g.question: g for g in report.grades if g.exercise == exercise}


def test_a_student_who_answered_only_in_widgets_gets_full_marks(monkeypatch, tmp_path):
    answer_in_widgets(monkeypatch, tmp_path, "ana", exercise_ids())
    (report,) = grade.grade([tmp_path])
    graded = by_question(report)
    closed = [g for g in graded.values() if g.type != "text"]
    assert closed and all(g.score == 1.0 and g.status == "correct" for g in closed)
    written = [g for g in graded.values() if g.type == "text"]
    assert written and all(g.score is None and g.status == "written, not marked yet"
                           and g.level == "" for g in written)


def test_a_student_who_answered_nothing_gets_zero(monkeypatch, tmp_path):
    answer_in_widgets(monkeypatch, tmp_path, "ben", ["ex00.where"])  # another exercise only
    (report,) = grade.grade([tmp_path])
    graded = by_question(report)
    assert all((g.score or 0) == 0 and g.status == "not answered" for g in graded.values())


def test_wrong_answers_score_zero_and_a_stored_status_is_not_trusted(monkeypatch, tmp_path):
    answer_in_widgets(monkeypatch, tmp_path, "cy", exercise_ids(), right=False)
    path = tmp_path / "cy.json"
    data = json.loads(path.read_text())
    for entry in data["questions"].values():
        entry.update(status="correct", score=1.0, correct=True)  # a forged file
    path.write_text(json.dumps(data))
    (report,) = grade.grade([tmp_path])
    singles = [g for g in by_question(report).values() if g.type == "single"]
    assert singles and all(g.score == 0.0 and g.status == "wrong" for g in singles)


def test_a_damaged_progress_file_is_reported_not_fatal(monkeypatch, tmp_path):
    answer_in_widgets(monkeypatch, tmp_path, "ana", exercise_ids())
    (tmp_path / "dan.json").write_text("{ not json", encoding="utf-8")
    reports = {r.student: r for r in grade.grade([tmp_path])}
    assert set(reports) == {"ana", "dan"}
    assert any("dan.json could not be read" in p for p in reports["dan"].problems)
    assert all((g.score or 0) == 0 for g in reports["dan"].grades)
    assert reports["ana"].total > 0
    assert (tmp_path / "dan.json").read_text(encoding="utf-8") == "{ not json"  # untouched


def test_the_solution_notebook_grades_full_and_the_student_version_zero(tmp_path):
    """Submitted notebooks: the answer records in the question cells' outputs."""
    done = tmp_path / "eve" / f"{EXERCISE}.ipynb"
    blank = tmp_path / "fay" / f"{EXERCISE}.ipynb"
    for src, dst in ((REPO / "exercises" / "solutions", done), (REPO / "exercises", blank)):
        dst.parent.mkdir()
        shutil.copyfile(src / f"{EXERCISE}.ipynb", dst)
    reports = {r.student: r for r in grade.grade([done, blank])}
    eve, fay = by_question(reports["eve"]), by_question(reports["fay"])
    assert all(g.score == 1.0 for g in eve.values() if g.type != "text")
    assert all(g.status == "written, not marked yet" for g in eve.values() if g.type == "text")
    assert all((g.score or 0) == 0 and g.status == "not answered" for g in fay.values())


def test_a_broken_notebook_is_reported(tmp_path):
    bad = tmp_path / "gus" / f"{EXERCISE}.ipynb"
    bad.parent.mkdir()
    bad.write_text("not a notebook")
    (report,) = grade.grade([bad])
    assert report.student == "gus" and "could not be read as a notebook" in report.problems[0]


def test_progress_wins_over_the_notebook_question_by_question(monkeypatch, tmp_path):
    answer_in_widgets(monkeypatch, tmp_path, "hal", ["ex01.implied_speaker"], right=False)
    nb = tmp_path / "hal" / f"{EXERCISE}.ipynb"
    nb.parent.mkdir()
    shutil.copyfile(REPO / "exercises" / "solutions" / f"{EXERCISE}.ipynb", nb)
    (report,) = grade.grade([tmp_path / "hal.json", nb])
    graded = by_question(report)
    assert graded["ex01.implied_speaker"].score == 0.0  # from the progress file
    assert graded["ex01.chain_song"].score == 1.0        # only in the notebook


def test_the_command_prints_and_writes_a_csv(monkeypatch, tmp_path, capsys):
    answer_in_widgets(monkeypatch, tmp_path / "class", "ana", exercise_ids())
    out = tmp_path / "grades.csv"
    assert main(["grade", str(tmp_path / "class"), "--csv", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "== ana" in printed and f"{EXERCISE}: " in printed
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header == ",".join(grade.CSV_COLUMNS)


def test_student_versions_ask_for_no_typed_answer():
    for path in sorted((REPO / "exercises").glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        code = [c.source for c in nb.cells if c.cell_type == "code"]
        for source in code:
            assert "= None" not in source and "your answer here" not in source, path.name
            assert "your code here" not in source and "course.mark(" not in source, path.name
        text = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
        assert "replace `None`" not in text and "as a string" not in text, path.name
        asked = [c for c in nb.cells if c.metadata.get("course", {}).get("role") == "question"]
        assert [c.metadata["course"]["question"] for c in asked] == \
            nb.metadata["course"]["questions"]
