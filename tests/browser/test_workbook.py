"""The workbook in Chromium (issue 16): a student who has finished the course article opens
the workbook and meets a practice article: every page runs, names that article, and its
questions made from the article's keys are answered by clicking."""
from __future__ import annotations

from typing import Iterator

import pytest
from playwright.sync_api import expect

import course

from .conftest import (Lab, choose, click_check, feedback, isolated_jupyter_env, lab_page,
                       open_notebook, question, run_all_cells, save_screenshot, shutdown_lab,
                       start_lab, visible_dialogs)

PAGES = ("notebooks/workbook/1_attribution.ipynb", "notebooks/workbook/2_contrast.ipynb",
         "notebooks/workbook/3_chronology.ipynb")
ERRORS = (".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'], "
          ".jp-OutputArea-output[data-mime-type*='error']")


def run_every_page(page, lab, art) -> None:
    """Open and run each workbook page: no error, the card names ``art``, a worked example
    shows, no dialog is left open."""
    for path in PAGES:
        open_notebook(page, lab, path)
        run_all_cells(page)
        errors = page.locator(ERRORS)
        assert errors.count() == 0, [errors.nth(i).inner_text() for i in range(errors.count())]
        card = page.locator(".course-workbook-card").first
        card.scroll_into_view_if_needed()
        expect(card).to_contain_text(f"You are reading: {art.meta['title']}")
        expect(card).to_contain_text("This is a practice article")
        worked = page.locator(".course-worked, .course-compare").first
        worked.scroll_into_view_if_needed()
        expect(worked).to_be_visible()
        assert visible_dialogs(page) == []


def test_every_workbook_page_runs_on_the_first_practice_article(page, lab):
    art = course.load_article(course.practice_articles()[0])
    run_every_page(page, lab, art)
    open_notebook(page, lab, PAGES[0])
    run_all_cells(page)
    qid = "key.attribution.who_says"
    q = question(page, qid)
    q.scroll_into_view_if_needed()
    wrong = next(o for o in course.question(qid, art).options
                 if o != course.solution(qid, art))
    choose(q, wrong)
    click_check(q)
    expect(feedback(q)).to_contain_text("is not right")
    choose(q, course.solution(qid, art))
    click_check(q)
    expect(feedback(q)).to_contain_text("✓ Correct")
    save_screenshot(page, "workbook-practice")


@pytest.fixture(scope="module")
def other_lab(tmp_path_factory) -> Iterator[Lab]:
    """A JupyterLab whose kernels read the other practice articles, as a teacher chooses one
    (COURSE_ARTICLE)."""
    base = tmp_path_factory.mktemp("workbook-lab")
    env = isolated_jupyter_env(base / "jupyter")
    env.update(COURSE_ARTICLE=course.practice_articles()[-1],
               COURSE_PROGRESS_DIR=str(base / "progress"), COURSE_STUDENT="workbook-student")
    lab = start_lab(base, ["--LabApp.expose_app_in_browser=True"], env=env)
    try:
        yield lab
    finally:
        shutdown_lab(lab)


@pytest.fixture
def other_page(browser, other_lab, request):
    yield from lab_page(browser, other_lab, request)


def test_every_workbook_page_runs_on_the_last_practice_article(other_page, other_lab):
    practice = course.practice_articles()
    assert len(practice) >= 2, practice
    run_every_page(other_page, other_lab, course.load_article(practice[-1]))
