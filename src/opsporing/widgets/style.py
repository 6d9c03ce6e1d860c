"""The kit's stylesheet (data: every `*.css` file beside this module), as one widget.

One loader for all of it: the app and the trainer page each put this widget
first, and nothing else carries a `<style>` of its own.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import ipywidgets as widgets

from opsporing.widgets.shared import html


@cache
def css() -> str:
    sheets = sorted(
        (f for f in files("opsporing.widgets").iterdir() if f.name.endswith(".css")),
        key=lambda f: f.name,
    )
    return "\n".join(f.read_text("utf-8") for f in sheets)


def stylesheet() -> widgets.HTML:
    sheet = html(f"<style>{css()}</style>")
    sheet.add_class("opsporing-style")
    return sheet
