"""The navigation bar every page shows, carrying the participant's identity along.

Voila keeps nothing between page loads, so the identity travels in the
address: every link keeps `?deltager=<id>`. The links are relative, so they
work under any base URL Voila is served at, and in JupyterLab they open the
sibling notebook.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

import ipywidgets as widgets

from opsporing import texts

PARTICIPANT_PARAM = "deltager"

PAGES: tuple[tuple[str, str], ...] = (
    ("00_start.ipynb", texts.NAV_START),
    ("01_temafilm.ipynb", texts.NAV_FILMS),
    ("02_cases.ipynb", texts.NAV_CASES),
    ("03_hjaelp.ipynb", texts.NAV_HELP),
    ("04_handout.ipynb", texts.NAV_HANDOUT),
)
"""(notebook, title) for each page, in the order a participant meets them."""


def page_url(notebook: str, participant_id: str | None) -> str:
    if not participant_id:
        return notebook
    return f"{notebook}?{urlencode({PARTICIPANT_PARAM: participant_id})}"


def navigation_html(current: str, participant_id: str | None) -> str:
    items = []
    for notebook, title in PAGES:
        here = ' aria-current="page"' if notebook == current else ""
        href = escape(page_url(notebook, participant_id))
        items.append(f'<li><a href="{href}"{here}>{escape(title)}</a></li>')
    return (
        f'<nav class="opsporing-nav" aria-label="{escape(texts.NAV_LABEL)}">'
        f"<ul>{''.join(items)}</ul></nav>"
    )


class NavigationBar(widgets.HTML):
    """Links to every page; `participant_id` can change when someone joins on the start page."""

    def __init__(self, current: str, participant_id: str | None) -> None:
        self.current = current
        super().__init__(navigation_html(current, participant_id))
        self.add_class("opsporing-nav-bar")

    def set_participant(self, participant_id: str | None) -> None:
        self.value = navigation_html(self.current, participant_id)
