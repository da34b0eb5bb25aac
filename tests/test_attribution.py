"""Part 1, source attribution: the hand-made key, the rule-based extractor, its score
against the key, its robustness on other real and synthetic texts, and the teaching views."""
from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import course
from course.parts import attribution_rules as rules
from course.text.article import Article, Sentence, split_paragraphs, split_sentences
from course.parts.attribution import AttributionKeyError, load_key_file
from course.parts.attribution_views import (TYPE_STYLE, highlight_html, plot_chain,
                                      plot_source_types, sources_table)

matplotlib.use("Agg")

SEED = course.load_article()
KEY_PATH = SEED.folder / "attribution.toml"
CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "articles"
OTHER_ARTICLES = sorted(CORPUS.glob("*/article.txt"))
SPAN_FIELDS = ("source", "cue", "content")
EXTRACT_COLUMNS = ["paragraph", "source", "source_start", "source_end", "cue", "cue_start",
                   "cue_end", "content", "content_start", "content_end", "mode", "channel"]


def raw_key() -> dict:
    """The key file as plain TOML, without the library's loader."""
    return tomllib.loads(KEY_PATH.read_text("utf-8"))


def synthetic(text: str, folder: Path | None = None) -> Article:
    """An in-memory article from ``text`` (one paragraph per line)."""
    paragraphs = split_paragraphs(text)
    sentences = []
    for p in paragraphs:
        for a, b in split_sentences(text, p.start, p.end):
            sentences.append(Sentence(f"S{len(sentences) + 1}", p.id, a, b, text[a:b]))
    meta = {"title": "t", "outlet": "Test Outlet", "published": "2024-01-01", "language": "en",
            "established": {"title": "synthetic"}}
    return Article("synthetic", folder or Path("."), meta, text, paragraphs, sentences)


def assert_offsets(article: Article, frame: pd.DataFrame) -> None:
    """Every span column indexes the article text exactly."""
    for _, row in frame.iterrows():
        for name in SPAN_FIELDS:
            if pd.isna(row[f"{name}_start"]):
                assert row[name] == ""
            else:
                assert article.text[row[f"{name}_start"]:row[f"{name}_end"]] == row[name]


# ------------------------------------------------------------------------ the key

def test_every_key_span_is_exact():
    """check_span on every span of every entry (offsets, text and paragraph agree)."""
    checked = 0
    for entry in raw_key()["entries"]:
        for name in (*SPAN_FIELDS, "channel_text"):
            if name in entry:
                course.check_span(SEED, entry[name], f"attribution.toml {entry['id']} {name}")
                checked += 1
    assert checked >= 80


def test_key_frame_has_extractor_columns_and_consistent_offsets():
    key = course.attribution_key()
    assert set(EXTRACT_COLUMNS + ["source_name", "source_type", "via"]) <= set(key.columns)
    assert key["id"].is_unique
    assert_offsets(SEED, key)


def test_key_values_use_its_vocabulary():
    data = raw_key()
    for entry in data["entries"]:
        for name in ("source_type", "mode", "channel", "named"):
            assert entry[name] in data["vocabulary"][name], (entry["id"], name)
        if entry["mode"] == "own voice":
            assert "source" not in entry and entry["source_type"] == "the article itself"
        else:
            assert "source" in entry, entry["id"]


