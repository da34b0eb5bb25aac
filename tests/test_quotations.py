"""Words in quotation marks: every phrase the course quotes in student-facing text is the
article's words (or listed with its real source), and words given to a speaker are that
speaker's own quoted words in the article (issue 14's quotation guard)."""
from __future__ import annotations

from pathlib import Path

import pytest

import course
from course.authoring import quotations as Q

REPO = Path(__file__).resolve().parents[1]
ARTICLE = course.load_article()


def test_every_student_facing_quotation_is_exact_and_given_to_its_real_speaker():
    texts = Q.student_texts(ARTICLE, REPO)
    places = {where.split(":")[0] for where, _ in texts}
    assert {"questions/01_attribution.toml", "attribution.toml", "teacher.toml",
            "notebooks/02_contrasting_statements.ipynb",
            "exercises/source/03_chronology.ipynb", "docs/guide-template.md"} <= places
    assert sum(len(Q.quoted_phrases(t, w)) for w, t in texts) > 400
    problems = Q.problems(ARTICLE, texts)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("text, phrase", [
    # the article only paraphrases Song (P13: "for Song, the rebellion has ended")
    ("Song Zhongping says 'the rebellion has ended'.", "the rebellion has ended"),
    ("Song's 'has ended' makes it a finished episode.", "has ended"),
    # P10 has no quotation marks: North Korea's words are the article's paraphrase
    ("KCNA said North Korea 'expressed their full support for Russia'.", None),
    # not the article's words at all
    ("The article says 'China backed the mutiny'.", "China backed the mutiny"),
])
def test_the_guard_catches_misquotations(text, phrase):
    problems = Q.problems(ARTICLE, [("example", text)])
    assert problems, text
    if phrase:
        assert f"“{phrase}”" in problems[0]


@pytest.mark.parametrize("text", [
    "Song Zhongping says China will stress 'no interference of its internal affairs'.",
    "The Russian foreign ministry's 'the events of June 24' names a date, not an act.",
    "P13: 'for Song, the rebellion has ended'.",  # the article's own sentence, no speaker
    "The ministry said they discussed … 'international and regional issues of common concern'.",
    "Outside the article, a spokesperson called it 'Russia's internal affair'.",  # listed
])
def test_the_guard_accepts_exact_and_rightly_given_quotations(text):
    assert Q.problems(ARTICLE, [("example", text)]) == []


def test_listed_phrases_name_their_source_and_are_not_the_articles_words():
    listed = Q.allowed_phrases(ARTICLE)
    assert listed
    for entry in listed.values():
        assert entry["kind"] in Q.KINDS and entry["source"].strip()
        assert not Q.verbatim(ARTICLE, entry["phrase"]) or \
            entry["phrase"].lower() in ("note", "voice"), entry["phrase"]
    outside = [e for e in listed.values() if e["kind"] == "outside"]
    assert all("(" in e["source"] for e in outside), "say who is behind each outlet"
