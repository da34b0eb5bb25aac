"""Issue 7's teaching material: progress overview, synthesis checklist, teacher guide, handouts."""
from __future__ import annotations

import html
import json
import re
import shutil
import tomllib
import warnings
from pathlib import Path

import nbformat
import pytest

import course
from course.teaching import guide, handouts
from course.engine import overview, progress
from course.parts import synthesis
from course.engine.questions import load_questions

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def fresh_progress(tmp_path, monkeypatch):
    """A private, empty progress folder for one test."""
    monkeypatch.setenv("COURSE_PROGRESS_DIR", str(tmp_path / "progress"))
    monkeypatch.setenv("COURSE_STUDENT", "ada")
    return tmp_path / "progress"


# ------------------------------------------------------------------ overview

def test_overview_counts_follow_saved_progress(fresh_progress):
    start = course.progress_overview("attribution")
    assert start.counts["correct"] == 0
    assert "no answers saved yet" in start.summary
    total = start.counts["questions"]
    q = course.question("ex01.chain_song")
    course.mark("ex01.chain_song", q.answer)
    wrong = next(o for o in course.question("ex01.who_backed").options
                 if o != course.question("ex01.who_backed").answer)
    course.mark("ex01.who_backed", wrong)
    after = course.progress_overview("attribution")
    assert after.counts == {"questions": total, "correct": 1, "partial": 0, "wrong": 1,
                            "written": 0, "unanswered": total - 2}
    assert "2 of" in after.summary and "1 correct" in after.summary
    row = after.table.set_index("id").loc["ex01.who_backed"]
    assert row.status == "wrong" and row.attempts == 1
    page = after._repr_html_()
    assert "✓ correct" in page and "✗ tried, not yet right" in page


def test_overview_of_other_parts_is_not_touched(fresh_progress):
    course.mark("ex01.chain_song", course.question("ex01.chain_song").answer)
    assert course.progress_overview("chronology").counts["correct"] == 0
    assert course.progress_overview().counts["correct"] == 1