@pytest.mark.parametrize("paragraph, cue, source_name", [
    ("P3", "said", "Chinese foreign ministry"),
    ("P4", "said", "Russian foreign ministry"),
    ("P8", "said", "Vladimir Putin"),
    ("P8", "said", "Western countries incl. the United States"),
    ("P9", "pointed to", "Volodymyr Zelensky"),
    ("P9", "indicating", "Volodymyr Zelensky"),
    ("P10", "expressed", "North Korea (government)"),
    ("P10", "reported", "North Korean state media"),
    ("P11", "as quoted by", "Korean Central News Agency (KCNA)"),
    ("P13", "told", "Song Zhongping"),
    ("P13", "as per", "Reuters"),
    ("P13", "for", "Song Zhongping"),
    ("P14", "wrote", "Chinese citizens on social media"),
    ("P14", "have said", "unnamed reports"),
    ("P15", "reportedly", "unnamed reports"),
    ("P16", "announced", "Kremlin"),
    ("P17", "With inputs from", "unnamed news agencies"),
])
def test_key_covers_the_easy_to_miss_attributions(paragraph, cue, source_name):
    key = course.attribution_key()
    hits = key[(key["paragraph"] == paragraph) & (key["cue"] == cue)
               & (key["source_name"] == source_name)]
    assert len(hits) >= 1


def test_key_marks_scare_quotes_implied_speaker_and_chains():
    key = course.attribution_key()
    scare = key[key["mode"] == "scare quote"]
    assert set(scare["content"]) == {"international", "anti-terrorism operation"}
    implied = key[(key["paragraph"] == "P13") & (key["cue"] == "")]
    assert list(implied["source_name"]) == ["Song Zhongping"]
    assert implied["content"].iloc[0].startswith("Prigozhin realises")
    chains = set(zip(key["source_name"], key["via"]))
    assert ("Song Zhongping", "Reuters") in chains
    assert ("Im Chon Il", "Korean Central News Agency (KCNA)") in chains
    assert (key["mode"] == "own voice").sum() >= 5


def test_every_story_sentence_is_covered_by_the_key():
    """Each sentence of a body or credit paragraph overlaps at least one key span."""
    key = course.attribution_key()
    spans = [(int(a), int(b)) for name in SPAN_FIELDS
             for a, b in zip(key[f"{name}_start"], key[f"{name}_end"]) if not pd.isna(a)]
    kinds = {p.id: p.kind for p in SEED.paragraphs}
    for s in SEED.sentences:
        if kinds[s.paragraph] in ("body", "credit"):
            assert any(a < s.end and s.start < b for a, b in spans), s.id


def test_bad_key_files_are_rejected_with_the_entry_named(tmp_path):
    folder = tmp_path / "art"
    folder.mkdir()
    (folder / "article.txt").write_text("The mayor said the bridge will close.\n", "utf-8")
    (folder / "meta.json").write_text(json.dumps(SEED.meta), "utf-8")
    art = course.load_article(folder)
    base = ('[vocabulary]\nmode = ["indirect speech"]\n\n[[entries]]\nid = "e1"\nparagraph = "P1"\n'
            'source_name = "mayor"\nsource_type = "official person"\nchannel = "not stated"\n'
            'named = "named"\n')
    (folder / "attribution.toml").write_text(base + 'mode = "direct"\n', "utf-8")
    with pytest.raises(AttributionKeyError, match="e1"):
        load_key_file(art)
    bad_span = base + ('mode = "indirect speech"\n'
                       'cue = { paragraph = "P1", start = 0, end = 3, text = "said" }\n')
    (folder / "attribution.toml").write_text(bad_span, "utf-8")
    with pytest.raises(course.SpanError, match="e1"):
        load_key_file(art)


# ------------------------------------------------------------------ the extractor

def test_extractor_columns_and_offsets_on_the_seed():
    found = course.extract_attributions()
    assert list(found.columns[:2]) == ["paragraph", "sentence"]
    assert set(EXTRACT_COLUMNS) <= set(found.columns)
    assert_offsets(SEED, found)
    assert set(found["rule"]) <= set(course.parts.attribution.RULES_EXPLAINED)


#: The extractor's scores on the seed when these tests were written: floors, not targets.
SCORE_FLOORS = {
    ("source", "exact"): 0.955, ("source", "overlap"): 0.955,
    ("cue", "exact"): 0.957, ("cue", "overlap"): 0.957,
    ("content", "exact"): 0.920, ("content", "overlap"): 1.000,
}


