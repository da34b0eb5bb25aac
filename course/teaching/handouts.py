"""Printable handouts: every notebook and the teacher guide as static, offline HTML.

A pipeline of small steps over nbformat notebooks (in the style of nbgrader's
preprocessors): widgets cannot live on paper, so each ``course.ask("id")`` output is
replaced by the question as text, other widget outputs are dropped, code is hidden,
and the page gets print styles. ``python -m course handouts`` writes ``handouts/``.
"""
from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Callable

import nbformat
from nbconvert import HTMLExporter

from ..text.article import Article, load_article
from ..text.files import REPO
from ..engine.questions import Question, load_questions

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
ASK_CALL = re.compile(r"""course\.ask\(\s*["']([^"']+)["']""")
PRINT_CSS = """
<style>
@media print { .jp-Cell { break-inside: avoid; } a { color: inherit; } }
/* a link is told apart by its underline, not by its colour alone (WCAG 1.4.1) */
a, .jp-RenderedHTMLCommon a { text-decoration: underline !important; }
.course-handout-question { border: 1px solid #888; padding: 0.5em 0.8em; margin: 0.6em 0; }
.course-handout-question .answer-line { border-bottom: 1px solid #888; height: 1.6em; }
</style>
"""
Step = Callable[[nbformat.NotebookNode, Article], nbformat.NotebookNode]


def question_html(q: Question) -> str:
    """One question as printable HTML: prompt, what to choose from, and space to answer."""
    esc = html.escape
    parts = [f"<div class='course-handout-question'><p><b>Question {esc(q.id)}</b> "
             f"({esc(q.type)}): {esc(q.prompt)}</p>"]
    parts.append(q.kind.handout(q))
    parts.append("</div>")
    return "".join(parts)


def questions_as_text(nb: nbformat.NotebookNode, article: Article) -> nbformat.NotebookNode:
    """Replace the output of every ``course.ask("id")`` cell by the question as text."""
    questions = load_questions(article)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        ids = [qid for qid in ASK_CALL.findall(cell.source) if qid in questions]
        if ids:
            body = "".join(question_html(questions[qid]) for qid in ids)
            cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": body})]
    return nb


def drop_widget_outputs(nb: nbformat.NotebookNode, article: Article) -> nbformat.NotebookNode:
    """Remove outputs that are live widgets: they show nothing on paper."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.get("outputs", [])
                            if WIDGET_MIME not in o.get("data", {})]
    nb.metadata.pop("widgets", None)
    return nb


def link_to_handouts(nb: nbformat.NotebookNode, article: Article) -> nbformat.NotebookNode:
    """Point links between notebooks at the matching handout pages."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = re.sub(r"\(([\w./-]+)\.ipynb\)", _handout_link, cell.source)
    return nb


def _handout_link(m: re.Match) -> str:
    """The handout page for a link to ``<path>.ipynb`` (exercises get their own prefix)."""
    target = m.group(1)
    prefix = "exercise-" if "exercises/" in target else ""
    return f"({prefix}{Path(target).name}.html)"


PIPELINE: list[Step] = [questions_as_text, drop_widget_outputs, link_to_handouts]


def strip_remote_scripts(page: str) -> str:
    """Drop scripts loaded from the network, so the page is the same offline."""
    return re.sub(r"<script[^>]*\ssrc=\"https?://[^\"]*\"[^>]*>\s*</script>", "", page)


def to_html(nb: nbformat.NotebookNode, title: str) -> str:
    """The notebook as one self-contained HTML page with code hidden and print styles."""
    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True)
    nb.metadata["title"] = title
    page, _ = exporter.from_notebook_node(nb)
    page = strip_remote_scripts(page)
    return page.replace("</head>", PRINT_CSS + "</head>", 1)


def notebook_handout(path: Path, article: Article | str | Path | None = None) -> str:
    """One notebook through the pipeline, as HTML."""
    article = load_article(article)
    nb = nbformat.read(path, as_version=4)
    for step in PIPELINE:
        nb = step(nb, article)
    return to_html(nb, path.stem.replace("_", " "))


def markdown_handout(path: Path, title: str) -> str:
    """A Markdown file (the teacher guide) as HTML, through the same exporter."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        path.read_text(encoding="utf-8"))])
    nb = link_to_handouts(nb, None)
    return to_html(nb, title)


def handout_sources(repo: Path = REPO) -> list[Path]:
    """The notebooks that get a handout: the lessons and the students' exercises."""
    return sorted((repo / "notebooks").glob("[0-9][0-9]_*.ipynb")) + \
        sorted((repo / "exercises").glob("[0-9][0-9]_*.ipynb"))


def write_handouts(out: Path = REPO / "handouts",
                   article: Article | str | Path | None = None) -> list[Path]:
    """Write every handout and an index page; return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    links = []
    for path in handout_sources():
        name = ("exercise-" if path.parent.name == "exercises" else "") + path.stem + ".html"
        (out / name).write_text(notebook_handout(path, article), encoding="utf-8")
        written.append(out / name)
        links.append(f"<li><a href='{html.escape(name)}'>{html.escape(path.stem)}"
                     f"{' (exercise)' if name.startswith('exercise-') else ''}</a></li>")
    guide = REPO / "docs" / "teacher-guide.md"
    if guide.is_file():
        (out / "teacher-guide.html").write_text(markdown_handout(guide, "Teacher guide"),
                                                encoding="utf-8")
        written.append(out / "teacher-guide.html")
        links.append("<li><a href='teacher-guide.html'>Teacher guide</a></li>")
    index = ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
             "<title>Course handouts</title><style>li { padding: 0.3em 0; } "
             "a { text-decoration: underline; display: inline-block; min-height: 24px; } "
             "</style></head><body><h1>Course handouts</h1><ul>" + "".join(links) +
             "</ul></body></html>")
    (out / "index.html").write_text(index, encoding="utf-8")
    written.append(out / "index.html")
    return written
