"""Character spans into an article, and the one check every answer key uses on them.

Annotation files store each span as ``start``, ``end`` and the exact ``text``; checking
that ``article.text[start:end] == text`` keeps every key entry pinned to the article.
"""
from __future__ import annotations

from typing import Any

from .article import Article


class SpanError(ValueError):
    """A span in an annotation file that does not match the article text."""


def check_span(article: Article, span: Any, where: str) -> tuple[int, int]:
    """Validate one ``{start, end, text[, paragraph]}`` mapping; return ``(start, end)``.

    ``where`` names the file and entry, so the message tells an author what to fix.
    """
    if not isinstance(span, dict):
        raise SpanError(f"{where}: a span must be a table with start, end and text, got {span!r}")
    try:
        start, end = int(span["start"]), int(span["end"])
    except (KeyError, TypeError, ValueError):
        raise SpanError(f"{where}: a span needs integer 'start' and 'end' offsets") from None
    if not 0 <= start < end <= len(article.text):
        raise SpanError(f"{where}: span {start}-{end} is outside the article "
                        f"(0-{len(article.text)})")
    actual = article.text[start:end]
    if "text" in span and span["text"] != actual:
        hint = ""
        pos = article.text.find(str(span["text"]))
        if pos >= 0:
            hint = f"; that text is at {pos}-{pos + len(str(span['text']))}"
        raise SpanError(f"{where}: span {start}-{end} reads {actual!r}, not {span['text']!r}{hint}")
    if "paragraph" in span:
        para = article.paragraph_at(start)
        if para is None or para.id != span["paragraph"] or end > para.end:
            found = para.id if para else "between paragraphs"
            raise SpanError(f"{where}: span {start}-{end} is in {found}, "
                            f"not within {span['paragraph']}")
    return start, end


def make_span(article: Article, phrase: str, occurrence: int = 1) -> dict:
    """A ready-to-paste span for ``phrase`` (authoring aid: offsets are never typed by hand)."""
    start, end = article.find(phrase, occurrence)
    para = article.paragraph_at(start)
    return {"paragraph": para.id if para else None, "start": start, "end": end, "text": phrase}
