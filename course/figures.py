"""Figures shown as PNG images: the same picture in JupyterLab, nbval and handouts,
whatever matplotlib backend the kernel runs with."""
from __future__ import annotations

import io

import matplotlib.pyplot as plt
from IPython.display import Image
from matplotlib.figure import Figure


def figure_image(fig: Figure, dpi: int = 100) -> Image:
    """A figure as a PNG image for display; the figure is closed so it is not shown twice.
    Anything else (a note that a section has nothing to draw) is passed through as it is."""
    if not isinstance(fig, Figure):
        return fig
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    plt.close(fig)
    return Image(data=buffer.getvalue(), format="png")
