"""Bring your own article, end to end (issue 9): from a plain text file to a working course in
two commands and one review pass, on two articles other than the seed.

1. ``python -m course new-article <text> --outlet ... --published ...`` (into a temp folder,
   never into seeds/);
2. ``python -m course draft-key <id>``;
3. one review pass with the review widget (accept, reject, edit, accept the rest, save);
then every lesson notebook and every exercise (teacher and student versions) runs on the new
article in a real kernel without an error, and the exercises' questions made from the key are
checked against the reviewed key.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import course
from workbook_check import leaks, visible_text

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpora" / "articles"

#: new article id -> the test article (Wikinews, CC BY) whose text the teacher brings as a
#: plain text file; outlet, date and title come from that folder's meta.json.
ARTICLES = {
    "apple-executive": "wikinews-apple-executive-leaves",
    "indonesia-minister": "wikinews-indonesia-transport-minister",
}
NOTEBOOKS = sorted((REPO / "notebooks").glob("0*.ipynb"))
SOLUTIONS = sorted((REPO / "exercises" / "solutions").glob("*.ipynb"))
STUDENT = sorted((REPO / "exercises").glob("0*.ipynb"))
KEY_QUESTIONS = ("key.attribution.source_types", "key.attribution.modes",
                 "key.chronology.dates", "key.chronology.order")


def _cli(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "course", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)


def _run(path: Path, env: dict) -> nbformat.NotebookNode:
    """Execute a copy of a notebook in a kernel started with ``env`` (this process's own
    environment is left alone: notebooks run in threads); errors are kept as outputs."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=180, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute(env=env)
    return nb


def _errors(nb: nbformat.NotebookNode) -> list[str]:
    return [f"cell {i}: {o.ename}: {o.evalue[:300]}" for i, c in enumerate(nb.cells)
            for o in c.get("outputs", []) if o.output_type == "error"]


def _text(nb: nbformat.NotebookNode) -> str:
    parts = []
    for c in nb.cells:
        for o in c.get("outputs", []):
            parts.append(o.get("text", ""))
            parts.extend(str(v) for v in o.get("data", {}).values())
    return "\n".join(parts)


@pytest.fixture(scope="module", params=sorted(ARTICLES))
def reviewed(request, tmp_path_factory):
    """A teacher's article made from a plain text file in two commands and one review pass."""
    folder = ARTICLES[request.param]
    meta = json.loads((CORPUS / folder / "meta.json").read_text(encoding="utf-8"))
    base = tmp_path_factory.mktemp(request.param)
    articles, progress = base / "articles", base / "progress"
    articles.mkdir()
    text_file = base / f"{request.param}.txt"
    text_file.write_bytes((CORPUS / folder / "article.txt").read_bytes())
    env = {**os.environ, "COURSE_ARTICLES_DIR": str(articles), "COURSE_PROGRESS_DIR": str(progress),
           "COURSE_STUDENT": "e2e"}
    env.pop("COURSE_ARTICLE", None)
    made = _cli("new-article", str(text_file), "--outlet", meta["outlet"], "--published",
                meta["published"], "--title", meta["title"], "--url", meta["url"],
                "--id", request.param, "--into", str(articles), env=env)
    assert made.returncode == 0, made.stderr + made.stdout
    drafted = _cli("draft-key", request.param, env=env)
    assert drafted.returncode == 0, drafted.stderr + drafted.stdout
    assert (articles / request.param / "attribution.draft.toml").is_file()

    # the review pass, through the widget as a teacher would click it
    from course.authoring import review as review_module
    old = os.environ.get("COURSE_ARTICLES_DIR")
    os.environ["COURSE_ARTICLES_DIR"] = str(articles)
    try:
        art = course.load_article(request.param)
        rev = review_module.Review(art)
        widget = review_module.ReviewWidget(rev)
        _one_review_pass(widget)
    finally:
        if old is None:
            os.environ.pop("COURSE_ARTICLES_DIR")
        else:
            os.environ["COURSE_ARTICLES_DIR"] = old
    for name in ("attribution.toml", "chronology.toml"):
        assert (articles / request.param / name).is_file(), f"review saved no {name}"
    env["COURSE_ARTICLE"] = request.param
    return request.param, articles, env


def _one_review_pass(widget) -> None:
    """Accept everything that is left, then save; the widget says it saved."""
    widget.accept_all_button.click()
    widget.save_button.click()
    assert "saved" in widget.feedback.value.lower(), widget.feedback.value


def test_the_reviewed_key_loads_with_the_course_loaders(reviewed):
    article_id, articles, env = reviewed
    art = course.load_article(articles / article_id)
    key = course.attribution_key(art)
    assert len(key) > 0 and set(key["paragraph"]) <= {p.id for p in art.paragraphs}
    for span_start, span_end, text in zip(key["content_start"], key["content_end"], key["content"]):
        if text:
            assert art.text[int(span_start):int(span_end)] == text
    assert len(course.timeline(art)) > 0