def test_extractor_scores_do_not_fall():
    scores = course.score_attributions()
    for (field, match), floor in SCORE_FLOORS.items():
        row = scores[(scores["field"] == field) & (scores["match"] == match)].iloc[0]
        assert row["f1"] >= floor, (field, match, row["f1"])
        assert 0 <= row["precision"] <= 1 and 0 <= row["recall"] <= 1


#: Scores on the Wikinews article with its own hand key (corpora/articles/
#: wikinews-steve-jobs-resigns, now in the development set of tests/test_attribution_corpus.py).
#: Before the rules were first revised after this text, they were 0.20 (source), 0.20 (cue)
#: and 0.75 (content) F1, then 0.75, 0.875 and 0.889; these floors are the numbers after
#: the general rules of issue 9.
HELD_OUT_FLOORS = {("source", "exact"): 0.941, ("cue", "exact"): 0.941,
                   ("content", "exact"): 1.0, ("content", "overlap"): 1.0}


def test_extractor_scores_on_a_second_hand_keyed_article():
    art = course.load_article(CORPUS / "wikinews-steve-jobs-resigns")
    key = course.attribution_key(art)
    assert len(key) >= 20 and set(key["paragraph"]) <= {p.id for p in art.paragraphs}
    assert_offsets(art, key)
    scores = course.score_attributions(article=art)
    for (field, match), floor in HELD_OUT_FLOORS.items():
        row = scores[(scores["field"] == field) & (scores["match"] == match)].iloc[0]
        assert row["f1"] >= floor, (field, match, row["f1"])


def test_score_counts_misses_and_false_alarms():
    """An empty prediction scores 0; the key scored against itself scores 1."""
    key = course.attribution_key()
    empty = course.extract_attributions().iloc[0:0]
    assert (course.score_attributions(empty, key)["f1"] == 0).all()
    assert (course.score_attributions(key, key)["f1"] == 1).all()
    missed = course.missed_by_extractor()
    assert "p13-song-paraphrase" in set(missed["id"])


@pytest.mark.parametrize("path", OTHER_ARTICLES, ids=lambda p: p.parent.name)
def test_extractor_runs_on_other_real_articles(path):
    """Three Wikinews texts: no error, offsets exact, and at least two attributions with a
    speaker and a reporting verb from the rules."""
    art = course.load_article(path.parent)
    assert art.meta["licence"].startswith("CC BY") and art.meta["url"].startswith("http")
    found = course.extract_attributions(art)
    assert_offsets(art, found)
    verbs = {v.lower() for v in rules.REPORTING_VERBS}
    with_verb = found[(found["source"] != "") & found["cue"].str.lower().isin(verbs)]
    assert len(with_verb) >= 2


def test_extractor_finds_the_minister_in_the_indonesian_article():
    art = course.load_article(CORPUS / "wikinews-indonesia-transport-minister")
    found = course.extract_attributions(art)
    djamal = found[found["source"] == "Djamal"]
    assert {"said", "told"} <= set(djamal["cue"])
    told = djamal[djamal["cue"] == "told"]["content"].iloc[0]
    assert told.startswith("he felt")  # "told reporters that he felt": the people told are skipped
    quote = djamal[djamal["cue"] == "said"]["content"].iloc[0]
    assert quote.startswith("There is an additional cost")


def test_split_curly_quote_carries_the_speaker():
    art = synthetic("“We will win,” said Ana Lopez, the mayor. “Nobody can stop us.”\n")
    found = course.extract_attributions(art)
    assert list(found["content"]) == ["We will win", "Nobody can stop us."]
    assert list(found["source"]) == ["Ana Lopez", "Ana Lopez"]
    assert list(found["mode"]) == ["direct quote", "direct quote"]
    assert found["cue"].iloc[0] == "said" and found["cue"].iloc[1] == ""


