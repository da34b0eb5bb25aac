"""Each answer key's loader: the part that uses a key reads it, checking every entry and
span. One table, used by the review (a reviewed key must load before it is saved) and by
the key questions (questions are made only from a key that loads)."""
from __future__ import annotations

from typing import Callable

from ..text.article import Article, read_data_file
from .attribution import load_key_file
from .chronology import chronology_key, timeline
from .contrast import load_pairs, naming_table


def _chronology(article: Article) -> dict:
    """The chronology key, its spans and dates checked, and its timeline drawable."""
    key = chronology_key(article)
    timeline(article)
    return key


def _contrast(article: Article) -> dict:
    """The contrast key, every pair and statement checked."""
    load_pairs(article)
    return read_data_file(article, "contrast.toml", "")[1]


def _naming(article: Article) -> dict:
    """The naming key, every expression and span checked."""
    naming_table(article)
    return read_data_file(article, "naming.toml", "")[1]


#: Key file -> its part's loader (raises the part's error, naming the file and the entry).
LOADERS: dict[str, Callable[[Article], dict]] = {
    "attribution.toml": load_key_file,
    "chronology.toml": _chronology,
    "contrast.toml": _contrast,
    "naming.toml": _naming,
}


def load_key(article: Article, name: str) -> dict:
    """The data of key file ``name``, checked by its part's own loader."""
    return LOADERS[name](article)
