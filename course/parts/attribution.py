"""Part 1, source attribution: the hand-made answer key, the automatic extractor and a
score that compares them, so students can see who says what and what a machine misses.

The key lives beside the article as ``attribution.toml``; the extractor's rules live in
``attribution_rules.py``; the teaching views (highlight, table, charts) live in
``attribution_views.py``.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..text.article import Article, load_article, read_data_file
from ..text.keyfiles import KEYS, KeyFileError, entry_place
from .attribution_extract import COLUMNS as EXTRACT_COLUMNS
from .attribution_extract import RULES_EXPLAINED, extract
from ..text.missing import empty_with_note, missing_key
from ..text.plain import TECHNICAL, TableView
from ..text.spans import check_span

KEY_FILE = "attribution.toml"
#: The span fields the key's table shows (the key may also mark a channel_text span).
SPAN_FIELDS = ("source", "cue", "content")
KEY_COLUMNS = ["id", "paragraph", "sentence", "source", "source_start", "source_end", "cue",
               "cue_start", "cue_end", "content", "content_start", "content_end", "mode",
               "channel", "source_name", "source_type", "named", "via", "note"]

__all__ = ["attribution_key", "extract_attributions", "score_attributions",
           "attribution_counts", "scores_from_counts",
           "missed_by_extractor", "load_key_file", "RULES_EXPLAINED"]


class AttributionKeyError(KeyFileError):
    """An attribution key that is missing fields or uses words outside its vocabulary."""


def load_key_file(article: Article) -> dict:
    """The parsed ``attribution.toml`` of an article, every span checked against the text."""
    path, data = read_data_file(article, KEY_FILE, "Part 1 needs an attribution key: see "
                                "the seed article's attribution.toml for the format.",
                                AttributionKeyError)
    vocab = data.get("vocabulary", {})  # fields and types are checked by the schema
    seen: set[str] = set()
    for index, entry in enumerate(data.get("entries", [])):
        where = entry_place(path, "entries", index, entry)
        if entry["id"] in seen:
            raise AttributionKeyError(f"{where}: every entry needs a unique id; this one is "
                                      "used twice")
        seen.add(entry["id"])
        for name in ("source_type", "mode", "channel", "named"):
            allowed = vocab.get(name)
            if allowed and entry[name] not in allowed:
                raise AttributionKeyError(f"{where}: {name} {entry[name]!r} is not one of the "
                                          f"words in [vocabulary]: {', '.join(allowed)}")
        for name in KEYS[KEY_FILE].span_fields:
            if name in entry:
                check_span(article, entry[name], f"{where} field {name}")
    return data


def attribution_key(article: Article | str | Path | None = None) -> pd.DataFrame:
    """The hand-made key as a DataFrame: the extractor's columns plus name, type and chain."""
    art = load_article(article)
    note = missing_key(art, KEY_FILE)
    if note:  # a teacher's article whose key is not reviewed yet: say so, return no rows
        return empty_with_note(note, KEY_COLUMNS)
    records = []
    for e in load_key_file(art)["entries"]:
        row = {k: e.get(k, "") for k in ("id", "paragraph", "sentence", "mode", "channel",
                                         "source_name", "source_type", "named", "via", "note")}
        for name in SPAN_FIELDS:
            span = e.get(name)
            row[name] = span["text"] if span else ""
            row[f"{name}_start"] = span["start"] if span else pd.NA
            row[f"{name}_end"] = span["end"] if span else pd.NA
        records.append(row)
    frame = pd.DataFrame(records, columns=KEY_COLUMNS)
    for name in SPAN_FIELDS:
        for end in ("_start", "_end"):
            frame[name + end] = frame[name + end].astype("Int64")
    return frame


def extract_attributions(article: Article | str | Path | None = None) -> pd.DataFrame:
    """Attributions found by the readable rules of ``attribution_rules`` (any English article)."""
    return extract(load_article(article))


def _spans(frame: pd.DataFrame, name: str) -> list[tuple[int, int]]:
    """The distinct (start, end) spans of one field, ignoring empty ones."""
    spans = {(int(a), int(b)) for a, b in zip(frame[f"{name}_start"], frame[f"{name}_end"])
             if not pd.isna(a) and not pd.isna(b)}
    return sorted(spans)


def _matches(a: tuple[int, int], b: tuple[int, int], how: str) -> bool:
    """Exact: same offsets. Overlap: at least one character in common."""
    if how == "exact":
        return a == b
    return a[0] < b[1] and b[0] < a[1]