def test_straight_quotes_and_speaker_before_the_verb():
    art = synthetic('"Prices will rise," the central bank said on Monday.\n')
    row = course.extract_attributions(art).iloc[0]
    assert (row["source"], row["cue"], row["content"]) == ("the central bank", "said",
                                                         "Prices will rise")


def test_speaker_after_the_verb_at_the_end_of_a_sentence():
    art = synthetic("The plan has failed, said Maria Rossi of the city council.\n")
    row = course.extract_attributions(art).iloc[0]
    assert (row["source"], row["cue"], row["content"]) == (
        "Maria Rossi of the city council", "said", "The plan has failed")


def test_appositive_speaker_and_united_states_is_not_a_verb():
    art = synthetic('Tom Baker, a member of the board, adds, "We are fine." '
                    "The United States remains calm.\n")
    found = course.extract_attributions(art)
    assert list(found["source"]) == ["Tom Baker"]
    assert list(found["content"]) == ["We are fine."]


def test_quote_without_speaker_in_next_paragraph_keeps_the_last_speaker():
    art = synthetic('"It is over," the coach told reporters.\n"We lost because we were slow."\n')
    found = course.extract_attributions(art)
    assert list(found["paragraph"]) == ["P1", "P2"]
    assert list(found["source"]) == ["the coach", "the coach"]


def test_according_to_at_the_end_and_reportedly():
    art = synthetic("The bridge will close next week, according to city officials. "
                    "The mayor was reportedly angry.\n")
    found = course.extract_attributions(art)
    first = found.iloc[0]
    assert (first["source"], first["content"]) == ("city officials", "The bridge will close next week")
    vague = found[found["cue"] == "reportedly"].iloc[0]
    assert vague["source_type"] == "unnamed or vague"


def test_unbalanced_quotation_marks_do_not_crash():
    art = synthetic("The minister said “we are ready to talk.\nHe added that” nothing changed.\n"
                    'A "stray quote at the end\n')
    found = course.extract_attributions(art)
    assert_offsets(art, found)
    assert "The minister" in set(found["source"])


def test_no_attribution_gives_an_empty_frame_with_the_columns():
    found = course.extract_attributions(synthetic("The sun rose. Birds sang.\n"))
    assert found.empty and set(EXTRACT_COLUMNS) <= set(found.columns)


WORDS = st.sampled_from(["said", "told", "the", "minister", "according to", "“", "”", '"',
                         ",", ".", "reportedly", "He", "Reuters", "as per", "(", ")", "and",
                         "that", "X", "With inputs from"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(WORDS, min_size=1, max_size=25), min_size=1, max_size=4))
def test_extractor_never_crashes_and_offsets_stay_exact(lines):
    text = "\n".join(" ".join(words) for words in lines) + "\n"
    art = synthetic(text)
    assert_offsets(art, course.extract_attributions(art))


# ------------------------------------------------------------------------ views

def test_highlight_escapes_text_and_labels_every_type():
    art = synthetic("<b>Hi</b> & bye, the mayor said <script>x</script>.\n")
    found = course.extract_attributions(art)
    page = highlight_html(art, found)
    assert "<script>" not in page and "&lt;script&gt;" in page and "&amp; bye" in page
    seed_page = highlight_html()
    for _, _, label in TYPE_STYLE.values():
        assert f"<b>{label}</b> = " in seed_page  # the legend names every label
    assert seed_page.count("<mark") == len(re.findall(r"\[[A-Z]+\]</span>", seed_page)) > 20
    key = course.attribution_key()
    citizens = highlight_html(SEED, key[key["source_type"].str.startswith("members")])
    assert "[PUBLIC]</span> You can do it, Russia!</mark>" in citizens


def test_sources_table_counts_every_key_entry():
    key = course.attribution_key()
    table = sources_table()
    assert table.loc["total", "total"] == len(key)
    assert table.loc["the article itself", "total"] == (key["mode"] == "own voice").sum()


