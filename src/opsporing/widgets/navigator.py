"""The app's navigation bar and heading, with the address bar kept in step (`navigator.js`).

`location` is where the participant is: the view (`vis`) and the place in it
(`case`, `trin`, `film`), one trait so that a view and its place always
arrive together. The kernel sets it when the app moves; the browser sets it
when a participant clicks a link to `?vis=…` or presses Back. `address` is
true under Voila only: in JupyterLab the address bar belongs to JupyterLab. An
address names a place, never who is there (`opsporing.browser_key`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import traitlets

from opsporing import texts
from opsporing.views import ENTRY_NOTEBOOK, View
from opsporing.widgets.module import KitWidget, esm
from opsporing.widgets.shared import layout


class Navigator(KitWidget):
    _esm = esm(Path(__file__).with_name("navigator.js"))
    views: traitlets.List[dict[str, str]] = traitlets.List(
        help="[{id, label, title}] in the order of the navigation."
    ).tag(sync=True)
    location = traitlets.Dict(help="{vis: view id, and case, trin (stage), film}.").tag(sync=True)
    address = traitlets.Bool(False, help="Whether the address bar follows.").tag(sync=True)
    label = traitlets.Unicode(texts.NAV_LABEL).tag(sync=True)
    kit = traitlets.Unicode(texts.KIT_NAME).tag(sync=True)
    entry = traitlets.Unicode(ENTRY_NOTEBOOK, help="The notebook every address names.").tag(
        sync=True
    )

    def __init__(
        self,
        views: Sequence[View],
        location: dict[str, str],
        address: bool,
    ) -> None:
        super().__init__(
            views=[{"id": v.id, "label": v.nav_label, "title": v.title} for v in views],
            location=location,
            address=address,
            layout=layout(),
        )
        self.add_class("opsporing-nav-bar")

    @property
    def view(self) -> str:
        return str(self.location.get("vis", ""))

    @property
    def place(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.location.items() if k != "vis"}

    def announce_move(self) -> None:
        """The trainer moved the room here: the browser moves focus to the new heading and
        shows the place (a film, a stage), as for a link the participant followed."""
        self.send({"moved": True})
