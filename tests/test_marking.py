"""A teacher marks written answers: three students, saved at once, resumed after a restart,
exported as a gradebook, and the feedback shown in the student's widget and overview."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import course
from course.teaching import marking
from course.engine import progress

ANSWERS = {
    "ana": "Qin Gang, China's foreign minister, met Russia's Andrey Rudenko in Beijing on "
           "Sunday 25 June, while the Wagner mutiny shook Russia.",
    "ben": "Two diplomats met in Beijing about the Wagner problem.",
    "cy": "<script>alert('x')</script> Qin met Rudenko on Sunday in Beijing during the mutiny.",
}


def make_class(monkeypatch, folder: Path) -> None:
    """Three students answer ex00.summary (and one closed question) in their widgets."""
    monkeypatch.setenv("COURSE_PROGRESS_DIR", str(folder))
    for student, text in ANSWERS.items():
        monkeypatch.setenv("COURSE_STUDENT", student)
        where = course.ask("ex00.where")
        where.value = "Beijing"
        where.check()
        summary = course.ask("ex00.summary")
        summary.value = text
        summary.check()
    monkeypatch.setenv("COURSE_STUDENT", "teacher")


def test_marks_are_saved_at_once_resumed_exported_and_returned(monkeypatch, tmp_path):
    make_class(monkeypatch, tmp_path)
    board = course.marking_board(tmp_path)
    assert board.question.id == "ex00.summary"  # the first question with answers to mark
    assert set(board.rows) == set(ANSWERS)
    assert "&lt;script&gt;" in board.page.children[-1].children[0].value  # escaped
    level, comment, saved = board.rows["ana"]
    level.value = "Proficient"  # saved at once, without a button
    assert "Saved: Proficient" in saved.value
    data = json.loads((tmp_path / "teacher" / "marks.json").read_text())
    assert data["marks"]["ex00.summary"]["ana"]["level"] == "proficient"
    board.rows["ben"][0].value = "Beginning"
    board.rows["ben"][1].value = "Who met? Name both people."

    # the kernel restarts: a new board reads the saved marks and resumes
    again = course.marking_board(tmp_path)
    assert again.question.id == "ex00.summary"  # cy is still to mark
    assert again.rows["ana"][0].value == "Proficient"
    assert again.rows["ben"][1].value == "Who met? Name both people."
    assert again.rows["cy"][0].value == marking.NOT_MARKED
    assert "2 of 3 answers marked" in again.status.value

    # the gradebook: closed questions scored, written ones the teacher's level or blank
    path = again.export_csv()
    rows = {r["student"]: r for r in csv.DictReader(path.open(encoding="utf-8"))}
    assert set(rows) == set(ANSWERS)
    assert rows["ana"]["ex00.summary"] == "proficient"
    assert rows["ben"]["ex00.summary"] == "beginning"
    assert rows["cy"]["ex00.summary"] == ""  # not marked: blank, never a machine guess
    assert all(rows[s]["ex00.where"] == "1.0" for s in rows)

    # the student sees the feedback in the question and in the overview
    monkeypatch.setenv("COURSE_STUDENT", "ben")
    widget = course.ask("ex00.summary")
    assert "Your teacher: Beginning: Who met? Name both people." in widget.teacher.value
    assert "Your teacher: Beginning" in widget.record().text
    assert "ex00.summary: Your teacher: Beginning" in repr(course.progress_overview("start"))
    monkeypatch.setenv("COURSE_STUDENT", "cy")
    assert course.ask("ex00.summary").teacher.value == ""


def test_a_changed_answer_is_flagged_for_teacher_and_student(monkeypatch, tmp_path):
    make_class(monkeypatch, tmp_path)
    board = course.marking_board(tmp_path)
    board.rows["ben"][0].value = "Developing"
    monkeypatch.setenv("COURSE_STUDENT", "ben")
    widget = course.ask("ex00.summary")
    widget.value = "A new answer: Qin met Rudenko in Beijing on Sunday during the mutiny."
    widget.check()
    assert "earlier version of your answer" in widget.teacher.value
    again = course.marking_board(tmp_path)
    texts = [c.children[0].value for c in again.page.children[1:] if hasattr(c, "children")]
    assert any("changed the answer after your mark" in t for t in texts)


def test_a_kernel_killed_after_a_save_loses_nothing(monkeypatch, tmp_path):
    make_class(monkeypatch, tmp_path)
    code = ("import os, course\n"
            f"b = course.marking_board({str(tmp_path)!r})\n"
            "b.rows['cy'][0].value = 'Developing'\n"
            "os._exit(9)  # dies right after the save, no clean-up\n")
    env = {**__import__("os").environ, "COURSE_PROGRESS_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], env=env, timeout=120)
    assert done.returncode == 9
    assert course.marking_board(tmp_path).rows["cy"][0].value == "Developing"
    assert not list((tmp_path / "teacher").glob(".*.tmp"))


def test_an_unreadable_marks_file_is_kept_aside_and_reported(monkeypatch, tmp_path):
    make_class(monkeypatch, tmp_path)
    (tmp_path / "teacher").mkdir()
    (tmp_path / "teacher" / "marks.json").write_text("{ broken")
    board = course.marking_board(tmp_path)
    assert "could not be read" in board.marks.problem
    kept = list((tmp_path / "teacher").glob("marks.unreadable-*.json"))
    assert len(kept) == 1 and kept[0].read_text() == "{ broken"


def test_a_damaged_feedback_file_does_not_stop_the_student(monkeypatch, tmp_path):
    make_class(monkeypatch, tmp_path)
    (tmp_path / "feedback").mkdir()
    (tmp_path / "feedback" / "ana.json").write_text("not json")
    monkeypatch.setenv("COURSE_STUDENT", "ana")
    import pytest
    with pytest.warns(progress.ProgressWarning, match="feedback"):
        widget = course.ask("ex00.summary")
    assert widget.teacher.value == ""


def test_taking_a_mark_back_leaves_no_trace_for_the_student(monkeypatch, tmp_path):
    make_class(monkeypatch, tmp_path)
    board = course.marking_board(tmp_path)
    board.rows["ana"][0].value = "Developing"
    board.rows["ana"][0].value = marking.NOT_MARKED  # changed her mind, no comment written
    assert "ana" not in board.marks.marks.get("ex00.summary", {})
    assert "0 of 3 answers marked" in board.status.value
    monkeypatch.setenv("COURSE_STUDENT", "ana")
    assert course.ask("ex00.summary").teacher.value == ""
    assert marking.gradebook(tmp_path).set_index("student").loc["ana", "ex00.summary"] == ""
