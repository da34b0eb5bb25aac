"""The shared parts of question controls: widgets made with shared layout and style models,
and ``AnswerControl``, the base of each question type's control (``course/engine/qtypes/``).
"""
from __future__ import annotations

from typing import Any

import ipywidgets as w

from .question import Question

CHOOSE = "— choose —"
WIDE = {"description_width": "initial"}

#: The CSS class of every course widget that ``STYLE`` applies to.
UI_CLASS = "course-ui"
#: The course's CSS for its widgets (issue 17): a focus ring on every control that a
#: keyboard user can always see; labels that wrap instead of being cut off (a sentence
#: checkbox is named by its whole sentence); nothing wider than the notebook at 200 % zoom
#: or on a 360-pixel-wide screen (a label goes above its menu when there is no room beside).
STYLE = f"""<style>
.{UI_CLASS}.{UI_CLASS} :focus-visible {{  /* stronger than ipywidgets' "outline: none" */
  outline: 3px solid #1f5fa8 !important; outline-offset: 2px; }}
.{UI_CLASS}.{UI_CLASS} :is(input, textarea, select, button):focus-visible {{
  outline: 3px solid #1f5fa8 !important; outline-offset: 2px; }}
.{UI_CLASS} .widget-inline-hbox, .{UI_CLASS} .widget-checkbox {{
  height: auto; min-height: var(--jp-widgets-inline-height); max-width: 100%; flex-wrap: wrap; }}
.{UI_CLASS} .widget-label, .{UI_CLASS} .widget-label-basic,
.{UI_CLASS} .widget-radio-box label {{
  white-space: normal; overflow: visible; text-overflow: clip; height: auto;
  max-width: 100%; line-height: 1.4; text-align: left; }}
.{UI_CLASS} .widget-label-basic, .{UI_CLASS} .widget-radio-box label {{
  display: flex; align-items: flex-start; gap: 0.4em; margin: 3px 0; }}
.{UI_CLASS} .widget-label-basic input, .{UI_CLASS} .widget-radio-box input {{
  flex: 0 0 auto; align-self: flex-start; margin-top: 0.25em; height: auto; order: -1; }}
.{UI_CLASS} select, .{UI_CLASS} .widget-input {{ min-width: 0; max-width: 100%; }}
.{UI_CLASS} .widget-dropdown > select {{ flex: 1 1 14em; }}
.{UI_CLASS} .widget-html-content {{ white-space: normal; overflow-wrap: anywhere; }}
</style>"""


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


def stylesheet() -> w.HTML:
    """The widget that carries ``STYLE`` (one model, shown with every question)."""
    return shared_model(w.HTML, {"value": STYLE,  # the rules apply; the widget takes no room
                                 "layout": shared_model(w.Layout, {"display": "none"})})


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
