"""How well the attribution rules do on articles they were not written for: precision,
recall and F1 per article and pooled over a set, for the seed, a development set (the
rules may be tuned on it) and a held-out set (never tuned on).

Run ``python -m course.evaluation.attribution_eval`` (``--help`` for the options). The articles are
Wikinews texts (CC BY) in ``corpora/articles/``, each with a hand-made
``attribution.toml``; an article without a key is skipped, and the output says so.
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..text.article import Article, load_article
from ..text.files import REPO
from ..parts.attribution import (KEY_FILE, attribution_counts, attribution_key, extract_attributions,
                          scores_from_counts)

#: The evaluation corpus of a checkout of the course (corpora/ at the top, not the tests').
CORPUS_DIR = REPO / "corpora" / "articles"

#: The rules may be tuned on these articles (read their text, keys and errors).
DEV_SET: tuple[str, ...] = (
    "wikinews-steve-jobs-resigns", "wikinews-apple-free-cases",
    "wikinews-apple-executive-leaves", "wikinews-indonesia-transport-minister",
    "wikinews-northrop-eads-tanker",
)

#: Never tuned on: measured once with the final rules, to show how well they generalise.
HELD_OUT_SET: tuple[str, ...] = (
    "wikinews-apple-ceo-keynote", "wikinews-macbook-air", "wikinews-aer-lingus-airbus",
    "wikinews-jobs-medical-leave", "wikinews-airbus-job-cuts",
    "wikinews-boeing-737-replacement", "wikinews-boeing-emails",
)

SETS = {"seed": (None,), "dev": DEV_SET, "held-out": HELD_OUT_SET}
FIELDS = ("source", "cue", "content")


def article_counts(article: Article) -> pd.DataFrame:
    """The extractor's match counts against the article's key (see ``attribution_counts``)."""
    return attribution_counts(extract_attributions(article), attribution_key(article))


@dataclass(frozen=True)
class Acceptance:
    """What a teacher reviewing the draft key feels (issue 18): of the draft entries (the
    extractor's rows), how many a reviewer would accept unchanged."""

    drafts: int
    accepted: int

    @property
    def share(self) -> float:
        """The share accepted unchanged (0 when there is no draft entry)."""
        return round(self.accepted / self.drafts, 3) if self.drafts else 0.0

    def __add__(self, other: "Acceptance") -> "Acceptance":
        return Acceptance(self.drafts + other.drafts, self.accepted + other.accepted)


def _entry_spans(row, fields: tuple[str, ...] = FIELDS) -> tuple:
    """The (start, end) of each span of a row, None for a missing one."""
    spans = []
    for name in fields:
        a, b = row[f"{name}_start"], row[f"{name}_end"]
        spans.append(None if pd.isna(a) or pd.isna(b) else (int(a), int(b)))
    return tuple(spans)


def acceptance(found: pd.DataFrame, key: pd.DataFrame) -> Acceptance:
    """How many draft entries (rows of ``found``) a reviewer accepts unchanged: a key entry
    has the same source, cue and content spans exactly (same start and end, or missing in
    both) and, when the key entry has a mode, the same mode."""
    modes: dict[tuple, set[str]] = {}
    for _, k in key.iterrows():
        modes.setdefault(_entry_spans(k), set()).add(k["mode"] if isinstance(k["mode"], str)
                                                     else "")
    accepted = 0
    for _, row in found.iterrows():
        wanted = modes.get(_entry_spans(row))
        if wanted is not None and ("" in wanted or row["mode"] in wanted):
            accepted += 1
    return Acceptance(len(found), accepted)


def evaluate_acceptance(names: tuple[str | None, ...], corpus: Path = CORPUS_DIR
                        ) -> tuple[dict[str, Acceptance], Acceptance]:
    """The acceptance per article (by id) and pooled over the articles that have a key."""
    per_article, pooled = {}, Acceptance(0, 0)
    for name in names:
        article = load_article(None if name is None else corpus / name)
        if name is not None and not (article.folder / KEY_FILE).exists():
            continue
        one = acceptance(extract_attributions(article), attribution_key(article))
        per_article[article.id] = one
        pooled = pooled + one
    return per_article, pooled


def evaluate(names: tuple[str | None, ...], corpus: Path = CORPUS_DIR
             ) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Scores per article (long form, one row per article, field and match kind), the
    pooled (micro-averaged) scores over the articles, and the names skipped for lack of a key.

    ``None`` in ``names`` stands for the seed article.
    """
    per_article, pooled, skipped = [], None, []
    for name in names:
        article = load_article(None if name is None else corpus / name)
        if name is not None and not (article.folder / KEY_FILE).exists():
            skipped.append(name)
            continue
        counts = article_counts(article)
        per_article.append(scores_from_counts(counts).assign(article=article.id))
        numbers = ["in_key", "found", "hit_found", "hit_key"]
        pooled = counts if pooled is None else pooled.assign(
            **{n: pooled[n] + counts[n] for n in numbers})
    if pooled is None:
        return pd.DataFrame(), pd.DataFrame(), skipped
    return pd.concat(per_article, ignore_index=True), scores_from_counts(pooled), skipped


def wide(scores: pd.DataFrame) -> dict[str, float]:
    """One row of a printed table: P/R/F1 for each field and match kind, keyed "source P ex"."""
    row = {}
    for _, r in scores.iterrows():
        short = "ex" if r["match"] == "exact" else "ov"
        for measure, col in (("P", "precision"), ("R", "recall"), ("F1", "f1")):
            row[f"{r['field']} {measure} {short}"] = r[col]
    return row


def table(names: tuple[str | None, ...], corpus: Path = CORPUS_DIR,
          per_article: bool = True) -> tuple[pd.DataFrame, list[str]]:
    """A printable table: one row per article (if asked) and a pooled row ("all")."""
    scores, pooled, skipped = evaluate(names, corpus)
    rows, index = [], []
    if per_article and not scores.empty:
        for article_id, part in scores.groupby("article", sort=False):
            rows.append(wide(part))
            index.append(article_id)
    if not pooled.empty:
        rows.append(wide(pooled))
        index.append(f"all ({len(names) - len(skipped)} articles, pooled)")
    return pd.DataFrame(rows, index=index), skipped


def main(argv: list[str] | None = None) -> None:
    """Print the scores of the chosen sets, exact and overlap, for source, cue and content."""
    parser = argparse.ArgumentParser(prog="python -m course.evaluation.attribution_eval",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="*", metavar="SET",
                        help="seed, dev or held-out (default: all three)")
    parser.add_argument("--pooled-only", action="store_true",
                        help="print only the pooled row of each set")
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR,
                        help="folder of the test articles (default: %(default)s)")
    args = parser.parse_args(argv)
    unknown = [s for s in args.sets if s not in SETS]
    if unknown:
        parser.error(f"unknown set {unknown[0]!r}: choose from {', '.join(SETS)}")
    if not args.corpus.is_dir():
        parser.exit(2, f"{args.corpus}: no such folder; the corpus of test articles is in "
                       "corpora/articles of a checkout of the course (use --corpus).\n")
    pd.set_option("display.width", 250)
    pd.set_option("display.max_columns", 40)
    for name in args.sets or list(SETS):
        frame, skipped = table(SETS[name], args.corpus, per_article=not args.pooled_only)
        for field in FIELDS:
            cols = [c for c in frame.columns if c.startswith(field + " ")]
            print(f"\n== {name}: {field} (P/R/F1, exact 'ex' and overlap 'ov')")
            print(frame[cols].to_string(float_format=lambda x: f"{x:.3f}") if cols
                  else "(no article with a key)")
        per_article, pooled = evaluate_acceptance(SETS[name], args.corpus)
        print(f"\n== {name}: draft entries accepted unchanged (same source, cue and content "
              "spans and mode as a key entry)")
        lines = [] if args.pooled_only else list(per_article.items())
        lines.append((f"all ({len(per_article)} articles, pooled)", pooled))
        for label, a in lines:
            print(f"{label:45} {a.accepted:4d} of {a.drafts:4d}  share {a.share:.3f}")
        for article_id in skipped:
            print(f"skipped {article_id}: no {KEY_FILE} yet")


if __name__ == "__main__":
    main()
