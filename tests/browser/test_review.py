"""The teacher review notebook in a real browser (issue 9): a drafted temporary article is
picked through the environment (``COURSE_ARTICLES_DIR``, ``COURSE_ARTICLE``), entries are
accepted and rejected by clicking, the keys are saved, and the saved files are checked."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import expect

from .conftest import (Lab, isolated_jupyter_env, lab_page, open_notebook, run_all_cells,
                       shutdown_lab, start_lab)

TEXT = ("Officials at AT&T said on Monday that the <new> network would open in March.\n"
        "“We are ready,” the company's chief executive told reporters.\n"
        "Critics said the plan was rushed, according to Reuters.\n"
        "The network was first announced in January, the network operator said.\n")
ARTICLE = "browser-review"


@pytest.fixture(scope="module")
def review_lab(tmp_path_factory, browser) -> Iterator[tuple[Lab, Path]]:
    """A JupyterLab whose kernels see a drafted teacher's article as the default article."""
    from course.authoring.draft import draft_key
    from course.authoring.newarticle import new_article
    base = tmp_path_factory.mktemp("review-lab")
    articles = base / "articles"
    articles.mkdir()
    (base / "text.txt").write_text(TEXT, encoding="utf-8")
    draft_key(new_article(base / "text.txt", "Test outlet", "2024-05-08", article_id=ARTICLE,
                          into=articles))
    env = isolated_jupyter_env(base / "jupyter")
    env.update(COURSE_ARTICLES_DIR=str(articles), COURSE_ARTICLE=ARTICLE)
    lab = start_lab(base, ["--LabApp.expose_app_in_browser=True"], env=env)
    try:
        yield lab, articles / ARTICLE
    finally:
        shutdown_lab(lab)


@pytest.fixture
def review_page(browser, review_lab, request):
    """A fresh page on this test's lab (screenshots and logs on failure: ``lab_page``)."""
    lab, _ = review_lab
    yield from lab_page(browser, lab, request, height=1000)


def test_accept_reject_and_save_by_clicking(review_page, review_lab, monkeypatch):
    lab, folder = review_lab
    page = review_page
    open_notebook(page, lab, "notebooks/teacher_review.ipynb")
    run_all_cells(page)
    box = page.locator(".course-review")
    expect(box).to_be_visible()
    expect(box.locator(".course-review-status")).to_contain_text(f"Reviewing {ARTICLE}")
    view = box.locator(".course-review-view")
    expect(view.locator("mark").first).to_be_visible()
    expect(view).to_contain_text("the <new> network")  # escaped, so shown as text
    feedback = box.locator(".course-review-feedback")

    box.locator(".course-review-accept").click()
    expect(feedback).to_contain_text("accepted")
    box.locator(".course-review-reject").click()
    expect(feedback).to_contain_text("rejected")
    box.locator(".course-review-save").click()
    expect(feedback).to_contain_text("not saved")
    assert not (folder / "attribution.toml").exists()

    box.locator(".course-review-accept-all").click()
    expect(feedback).to_contain_text("accepted")
    box.locator(".course-review-save").click()
    # "⚠ saved" when entries still say "to review" (named in the message): saved all the same
    expect(feedback).to_contain_text(re.compile(r"^\s*(✓|⚠) saved"), timeout=60_000)
    expect(feedback).not_to_contain_text("✗")

    monkeypatch.setenv("COURSE_ARTICLES_DIR", str(folder.parent))
    from course.text.article import load_article
    from course.parts.attribution import load_key_file
    from course.parts.chronology import chronology_key
    from course.authoring.review import Review
    art = load_article(ARTICLE)
    drafted = Review(art).entries["attribution.toml"]
    saved = load_key_file(art)["entries"]
    assert len(saved) == len(drafted) - 1  # the second entry was rejected
    assert drafted[1].id not in {e["id"] for e in saved}
    assert all("review" not in e for e in saved)
    assert chronology_key(art)["expressions"]
    assert (folder / "questions" / "90_from_key.toml").is_file()
