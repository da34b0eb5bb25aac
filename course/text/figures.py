"""Figures shown as images with a text alternative: the same picture in JupyterLab, nbval
and handouts, whatever matplotlib backend the kernel runs with, and words for a screen
reader (issue 17: a chart without a text alternative tells a blind student nothing).

A plotting function says what its chart shows with ``fig.set_label(words)`` (matplotlib's
own label); ``figure_image`` puts those words in the image's ``alt`` text.
"""
from __future__ import annotations

import base64
import html
import io
import sys
from dataclasses import dataclass, field
from typing import Any


@dataclass
class ChartImage:
    """A chart as a PNG with its text alternative: HTML (``<img alt>``) in a notebook, the
    description as plain text; ``data`` holds the PNG bytes."""

    data: bytes = field(repr=False)
    alt: str

    def _repr_html_(self) -> str:
        src = base64.b64encode(self.data).decode("ascii")
        return (f'<figure class="course-chart" style="margin:0">'
                f'<img src="data:image/png;base64,{src}" alt="{html.escape(self.alt)}" '
                f'style="max-width:100%;height:auto"></figure>')

    def __repr__(self) -> str:
        return self.alt


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
    return ChartImage(buffer.getvalue(), describe(fig))