def test_charts_are_labelled_and_readable_without_colour():
    fig = plot_source_types()
    ax = fig.axes[0]
    assert ax.get_title() and ax.get_xlabel()
    bars = ax.patches
    assert len(bars) == course.attribution_key()["source_type"].nunique()
    assert sum(bool(b.get_hatch()) for b in bars) >= len(bars) - 1  # all but "own voice"
    chain = plot_chain()
    texts = {t.get_text() for t in chain.axes[0].texts}
    assert {"Reuters", "Korean Central News Agency (KCNA)", "Song Zhongping"} <= texts
    assert SEED.meta["outlet"] in texts


# -------------------------------------------------------------------- questions

def test_exercise_answers_agree_with_the_key():
    """The exercise's answers about speakers and types say what the key says."""
    key = course.attribution_key()
    implied = key[(key["paragraph"] == "P13") & (key["cue"] == "")]["source_name"].iloc[0]
    assert course.check("ex01.implied_speaker", implied).correct
    q = course.question("ex01.source_types")
    by_name = dict(zip(q.items, q.answer))
    for item, kind in by_name.items():
        rows = key[key["source"].str.contains(item, regex=False)
                   | key["source_name"].str.contains(item, regex=False)]
        assert kind in set(rows["source_type"]), item


def test_lesson_and_exercise_questions_load():
    ids = set(course.questions()["id"])
    assert len({i for i in ids if i.startswith("attr.")}) >= 6
    assert len({i for i in ids if i.startswith("ex01.")}) >= 8


# ------------------------------------------------------- general rules (issue 9)

@pytest.mark.parametrize("text, expected", [
    # "X, a spokesperson for Y, said": the name, not the description or the clause
    ("Anna Berg, a spokeswoman for the council, said the road would reopen.",
     [("Anna Berg", "said", "the road would reopen")]),
    # "said X" inversion after the content
    ("The road would reopen, said Anna Berg, a spokeswoman for the council.",
     [("Anna Berg", "said", "The road would reopen")]),
    # a few words between the verb and "that", and the people told
    ("Police said on Monday that two men were arrested.",
     [("Police", "said", "two men were arrested")]),
    ("The agency told customers to wait.", [("The agency", "told", "to wait")]),
    # the speaker at the end with a phrase of time or place after the verb
    ("The plant will close, the company said in a statement on Monday.",
     [("the company", "said", "The plant will close")]),
    # "according to a report by X": X
    ("The mayor will resign, according to a report by the local paper.",
     [("the local paper", "according to", "The mayor will resign")]),
    # the quotation after a channel phrase
    ('The coach said in an interview "We will win the cup this year."',
     [("The coach", "said", "We will win the cup this year.")]),
    # ", citing X": the subject of the sentence cites it
    ("The minister cancelled the trip, citing the strike.",
     [("The minister", "citing", "the strike")]),
    # passives that attribute without naming anyone
    ("The deal is expected to close next year.",
     [("is expected", "is expected", "to close next year")]),
    # 'Y quoted X as saying': two sources, two cues
    ('"We are ready," the Daily Post quoted the mayor as saying.',
     [("the Daily Post", "quoted", "We are ready"), ("the mayor", "as saying", "We are ready")]),
    # nothing said: negation, a request, a passive with its agent, a noun after a number
    ("Officials did not say whether the plan had failed.", []),
    ("A source, who asked not to be named, was angry.", []),
    ("She was recommended by the board.", []),
    ("The firm has plants in 40 states.", []),
    ("A body was found in the river.", []),
    ("He didn’t say when the talks would end.", []),
    # issue 18: belief, knowledge and expectation verbs, with a clause after them
    ("Analysts believe the merger will fail.",
     [("Analysts", "believe", "the merger will fail")]),
    ("The company expects to close the deal next year.",
     [("The company", "expects", "to close the deal next year")]),
    ("The union is concerned that jobs will go.",
     [("The union", "is concerned", "jobs will go")]),
    ("Prices will rise, he believes.", [("he", "believes", "Prices will rise")]),
    ("The expected profit did not come.", []),
    ("Hopes of a deal were dashed on Monday.", []),
    # ... a finding only right before "that"; a belief inside what was said is not a cue
    ("The report found that most drivers were speeding.",
     [("The report", "found", "most drivers were speeding")]),
    ("They later found a glitch that caused trouble.", []),
    ("The mayor told reporters that he felt the plan was fair.",
     [("The mayor", "told", "he felt the plan was fair")]),
    # documents and nominal cues: an e-mail that reads, "X's remarks", "a statement by X
    # given by Y", a channel phrase before the speaker
    ('"We cannot ship this plane," the e-mail read.',
     [("the e-mail", "read", "We cannot ship this plane")]),
    ("An e-mail from the chief engineer said the design was flawed.",
     [("the chief engineer", "said", "the design was flawed")]),
    ("The spokesman's remarks suggest that the firm will sell.",
     [("The spokesman", "suggest", "the firm will sell")]),
    ('A statement by the firm given by its spokesman said "We are sorry."',
     [("the firm", "said", "We are sorry.")]),
    ("In a statement, the company said it would appeal.",
     [("the company", "said", "it would appeal")]),
])
def test_general_rules_on_short_texts(text, expected):
    found = course.extract_attributions(synthetic(text + "\n"))
    assert [(r.source, r.cue, r.content) for r in found.itertuples()] == expected


