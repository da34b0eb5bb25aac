"""Refresh a lesson notebook's stored outputs: run it with fresh progress, no widget state.

The stored outputs are what nbval compares, so they must come from a clean run: an
empty progress folder (no student's answers leak in), no saved widget state and no
saved widget views (their model ids change on every run, and a saved view shows "model
not found" before the cell is run; the widget's text line is kept instead). ``python -m course refresh notebooks/*.ipynb`` does it in place.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat import NotebookNode

from .release import drop_widget_views, execute, run_pipeline


def drop_widget_state(nb: NotebookNode) -> NotebookNode:
    """Remove saved widget state from the notebook metadata."""
    nb.metadata.pop("widgets", None)
    return nb


def refresh(path: Path, timeout: int = 180) -> Path:
    """Execute the notebook at ``path`` in its own folder and write it back in place."""
    nb = nbformat.read(path, as_version=4)
    nb = run_pipeline(nb, [execute(path.parent.resolve(), timeout), drop_widget_state,
                           drop_widget_views])
    nbformat.write(nb, path)
    return path
