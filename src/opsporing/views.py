"""The registry of the participant app's views: each named once, in the order they are met.

A participant's kernel holds one app from joining to leaving; its views
(start, films, cases, help, handout) are swapped inside that kernel, never by a
page load. Each view is named here once: its id (in the address, `?vis=`), its
title (navigation and heading), the notebook that opens the app at it (for
JupyterLab and for links from outside), and the module that builds it. Views
never import each other: a link to another view is an address made by `href`,
which the app's navigator follows in the same kernel.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any
from urllib.parse import parse_qsl, urlencode

from opsporing import texts

VIEW_PARAM = "vis"
PARTICIPANT_PARAM = "deltager"
"""Where earlier versions put the participant's id. Identity no longer travels in an
address (`opsporing.browser_key`); the server takes such an id out of the address."""
OLD_LINK_PARAM = "gammelt-link"
"""Set by the server when it took an id out of an old link, so the page can say why."""
PLACE_PARAMS = ("case", "trin", "film")
"""Where in a view the participant is: the chosen case and its stage, the opened film."""


@dataclass(frozen=True)
class View:
    id: str
    title: str
    nav_label: str
    notebook: str
    module: str
    """`opsporing.pages.<module>`, whose `build(session)` makes the view's widget."""

    def build(self, session: Any) -> Any:
        """The view's widget, importing its module only now: unvisited views cost nothing."""
        return import_module(f"opsporing.pages.{self.module}").build(session)


VIEWS: tuple[View, ...] = (
    View("start", texts.START_TITLE, texts.NAV_START, "00_start.ipynb", "start"),
    View("temafilm", texts.FILMS_TITLE, texts.NAV_FILMS, "01_temafilm.ipynb", "temafilm"),
    View("cases", texts.CASES_TITLE, texts.NAV_CASES, "02_cases.ipynb", "cases"),
    View("hjaelp", texts.HELP_TITLE, texts.NAV_HELP, "03_hjaelp.ipynb", "hjaelp"),
    View("handout", texts.HANDOUT_TITLE, texts.NAV_HANDOUT, "04_handout.ipynb", "handout"),
)
START = VIEWS[0]
BY_ID = {view.id: view for view in VIEWS}
ENTRY_NOTEBOOK = START.notebook
"""The one notebook the server keeps warm kernels for; `/` leads there."""


def view(view_id: str | None) -> View:
    """The view with this id, or the start view for an unknown or missing one."""
    return BY_ID.get(view_id or "", START)


def href(view_id: str, **place: str | int | None) -> str:
    """A relative address that opens the app at a view (and a place in it), never a person.

    Relative (`?vis=…`), so it works under any base URL; the navigator follows
    it inside the kernel, and a new tab or a shared link opens the same place,
    for whoever opens it, as themselves.
    """
    query: list[tuple[str, str]] = [(VIEW_PARAM, view_id)]
    query += [(k, str(v)) for k, v in place.items() if k in PLACE_PARAMS and v not in (None, "")]
    return f"{ENTRY_NOTEBOOK}?{urlencode(query)}"


@dataclass(frozen=True)
class Address:
    """What a page's address asks for: a view and a place in it."""

    view_id: str | None = None
    place: tuple[tuple[str, str], ...] = ()
    old_link: bool = False
    """The address was an old personal link, whose id the server took out."""

    @classmethod
    def parse(cls, query: str) -> Address:
        pairs = dict(parse_qsl(query))
        place = tuple((k, pairs[k]) for k in PLACE_PARAMS if pairs.get(k))
        return cls(pairs.get(VIEW_PARAM) or None, place, OLD_LINK_PARAM in pairs)
