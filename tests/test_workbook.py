"""The workbook (issue 16): the three skills on any article with reviewed keys, and the
practice articles students try them on.

Every workbook notebook runs clean in a real kernel on each practice article (the course
article runs it under nbval in `make test`, an article made from a plain text file in
tests/test_byoa_e2e.py); what a student sees names the article read and nothing of the
course article; each practice article's keys pass the course's checks and give at least
three questions of two types per part, each explanation quoting the article."""
from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import course
from course.parts import workbook
from course.parts.keyloaders import LOADERS
from course.text.article import DEFAULT_ARTICLE, SEEDS_DIR
from workbook_check import leaks, seed_markers, visible_text

REPO = Path(__file__).resolve().parents[1]
WORKBOOK = sorted((REPO / "notebooks" / "workbook").glob("*.ipynb"))
#: The practice articles: every article the course keeps besides the course article.
PRACTICE = course.practice_articles()


def test_there_are_practice_articles_and_three_workbook_pages():
    assert len(PRACTICE) >= 1, PRACTICE
    assert [p.name for p in WORKBOOK] == list(workbook.PAGES)


@pytest.mark.parametrize("article_id", PRACTICE)
def test_a_practice_article_s_keys_load_and_every_span_is_its_words(article_id):
    art = course.load_article(article_id)
    for name, load in LOADERS.items():
        assert (art.folder / name).is_file(), f"{article_id} has no reviewed {name}"
        load(art)  # schema, then every span against the text (raises on a mistake)
    assert not list(art.folder.glob("*.draft.toml")), "drafts are reviewed, not shipped"
    assert "established" in art.meta and "licence" in art.meta and art.meta.get("url")


@pytest.mark.parametrize("article_id", PRACTICE)
def test_each_part_has_three_questions_of_two_types_each_quoting_its_evidence(article_id):
    art = course.load_article(article_id)
    made = course.questions(art).set_index("id")
    for part, ids in workbook.QUESTIONS.items():
        asked = [q for q in ids if q in made.index]
        assert len(asked) == 3, (part, asked)
        assert len({made.loc[q, "type"] for q in asked}) >= 2, part
        for qid in asked:
            q = course.question(qid, art)
            spans = [s for group in q.evidence.values() for s in group]
            assert spans, f"{qid} points at no evidence"
            assert "“" in q.explanation, f"{qid}'s explanation quotes nothing: {q.explanation}"
            right = course.solution(qid, art)
            assert course.check(qid, right, art).correct


def _run(path: Path, env: dict) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=180, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute(env=env)
    return nb


@pytest.mark.parametrize("article_id", PRACTICE)
def test_the_workbook_runs_on_a_practice_article_and_shows_only_that_article(
        article_id, tmp_path):
    env = {**os.environ, "COURSE_ARTICLE": article_id,
           "COURSE_PROGRESS_DIR": str(tmp_path), "COURSE_STUDENT": "practice"}
    with ThreadPoolExecutor(max_workers=2) as pool:
        ran = list(pool.map(lambda p: _run(p, env), WORKBOOK))
    art = course.load_article(article_id)
    for path, nb in zip(WORKBOOK, ran):
        errors = [o.evalue[:200] for c in nb.cells for o in c.get("outputs", [])
                  if o.output_type == "error"]
        assert not errors, (path.name, errors)
        text = visible_text(nb, art)
        assert f"You are reading: {art.meta['title']}" in text
        assert not leaks(text, art), (path.name, leaks(text, art))
        assert "ℹ" not in text, f"{path.name}: a section had nothing to show on {article_id}"


def test_the_workbook_s_text_cells_say_nothing_of_any_article():
    """Every text cell is about the skill: no name, quotation or paragraph of the course
    article, and no paragraph number at all."""
    practice = course.load_article(PRACTICE[0])
    for path in WORKBOOK:
        nb = nbformat.read(path, as_version=4)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        assert not leaks(text, practice), (path.name, leaks(text, practice))
        generic = text.replace("(P1, P2, …)", "")  # how paragraphs are numbered, in general
        assert not workbook_check_paragraphs(generic), path.name
        assert all(not c.get("outputs") for c in nb.cells), "stored without outputs"


def workbook_check_paragraphs(text: str) -> list[str]:
    from workbook_check import PARAGRAPH_REF
    return PARAGRAPH_REF.findall(text)


def test_the_leak_check_finds_the_course_article_in_its_own_lessons():
    """The check can fail: the hand-written lessons, read beside a practice article, are
    full of the course article's names and quotations."""
    practice = course.load_article(PRACTICE[0])
    nb = nbformat.read(REPO / "notebooks" / "02_contrasting_statements.ipynb", as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    found = leaks(text, practice)
    assert len(found) >= 5, found
    assert any("ministry" in f.casefold() for f in found), found
    assert len(seed_markers()) > 50
    assert leaks("See P99.", practice) == ["P99"]


def test_the_worked_examples_come_from_the_article_read():
    for article_id in [DEFAULT_ARTICLE, *PRACTICE]:
        art = course.load_article(article_id)
        for make in (course.worked_attribution, course.worked_contrast,
                     course.worked_chronology):
            page = make(art)
            assert isinstance(page, workbook.Page), (article_id, make.__name__, page)
            shown = " ".join(html.unescape(re.sub(r"<[^>]+>", "", page.html)).split())
            for span in page.spans:  # the article's own words, shown on the page
                assert art.text[span["start"]:span["end"]] == span["text"]
                assert " ".join(span["text"].split()[:4]) in shown, (make.__name__, span)
        card = course.article_card("2_contrast.ipynb", art)
        assert str(art.meta["title"]) in card.text
        assert '<a href="1_attribution.ipynb">' in card.html and "<b>2 Who" in card.html


def test_an_article_without_keys_gets_notes_not_errors(tmp_path):
    folder = tmp_path / "bare"
    folder.mkdir()
    source = SEEDS_DIR / PRACTICE[0]
    for name in ("article.txt", "meta.json"):
        (folder / name).write_bytes((source / name).read_bytes())
    art = course.load_article(folder)
    for make in (course.worked_attribution, course.worked_contrast, course.worked_chronology):
        note = make(art)
        assert "no reviewed answer key" in repr(note), repr(note)


@pytest.mark.parametrize("article_id", PRACTICE)
def test_a_practice_article_s_quotations_are_its_words_given_to_their_speakers(article_id):
    """The quotation guard the course article passes, on what students read of a practice
    article: its questions and the fields of its keys they see."""
    from course.authoring import quotations as Q
    art = course.load_article(article_id)
    texts = [(w, t) for w, t in Q.student_texts(art, REPO)
             if not w.startswith(("notebooks/", "exercises/", "docs/"))]
    assert {w.split(":")[0] for w, _ in texts} >= {"questions/90_from_key.toml",
                                                    "contrast.toml", "chronology.toml"}
    problems = Q.problems(art, texts)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("article_id", PRACTICE)
def test_the_workbook_passes_nbval_on_each_practice_article(article_id, tmp_path):
    """`make test` runs the workbook under nbval on the first practice article (the one it
    opens by default); here nbval runs it on each practice article, chosen as a teacher
    would, through COURSE_ARTICLE."""
    env = {**os.environ, "COURSE_ARTICLE": article_id, "COURSE_PROGRESS_DIR": str(tmp_path),
           "COURSE_STUDENT": "nbval"}
    done = subprocess.run([sys.executable, "-m", "pytest", "--nbval-lax", "-q",
                           "-p", "no:cacheprovider", *map(str, WORKBOOK)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "failed" not in done.stdout
