"""``python -m course key-questions``: questions made from an article's reviewed keys (issue 9).

Run on a temporary copy of the seed (never on seeds/ itself) and on a small hand-made
article whose key lacks material, so that questions are left out with a reason.
"""
from __future__ import annotations

import re

import json
import shutil
import tomllib
from pathlib import Path

import pytest

import course
from course.__main__ import main
from course.text.article import DEFAULT_ARTICLE, load_article
from course.authoring.keyquestions import IDS, QUESTIONS_FILE, key_questions, write_questions
from course.engine.questions import load_file
from course.text.tomlwrite import dumps

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / DEFAULT_ARTICLE


@pytest.fixture(scope="module")
def seed_copy(tmp_path_factory) -> Path:
    """A copy of the seed folder with questions/90_from_key.toml written by the CLI."""
    folder = tmp_path_factory.mktemp("seed") / DEFAULT_ARTICLE
    shutil.copytree(SEED, folder)
    assert main(["key-questions", str(folder)]) == 0
    return folder


@pytest.fixture(scope="module")
def made(seed_copy) -> dict:
    data = tomllib.loads((seed_copy / QUESTIONS_FILE).read_text(encoding="utf-8"))
    return {q["id"]: q for q in data["questions"]}


def test_the_seed_gets_all_nine_questions_and_they_load(seed_copy, made):
    assert sorted(made) == sorted(IDS)
    art = load_article(seed_copy)
    loaded = load_file(art, seed_copy / QUESTIONS_FILE)
    assert [q.id for q in loaded] == list(made)
    assert {q.id: q.part for q in loaded} == {
        "key.attribution.source_types": "attribution", "key.attribution.modes": "attribution",
        "key.attribution.who_says": "attribution", "key.contrast.naming": "contrast",
        "key.contrast.sides": "contrast", "key.contrast.differs": "contrast",
        "key.chronology.dates": "chronology", "key.chronology.order": "chronology",
        "key.chronology.certainty": "chronology"}
    for part in ("attribution", "contrast", "chronology"):  # three of two types a part
        assert len({q.type for q in loaded if q.part == part}) >= 2, part
    for q in loaded:
        assert q.prompt and q.hints and q.explanation and q.evidence
        assert "“" in q.explanation, f"{q.id}: the explanation quotes no words of the article"
        for spans in q.evidence.values():
            for s in spans:
                assert art.text[s["start"]:s["end"]] == s["text"]


def test_sizes_follow_the_rules(made):
    assert 3 <= len(made["key.attribution.source_types"]["items"]) <= 6
    assert 3 <= len(made["key.attribution.modes"]["items"]) <= 5
    assert 2 <= len(made["key.chronology.order"]["items"]) <= 5
    assert len(made["key.contrast.naming"]["items"]) >= 3
    assert len(set(made["key.contrast.naming"]["answer"])) >= 2


def test_answers_come_from_the_reviewed_key(seed_copy, made):
    art = load_article(seed_copy)
    key = course.attribution_key(art)
    by_name = dict(zip(key["source_name"], key["source_type"]))
    vague = set(key.loc[key["named"] == "vague", "source_name"])
    q = made["key.attribution.source_types"]
    for item, category in zip(q["items"], q["answer"]):
        assert by_name[item] == category and item not in vague, item
    q = made["key.attribution.modes"]
    modes = {(t, m) for t, m in zip(key["content"], key["mode"])}
    for item, mode in zip(q["items"], q["answer"]):
        text = re.sub(r" \(P\d+\)$", "", item).rstrip("…")
        assert any(t.startswith(text) and m == mode for t, m in modes), item
    events = course.timeline(art).set_index("label")
    groups = [[g] if isinstance(g, str) else g for g in made["key.chronology.order"]["answer"]]
    for earlier, later in zip(groups, groups[1:]):  # each group ends before the next begins
        for a in earlier:
            for b in later:
                assert events.loc[a, "latest"] < events.loc[b, "earliest"]
    for group in groups:  # a tie: the same dates
        assert len({(events.loc[e, "earliest"], events.loc[e, "latest"]) for e in group}) == 1
    dates = made["key.chronology.dates"]
    expressions = course.parts.chronology.key_expressions(art)
    values = dict(zip(expressions["text"], expressions["value"]))
    for item, category in zip(dates["items"], dates["answer"]):
        # plain words first, the technical value after them for the curious
        assert category.endswith(f"({values[item]})") and not category.startswith(values[item])


