"""The teacher-marking chain in Chromium: three students' written answers are marked in
notebooks/teacher_marking.ipynb, the kernel is replaced, the marks are resumed, the
gradebook is exported, and the student sees "Your teacher: ..." in the exercise."""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

import course
from course.engine import progress

from .conftest import artifact_path, open_notebook, question, run_all_cells, wait_for

QID = "ex00.summary"
STUDENT = "test-student"  # the lab's own kernels run as this student (root conftest.py)
ANSWERS = {"ana": "Qin Gang met Andrey Rudenko in Beijing on Sunday 25 June, during the "
                  "Wagner mutiny in Russia.",
           "ben": "Two diplomats met.",
           STUDENT: "Qin met Rudenko in Beijing on Sunday while the mutiny went on."}


def marks(folder: Path) -> dict:
    try:
        return json.loads((folder / "teacher" / "marks.json").read_text())["marks"]
    except (OSError, ValueError):
        return {}


@pytest.fixture
def class_folder(monkeypatch):
    """The lab's progress folder holds three students' written answers, nothing marked."""
    folder = progress.progress_dir()
    for sub in ("teacher", "feedback"):
        shutil.rmtree(folder / sub, ignore_errors=True)
    for student, text in ANSWERS.items():
        monkeypatch.setenv("COURSE_STUDENT", student)
        widget = course.ask(QID)
        widget.value = text
        widget.check()
    return folder


def row(page, student: str):
    return page.locator(f".course-mark-row-{student}")


def test_mark_restart_resume_export_and_the_student_sees_it(page, lab, class_folder):
    from playwright.sync_api import expect
    open_notebook(page, lab, "notebooks/teacher_marking.ipynb")
    run_all_cells(page)
    expect(page.locator(".course-marking")).to_contain_text(f"Question {QID}")
    for student in ANSWERS:
        expect(row(page, student)).to_contain_text(ANSWERS[student])
    row(page, "ana").get_by_role("radio", name="Proficient").check()  # saved at once
    wait_for(lambda: marks(class_folder).get(QID, {}).get("ana", {}).get("level") ==
             "proficient", "ana's mark in marks.json")
    mine = row(page, STUDENT)
    mine.get_by_role("radio", name="Developing").check()
    mine.locator("textarea").fill("Add the date and say who Rudenko is.")
    mine.locator(".course-mark-save").click()
    wait_for(lambda: marks(class_folder).get(QID, {}).get(STUDENT, {}).get("comment") ==
             "Add the date and say who Rudenko is.", "the comment in marks.json")
    expect(mine.locator(".course-mark-saved")).to_contain_text("Saved: Developing")
    page.screenshot(path=str(artifact_path("marking-board")), full_page=True)

    # a new kernel: the saved marks come back, the unmarked answer is still to do
    lab.shutdown_sessions()
    open_notebook(page, lab, "notebooks/teacher_marking.ipynb")
    run_all_cells(page)
    expect(row(page, "ana").get_by_role("radio", name="Proficient")).to_be_checked()
    expect(row(page, STUDENT).locator("textarea")).to_have_value(
        "Add the date and say who Rudenko is.")
    expect(row(page, "ben").get_by_role("radio", name="Not marked yet")).to_be_checked()

    page.locator(".course-export").click()
    expect(page.locator(".course-mark-status")).to_contain_text("Gradebook written")
    book = class_folder / "teacher" / "gradebook.csv"
    rows = wait_for(lambda: book.is_file() and
                    {r["student"]: r for r in csv.DictReader(book.open(encoding="utf-8"))},
                    "the gradebook")
    assert rows["ana"][QID] == "proficient" and rows[STUDENT][QID] == "developing"
    assert rows["ben"][QID] == ""  # not marked: blank

    # the student opens the exercise: the teacher's level and comment are there
    lab.shutdown_sessions()
    open_notebook(page, lab, "exercises/00_reading_the_article.ipynb")
    run_all_cells(page)
    q = question(page, QID)
    expect(q.locator(".course-teacher")).to_contain_text(
        "Your teacher: Developing: Add the date and say who Rudenko is.")
    q.scroll_into_view_if_needed()
    q.screenshot(path=str(artifact_path("marking-student-sees")))
