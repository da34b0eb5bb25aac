"""Measure the time-expression rules on the MEANTIME development corpus, TempEval-3 style.

Each CAT XML document is turned back into text (tokens joined with ordinary spacing), the
rules run on it with the document's creation time as the publication date, and the
predictions in the annotated sentences (0-5) are matched to the gold TIMEX3 elements by
token overlap (relaxed) or identical tokens (strict). The dateline itself (the gold
expression with ``functionInDocument="CREATION_TIME"``, or in the two files that lack one,
the full date annotated in sentence 1) is the anchor, not a test item: it is left out of
both sides. Run ``python -m course.evaluation.timex_eval`` to print the figures.

It also prints how many of the draft chronology events of the two practice articles (what
``python -m course draft-key`` proposes) a reviewer would keep unchanged: see
:func:`draft_acceptance`.
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from ..parts.timex import find_timexes
from ..text.files import REPO

#: The copy of the corpus kept in corpora/ of a checkout (CC BY 4.0, see its LICENSE.txt).
DEFAULT_CORPUS = REPO / "corpora" / "meantime-dev"
#: Only these sentences are annotated in MEANTIME.
ANNOTATED_SENTENCES = range(0, 6)
#: Gold expressions reported separately: the ones resolved from the publication day.
DEICTIC = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
                     r"today|yesterday|tomorrow|tonight)\b", re.I)

_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "%", "'s", "n't", "'", "”"}
_NO_SPACE_AFTER = {"(", "[", "$", "“", "US$"}


@dataclass
class Doc:
    """One corpus document: rebuilt text, token offsets, sentences and gold expressions."""

    name: str
    text: str
    published: dt.date
    tokens: dict[str, tuple[int, int, int]]          # t_id -> (start, end, sentence)
    sentences: list[tuple[int, int]]
    gold: list[dict] = field(default_factory=list)    # {tokens, text, type, value}
    dct_tokens: frozenset[str] = frozenset()


def load_doc(path: Path) -> Doc:
    """Parse one CAT XML file into text with token offsets and its gold TIMEX3s."""
    root = ET.parse(path).getroot()
    parts: list[str] = []
    tokens: dict[str, tuple[int, int, int]] = {}
    sent_bounds: dict[int, list[int]] = {}
    pos, prev_sent, prev_tok = 0, None, ""
    for tok in root.iter("token"):
        word, sent = tok.text or "", int(tok.get("sentence"))
        if prev_sent is not None:
            sep = "\n" if sent != prev_sent else (
                "" if word in _NO_SPACE_BEFORE or prev_tok in _NO_SPACE_AFTER else " ")
            parts.append(sep)
            pos += len(sep)
        tokens[tok.get("t_id")] = (pos, pos + len(word), sent)
        bounds = sent_bounds.setdefault(sent, [pos, pos])
        bounds[1] = pos + len(word)
        parts.append(word)
        pos += len(word)
        prev_sent, prev_tok = sent, word
    text = "".join(parts)
    published, gold, dct = None, [], frozenset()
    timexes = list(root.iter("TIMEX3"))
    if not any(tx.get("functionInDocument") == "CREATION_TIME" for tx in timexes):
        # Two files annotate their dateline (sentence 1) as an ordinary date: use it.
        for tx in timexes:
            ids = [a.get("t_id") for a in tx.findall("token_anchor")]
            if ids and all(tokens[i][2] == 1 for i in ids) and re.fullmatch(
                    r"\d{4}-\d\d-\d\d", tx.get("value") or ""):
                tx.set("functionInDocument", "CREATION_TIME")
                break
    for tx in timexes:
        ids = [a.get("t_id") for a in tx.findall("token_anchor")]
        if tx.get("functionInDocument") == "CREATION_TIME":
            published = dt.date.fromisoformat(tx.get("value")[:10])
            dct = frozenset(ids)
            continue
        if not ids or tokens[ids[0]][2] not in ANNOTATED_SENTENCES:
            continue
        gold.append({"tokens": frozenset(ids), "type": tx.get("type"), "value": tx.get("value"),
                     "text": text[tokens[ids[0]][0]:tokens[ids[-1]][1]]})
    if published is None:
        raise ValueError(f"{path}: no CREATION_TIME expression")
    sentences = [tuple(b) for _, b in sorted(sent_bounds.items())]
    return Doc(path.stem, text, published, tokens, sentences, gold, dct)


def predict(doc: Doc) -> list[dict]:
    """The rules' expressions in the annotated sentences, as token sets with type and value."""
    result = []
    for t in find_timexes(doc.text, doc.published, doc.sentences):
        ids = frozenset(i for i, (a, b, _) in doc.tokens.items() if a < t.end and t.start < b)
        if not ids or ids & doc.dct_tokens:
            continue
        if min(doc.tokens[i][2] for i in ids) not in ANNOTATED_SENTENCES:
            continue
        result.append({"tokens": ids, "type": t.type, "value": t.value, "text": t.text})
    return result