@pytest.mark.parametrize("qid", IDS)
def test_stored_answer_is_fully_correct_and_a_scrambled_one_is_not(seed_copy, made, qid):
    art = load_article(seed_copy)
    q = made[qid]
    if q["type"] == "matching":
        right = dict(zip(q["items"], q["answer"]))
        wrong = dict(right)
        first = q["items"][0]
        wrong[first] = next(c for c in q["categories"] if c != right[first])
    elif q["type"] == "single":
        right = q["answer"]
        wrong = next(o for o in q["options"] if o != right)
    elif q["type"] == "multiple":
        right = list(q["answer"])
        wrong = [o for o in q["options"] if o not in right][:1] + right[1:]
    else:
        right = [i for g in q["answer"] for i in ([g] if isinstance(g, str) else g)]
        wrong = list(q["items"])  # the order shown, which validation keeps different
    result = course.check(qid, right, art)
    assert result.correct and result.score == 1.0, result
    assert course.question(qid, art).solution() == right
    scrambled = course.check(qid, wrong, art)
    assert not scrambled.correct and scrambled.score < 1.0
    assert course.check(qid, "nonsense", art).status == "invalid"


def small_article(tmp_path: Path) -> Path:
    """A three-paragraph article with a reviewed key too small for most questions."""
    folder = tmp_path / "tiny"
    (folder / "questions").mkdir(parents=True)
    (folder / "article.txt").write_text(
        "The mayor said on Monday that the bridge would reopen.\n"
        "Works began in March, the city said.\n"
        "“We are on schedule,” the mayor told reporters.\n", encoding="utf-8")
    (folder / "meta.json").write_text(json.dumps({
        "title": "Bridge", "outlet": "Test", "published": "2024-05-08", "language": "en",
        "established": {k: "made up for a test" for k in ("title", "outlet", "published",
                                                            "language")}}), encoding="utf-8")
    art = load_article(folder)
    span = lambda phrase, n=1: course.make_span(art, phrase, n)  # noqa: E731
    entry = {"paragraph": "P1", "sentence": "S1", "source_name": "the mayor",
             "source_type": "official person", "named": "named", "mode": "indirect speech",
             "channel": "not stated", "via": ""}
    (folder / "attribution.toml").write_text(dumps({"entries": [
        {"id": "a1", **entry, "source": span("The mayor"), "cue": span("said"),
         "content": span("the bridge would reopen")},
        {"id": "a2", **entry, "paragraph": "P3", "sentence": "S3", "mode": "direct quote",
         "source": span("the mayor", 1), "content": span("We are on schedule")},
    ]}), encoding="utf-8")
    (folder / "chronology.toml").write_text(dumps({
        "expressions": [
            {"id": "t1", "span": span("Monday"), "type": "DATE", "value": "2024-05-06",
             "reasoning": "the last Monday before publication"},
            {"id": "t2", "span": span("March"), "type": "DATE", "value": "2024-03",
             "reasoning": "March of the publication year"}],
        "events": [
            {"id": "e1", "event": "Works begin", "label": "Works begin",
             "evidence": span("Works began in March"), "earliest": "2024-03-01",
             "latest": "2024-03-31", "certainty": "undated-range", "story_position": 2,
             "reasoning": "in March"}]}), encoding="utf-8")
    return folder


def test_questions_without_material_are_left_out_and_the_cli_says_why(tmp_path, capsys):
    folder = small_article(tmp_path)
    assert main(["key-questions", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "left out key.attribution.source_types" in out and "1 distinct source" in out
    assert "left out key.attribution.modes" in out and "at least 3" in out
    assert "left out key.contrast.naming: the article has no naming.toml" in out
    assert "left out key.chronology.dates" in out
    assert "left out key.chronology.order" in out
    # the new questions (issue 16) too: a thin key gives fewer questions, each reason said
    assert "left out key.attribution.who_says" in out and "at least 3" in out
    assert "left out key.contrast.sides: the article has no contrast.toml" in out
    assert "left out key.contrast.differs: the article has no contrast.toml" in out
    assert "left out key.chronology.certainty" in out
    assert "not written" in out
    assert not (folder / QUESTIONS_FILE).exists()


def test_a_stale_generated_file_is_removed_when_no_question_can_be_made(tmp_path):
    folder = small_article(tmp_path)
    stale = folder / QUESTIONS_FILE
    shutil.copy(SEED / "questions" / "00_start.toml", stale)  # any earlier file
    count, skipped = write_questions(folder)
    assert count == 0 and len(skipped) == len(IDS)
    assert not stale.exists()


def test_a_broken_reviewed_key_is_reported_not_turned_into_questions(tmp_path):
    folder = small_article(tmp_path)
    shutil.copy(SEED / "naming.toml", folder / "naming.toml")  # spans of another text
    made, skipped = key_questions(folder)
    assert made == []
    reasons = dict(skipped)
    assert "could not make a valid question" in reasons["key.contrast.naming"]
    assert "naming.toml" in reasons["key.contrast.naming"]  # the loader's message names it


def test_writes_only_what_validates_and_replaces_an_old_file(seed_copy, tmp_path):
    folder = tmp_path / DEFAULT_ARTICLE
    shutil.copytree(seed_copy, folder)
    (folder / QUESTIONS_FILE).write_text("# old\n[[questions]]\nid = \"x\"\n", encoding="utf-8")
    count, skipped = write_questions(folder)
    assert count == len(IDS) == 9 and skipped == []
    assert not list((folder / "questions").glob(".*"))  # no temporary file left
