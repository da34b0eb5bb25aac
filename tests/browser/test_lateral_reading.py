"""The lateral-reading log in Chromium (lesson 2): a student records one source found
online and one from the course's stored sources (offline), by clicks and typing only;
Check saves both with their progress for the teacher; the outside view says who is behind
each outlet; the evidence question is checked against its key."""
from __future__ import annotations

import json

from playwright.sync_api import expect

import course
from course.engine import progress

from .conftest import (artifact_path, choose, click_check, feedback, open_notebook, question,
                       run_all_cells, wait_for)

NOTEBOOK = "notebooks/02_contrasting_statements.ipynb"
QID = "contrast.lateral_log"
STUDENT = "test-student"  # the lab's kernels run as this student (root conftest.py)


def saved_log() -> list[dict]:
    """The log as the student's progress file holds it (empty until saved)."""
    path = progress.progress_dir() / f"{STUDENT}.json"
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))["questions"].get(QID) or {}
    except (OSError, ValueError, KeyError):
        return []
    return entry.get("answer") or []


def test_a_student_records_sources_online_and_offline(page, lab):
    evidence = course.question("contrast.lateral_evidence")
    open_notebook(page, lab, NOTEBOOK)
    run_all_cells(page)

    outside = page.locator(".course-outside")
    expect(outside).to_contain_text("Who is behind these outlets")
    expect(outside).to_contain_text("TASS (Russia): state media")
    expect(outside).to_contain_text("Source of this label: Wikipedia article: TASS")
    expect(outside).to_contain_text("“China supports Russian leadership in connection with "
                                    "June 24 events — Russian MFA”")

    q = question(page, QID)
    q.scroll_into_view_if_needed()
    expect(q).to_contain_text("The claim to check: China backed Russia")
    first = q.locator(".course-source").nth(0)
    expect(first).to_contain_text("searched online")
    first.locator(".course-source-name input").fill("Reuters, China expresses support")
    first.locator(".course-source-kind select").select_option(label="a private company")
    first.locator(".course-source-behind input").fill("Thomson Reuters; its About page")
    first.locator(".course-source-says textarea").fill(
        "China's spokesperson called it Russia's internal affair.")
    first.locator(".course-source-agrees select").select_option(
        label="adds something the article does not say")

    # offline: the stored sources; the filled form keeps its own choice
    q.get_by_role("radio", name="the course's stored sources").check()
    q.locator(".course-add-source").click()
    second = q.locator(".course-source").nth(1)
    expect(second).to_contain_text("the course's stored sources")
    second.locator(".course-source-name select").select_option(label="Xinhua")
    expect(second).to_contain_text("Russia's internal affair")  # what the reference says
    expect(second).to_contain_text("About Xinhua: Xinhua (China): state media")
    second.locator(".course-source-kind select").select_option(
        label="state media: run or controlled by a government")
    second.locator(".course-source-behind input").fill("China's government (stored card)")
    second.locator(".course-source-says textarea").fill("A spokesperson: internal affair.")
    second.locator(".course-source-agrees select").select_option(
        label="adds something the article does not say")
    click_check(q)
    expect(feedback(q)).to_contain_text("✎ Saved for your teacher to mark")
    expect(q).to_contain_text("The levels your teacher marks with")

    log = wait_for(lambda: len(saved_log()) == 2 and saved_log(), "two saved sources")
    assert [e["where"] for e in log] == ["searched online", "the course's stored sources"]
    assert log[0]["source"] == "Reuters, China expresses support"
    assert log[1]["source"] == "Xinhua" and log[1]["kind"].startswith("state media")
    page.screenshot(path=str(artifact_path("lateral-reading-log")), full_page=False)

    # a source removed is removed from what is saved at the next Check
    q.locator(".course-remove-source").nth(0).click()
    expect(q.locator(".course-source")).to_have_count(1)
    click_check(q)
    wait_for(lambda: [e["source"] for e in saved_log()] == ["Xinhua"], "one saved source")
    expect(feedback(q)).to_contain_text("the activity asks for at least 2")

    e = question(page, "contrast.lateral_evidence")
    e.scroll_into_view_if_needed()
    choose(e, evidence.answer)
    click_check(e)
    expect(feedback(e)).to_contain_text("✓ Correct")
