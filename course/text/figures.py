"""Figures shown as PNG images: the same picture in JupyterLab, nbval and handouts,
whatever matplotlib backend the kernel runs with."""
from __future__ import annotations

import io
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from IPython.display import Image


def figure_image(fig: Any, dpi: int = 100) -> "Image | Any":
    """A figure as a PNG image for display; the figure is closed so it is not shown twice.
    Anything else (a note that a section has nothing to draw) is passed through as it is."""
    from IPython.display import Image
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        return fig
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:  # only pyplot's figures need closing (pyplot keeps them open)
        pyplot.close(fig)
    return Image(data=buffer.getvalue(), format="png")
