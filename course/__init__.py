"""A news-literacy course kit: read one real news article critically in JupyterLab.

Notebooks call this package: ``load_article`` gives the article with paragraph and
sentence offsets; the exercise engine asks and checks questions stored as data beside
the article; the three parts add attribution, contrast and chronology tools.

The article model and the exercise engine, which every notebook uses, load with the
package. The parts' tools (and matplotlib, which they draw with) load on first use of one
of their names (PEP 562 module ``__getattr__``), so ``import course`` costs no more than
importing pandas and ipywidgets. ``from course import X``, ``course.X`` and
``course.<layer>.<module>`` work as for any package.

The package is cut into layers, each a subpackage, imports pointing one way only
(docs/DESIGN.md, checked by tests/test_layers.py)::

    text  <-  engine  <-  parts  <-  authoring, evaluation  <-  teaching  <-  this file
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# --- article model (issue 2) ---
from .text.article import Article, ArticleError, Paragraph, Sentence, load_article
from .text.spans import SpanError, check_span, make_span

# --- exercise engine (issue 3); imported here, not lazily: every notebook uses it.
from .engine import Result, ask, check, mark, questions
from .engine import Question, QuestionError, question, solution, answer_with_key, Unavailable

#: Names loaded on first use: {submodule: names}.
_EXPORTS: dict[str, tuple[str, ...]] = {
    # --- part 1: source attribution (issue 4) ---
    "parts.attribution": ("attribution_key", "extract_attributions", "missed_by_extractor",
                    "score_attributions", "score_in_words"),
    "parts.attribution_views": ("figure_image", "highlight_html", "plot_chain",
                          "plot_source_types", "sources_table"),
    # --- part 2: contrasting statements (issue 5) ---
    "parts.contrast": ("ContrastError", "compare", "compare_pair", "contrast_key", "naming_table",
                 "outside_view", "plot_naming", "show_paragraphs", "who_is_behind"),
    # --- part 3: chronology (issue 6) ---
    "parts.chronology": ("chronology_key", "extract_time_expressions", "plot_story_order",
                   "plot_timeline", "timeline"),
    # --- classroom: progress overview, synthesis checklist, guide, handouts (issue 7) ---
    "engine.overview": ("progress_overview", "progress_table"),
    "parts.synthesis": ("checklist",),
    # --- teacher's marking of written answers (issue 13) ---
    "teaching.marking": ("marking_board",),
    # --- the workbook: the three skills on any article with reviewed keys (issue 16) ---
    "parts.workbook": ("article_card", "practice_articles", "worked_attribution",
                       "worked_chronology", "worked_contrast", "workbook_article"),
    # --- plain words and readable tables for students (issue 14) ---
    "text.plain": ("table_view", "time_value_words", "date_words"),
}

#: Public name -> the submodule that defines it.
_MODULE_OF: dict[str, str] = {name: module for module, names in _EXPORTS.items()
                              for name in names}

__all__ = [
    "Article", "ArticleError", "Paragraph", "Sentence", "load_article",
    "SpanError", "check_span", "make_span",
    "Result", "ask", "check", "mark", "questions", "answer_with_key",
    "attribution_key", "extract_attributions",
    "contrast_key", "naming_table",
    "extract_time_expressions", "plot_timeline", "timeline",
    "progress_overview", "progress_table", "checklist",
]


def __getattr__(name: str) -> Any:
    """Import a public name (or a submodule, ``course.parts.chronology``) on first use."""
    if name in _MODULE_OF:
        value = getattr(importlib.import_module(f".{_MODULE_OF[name]}", __name__), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    try:
        return importlib.import_module(f".{name}", __name__)
    except ModuleNotFoundError as err:
        if err.name != f"{__name__}.{name}":
            raise  # the submodule exists but something it imports is missing
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public names too, for tab completion in notebooks."""
    return sorted(set(globals()) | set(_MODULE_OF))


if TYPE_CHECKING:  # for type checkers and editors only; never run
    from .parts.attribution import (attribution_key, extract_attributions, missed_by_extractor,
                              score_attributions, score_in_words)
    from .parts.attribution_views import (figure_image, highlight_html, plot_chain,
                                    plot_source_types, sources_table)
    from .parts.chronology import (chronology_key, extract_time_expressions, plot_story_order,
                             plot_timeline, timeline)
    from .parts.contrast import (ContrastError, compare, compare_pair, contrast_key, naming_table,
                           outside_view, plot_naming, show_paragraphs, who_is_behind)
    from .engine.overview import progress_overview, progress_table
    from .teaching.marking import marking_board
    from .text.plain import date_words, table_view, time_value_words
    from .parts.workbook import (article_card, practice_articles, worked_attribution,
                                 worked_chronology, worked_contrast, workbook_article)
    from .parts.synthesis import checklist
