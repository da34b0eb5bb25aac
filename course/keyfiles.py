"""The answer-key files an article folder holds, and the names of their drafts.

One place for the list (the drafts, the review and the key questions all read it); the
full registry with each file's sections, span fields and schema is still to come (issue 15).
"""
from __future__ import annotations

#: The four answer keys, in the order the parts use them.
KEY_FILES = ("attribution.toml", "chronology.toml", "contrast.toml", "naming.toml")


def draft_name(name: str) -> str:
    """``attribution.toml`` -> ``attribution.draft.toml``."""
    return name[:-len(".toml")] + ".draft.toml"