def attribution_counts(found: pd.DataFrame, key: pd.DataFrame) -> pd.DataFrame:
    """The counts behind the score, per field and match kind: spans in the key and found,
    found spans that match a key span (``hit_found``), key spans matched (``hit_key``).

    Only attributed entries count (rows in the article's own voice are left out on both
    sides); a span used by several entries (one speaker, two verbs) counts once. Counts
    of several articles can be added up for a pooled (micro-averaged) score.
    """
    key = key[key["mode"] != "own voice"]
    found = found[found["mode"] != "own voice"]
    rows = []
    for name in SPAN_FIELDS:
        gold, pred = _spans(key, name), _spans(found, name)
        for how in ("exact", "overlap"):
            rows.append({"field": name, "match": how, "in_key": len(gold), "found": len(pred),
                         "hit_found": sum(any(_matches(p, g, how) for g in gold) for p in pred),
                         "hit_key": sum(any(_matches(p, g, how) for p in pred) for g in gold)})
    return pd.DataFrame(rows)


def scores_from_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """Precision (hit_found / found), recall (hit_key / in_key) and F1 from the counts."""
    rows = []
    for _, c in counts.iterrows():
        precision = c["hit_found"] / c["found"] if c["found"] else 0.0
        recall = c["hit_key"] / c["in_key"] if c["in_key"] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append({"field": c["field"], "match": c["match"], "in_key": int(c["in_key"]),
                     "found": int(c["found"]), "precision": round(precision, 3),
                     "recall": round(recall, 3), "f1": round(f1, 3)})
    return pd.DataFrame(rows, columns=["field", "match", "in_key", "found", "precision",
                                       "recall", "f1"])


def score_attributions(found: pd.DataFrame | None = None, key: pd.DataFrame | None = None,
                       article: Article | str | Path | None = None) -> pd.DataFrame:
    """Precision, recall and F1 of the extractor against the key, per field and match kind.

    Only attributed entries count (rows in the article's own voice are left out on both
    sides); a span used by several entries (one speaker, two verbs) counts once.
    """
    if found is None or key is None:
        art = load_article(article)
        found = extract_attributions(art) if found is None else found
        key = attribution_key(art) if key is None else key
    return scores_from_counts(attribution_counts(found, key))


#: What each span field is, in words, for the score a student reads.
FIELD_WORDS = {"source": "who speaks", "cue": "the reporting words",
               "content": "what is reported"}


def score_in_words(found: pd.DataFrame | None = None, key: pd.DataFrame | None = None,
                   article: Article | str | Path | None = None) -> TableView:
    """The extractor's score as a student reads it: per field, how many of the key's spans
    it found and how many of its own are right, counted on exact words and on overlap
    (precision and recall follow for the curious)."""
    if found is None or key is None:
        art = load_article(article)
        found = extract_attributions(art) if found is None else found
        key = attribution_key(art) if key is None else key
    rows = []
    for _, c in attribution_counts(found, key).iterrows():
        how = "the very same words" if c["match"] == "exact" else "at least partly the same words"
        rows.append({"part": FIELD_WORDS.get(c["field"], c["field"]), "counted on": how,
                     "found in the answer key": f"{c['hit_key']} of the {c['in_key']} in the key",
                     "right among the rules' answers": f"{c['hit_found']} of the {c['found']} "
                                                       "they gave",
                     TECHNICAL: f"recall {c['hit_key'] / c['in_key']:.2f}, precision "
                                        f"{c['hit_found'] / c['found']:.2f}"
                     if c["in_key"] and c["found"] else ""})
    return TableView(pd.DataFrame(rows), "How well the rules do on this article")


def missed_by_extractor(found: pd.DataFrame | None = None, key: pd.DataFrame | None = None,
                        article: Article | str | Path | None = None) -> pd.DataFrame:
    """Key entries whose cue (or, without a cue, content) no extracted row overlaps."""
    art = load_article(article)
    found = extract_attributions(art) if found is None else found
    key = attribution_key(art) if key is None else key
    key = key[key["mode"] != "own voice"]
    keep = []
    for _, row in key.iterrows():
        name = "cue" if not pd.isna(row["cue_start"]) else "content"
        span = (int(row[f"{name}_start"]), int(row[f"{name}_end"]))
        keep.append(not any(_matches(span, p, "overlap") for p in _spans(found, name)))
    cols = ["id", "paragraph", "source_name", "cue", "mode", "note"]
    return key.loc[keep, cols].reset_index(drop=True)


# Keep the extractor's column list importable from here too.
COLUMNS = EXTRACT_COLUMNS
