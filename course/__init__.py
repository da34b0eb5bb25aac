"""A news-literacy course kit: read one real news article critically in JupyterLab.

Notebooks call this package: ``load_article`` gives the article with paragraph and
sentence offsets; the exercise engine asks and checks questions stored as data beside
the article; the three parts add attribution, contrast and chronology tools.
"""
from __future__ import annotations

# --- article model (issue 2) ---
from .article import Article, ArticleError, Paragraph, Sentence, load_article
from .spans import SpanError, check_span, make_span

# --- exercise engine (issue 3) ---
from .engine import Result, ask, check, mark, questions
from .engine import Question, QuestionError, question, solution, Unavailable

# --- part 1: source attribution (issue 4) ---
from .attribution import (attribution_key, extract_attributions, missed_by_extractor,
                          score_attributions)
from .attribution_views import (figure_image, highlight_html, plot_chain,
                                plot_source_types, sources_table)

# --- part 2: contrasting statements (issue 5) ---
from .contrast import (ContrastError, compare, compare_pair, contrast_key, naming_table,
                       outside_view, plot_naming, show_paragraphs)

# --- part 3: chronology (issue 6) ---
from .chronology import (chronology_key, extract_time_expressions, plot_story_order,
                         plot_timeline, timeline)

# --- classroom: progress overview, synthesis checklist, guide, handouts (issue 7) ---
from .overview import progress_overview, progress_table
from .synthesis import checklist

__all__ = [
    "Article", "ArticleError", "Paragraph", "Sentence", "load_article",
    "SpanError", "check_span", "make_span",
    "Result", "ask", "check", "mark", "questions",
    "attribution_key", "extract_attributions",
    "contrast_key", "naming_table",
    "extract_time_expressions", "plot_timeline", "timeline",
    "progress_overview", "progress_table", "checklist",
]
