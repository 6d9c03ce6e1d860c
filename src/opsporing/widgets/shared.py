"""Layout and style models shared by the many widgets that look alike.

A page of films holds hundreds of widgets, and by default each also gets a
layout and a style model of its own: three models for the kernel to open and
the browser to build per widget. Widgets that look alike share one model
instead (ipywidgets allows it). A shared model is never changed afterwards:
whatever is hidden or resized on its own (a card, a stage) keeps its own layout.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import ipywidgets as widgets


@cache
def layout(**traits: Any) -> widgets.Layout:
    return widgets.Layout(**traits)


@cache
def style(widget: type[widgets.DOMWidget], **traits: Any) -> widgets.Style:
    """One style model for every `widget` of this class with these traits.

    The style class is read from the widget class's own `style` trait, since
    ipywidgets does not export most style classes at the top level.
    """
    return widget.class_traits()["style"].klass(**traits)


HIDDEN = "opsporing-hidden"
"""The class that hides a widget (`style.css`): a class, not a layout of its own, so a widget
that is shown and hidden (a stage, a card, a perspective) needs no extra model."""


def set_shown(widget: widgets.DOMWidget, visible: bool) -> None:
    if visible:
        widget.remove_class(HIDDEN)
    else:
        widget.add_class(HIDDEN)


def is_shown(widget: widgets.DOMWidget) -> bool:
    return HIDDEN not in widget._dom_classes


def button(**traits: Any) -> widgets.Button:
    """A button with the shared layout (unless `traits` names one) and style."""
    traits.setdefault("layout", layout())
    return widgets.Button(style=style(widgets.Button), **traits)


def label(value: str = "") -> widgets.Label:
    """A label (a count, a status line) with the shared layout and style."""
    return widgets.Label(value, layout=layout(), style=style(widgets.Label))


def html(value: str, shown: bool = True) -> widgets.HTML:
    """HTML with the shared layout and style; `shown=False` builds it hidden (`set_shown`),
    which costs no message of its own as hiding it after it is built would."""
    classes = () if shown else (HIDDEN,)
    return widgets.HTML(value, layout=layout(), style=style(widgets.HTML), _dom_classes=classes)
