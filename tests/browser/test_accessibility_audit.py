"""The accessibility audit (issue 17): axe-core, in Chromium, over what the course itself
shows: every lesson, student exercise, workbook page and teacher notebook after Run All
(their outputs and text cells, not JupyterLab's own chrome), and every printable handout
and the teacher guide's HTML. Target: no violation of WCAG 2.0-2.2 at levels A and AA.

What axe reports for JupyterLab itself is written to test-artifacts/axe-jupyterlab.json for
the record; it is out of the course's hands and not asserted."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import REPO, artifact_path, open_notebook, run_all_cells

#: The WCAG rule sets axe checks: 2.0, 2.1 and 2.2 at levels A and AA.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: What the course renders in a notebook: outputs (widgets, views, tables, charts,
#: feedback) and text cells.
COURSE_PARTS = [[".jp-OutputArea-output"], [".jp-MarkdownOutput"]]
NOTEBOOKS = sorted(str(p.relative_to(REPO)) for p in [
    *(REPO / "notebooks").glob("*.ipynb"), *(REPO / "notebooks" / "workbook").glob("*.ipynb"),
    *(REPO / "exercises").glob("0*.ipynb")])


def violations(result) -> list[str]:
    """One line per violation: rule, impact, how many elements, the first one."""
    return [f"{v['id']} ({v['impact']}, {len(v['nodes'])} element(s)): {v['help']}; first: "
            f"{v['nodes'][0]['target']} {v['nodes'][0]['html'][:160]}"
            for v in result.response["violations"]]


def test_the_audit_covers_every_notebook():
    assert len(NOTEBOOKS) >= 14 and "notebooks/workbook/1_attribution.ipynb" in NOTEBOOKS
    assert "exercises/01_source_attribution.ipynb" in NOTEBOOKS
    assert "notebooks/teacher_marking.ipynb" in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_a_notebook_s_course_content_passes_axe(page, lab, path):
    open_notebook(page, lab, path)
    run_all_cells(page)
    result = Axe().run(page, context={"include": COURSE_PARTS},
                       options={"runOnly": {"type": "tag", "values": TAGS}})
    assert result.response["passes"], "axe checked nothing: the page did not render"
    found = violations(result)
    assert not found, "\n".join(found)
    if path == "notebooks/00_start_here.ipynb":  # JupyterLab's own page, for the record
        whole = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
        artifact_path("axe-jupyterlab", ".json").write_text(
            json.dumps(violations(whole), indent=1), encoding="utf-8")


def test_the_handouts_and_the_teacher_guide_pass_axe(browser, tmp_path):
    out = tmp_path / "handouts"
    done = subprocess.run([sys.executable, "-m", "course", "handouts", "--out", str(out)],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    pages = sorted(out.glob("*.html"))
    assert len(pages) >= 8 and any("guide" in p.name for p in pages), [p.name for p in pages]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        tab = context.new_page()
        problems = []
        for html_page in pages:
            tab.goto(html_page.as_uri())
            result = Axe().run(tab, options={"runOnly": {"type": "tag", "values": TAGS}})
            problems += [f"{html_page.name}: {v}" for v in violations(result)]
        assert not problems, "\n".join(problems)
    finally:
        context.close()
