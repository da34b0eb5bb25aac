"""``python -m course draft-key``: machine-made draft keys for a teacher's article (issue 9).

Two Wikinews texts (CC BY, corpora/articles) are brought as plain .txt files, made into
articles with new-article in a temporary folder (``COURSE_ARTICLES_DIR``), then drafted.
The drafts must be in exactly the schema of the reviewed files: renamed, the real loaders
accept them. Nothing is written under seeds/.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import course
from course.__main__ import main
from course.text.article import load_article
from course.parts.attribution import load_key_file
from course.parts.chronology import chronology_key, timeline
from course.parts.contrast import load_pairs, naming_table
from course.authoring.draft import DraftError, draft_key
from course.text.keyfiles import KEY_FILES, draft_name
from course.engine.questions import load_file

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpora" / "articles"
SEED = REPO / "seeds" / "wion-2023-06-25-qin-rudenko"
TEXTS = {"apple-exec": "wikinews-apple-executive-leaves",
         "indonesia": "wikinews-indonesia-transport-minister"}
SECTIONS = {"attribution.toml": ("entries",), "chronology.toml": ("expressions", "signals",
                                                                   "hedges", "events"),
            "contrast.toml": ("pairs",), "naming.toml": ("names",)}


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> Path:
    """A folder of two new articles made from plain text files and drafted by the CLI."""
    base = tmp_path_factory.mktemp("byoa")
    folder = base / "articles"
    folder.mkdir()
    env = {**os.environ, "COURSE_ARTICLES_DIR": str(folder)}
    env.pop("COURSE_ARTICLE", None)
    for new_id, corpus_id in TEXTS.items():
        meta = json.loads((CORPUS / corpus_id / "meta.json").read_text(encoding="utf-8"))
        text = base / f"{new_id}.txt"
        text.write_bytes((CORPUS / corpus_id / "article.txt").read_bytes())
        for args in (["new-article", str(text), "--outlet", meta["outlet"], "--published",
                      meta["published"], "--title", meta["title"], "--id", new_id, "--into",
                      str(folder)], ["draft-key", new_id]):
            proc = subprocess.run([sys.executable, "-m", "course", *args], cwd=REPO, env=env,
                                  capture_output=True, text=True, timeout=300)
            assert proc.returncode == 0, proc.stdout + proc.stderr
    return folder


@pytest.fixture
def articles_env(articles, monkeypatch):
    monkeypatch.setenv("COURSE_ARTICLES_DIR", str(articles))
    monkeypatch.delenv("COURSE_ARTICLE", raising=False)
    return articles


def spans_in(value):
    """Every span (a table with start, end and text) anywhere in a parsed TOML value."""
    if isinstance(value, dict):
        if {"start", "end", "text"} <= set(value):
            yield value
        for v in value.values():
            yield from spans_in(v)
    elif isinstance(value, list):
        for v in value:
            yield from spans_in(v)


@pytest.mark.parametrize("article_id", sorted(TEXTS))
def test_drafts_are_marked_and_every_entry_awaits_review(articles, article_id):
    folder = articles / article_id
    for name in KEY_FILES:
        path = folder / draft_name(name)
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# DRAFT") and "MACHINE-MADE" in text
        assert "notebooks/teacher_review.ipynb" in text
        data = tomllib.loads(text)
        assert data["draft"] is True
        for section in SECTIONS[name]:
            for entry in data.get(section, []):
                assert entry["review"] == "draft", (name, entry)
    assert (folder / "questions" / "90_from_key.draft.toml").is_file()
    assert not any((folder / name).exists() for name in KEY_FILES), "no reviewed file yet"


@pytest.mark.parametrize("article_id", sorted(TEXTS))
def test_every_span_points_at_the_exact_text(articles_env, article_id):
    art = load_article(article_id)
    seen = 0
    for name in KEY_FILES:
        data = tomllib.loads((art.folder / draft_name(name)).read_text(encoding="utf-8"))
        for span in spans_in(data):
            assert art.text[span["start"]:span["end"]] == span["text"], (name, span)
            course.check_span(art, span, f"{name} {span}")
            seen += 1
    assert seen >= 20


@pytest.mark.parametrize("article_id", sorted(TEXTS))
def test_drafts_have_the_schema_of_the_reviewed_files(articles_env, article_id):
    """Each draft entry uses only fields that the seed's reviewed file uses (plus review)."""
    art = load_article(article_id)
    for name in KEY_FILES:
        seed = tomllib.loads((SEED / name).read_text(encoding="utf-8"))
        draft = tomllib.loads((art.folder / draft_name(name)).read_text(encoding="utf-8"))
        assert set(draft) - {"draft"} <= set(seed), name
        for section in SECTIONS[name]:
            known = {k for entry in seed.get(section, []) for k in entry} | {"review", "check"}
            for entry in draft.get(section, []):
                assert set(entry) <= known, (name, section, set(entry) - known)
        if name == "attribution.toml":
            vocab = draft["vocabulary"]
            assert set(vocab) == set(seed["vocabulary"])
            for entry in draft["entries"]:
                for field in vocab:
                    assert entry[field] in vocab[field], (field, entry)