def match(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    """One-to-one pairs of overlapping gold and predicted expressions, largest overlap first."""
    pairs = sorted(((len(g["tokens"] & p["tokens"]), gi, pi)
                    for gi, g in enumerate(gold) for pi, p in enumerate(pred)
                    if g["tokens"] & p["tokens"]), reverse=True)
    used_g, used_p, result = set(), set(), []
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            result.append((gold[gi], pred[pi]))
    return result


def _prf(hits: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = hits / n_pred if n_pred else 0.0
    r = hits / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(corpus: Path = DEFAULT_CORPUS) -> dict:
    """Span P/R/F1 (strict, relaxed), type and value accuracy, value F1, deictic subset."""
    files = sorted(Path(corpus).glob("*/*.xml"))
    if not files:
        raise FileNotFoundError(f"{corpus}: no CAT XML files (expected corpus_*/NNN_*.xml)")
    n_gold = n_pred = strict = relaxed = type_ok = value_ok = 0
    deictic = {"gold": 0, "found": 0, "value_ok": 0}
    errors: list[str] = []
    for path in files:
        doc = load_doc(path)
        pred = predict(doc)
        pairs = match(doc.gold, pred)
        n_gold += len(doc.gold)
        n_pred += len(pred)
        matched_g = {id(g) for g, _ in pairs}
        matched_p = {id(p) for _, p in pairs}
        for g, p in pairs:
            strict += g["tokens"] == p["tokens"]
            relaxed += 1
            type_ok += g["type"] == p["type"]
            value_ok += g["value"] == p["value"]
            if g["value"] != p["value"]:
                errors.append(f"{doc.name}: value  gold {g['text']!r}={g['value']}  "
                              f"pred {p['text']!r}={p['value']}")
        for g in doc.gold:
            if DEICTIC.search(g["text"]):
                deictic["gold"] += 1
                pair = next((p for gg, p in pairs if gg is g), None)
                deictic["found"] += pair is not None
                deictic["value_ok"] += pair is not None and pair["value"] == g["value"]
            if id(g) not in matched_g:
                errors.append(f"{doc.name}: missed gold {g['text']!r}={g['value']}")
        errors += [f"{doc.name}: spurious {p['text']!r}={p['value']}"
                   for p in pred if id(p) not in matched_p]
    sp, sr, sf = _prf(strict, n_pred, n_gold)
    rp, rr, rf = _prf(relaxed, n_pred, n_gold)
    vp, vr, vf = _prf(value_ok, n_pred, n_gold)
    return {
        "documents": len(files), "gold": n_gold, "predicted": n_pred,
        "strict_precision": sp, "strict_recall": sr, "strict_f1": sf,
        "relaxed_precision": rp, "relaxed_recall": rr, "relaxed_f1": rf,
        "type_accuracy": type_ok / relaxed if relaxed else 0.0,
        "value_accuracy": value_ok / relaxed if relaxed else 0.0,
        "value_precision": vp, "value_recall": vr, "value_f1": vf,
        "deictic_gold": deictic["gold"],
        "deictic_recall": deictic["found"] / deictic["gold"] if deictic["gold"] else 0.0,
        "deictic_value_accuracy": (deictic["value_ok"] / deictic["found"]
                                   if deictic["found"] else 0.0),
        "errors": errors,
    }


#: The practice articles whose hand-made chronology keys the drafts are compared with
#: (the first is in the attribution development set, the second in the held-out set).
PRACTICE_ARTICLES = ("wikinews-indonesia-transport-minister", "wikinews-boeing-emails")


@dataclass(frozen=True)
class Acceptance:
    """How many draft events a reviewer would keep unchanged, out of how many drafted."""

    article: str
    drafted: int
    accepted: int
    key_events: int
    dated_right: int = 0   # same dates and certainty as a key event whose span overlaps

    @property
    def share(self) -> float:
        return self.accepted / self.drafted if self.drafted else 0.0

    def __str__(self) -> str:
        return (f"{self.article}: {self.accepted} of {self.drafted} draft events accepted "
                f"unchanged ({self.share:.0%}), {self.dated_right} dated right on an "
                f"overlapping span; the key has {self.key_events}")


def _event_key(event: dict) -> tuple:
    """What must agree for a draft event to stand: its span, its dates and its certainty."""
    span = event.get("evidence") or {}
    return (span.get("start"), span.get("end"), event.get("earliest"), event.get("latest"),
            event.get("certainty"))


def draft_acceptance(article: str, draft_events: list[dict],
                     key_events: list[dict]) -> Acceptance:
    """Draft events the key has unchanged: an event of the key with the same evidence span
    (start and end), the same earliest and latest day (absent = absent) and the same
    certainty. Each key event accepts at most one draft event. ``dated_right`` counts the
    draft events whose dates and certainty a key event with an overlapping span shares (the
    reviewer only trims the span)."""
    left = [_event_key(e) for e in key_events]
    accepted = dated_right = 0
    for event in draft_events:
        key = _event_key(event)
        if key in left:
            left.remove(key)
            accepted += 1
        start, end = key[0], key[1]
        dated_right += any(k[2:] == key[2:] and k[0] is not None and start is not None
                           and k[0] < end and start < k[1] for k in map(_event_key, key_events))
    return Acceptance(article, len(draft_events), accepted, len(key_events), dated_right)


def practice_acceptance(names: tuple[str, ...] = PRACTICE_ARTICLES) -> list[Acceptance]:
    """Draft the chronology of each practice article (in memory, nothing is written) and
    compare its events with the article's hand-made key, seeds/<name>/chronology.toml."""
    import tomllib

    from ..authoring.draft import draft_chronology
    from ..text.article import load_article

    result = []
    for name in names:
        folder = REPO / "seeds" / name
        key = tomllib.loads((folder / "chronology.toml").read_text("utf-8"))
        draft = draft_chronology(load_article(folder))
        result.append(draft_acceptance(name, draft["events"], key.get("events", [])))
    return result


def report(figures: dict) -> str:
    """The figures as a short plain-text table."""
    f = figures
    lines = [
        f"MEANTIME dev: {f['documents']} documents, {f['gold']} gold expressions "
        f"(sentences 0-5, dateline excluded), {f['predicted']} predicted",
        f"span strict   P {f['strict_precision']:.3f}  R {f['strict_recall']:.3f}  "
        f"F1 {f['strict_f1']:.3f}",
        f"span relaxed  P {f['relaxed_precision']:.3f}  R {f['relaxed_recall']:.3f}  "
        f"F1 {f['relaxed_f1']:.3f}",
        f"type accuracy (matched)  {f['type_accuracy']:.3f}",
        f"value accuracy (matched) {f['value_accuracy']:.3f}",
        f"value         P {f['value_precision']:.3f}  R {f['value_recall']:.3f}  "
        f"F1 {f['value_f1']:.3f}",
        f"weekday/today/yesterday/tomorrow: {f['deictic_gold']} gold, recall "
        f"{f['deictic_recall']:.3f}, value accuracy {f['deictic_value_accuracy']:.3f}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Command line: print the figures (and, with --errors, every miss and mismatch)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--errors", action="store_true", help="list every error")
    args = parser.parse_args(argv)
    figures = evaluate(args.corpus)
    print(report(figures))
    for acceptance in practice_acceptance():
        print(f"chronology drafts, {acceptance}")
    if args.errors:
        print("\n".join(figures["errors"]))


if __name__ == "__main__":
    main()
