"""The attribution extractor on a corpus it was not written for: Wikinews articles (CC BY)
in corpora/articles with hand-made keys, split into a development set (the rules were
tuned on it) and a held-out set (measured once, never tuned on). Also: the rules name no
entity of any one article, and the extractor's work grows with the text, not faster."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import course
from course.evaluation import attribution_eval as ev
from course.parts import attribution_rules as rules
from course.parts.attribution import attribution_counts, load_key_file, scores_from_counts

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "articles"
SEED = course.load_article()
RULE_FILES = [Path(rules.__file__), Path(rules.__file__).with_name("attribution_extract.py")]

#: Pooled (micro-averaged) F1 on the development set with the rules of issue 18 (5 Dec
#: 2026), rounded down to 0.05: floors, not targets. Measured: source 0.910/0.910, cue
#: 0.939/0.939, content 0.933/0.972 (exact/overlap); before issue 18: source 0.881/0.881,
#: cue 0.924/0.924, content 0.933/0.960.
DEV_FLOORS = {
    ("source", "exact"): 0.90, ("source", "overlap"): 0.90,
    ("cue", "exact"): 0.90, ("cue", "overlap"): 0.90,
    ("content", "exact"): 0.90, ("content", "overlap"): 0.95,
}

#: Pooled F1 on the held-out set, measured once (5 Dec 2026) with the final rules of
#: issue 18 and never tuned on, rounded down to 0.05. Measured: source 0.636/0.712, cue
#: 0.711/0.741, content 0.617/0.804 (exact/overlap); with the rules of issue 9 (28 Nov
#: 2026): source 0.641/0.718, cue 0.716/0.746, content 0.613/0.802; see
#: docs/attribution-evaluation.md.
HELD_OUT_FLOORS = {
    ("source", "exact"): 0.60, ("source", "overlap"): 0.70,
    ("cue", "exact"): 0.70, ("cue", "overlap"): 0.70,
    ("content", "exact"): 0.60, ("content", "overlap"): 0.80,
}


#: Share of draft entries a reviewer accepts unchanged (issue 18), pooled, rounded down to
#: 0.05. Measured 5 Dec 2026: dev 0.899 (80 of 89), held-out 0.433 (39 of 90, measured once).
DEV_ACCEPTANCE_FLOOR = 0.85
HELD_OUT_ACCEPTANCE_FLOOR = 0.40


def f1(scores: pd.DataFrame, field: str, match: str) -> float:
    """The F1 of one field and match kind in a score table."""
    return float(scores[(scores["field"] == field) & (scores["match"] == match)]["f1"].iloc[0])


# ------------------------------------------------------------------------ the corpus

def test_the_two_sets_are_disjoint_and_every_article_is_in_one():
    assert not set(ev.DEV_SET) & set(ev.HELD_OUT_SET)
    folders = {p.parent.name for p in CORPUS.glob("*/article.txt")}
    assert folders == set(ev.DEV_SET) | set(ev.HELD_OUT_SET)
    assert len(ev.DEV_SET) >= 5 and len(ev.HELD_OUT_SET) >= 5


@pytest.mark.parametrize("name", [*ev.DEV_SET, *ev.HELD_OUT_SET])
def test_every_corpus_key_loads_and_its_spans_match_the_text(name):
    """load_key_file checks every span (offsets, text, paragraph); the frame agrees too."""
    art = course.load_article(CORPUS / name)
    assert art.meta["licence"].startswith("CC BY")
    data = load_key_file(art)
    assert len(data["entries"]) >= 5
    key = course.attribution_key(art)
    attributed = key[key["mode"] != "own voice"]
    assert len(attributed) >= 3 and attributed["source"].ne("").any()
    for field in ("source", "cue", "content"):
        for _, row in key[key[f"{field}_start"].notna()].iterrows():
            assert art.text[row[f"{field}_start"]:row[f"{field}_end"]] == row[field]


# ------------------------------------------------------------------------ the scores

def test_pooled_counts_are_the_sum_of_the_articles():
    scores, pooled, skipped = ev.evaluate(ev.DEV_SET)
    assert not skipped and set(scores["article"]) == set(ev.DEV_SET)
    total = sum(ev.article_counts(course.load_article(CORPUS / n))["in_key"].sum()
                for n in ev.DEV_SET)
    assert pooled["in_key"].sum() == total
    for _, row in pooled.iterrows():
        assert 0 <= row["precision"] <= 1 and 0 <= row["recall"] <= 1


def test_counts_of_a_key_against_itself_give_one_and_against_nothing_zero():
    key = course.attribution_key(CORPUS / ev.DEV_SET[0])
    assert (scores_from_counts(attribution_counts(key, key))["f1"] == 1).all()
    assert (scores_from_counts(attribution_counts(key.iloc[0:0], key))["f1"] == 0).all()


@pytest.mark.parametrize("field, match", list(DEV_FLOORS))
def test_pooled_scores_on_the_development_set_do_not_fall(field, match):
    _, pooled, _ = ev.evaluate(ev.DEV_SET)
    assert f1(pooled, field, match) >= DEV_FLOORS[(field, match)]


@pytest.mark.parametrize("field, match", list(HELD_OUT_FLOORS))
def test_pooled_scores_on_the_held_out_set_do_not_fall(field, match):
    _, pooled, skipped = ev.evaluate(ev.HELD_OUT_SET)
    assert not skipped
    assert f1(pooled, field, match) >= HELD_OUT_FLOORS[(field, match)]


def _entries(rows: list[tuple]) -> pd.DataFrame:
    """A tiny frame of entries: (source, cue, content spans as (start, end) or None, mode)."""
    records = []
    for *spans, mode in rows:
        record = {"mode": mode}
        for name, span in zip(("source", "cue", "content"), spans):
            record[f"{name}_start"] = span[0] if span else pd.NA
            record[f"{name}_end"] = span[1] if span else pd.NA
        records.append(record)
    return pd.DataFrame(records).astype({c: "Int64" for c in records[0] if c != "mode"})


def test_acceptance_counts_drafts_a_reviewer_keeps_unchanged():
    """One draft has the key entry's three spans and mode: accepted. The other has the
    right source and cue but a content one character short: not accepted. A draft with the
    right spans but another mode is not accepted either; a key entry with no mode accepts any."""
    key = _entries([((0, 4), (5, 9), (10, 30), "indirect speech"),
                    ((40, 42), (43, 47), (48, 60), "direct quote"),
                    ((70, 72), None, (80, 90), "")])
    found = _entries([((0, 4), (5, 9), (10, 30), "indirect speech"),
                      ((40, 42), (43, 47), (48, 59), "direct quote")])
    one = ev.acceptance(found, key)
    assert (one.drafts, one.accepted, one.share) == (2, 1, 0.5)
    other_mode = _entries([((0, 4), (5, 9), (10, 30), "mixed"),
                           ((70, 72), None, (80, 90), "mixed")])
    assert ev.acceptance(other_mode, key) == ev.Acceptance(2, 1)
    assert (one + ev.Acceptance(2, 2)).share == 0.75 and ev.Acceptance(0, 0).share == 0.0


def test_acceptance_on_the_development_set_does_not_fall():
    _, pooled = ev.evaluate_acceptance(ev.DEV_SET)
    assert pooled.drafts > 50 and pooled.share >= DEV_ACCEPTANCE_FLOOR


def test_acceptance_on_the_held_out_set_does_not_fall():
    _, pooled = ev.evaluate_acceptance(ev.HELD_OUT_SET)
    assert pooled.drafts > 0 and pooled.share >= HELD_OUT_ACCEPTANCE_FLOOR


def test_an_article_without_a_key_is_skipped_and_named(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    for name in ev.DEV_SET[:2]:
        shutil.copytree(CORPUS / name, corpus / name)
    (corpus / ev.DEV_SET[1] / "attribution.toml").unlink()
    scores, pooled, skipped = ev.evaluate(ev.DEV_SET[:2], corpus)
    assert skipped == [ev.DEV_SET[1]] and set(scores["article"]) == {ev.DEV_SET[0]}
    frame, skipped = ev.table(ev.DEV_SET[:2], corpus)
    assert list(frame.index) == [ev.DEV_SET[0], "all (1 articles, pooled)"]


def test_the_command_prints_every_set_and_refuses_an_unknown_one(capsys):
    ev.main(["seed", "dev"])
    out = capsys.readouterr().out
    for field in ("source", "cue", "content"):
        assert f"== dev: {field}" in out and f"== seed: {field}" in out
    assert "all (5 articles, pooled)" in out and SEED.id in out
    assert re.search(r"content F1 ov", out)
    assert "== dev: draft entries accepted unchanged" in out
    assert re.search(r"all \(5 articles, pooled\) +\d+ of +\d+  share \d\.\d{3}", out)
    with pytest.raises(SystemExit):
        ev.main(["test-set"])
    assert "unknown set 'test-set'" in capsys.readouterr().err


# -------------------------------------------------------------- general, not seed rules

def entity_words() -> set[str]:
    """Capitalised words naming the sources of the seed and every keyed corpus article
    (people, places, outlets): words that the article never writes in lower case (so not
    "The" or "Such" at the start of a sentence), minus the well-known agencies the rules
    may list."""
    agencies = {w for a in rules.NEWS_AGENCIES for w in a.split()}
    words: set[str] = set()
    for folder in [None, *(CORPUS / n for n in (*ev.DEV_SET, *ev.HELD_OUT_SET))]:
        art = course.load_article(folder)
        lower = set(re.findall(r"\b[a-z][\w’'-]*", art.text))
        key = course.attribution_key(art)
        for value in [*key["source_name"], *key["source"]]:
            words |= {w for w in re.findall(r"\b[A-Z][\w’'.-]*\w", value)
                      if w.lower() not in lower}
    return words - agencies - {"Inc"}


def test_the_rules_name_no_person_place_or_outlet_of_an_article():
    words = entity_words()
    assert {"Putin", "Zelensky", "Prigozhin", "WION", "Kremlin"} <= words  # the list works
    for path in RULE_FILES:
        text = path.read_text("utf-8")
        named = {w for w in words if re.search(r"(?<![\w-])" + re.escape(w) + r"(?![\w-])", text)}
        assert not named, f"{path.name} names {sorted(named)}"


def test_the_seed_title_words_are_not_in_the_rules():
    title_names = set(re.findall(r"\b[A-Z][a-z]+\b", SEED.meta["title"])) - {"Qin", "The"}
    title_names |= {"Qin", "Rudenko", "Beijing", "Moscow", "Wagner"}
    for path in RULE_FILES:
        text = path.read_text("utf-8")
        assert not [w for w in title_names if re.search(rf"\b{w}\b", text)], path.name


# -------------------------------------------------------------------------- scaling

def test_a_repeated_corpus_gives_the_rows_of_each_copy(tmp_path):
    """The extractor's result on k copies of a text is k copies of its rows (shifted):
    nothing it does depends on how much text came before."""
    texts = [SEED.text.strip("\n")] + [(CORPUS / n / "article.txt").read_text("utf-8").strip("\n")
                                       for n in ev.DEV_SET]
    one = "\n".join(texts) + "\n"
    folders = {}
    for k in (1, 3):
        folders[k] = tmp_path / f"x{k}"
        folders[k].mkdir()
        (folders[k] / "article.txt").write_text(one * k, "utf-8")
        shutil.copy(SEED.folder / "meta.json", folders[k] / "meta.json")
    single = course.extract_attributions(folders[1])
    triple = course.extract_attributions(folders[3])
    assert len(triple) == 3 * len(single) > 100
    n = len(single)
    last = triple.iloc[2 * n:].reset_index(drop=True)
    shift = 2 * len(one)
    assert list(last["content"]) == list(single["content"])
    assert (last["cue_start"].dropna() - shift).tolist() == single["cue_start"].dropna().tolist()


@pytest.mark.parametrize("name", [*ev.DEV_SET, *ev.HELD_OUT_SET])
def test_every_row_names_an_explained_rule_and_indexes_the_text(name):
    art = course.load_article(CORPUS / name)
    found = course.extract_attributions(art)
    assert set(found["rule"]) <= set(course.parts.attribution.RULES_EXPLAINED)
    for field in ("source", "cue", "content"):
        for _, row in found[found[f"{field}_start"].notna()].iterrows():
            assert art.text[row[f"{field}_start"]:row[f"{field}_end"]] == row[field]


def test_the_lesson_states_the_held_out_figures_the_rules_really_get():
    """Lesson 1 tells students how the rules do on unseen articles: the numbers it states
    are recomputed here from the held-out corpus, so a change in the rules that moves them
    fails until the sentence is updated."""
    import re

    import nbformat

    from course.evaluation import attribution_eval as E
    from course.text.article import load_article
    in_key = found = hit = 0
    for name in E.HELD_OUT_SET:
        counts = E.article_counts(load_article(E.CORPUS_DIR / name)).set_index(
            ["field", "match"]).loc[("source", "exact")]
        in_key, found, hit = in_key + counts["in_key"], found + counts["found"], \
            hit + counts["hit_key"]
    lesson = nbformat.read(Path(__file__).resolve().parents[1] / "notebooks" /
                           "01_source_attribution.ipynb", as_version=4)
    text = " ".join(c.source for c in lesson.cells if c.cell_type == "markdown")
    stated = re.search(r"found the right speaker for (\d+) of the (\d+) attributions, and "
                       r"(\d+) of the (\d+) speakers they named were right", text)
    assert stated, "lesson 1 no longer states the held-out figures"
    assert tuple(map(int, stated.groups())) == (hit, in_key, hit, found)