def test_every_lesson_and_exercise_runs_on_the_new_article(reviewed):
    article_id, articles, env = reviewed
    paths = [*NOTEBOOKS, *SOLUTIONS, *STUDENT]
    with ThreadPoolExecutor(max_workers=2) as pool:
        ran = list(pool.map(lambda p: _run(p, env), paths))
    problems = {p.name: _errors(nb) for p, nb in zip(paths, ran) if _errors(nb)}
    assert not problems, problems
    start = _text(ran[0])
    assert "running on your teacher's article" in start  # the notebook says which article
    art = course.load_article(articles / article_id)
    assert art.paragraphs[0].text[:40] in start  # and shows that article, not the seed
    # questions written for the course article say so instead of failing
    solutions = {p.name: _text(nb) for p, nb in zip(paths[len(NOTEBOOKS):], ran[len(NOTEBOOKS):])}
    assert "is not available for this article" in solutions["01_source_attribution.ipynb"]


def test_exercises_check_answers_against_the_reviewed_key(reviewed):
    article_id, articles, env = reviewed
    solutions = [p for p in SOLUTIONS if p.name.startswith(("01", "03"))]
    with ThreadPoolExecutor(max_workers=2) as pool:
        ran = list(pool.map(lambda p: _run(p, env), solutions))
    text = "\n".join(_text(nb) for nb in ran)
    art = course.load_article(articles / article_id)
    made = course.questions(art)
    asked = [q for q in KEY_QUESTIONS if q in set(made["id"])]
    assert len(asked) >= 3, f"too few questions made from the key: {list(made['id'])}"
    # the teacher versions answer with the key's solution: each is marked correct
    assert text.count("✓ Correct") >= len(asked), text[-2000:]
    for qid in asked:
        right = course.solution(qid, art)
        assert course.check(qid, right, art).correct
        wrong = list(reversed(right)) if isinstance(right, list) else \
            dict(zip(right, [*list(right.values())[1:], list(right.values())[0]]))
        if wrong != right:
            assert not course.check(qid, wrong, art).correct
        assert course.check(qid, "nonsense", art).status == "invalid"


def test_grading_on_the_new_article_counts_only_its_own_questions(reviewed, monkeypatch, tmp_path):
    """`course grade` on a teacher's article: the questions made from its key, answered in
    their widgets, are graded; the ones written for the course article are left out (said
    in the report), not scored 0."""
    from course.teaching import grade
    article_id, articles, env = reviewed
    for name in ("COURSE_ARTICLE", "COURSE_ARTICLES_DIR"):
        monkeypatch.setenv(name, env[name])
    monkeypatch.setenv("COURSE_PROGRESS_DIR", str(tmp_path))
    monkeypatch.setenv("COURSE_STUDENT", "ada")
    art = course.load_article(article_id)
    answered = ("key.attribution.source_types", "key.attribution.modes")
    for qid in answered:
        widget = course.ask(qid, art)
        widget.value = course.solution(qid, art)
        widget.check()
    (report,) = grade.grade([tmp_path], art)
    graded = {g.question: g for g in report.grades if g.exercise == "01_source_attribution"}
    made = set(course.questions(art)["id"])
    mine = {q for q in ("key.attribution.source_types", "key.attribution.modes",
                        "key.attribution.who_says") if q in made}
    assert set(graded) == mine and set(answered) <= mine, graded
    assert all(graded[q].status == "correct" and graded[q].score == 1.0 for q in answered)
    assert all(g.status == "not answered" for q, g in graded.items() if q not in answered)
    assert any("left out" in p and "ex01.implied_speaker" in p for p in report.problems), \
        report.problems


WORKBOOK = sorted((REPO / "notebooks" / "workbook").glob("*.ipynb"))


def test_the_workbook_runs_on_the_new_article_and_speaks_only_of_it(reviewed):
    """Issue 16: every workbook notebook runs clean on an article made from a plain text
    file, names that article, and shows nothing of the course article."""
    article_id, articles, env = reviewed
    assert len(WORKBOOK) == 3
    with ThreadPoolExecutor(max_workers=2) as pool:
        ran = list(pool.map(lambda p: _run(p, env), WORKBOOK))
    problems = {p.name: _errors(nb) for p, nb in zip(WORKBOOK, ran) if _errors(nb)}
    assert not problems, problems
    art = course.load_article(articles / article_id)
    for path, nb in zip(WORKBOOK, ran):
        text = visible_text(nb, art)
        assert f"You are reading: {art.meta['title']}" in text, path.name
        assert not leaks(text, art), (path.name, leaks(text, art))


def test_the_workbook_passes_nbval_on_the_new_article(reviewed):
    """The workbook under nbval itself (lax: it is stored without outputs) on the article
    made from a plain text file, chosen as a teacher would, through COURSE_ARTICLE."""
    article_id, articles, env = reviewed
    done = subprocess.run([sys.executable, "-m", "pytest", "--nbval-lax", "-q",
                           "-p", "no:cacheprovider", *map(str, WORKBOOK)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "failed" not in done.stdout
