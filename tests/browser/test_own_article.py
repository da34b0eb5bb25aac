"""Bring your own article (issue 9) in a real JupyterLab and Chromium: a teacher's article made
from a plain text file (``new-article``, ``draft-key``, one review pass) is picked through the
environment; the lesson notebook shows it and says so, questions written for the course article
show a note instead of failing, and a question made from the reviewed key is answered by
clicking. A screenshot lands in test-artifacts/own-article.png."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import expect

import course

from .conftest import (REPO, Lab, choose, click_check, feedback, isolated_jupyter_env,
                       lab_page, open_notebook, question, run_all_cells, save_screenshot,
                       shutdown_lab, start_lab, visible_dialogs)

SOURCE = REPO / "corpora" / "articles" / "wikinews-apple-executive-leaves"
ARTICLE = "own-article"
KEY_QUESTION = "key.attribution.source_types"
LESSON = "notebooks/01_source_attribution.ipynb"
EXERCISE = "exercises/01_source_attribution.ipynb"
WORKBOOK = ("notebooks/workbook/1_attribution.ipynb", "notebooks/workbook/2_contrast.ipynb",
            "notebooks/workbook/3_chronology.ipynb")
ERROR_OUTPUTS = (".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'], "
                 ".jp-OutputArea-output[data-mime-type*='error']")


def _cli(*args: str, env: dict[str, str]) -> None:
    """Run ``python -m course <args>`` from the repository; fail with its output if it fails."""
    done = subprocess.run([sys.executable, "-m", "course", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"course {args[0]} failed:\n{done.stdout}\n{done.stderr}"


def _review_all(articles: Path) -> None:
    """One review pass through the review widget: accept everything, save."""
    from course.authoring import review
    old = os.environ.get("COURSE_ARTICLES_DIR")
    os.environ["COURSE_ARTICLES_DIR"] = str(articles)
    try:
        widget = review.ReviewWidget(review.Review(course.load_article(ARTICLE)))
        widget.accept_all_button.click()
        widget.save_button.click()
        assert "saved" in widget.feedback.value.lower(), widget.feedback.value
    finally:
        if old is None:
            os.environ.pop("COURSE_ARTICLES_DIR", None)
        else:
            os.environ["COURSE_ARTICLES_DIR"] = old


@pytest.fixture(scope="module")
def own_lab(tmp_path_factory, browser) -> Iterator[tuple[Lab, Path]]:
    """A JupyterLab whose kernels use the teacher's reviewed article as the default article."""
    meta = json.loads((SOURCE / "meta.json").read_text(encoding="utf-8"))
    base = tmp_path_factory.mktemp("own-article")
    articles, progress = base / "articles", base / "progress"
    articles.mkdir()
    progress.mkdir()
    text = base / "my-article.txt"
    text.write_text((SOURCE / "article.txt").read_text(encoding="utf-8"), encoding="utf-8")
    env = {**os.environ, "COURSE_ARTICLES_DIR": str(articles)}
    env.pop("COURSE_ARTICLE", None)
    _cli("new-article", str(text), "--outlet", meta["outlet"], "--published", meta["published"],
         "--title", meta["title"], "--id", ARTICLE, "--into", str(articles), env=env)
    _cli("draft-key", ARTICLE, env=env)
    _review_all(articles)

    jupyter_env = isolated_jupyter_env(base / "jupyter")
    jupyter_env.update(COURSE_ARTICLE=ARTICLE, COURSE_ARTICLES_DIR=str(articles),
                       COURSE_PROGRESS_DIR=str(progress), COURSE_STUDENT="own-article-student")
    lab = start_lab(base, ["--LabApp.expose_app_in_browser=True"], env=jupyter_env)
    try:
        yield lab, articles / ARTICLE
    finally:
        shutdown_lab(lab)


@pytest.fixture
def own_page(browser, own_lab, request):
    """A fresh page on this test's lab (screenshots and logs on failure: ``lab_page``)."""
    lab, _ = own_lab
    yield from lab_page(browser, lab, request, height=1000)


def _no_error_outputs(page) -> None:
    """No cell printed a traceback or showed an error output (run_all_cells checks errors too)."""
    shown = page.locator(ERROR_OUTPUTS)
    texts = [shown.nth(i).inner_text() for i in range(shown.count())]
    assert not [t for t in texts if "Traceback" in t or "Error" in t], texts


def test_lesson_and_exercise_run_on_a_teachers_own_article(own_page, own_lab):
    lab, folder = own_lab
    page = own_page
    art = course.load_article(folder)
    assert art.id == ARTICLE and art.meta["title"] != course.load_article().meta["title"]

    # the lesson: it names the teacher's article, shows it, and skips the course's questions
    open_notebook(page, lab, LESSON)
    run_all_cells(page)
    output = page.locator(".jp-OutputArea-output")
    banner = output.filter(has_text="running on your teacher's article").first
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(art.meta["title"])
    note = page.locator(".course-unavailable").first
    expect(note).to_contain_text("is not available for this article")
    note.scroll_into_view_if_needed()
    expect(note).to_be_visible()
    snippet = art.paragraphs[0].text[:40]
    shown = output.filter(has_text=snippet).first
    shown.scroll_into_view_if_needed()
    expect(shown).to_be_visible()
    _no_error_outputs(page)
    assert visible_dialogs(page) == []

    # the student exercise: the question made from the reviewed key, answered by clicking
    open_notebook(page, lab, EXERCISE)
    run_all_cells(page)
    _no_error_outputs(page)
    right = course.solution(KEY_QUESTION, art)
    assert isinstance(right, dict) and right, right
    q = question(page, KEY_QUESTION)
    q.scroll_into_view_if_needed()
    expect(q).to_be_visible()
    menus = q.locator("select")
    expect(menus).to_have_count(len(right))
    for item, category in right.items():  # each menu is named by its item
        q.get_by_role("combobox", name=item, exact=True).select_option(label=category)
    click_check(q)
    expect(feedback(q)).to_contain_text("✓ Correct")
    q.scroll_into_view_if_needed()
    save_screenshot(page, "own-article")


def test_the_workbook_runs_on_a_teachers_own_article(own_page, own_lab):
    """Issue 16: every workbook page runs in Chromium on the teacher's article, says which
    article it reads, and its question made from the key is answered by clicking."""
    lab, folder = own_lab
    page = own_page
    art = course.load_article(folder)
    for path in WORKBOOK:
        open_notebook(page, lab, path)
        run_all_cells(page)
        _no_error_outputs(page)
        card = page.locator(".course-workbook-card").first
        card.scroll_into_view_if_needed()
        expect(card).to_contain_text(f"You are reading: {art.meta['title']}")
        assert visible_dialogs(page) == []
    open_notebook(page, lab, WORKBOOK[0])
    run_all_cells(page)
    qid = "key.attribution.who_says"
    q = question(page, qid)
    q.scroll_into_view_if_needed()
    expect(q).to_be_visible()
    choose(q, course.solution(qid, art))
    click_check(q)
    expect(feedback(q)).to_contain_text("✓ Correct")
    expect(q).to_contain_text("The article names who says these words")
    save_screenshot(page, "workbook-own-article")
