"""The shared parts of question controls: widgets made with shared layout and style models,
and ``AnswerControl``, the base of each question type's control (``course/engine/qtypes/``).
"""
from __future__ import annotations

from typing import Any

import ipywidgets as w

from .question import Question

CHOOSE = "— choose —"
WIDE = {"description_width": "initial"}


_SHARED: dict[tuple, w.Widget] = {}


def shared_model(cls: type, values: dict) -> w.Widget:
    """One Layout or style model per class and set of values, reused by every widget that
    asks for it (nothing here changes a layout or style after creation). A question drew 91
    widget models, 57 of them layouts and styles; each is created and sent to the browser."""
    key = (cls, tuple(sorted(values.items())))
    model = _SHARED.get(key)
    if model is None or model.comm is None:  # never made, or closed (Widget.close_all)
        model = _SHARED[key] = cls(**values)
    return model


def make(cls: type, layout: dict | None = None, style: dict | None = None,
         **kwargs: Any) -> Any:
    """A widget of ``cls`` whose layout (CSS values) and style are shared models."""
    kwargs["layout"] = shared_model(w.Layout, layout or {})
    trait = cls.class_traits().get("style")
    if trait is not None:
        kwargs["style"] = shared_model(trait.klass, style or {})
    return cls(**kwargs)


class AnswerControl:
    """The part of a question widget where the student answers; ``value`` is what ``check`` takes."""

    def __init__(self, q: Question):
        self.q = q
        self.box = make(w.VBox, children=self.build())

    def build(self) -> list[w.Widget]:
        raise NotImplementedError

    @property
    def value(self) -> Any:
        raise NotImplementedError

    @value.setter
    def value(self, answer: Any) -> None:
        raise NotImplementedError

    def reset(self) -> None:
        """Clear the control."""
        self.value = None
