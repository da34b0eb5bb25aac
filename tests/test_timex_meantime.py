"""The time-expression rules on the MEANTIME development corpus must not fall below the
figures measured when they were written (TempEval-3 style scoring, see course.evaluation.timex_eval).

Measured (2026-11-28), 143 gold expressions: strict span P/R/F1 0.879/0.860/0.869,
relaxed 0.929/0.909/0.919, type accuracy 0.969, value accuracy on matched 0.892, value
P/R/F1 0.829/0.811/0.820; weekday/today/yesterday/tomorrow: 31 gold, recall 1.000, value
accuracy 1.000.
Measured again (5 Dec 2026, issue 18: market idioms, decades and two-digit years, periods a
year back, weekdays in future-tense clauses, present and future references), 143 gold, 140
predicted: strict span P/R/F1 0.886/0.867/0.876, relaxed 0.929/0.909/0.919, type accuracy
0.969, value accuracy on matched 0.892, value P/R/F1 0.829/0.811/0.820; weekday/today/
yesterday/tomorrow: 31 gold, recall 1.000, value accuracy 1.000. The rules are
deterministic, so the floors sit just below.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from course.evaluation import timex_eval

FLOORS = {
    "strict_f1": 0.87,
    "relaxed_f1": 0.91,
    "value_accuracy": 0.89,
    "value_f1": 0.815,
    "type_accuracy": 0.96,
    "deictic_recall": 0.99,
    "deictic_value_accuracy": 0.99,
}


@pytest.fixture(scope="module")
def figures() -> dict:
    return timex_eval.evaluate()


def test_corpus_copy_is_complete_and_licensed() -> None:
    corpus = timex_eval.DEFAULT_CORPUS
    assert (corpus / "LICENSE.txt").read_text().startswith("Creative Commons Attribution 4.0")
    assert (corpus / "README.md").is_file()
    assert len(list(corpus.glob("corpus_*/*.xml"))) == 60


def test_gold_count_matches_a_plain_reading_of_the_xml(figures: dict) -> None:
    # Count independently: anchored TIMEX3s in sentences 0-5 that are not the dateline.
    expected = 0
    for path in timex_eval.DEFAULT_CORPUS.glob("corpus_*/*.xml"):
        root = ET.parse(path).getroot()
        sentence = {t.get("t_id"): int(t.get("sentence")) for t in root.iter("token")}
        for tx in root.iter("TIMEX3"):
            ids = [a.get("t_id") for a in tx.findall("token_anchor")]
            if ids and sentence[ids[0]] <= 5:
                expected += 1
    datelines = 60  # one dateline per document, annotated in sentence 1
    assert figures["gold"] == expected - datelines


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_figure_stays_above_its_floor(figures: dict, name: str) -> None:
    assert figures[name] >= FLOORS[name], timex_eval.report(figures)


def test_scoring_counts_a_missed_expression() -> None:
    gold = [{"tokens": frozenset({"1", "2"}), "value": "2021"},
            {"tokens": frozenset({"7"}), "value": "P1D"}]
    pred = [{"tokens": frozenset({"2"}), "value": "2021"}]
    pairs = timex_eval.match(gold, pred)
    assert len(pairs) == 1 and pairs[0][0] is gold[0]


def test_cli_prints_the_figures(capsys: pytest.CaptureFixture) -> None:
    timex_eval.main([])
    out = capsys.readouterr().out
    assert "span strict" in out and "value accuracy" in out and "weekday/today" in out


def test_draft_acceptance_counts_events_the_key_has_unchanged() -> None:
    def event(start: int, end: int, earliest: str | None, latest: str, certainty: str) -> dict:
        e = {"evidence": {"paragraph": "P1", "start": start, "end": end},
             "latest": latest, "certainty": certainty}
        return e if earliest is None else {**e, "earliest": earliest}
    key = [event(0, 40, "2021-03-05", "2021-03-05", "stated"),
           event(50, 90, None, "2021-03-10", "unknown")]
    draft = [event(0, 40, "2021-03-05", "2021-03-05", "stated"),        # accepted
             event(50, 95, None, "2021-03-10", "unknown"),               # span differs
             event(50, 90, "2021-03-01", "2021-03-10", "undated-range"),  # dates differ
             event(0, 40, "2021-03-05", "2021-03-05", "stated")]         # key event used up
    result = timex_eval.draft_acceptance("example", draft, key)
    assert (result.drafted, result.accepted, result.key_events) == (4, 1, 2)
    assert result.share == 0.25
    assert result.dated_right == 3  # all but the one with other dates
    assert "1 of 4" in str(result)


def test_practice_articles_are_measured() -> None:
    results = timex_eval.practice_acceptance()
    assert [r.article for r in results] == list(timex_eval.PRACTICE_ARTICLES)
    assert all(0 <= r.accepted <= r.drafted for r in results)