def test_overview_survives_a_corrupt_progress_file(fresh_progress):
    fresh_progress.mkdir(parents=True)
    (fresh_progress / "ada.json").write_text("{not json", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        view = course.progress_overview("start")
    assert view.counts["correct"] == 0
    assert any(issubclass(w.category, progress.ProgressWarning) for w in caught)
    kept = list(fresh_progress.glob("ada.unreadable-*.json"))
    assert kept and kept[0].read_text(encoding="utf-8") == "{not json"


def test_overview_escapes_prompts(fresh_progress):
    table = overview.progress_table("start")
    table.loc[0, "prompt"] = "<script>alert(1)</script>"
    page = overview.ProgressOverview(table, "x")._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page


# ---------------------------------------------------------------- synthesis

def test_checklist_passes_the_model_answer():
    items = synthesis.load_checklist().items
    model = course.question("synth.account").model_answer
    results = [synthesis.review(item, model) for item in items]
    assert all(ok for ok, _ in results), results


@pytest.mark.parametrize("text, failing", [
    ("On 25 June 2023, Qin met Rudenko in Beijing. The Chinese foreign ministry said they "
     "discussed relations; the Russian foreign ministry said China backed Moscow.", "attributed"),
    ("The Chinese foreign ministry said they met on Sunday. The Russian foreign ministry said "
     "China backed Moscow.", "dates_anchored"),
    ("On 25 June 2023 the Chinese foreign ministry said Qin met Rudenko.", "mentions"),
])
def test_checklist_flags_each_missing_skill(text, failing):
    for item in synthesis.load_checklist().items:
        ok, words = synthesis.review(item, text)
        assert ok == (item.check != failing), (item.check, words)


def test_checklist_widget_reviews_the_saved_account(fresh_progress):
    widget = course.checklist()
    assert widget.review() == []
    assert "Not reviewed yet" in widget.feedback.value
    course.mark("synth.account", "Qin met Rudenko on Sunday. " * 12)
    widget.review_button.click()
    assert "0 of 3 checks look done" in widget.feedback.value
    assert all("✗ To improve" in r.value for r in widget.results)
    course.mark("synth.account", course.question("synth.account").model_answer)
    widget.review_button.click()
    assert "3 of 3 checks look done" in widget.feedback.value


def test_checklist_file_errors_name_the_file(tmp_path):
    folder = tmp_path / "my-article"
    shutil.copytree(course.load_article().folder, folder)
    (folder / "checklist.toml").unlink()
    with pytest.raises(synthesis.ChecklistError, match="my-article/checklist.toml: missing"):
        synthesis.load_checklist(folder)
    (folder / "checklist.toml").write_text('question = "x"\n[[items]]\ntext = "a"\n',
                                           encoding="utf-8")
    with pytest.raises(synthesis.ChecklistError, match=r"items\[0\] needs text, why and check"):
        synthesis.load_checklist(folder)


# -------------------------------------------------------------------- guide

def test_guide_is_in_sync_with_the_data():
    committed = (REPO / "docs" / "teacher-guide.md").read_text(encoding="utf-8")
    assert committed == guide.build_guide(), \
        "docs/teacher-guide.md is stale: run `python -m course guide`"


def test_guide_has_every_question_and_its_key():
    text = guide.build_guide()
    for q in load_questions().values():
        assert f"`{q.id}`" in text
        if q.type == "single":
            assert f"“{q.answer}”" in text


def test_guide_has_rubric_levels_for_every_written_question():
    text = guide.build_guide()
    teacher = tomllib.loads((course.load_article().folder / "teacher.toml").read_text("utf-8"))
    levels = {r["question"] for r in teacher["rubrics"]}
    written = {q.id for q in load_questions().values() if q.written}
    assert written == levels
    for qid in written:
        block = text.split(f"#### `{qid}`", 1)[1].split("####", 1)[0]
        for level in ("beginning", "developing", "proficient"):
            assert f"| {level} |" in block


def test_guide_names_real_notebooks_for_common_mistakes():
    teacher = tomllib.loads((course.load_article().folder / "teacher.toml").read_text("utf-8"))
    for block in teacher["mistakes"]:
        assert (REPO / block["where"]).is_file(), block["where"]


def test_guide_sections_cover_lessons_and_objectives():
    text = guide.build_guide()
    for heading in ("## Learning objectives", "### Three lessons of 45 minutes",
                    "### One lesson of 90 minutes", "## Answer key", "## Common mistakes",
                    "## Rubrics for the written answers", "## Deployment figures"):
        assert heading in text
    assert "<!-- GENERATED" not in text


# ----------------------------------------------------------------- handouts

@pytest.fixture(scope="module")
def handout_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("handouts")
    handouts.write_handouts(out)
    return out


def test_every_notebook_and_the_guide_get_a_handout(handout_dir):
    names = {p.name for p in handout_dir.iterdir()}
    for nb in handouts.handout_sources():
        prefix = "exercise-" if nb.parent.name == "exercises" else ""
        assert f"{prefix}{nb.stem}.html" in names
    assert {"teacher-guide.html", "index.html"} <= names
    index = (handout_dir / "index.html").read_text(encoding="utf-8")
    for name in names - {"index.html"}:
        assert f"href='{name}'" in index


def test_handouts_show_each_asked_question_as_text(handout_dir):
    questions = load_questions()
    for nb_path in handouts.handout_sources():
        prefix = "exercise-" if nb_path.parent.name == "exercises" else ""
        page = html.unescape((handout_dir / f"{prefix}{nb_path.stem}.html").read_text("utf-8"))
        asked = handouts.ASK_CALL.findall("\n".join(
            c.source for c in nbformat.read(nb_path, as_version=4).cells))
        for qid in asked:
            q = questions[qid]
            assert q.prompt in page, (nb_path.name, qid)
            for option in q.options + q.items:
                assert option in page, (nb_path.name, qid, option)
        assert "application/vnd.jupyter.widget-view+json" not in page


def test_handouts_work_offline_and_hide_answers(handout_dir):
    for page_path in handout_dir.glob("*.html"):
        page = page_path.read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]*src=\"https?://", page), page_path.name
    student = (handout_dir / "exercise-01_source_attribution.html").read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in student
    assert "@media print" in student


def test_teacher_guide_handout_has_the_answer_key(handout_dir):
    page = (handout_dir / "teacher-guide.html").read_text(encoding="utf-8")
    assert "Answer key" in page and "synth.account" in page


def test_question_html_escapes_everything():
    q = course.question("start.where")
    fake = type(q)(**{**q.__dict__, "prompt": "<b>x</b>", "options": ("<i>", "y")})
    page = handouts.question_html(fake)
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page and "&lt;i&gt;" in page


# ------------------------------------------------------------------- binder

def test_binder_start_script_gives_jupyterlab_the_course_settings():
    import os
    import subprocess
    env = {**os.environ, "REPO_DIR": str(REPO), "JUPYTER_CONFIG_PATH": "/elsewhere"}
    out = subprocess.run(["bash", str(REPO / "start"), "printenv", "JUPYTER_CONFIG_PATH"],
                         env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert out == f"{REPO}/jupyter-config:/elsewhere"
    assert (REPO / "jupyter-config" / "jupyter_lab_config.json").is_file()
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "labpath=notebooks%2F00_start_here.ipynb" in readme