@pytest.mark.parametrize("article_id", sorted(TEXTS))
def test_renamed_drafts_load_with_the_real_loaders(articles, article_id, tmp_path):
    copy = tmp_path / article_id
    shutil.copytree(articles / article_id, copy)
    for name in KEY_FILES:
        (copy / draft_name(name)).rename(copy / name)
    art = load_article(copy)
    key = load_key_file(art)
    assert len(key["entries"]) >= 3
    assert len(course.attribution_key(art)) == len(key["entries"])
    chron = chronology_key(art)
    assert len(chron["expressions"]) >= 3 and len(chron["events"]) >= 1
    events = timeline(art)
    assert list(events["certainty"].unique()) and set(events["certainty"]) <= \
        {"stated", "inferred", "undated-range", "unknown"}
    assert all(e <= la for e, la in zip(events["earliest"], events["latest"]))
    assert len(load_pairs(art)) >= 1
    names = naming_table(art)
    assert len(names) >= 1 and (names["expression"] ==
                                [art.text[s:e] for s, e in zip(names["start"], names["end"])]).all()
    questions = load_file(art, copy / "questions" / "90_from_key.draft.toml")
    assert {q.id for q in questions} >= {"key.attribution.modes", "key.chronology.dates"}


def test_the_first_timeline_dates_each_event_by_its_sentence(articles_env):
    art = load_article("indonesia")
    data = tomllib.loads((art.folder / "chronology.draft.toml").read_text(encoding="utf-8"))
    review = [e for e in data["events"] if "November 28" in e["evidence"]["text"]]
    assert len(review) == 1
    assert review[0]["earliest"] == review[0]["latest"] == f"{art.published.year}-11-28"
    assert review[0]["certainty"] == "stated"
    sentence = art.sentence_at(review[0]["evidence"]["start"])
    assert review[0]["evidence"]["text"] == sentence.text.strip()


def test_drafts_are_not_overwritten_without_force(articles_env, capsys):
    folder = articles_env / "apple-exec"
    before = {p.name: p.read_bytes() for p in folder.glob("*.draft.toml")}
    assert main(["draft-key", "apple-exec"]) == 2
    err = capsys.readouterr().err
    assert "already exist" in err and "--force" in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in folder.glob("*.draft.toml")} == before
    with pytest.raises(DraftError):
        draft_key("apple-exec")


def test_force_replaces_drafts_but_never_touches_reviewed_files(articles, tmp_path,
                                                                monkeypatch):
    base = tmp_path / "arts"
    shutil.copytree(articles / "apple-exec", base / "apple-exec")
    monkeypatch.setenv("COURSE_ARTICLES_DIR", str(base))
    folder = base / "apple-exec"
    reviewed = folder / "attribution.toml"
    shutil.copy(folder / "attribution.draft.toml", reviewed)
    reviewed.write_text(reviewed.read_text(encoding="utf-8") + "# teacher's note\n",
                        encoding="utf-8")
    (folder / "naming.draft.toml").write_text("# scribbled over\n", encoding="utf-8")
    kept = reviewed.read_bytes()
    report = draft_key("apple-exec", force=True)
    assert reviewed.read_bytes() == kept
    assert tomllib.loads((folder / "naming.draft.toml").read_text(encoding="utf-8"))["draft"]
    assert "naming.draft.toml" in report.written


def test_unknown_article_gives_one_line_and_exit_2(capsys, articles_env):
    assert main(["draft-key", "no-such-article"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("draft-key: ") and err.count("\n") == 1 and "no-such-article" in err


def test_redrafting_after_a_review_keeps_question_ids_unique(articles, tmp_path, monkeypatch):
    """The engine loads every questions/*.toml: with reviewed key questions present, draft-key
    --force must not add draft questions with the same ids."""
    from course.authoring.review import Review
    base = tmp_path / "arts"
    shutil.copytree(articles / "indonesia", base / "indonesia")
    monkeypatch.setenv("COURSE_ARTICLES_DIR", str(base))
    review = Review(load_article("indonesia"))
    review.accept_remaining()
    message = review.save().text
    assert message.startswith(("✓ saved", "⚠ saved")), message
    folder = base / "indonesia"
    assert (folder / "questions" / "90_from_key.toml").is_file()
    report = draft_key("indonesia", force=True)
    assert not (folder / "questions" / "90_from_key.draft.toml").exists()
    assert any("not written" in n for n in report.notes)
    assert len(course.questions(load_article("indonesia"))) >= 3  # loads: no duplicate ids
