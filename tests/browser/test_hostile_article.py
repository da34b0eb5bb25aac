"""A hostile article in a real JupyterLab (issue 8): its text, metadata and questions hold
``<script>``, ``<img onerror>``, ``<svg onload>``, ``javascript:`` links and entities. The
article, its attribution highlight and its questions are shown; no payload runs, no
dialog opens, and the payloads are visible as literal text.

A control cell displays one payload *unescaped* and must run: it proves this page would
execute a payload that reached it as HTML, so the checks below can fail.
"""
from __future__ import annotations

import nbformat
from playwright.sync_api import expect

from hostile_article import ENTITY, IMG, LINK, SCRIPT, make_hostile_article

from .conftest import choose, click_check, click_hint, feedback, open_notebook, question, \
    run_all_cells, visible_dialogs

NOTEBOOK = "notebooks/hostile_article_check.ipynb"
CELLS = [
    'import course\nfrom IPython.display import HTML\n'
    'article = course.load_article("../hostile-article")\narticle',
    "HTML(course.highlight_html(article))",
    'course.ask("hostile.pick", article)',
    'course.ask("hostile.sentences", article)',
    # the control: raw HTML straight from this cell, not from the library
    'HTML(\'<p class="control">control <img src=x onerror="window.__control=1"></p>\')',
]


def write_notebook(lab) -> None:
    """The hostile article folder and a notebook that shows it, in the served copy."""
    make_hostile_article(lab.root / "hostile-article")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, lab.root / NOTEBOOK)


def test_hostile_article_renders_inert(page, lab):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
    write_notebook(lab)
    open_notebook(page, lab, NOTEBOOK)
    run_all_cells(page)

    # the control payload ran: this page does execute HTML payloads it is given
    expect(page.locator("p.control")).to_be_visible()
    page.wait_for_function("() => window.__control === 1", timeout=30_000)

    body = page.locator(".course-article")
    expect(body).to_be_visible()
    expect(body).to_contain_text(SCRIPT)          # shown literally...
    expect(body).to_contain_text(IMG)
    expect(body).to_contain_text(LINK)
    expect(body).to_contain_text(ENTITY)          # entities not decoded
    assert body.locator("script, img, svg, iframe, a").count() == 0  # ...not as elements
    highlight = page.locator(".course-attribution")
    expect(highlight).to_contain_text(SCRIPT)
    assert highlight.locator("script, img, svg, iframe, a").count() == 0

    q = question(page, "hostile.pick")
    q.scroll_into_view_if_needed()
    expect(q).to_contain_text("Which is the tag " + LINK)
    click_hint(q)
    expect(q.locator(".course-hints")).to_contain_text("Hint <svg")
    choose(q, SCRIPT)                             # the option labelled with the literal tag
    click_check(q)
    expect(feedback(q)).to_contain_text("✓ Correct")
    expect(q.locator(".course-explanation")).to_contain_text("Because " + SCRIPT)
    spans = question(page, "hostile.sentences")
    spans.scroll_into_view_if_needed()
    expect(spans).to_contain_text(IMG)

    for payload in ("script", "img", "svg", "iframe"):
        assert page.locator(f".jp-OutputArea-output :is(.course-article, .course-attribution, "
                            f".widget-html, .widget-label, .widget-checkbox) {payload}"
                            ).count() == 0, f"a live <{payload}> came from the article"
    assert page.evaluate("() => typeof window.__pwned") == "undefined", \
        f"a payload ran: window.__pwned = {page.evaluate('() => window.__pwned')!r}"
    assert dialogs == [], f"a dialog fired: {dialogs}"
    assert visible_dialogs(page) == []
