"""What a notebook shows when the article lacks something a section needs: a teacher's own
article whose key has not been reviewed yet, or an item written for the course article.

The course article must have everything, so for it these helpers change nothing (a missing
file there is a bug and still raises). For any other article a section says what is missing
and how a teacher adds it, instead of stopping the notebook with a traceback.
"""
from __future__ import annotations

import html

import pandas as pd

from .article import DEFAULT_ARTICLE, Article
from .keyfiles import KEYS

#: Which part of the course each data file belongs to, for the note's wording.
PARTS = {**{k.name: k.part for k in KEYS.values()}, "checklist.toml": "the synthesis checklist"}


#: What a drafted key holds in a field only a person can write (what a naming suggests,
#: what differs between two statements) until the teacher writes it.
PLACEHOLDER = "to review"
#: What a student sees instead of that placeholder, if a key was saved with it.
NOT_WRITTEN = "(not written yet: your teacher has still to write this)"


def for_students(value: str) -> str:
    """A key's text as students see it: the draft placeholder becomes a plain notice."""
    return NOT_WRITTEN if value == PLACEHOLDER else value


class Note:
    """A short notice shown in place of a section's output (HTML in a notebook, text elsewhere)."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __repr__(self) -> str:
        return "ℹ " + self.message

    def _repr_html_(self) -> str:
        return (f"<div class='course-note' style='border-left:4px solid #888;padding:4px 8px'>"
                f"ℹ {html.escape(self.message)}</div>")


def title_of(article: Article) -> str:
    """The article's title for a note (its id when the metadata has none)."""
    return str(article.meta.get("title") or article.id)


def missing_key(article: Article, name: str) -> Note | None:
    """A note when a teacher's article has no ``name`` (e.g. ``contrast.toml``), else None."""
    if article.id == DEFAULT_ARTICLE or (article.folder / name).is_file():
        return None
    part = PARTS.get(name, name)
    return Note(f"This article ({title_of(article)}) has no reviewed answer key for {part} "
                f"yet ({name}), so this section has nothing to show. Teachers: run "
                f"`python -m course draft-key {article.id}`, then review the draft in "
                "notebooks/teacher_review.ipynb.")


def missing_item(article: Article, what: str) -> Note | None:
    """A note for an item (a pair, an event, a paragraph) that a teacher's article lacks;
    None for the course article, where a missing item is a bug and should raise."""
    if article.id == DEFAULT_ARTICLE:
        return None
    return Note(f"{what} belongs to the course article; this article ({title_of(article)}) "
                "has nothing by that name, so this cell is skipped. Go on to the next one.")


def show(note: Note) -> None:
    """Display a note now (in a notebook) or print it (anywhere else)."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython is a dependency of the course
        print(repr(note))
        return
    if get_ipython() is None:
        print(repr(note))
    else:
        display(note)


def empty_with_note(note: Note, columns: list[str]) -> pd.DataFrame:
    """Show the note and return an empty table with the usual columns, so later cells that
    filter the table still run."""
    show(note)
    return pd.DataFrame(columns=columns)
