"""The workbook in Chromium (issue 16): a student who has finished the course article opens
the workbook and meets a practice article: every page runs, names that article, and its
questions made from the article's keys are answered by clicking."""
from __future__ import annotations

from playwright.sync_api import expect

import course

from .conftest import (choose, click_check, feedback, open_notebook, question, run_all_cells,
                       save_screenshot, visible_dialogs)

PAGES = ("notebooks/workbook/1_attribution.ipynb", "notebooks/workbook/2_contrast.ipynb",
         "notebooks/workbook/3_chronology.ipynb")
ERRORS = (".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'], "
          ".jp-OutputArea-output[data-mime-type*='error']")


def test_every_workbook_page_runs_on_the_first_practice_article(page, lab):
    art = course.load_article(course.practice_articles()[0])
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