def test_a_quotation_over_several_paragraphs_keeps_its_speaker():
    art = synthetic('The mayor said "We will rebuild the bridge.\nIt will take a year.\n'
                    'Nobody will be left behind."\nThe river rose again.\n')
    found = course.extract_attributions(art)
    assert list(found["content"]) == ["We will rebuild the bridge.", "It will take a year.",
                                      "Nobody will be left behind."]
    assert set(found["source"]) == {"The mayor"}
    assert list(found["rule"])[1:] == ["carried-over speaker"] * 2


def test_an_unclosed_quotation_does_not_swallow_the_rest_of_the_article():
    """Closed nowhere within QUOTE_MAX_PARAGRAPHS paragraphs: a typo, not a long quote."""
    lines = ['The mayor said "We will rebuild the bridge.'] + [
        f"Paragraph {i} reports the weather." for i in range(rules.QUOTE_MAX_PARAGRAPHS + 2)]
    found = course.extract_attributions(synthetic("\n".join(lines) + "\n"))
    assert list(found["paragraph"]) == ["P1"]


def test_scare_quote_sources_from_the_words_around_it():
    art = synthetic('The so-called "death ride" was closed. The bridge, dubbed "the wobbly '
                    'one" by locals, reopened.\n')
    found = course.extract_attributions(art)
    scare = found[found["mode"] == "scare quote"]
    assert list(zip(scare["source"], scare["cue"], scare["content"])) == [
        ("so-called", "", "death ride"), ("locals", "dubbed", "the wobbly one")]


def test_the_rules_are_a_table_and_each_one_fires_somewhere():
    """The extractor's logic is the READERS table (issue 15): one named rule per reading,
    each explained once; across the seed and the corpus every rule finds something, and
    no row carries a rule name the table does not hold."""
    from course.parts import attribution_extract as ex
    assert set(ex.READERS) == {"credit", "vague", "after", "quoted-as", "citing", "verb"}
    assert list(ex.RULES_EXPLAINED) == [r.name for r in ex.RULES]
    assert len(set(ex.RULES_EXPLAINED)) == len(ex.RULES)
    fired = set()
    for folder in [SEED.folder, *(p.parent for p in OTHER_ARTICLES)]:
        fired |= set(ex.extract(course.load_article(folder))["rule"])
    assert fired == set(ex.RULES_EXPLAINED), set(ex.RULES_EXPLAINED) ^ fired
