"""The answer-key files an article folder holds: one record per file, the one place that
says what each file is made of (its tables, the sections a teacher reviews, which fields
are spans, what a draft of it holds) and what its draft is called.

Still to come (issue 15): each file's loader and a JSON Schema per file in this registry.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KeyFile:
    """One answer-key file of an article folder."""

    name: str
    #: Top-level keys: "tables" (an array of tables) or "table" (one table).
    tables: dict[str, str]
    #: The arrays of entries a teacher reviews one by one, in this order.
    sections: tuple[str, ...]
    #: The fields of an entry that are spans of the article.
    span_fields: tuple[str, ...]
    #: Span fields an entry may leave out.
    optional_spans: tuple[str, ...]
    #: What the machine-made draft of this file holds (its header says so).
    draft_what: str
    #: Span fields a hand-made key may add that drafts never hold and the review does not
    #: edit (an event's supporting sentence, a pair's further statements).
    extra_spans: tuple[str, ...] = ()


KEYS: dict[str, KeyFile] = {k.name: k for k in (
    KeyFile("attribution.toml", {"entries": "tables", "vocabulary": "table"}, ("entries",),
            ("source", "cue", "content", "channel_text"), ("source", "cue", "channel_text"),
            "Who says what: one [[entries]] table per statement the rules found."),
    KeyFile("chronology.toml", {"article": "table", "expressions": "tables",
                                "signals": "tables", "hedges": "tables", "events": "tables"},
            ("expressions", "signals", "hedges", "events"), ("span", "evidence"), (),
            "Time expressions, ordering signals, hedges and a first timeline (one event "
            "per sentence holding a resolved date).", ("support",)),
    KeyFile("contrast.toml", {"pairs": "tables"}, ("pairs",), ("a", "b"), (),
            "Candidate pairs: statements by different sources sharing words.", ("more",)),
    KeyFile("naming.toml", {"names": "tables"}, ("names",), ("span",), (),
            "Candidate naming expressions around the story's most frequent words."),
)}
#: The four answer keys, in the order the parts use them.
KEY_FILES = tuple(KEYS)


def draft_name(name: str) -> str:
    """``attribution.toml`` -> ``attribution.draft.toml``."""
    return name[:-len(".toml")] + ".draft.toml"
