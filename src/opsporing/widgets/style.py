"""The kit's stylesheet (data: every `*.css` file beside this module), as one widget.

One loader for all of it: the app and the trainer page each put this widget
first, and nothing else carries a `<style>` of its own. The sheets use the
design tokens, which are written once, in the Voila template
(`share/jupyter/voila/templates/opsporing/static/tokens.css`); they come first
here too, so a notebook opened in JupyterLab, where that template is not used,
looks as it does under Voila.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

import ipywidgets as widgets
from jupyter_core.paths import jupyter_path

from opsporing import paths
from opsporing.widgets.shared import html

TOKENS = ("voila", "templates", "opsporing", "static", "tokens.css")


@cache
def tokens() -> str:
    """The design tokens: from the checkout when run from one (as `opsporing serve` reads its
    template), else from the installed template; empty if neither is there."""
    roots = [paths.REPO_ROOT / "share" / "jupyter", *(Path(p) for p in jupyter_path())]
    found = next((r.joinpath(*TOKENS) for r in roots if r.joinpath(*TOKENS).is_file()), None)
    return found.read_text("utf-8") if found is not None else ""


@cache
def css() -> str:
    sheets = sorted(
        (f for f in files("opsporing.widgets").iterdir() if f.name.endswith(".css")),
        key=lambda f: f.name,
    )
    return "\n".join([tokens(), *(f.read_text("utf-8") for f in sheets)])


def stylesheet() -> widgets.HTML:
    sheet = html(f"<style>{css()}</style>")
    sheet.add_class("opsporing-style")
    return sheet
