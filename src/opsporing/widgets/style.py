"""The pages' stylesheet (data in `style.css`), as a widget each page puts first."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import ipywidgets as widgets


@cache
def _css() -> str:
    return files("opsporing.widgets").joinpath("style.css").read_text("utf-8")


def stylesheet() -> widgets.HTML:
    sheet = widgets.HTML(f"<style>{_css()}</style>")
    sheet.add_class("opsporing-style")
    return sheet
