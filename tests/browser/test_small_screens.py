"""Zoom and small screens (issue 17): at 200 % zoom (a 1280 x 900 window, so 640 CSS
pixels wide), on a 360-pixel-wide phone screen and on a laptop, every question type, the
article view,
the highlighted article, a chart and a table fit the notebook's width: no part of the
course's output reaches past its right edge, so nothing needs horizontal scrolling (a wide
table scrolls inside its own labelled box, by design; the box itself fits), and no label, text or control of a
question covers another. The side
panels are closed, as a student on a small screen closes them. Screenshots of each part
go to test-artifacts/small-<screen>-<part>.png."""
from __future__ import annotations

import pytest

from .conftest import artifact_path, open_notebook, run_all_cells, write_notebook
from .test_keyboard import QIDS

NOTEBOOK = "exercises/small_screens.ipynb"
#: Name -> (viewport in CSS pixels, device pixels per CSS pixel).
SCREENS = {"zoom200": ({"width": 640, "height": 450}, 2),
           "phone360": ({"width": 360, "height": 740}, 1),
           "laptop": ({"width": 1280, "height": 800}, 1)}
#: What the notebook shows besides the questions, each in its own cell.
VIEWS = {"article": "article",
         "highlight": "from IPython.display import HTML\nHTML(course.highlight_html(article))",
         "chart": "course.figure_image(course.plot_timeline(course.timeline(article), article))",
         "table": "course.table_view(course.sources_table(article=article))"}

#: Every element of a course output that reaches past the output's edges (inside a table's
#: own scrolling box only the box counts), and every output wider than its box.
OVERFLOW_JS = """() => {
  const found = [];
  for (const out of document.querySelectorAll('.jp-OutputArea-output')) {
    const edge = out.getBoundingClientRect();
    if (out.scrollWidth > out.clientWidth + 1)
      found.push({what: 'output', scroll: out.scrollWidth, width: out.clientWidth,
                  text: out.innerText.slice(0, 60)});
    for (const el of out.querySelectorAll('*')) {
      if (el.closest('.course-table-box') && !el.classList.contains('course-table-box')) continue;
      if (el.tagName === 'OPTION' || el.tagName === 'STYLE') continue;
      const r = el.getBoundingClientRect();
      if (r.width && (r.right > edge.right + 1 || r.left < edge.left - 1))
        found.push({what: el.tagName + '.' + String(el.className).slice(0, 40),
                    right: Math.round(r.right), edge: Math.round(edge.right),
                    text: (el.innerText || el.getAttribute('alt') || '').slice(0, 60)});
    }
  }
  return found;
}"""


#: Pairs of a question's texts and controls that cover each other (a label under a text
#: area, a radio button over its words): overflow of another kind.
OVERLAP_JS = """() => {
  const found = [];
  for (const q of document.querySelectorAll('.course-question')) {
    const els = [...q.querySelectorAll('label, input, select, textarea, button, ' +
                                       '.widget-html-content > *')]
      .filter(e => e.getBoundingClientRect().width > 0);
    for (let i = 0; i < els.length; i++) for (let j = i + 1; j < els.length; j++) {
      const a = els[i], b = els[j];
      if (a.contains(b) || b.contains(a)) continue;
      const r = a.getBoundingClientRect(), t = b.getBoundingClientRect();
      const w = Math.min(r.right, t.right) - Math.max(r.left, t.left);
      const h = Math.min(r.bottom, t.bottom) - Math.max(r.top, t.top);
      if (w > 2 && h > 2)
        found.push({a: a.tagName + ' ' + (a.innerText || a.getAttribute('placeholder') || '').slice(0, 40),
                    b: b.tagName + ' ' + (b.innerText || b.getAttribute('placeholder') || '').slice(0, 40),
                    overlap: [Math.round(w), Math.round(h)]});
    }
  }
  return found;
}"""


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_course_fits_a_small_screen(browser, lab, screen):
    viewport, scale = SCREENS[screen]
    context = browser.new_context(viewport=viewport, device_scale_factor=scale)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        cells = ["import course\narticle = course.load_article()", *VIEWS.values(),
                 *(f'course.ask("{qid}")' for qid in QIDS.values())]
        open_notebook(page, lab, write_notebook(lab, NOTEBOOK, cells))
        page.evaluate("() => { const s = window.jupyterapp.shell; s.collapseLeft(); "
                      "s.collapseRight(); }")
        run_all_cells(page)
        page.evaluate("() => document.querySelectorAll('details.course-chart-data')"
                      ".forEach(d => { d.open = true; })")  # the chart's data table too
        page.wait_for_timeout(1000)  # the layout settles after the panels close
        outputs = page.locator(".jp-OutputArea-output")
        width = page.evaluate("() => document.querySelector('.jp-OutputArea-output')"
                              ".getBoundingClientRect().width")
        assert width < viewport["width"], width  # the panels are closed, the page is narrow
        parts = {**{name: outputs.filter(has=page.locator(css)).first for name, css in (
                     ("article", ".course-article"), ("highlight", ".course-attribution"),
                     ("chart", ".course-chart"), ("table", ".course-table-box"))},
                 **{kind: page.locator(".course-q-" + qid.replace(".", "-"))
                    for kind, qid in QIDS.items()}}
        for name, part in parts.items():
            assert part.count() == 1, f"{name} is not shown"
            part.scroll_into_view_if_needed()
            part.screenshot(path=str(artifact_path(f"small-{screen}-{name}")))
        found = page.evaluate(OVERFLOW_JS)
        assert not found, f"{len(found)} element(s) wider than the notebook: {found[:8]}"
        covered = page.evaluate(OVERLAP_JS)
        assert not covered, f"{len(covered)} pair(s) cover each other: {covered[:8]}"
    finally:
        context.close()
        lab.shutdown_sessions()
