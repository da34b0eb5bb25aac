"""Figures shown as images with a text alternative: the same picture in JupyterLab, nbval
and handouts, whatever matplotlib backend the kernel runs with, and words for a screen
reader (issue 17: a chart without a text alternative tells a blind student nothing).

A plotting function gives its chart a short description and its data as a table with
``describe_chart``; ``figure_image`` puts the description in the image's ``alt`` text and
the table under the image, behind a "Show the chart's data as a table" disclosure, so a
screen reader can read every value and a sighted student can check one.
"""
from __future__ import annotations

import base64
import html
import io
import sys
import weakref
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .plain import TableView

#: Each described figure's data table (dropped with the figure).
_TABLES: "weakref.WeakKeyDictionary[Any, TableView]" = weakref.WeakKeyDictionary()
#: The words of the disclosure that opens a chart's data table.
SHOW_DATA = "Show the chart's data as a table"
#: The sentence that ends a chart's summary: where its data are (behind the disclosure).
SEE_TABLE = f"The data are in a table under the chart: open {SHOW_DATA}."


@dataclass
class ChartImage:
    """A chart as a PNG with its text alternative: HTML (``<img alt>`` and the data table
    behind a disclosure) in a notebook; the description and the table as plain text;
    ``data`` holds the PNG bytes."""

    data: bytes = field(repr=False)
    alt: str
    table: TableView | None = None

    def _repr_html_(self) -> str:
        src = base64.b64encode(self.data).decode("ascii")
        table = ("" if self.table is None else
                 f'<details class="course-chart-data"><summary>{SHOW_DATA}</summary>'
                 f"{self.table._repr_html_()}</details>")
        return (f'<figure class="course-chart" style="margin:0">'
                f'<img src="data:image/png;base64,{src}" alt="{html.escape(self.alt)}" '
                f'style="max-width:100%;height:auto">{table}</figure>')

    def __repr__(self) -> str:
        return self.alt if self.table is None else f"{self.alt}\n{self.table!r}"


def describe_chart(fig: Any, summary: str, rows: list[dict[str, Any]], caption: str) -> None:
    """Give a chart its text alternative: ``summary`` (a sentence or two: what it shows)
    and ``rows``, its data, one dict per row with the same keys (the table's columns)."""
    fig.set_label(summary)
    _TABLES[fig] = TableView(pd.DataFrame(rows), caption)


def chart_table(fig: Any) -> TableView | None:
    """The data table ``describe_chart`` gave a figure, if any."""
    try:
        return _TABLES.get(fig)
    except TypeError:  # not a figure that can be looked up
        return None


def describe(fig: Any) -> str:
    """What a figure shows, in words: its label if its plotting function set one, else its
    titles (a chart is never left without a text alternative)."""
    label = fig.get_label() if hasattr(fig, "get_label") else ""
    if label:
        return label
    titles = [ax.get_title() for ax in getattr(fig, "axes", []) if ax.get_title()]
    return "Chart: " + ("; ".join(titles) if titles else "no description given")


def figure_image(fig: Any, dpi: int = 100) -> "ChartImage | Any":
    """A figure as a PNG image with its text alternative; the figure is closed so it is not
    shown twice. Anything else (a note that a section has nothing to draw) is passed
    through as it is."""
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        return fig
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:  # only pyplot's figures need closing (pyplot keeps them open)
        pyplot.close(fig)
    return ChartImage(buffer.getvalue(), describe(fig), chart_table(fig))
