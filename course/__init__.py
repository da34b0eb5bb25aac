"""A news-literacy course kit: read one real news article critically in JupyterLab.

Notebooks call this package: ``load_article`` gives the article with paragraph and
sentence offsets; the exercise engine asks and checks questions stored as data beside
the article; the three parts add attribution, contrast and chronology tools.

The article model and the exercise engine, which every notebook uses, load with the
package. The parts' tools (and matplotlib, which they draw with) load on first use of one
of their names (PEP 562 module ``__getattr__``), so ``import course`` costs no more than
importing pandas and ipywidgets. ``from course import X``, ``course.X`` and
``course.<module>`` work as for any package.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# --- article model (issue 2) ---
from .article import Article, ArticleError, Paragraph, Sentence, load_article
from .spans import SpanError, check_span, make_span

# --- exercise engine (issue 3); imported here, not lazily, also because ``questions`` is
# both a function of the engine and a submodule: the function must be bound last.
from .engine import Result, ask, check, mark, questions
from .engine import Question, QuestionError, question, solution, answer_with_key, Unavailable

#: Names loaded on first use: {submodule: names}.
_EXPORTS: dict[str, tuple[str, ...]] = {
    # --- part 1: source attribution (issue 4) ---
    "attribution": ("attribution_key", "extract_attributions", "missed_by_extractor",
                    "score_attributions", "score_in_words"),
    "attribution_views": ("figure_image", "highlight_html", "plot_chain",
                          "plot_source_types", "sources_table"),
    # --- part 2: contrasting statements (issue 5) ---
    "contrast": ("ContrastError", "compare", "compare_pair", "contrast_key", "naming_table",
                 "outside_view", "plot_naming", "show_paragraphs", "who_is_behind"),
    # --- part 3: chronology (issue 6) ---
    "chronology": ("chronology_key", "extract_time_expressions", "plot_story_order",
                   "plot_timeline", "timeline"),
    # --- classroom: progress overview, synthesis checklist, guide, handouts (issue 7) ---
    "overview": ("progress_overview", "progress_table"),
    "synthesis": ("checklist",),
    # --- teacher's marking of written answers (issue 13) ---
    "marking": ("marking_board",),
    # --- plain words and readable tables for students (issue 14) ---
    "plain": ("table_view", "time_value_words", "date_words"),
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
    """Import a public name (or a submodule, ``course.chronology``) on first use."""
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
    from .attribution import (attribution_key, extract_attributions, missed_by_extractor,
                              score_attributions, score_in_words)
    from .attribution_views import (figure_image, highlight_html, plot_chain,
                                    plot_source_types, sources_table)
    from .chronology import (chronology_key, extract_time_expressions, plot_story_order,
                             plot_timeline, timeline)
    from .contrast import (ContrastError, compare, compare_pair, contrast_key, naming_table,
                           outside_view, plot_naming, show_paragraphs, who_is_behind)
    from .overview import progress_overview, progress_table
    from .marking import marking_board
    from .plain import date_words, table_view, time_value_words
    from .synthesis import checklist
