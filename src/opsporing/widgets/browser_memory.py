"""The browser's memory of who it was on each hold (`browser_memory.js`, localStorage).

Opening the kit's address again in the same browser should not start over,
but the address is all Voila passes to a kernel. The browser keeps the
participant id for each hold (and for working alone, under "") and sends them
when the page opens; the start page offers to continue as those that still
exist. The ids never leave this browser for anyone else: they are the same
ids the participant's personal link carries.

It also names the browser (`client`, random, kept in localStorage) so that
wrong PINs and return codes can be counted per browser as well as per hold;
a script can send any name, which is why the store also counts all clients
together (`opsporing.throttle`).
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

ALONE = ""
"""The key under which the browser remembers a participant who works alone."""


class BrowserMemory(anywidget.AnyWidget):
    """Invisible: reads and writes the browser's list of participants, and names the browser."""

    _esm = Path(__file__).with_name("browser_memory.js")
    known = traitlets.Dict(help="Hold code (or '' alone) -> participant id, from the browser.").tag(
        sync=True
    )
    client = traitlets.Unicode("", help="This browser's random name, from the browser.").tag(
        sync=True
    )
    remember = traitlets.Dict(help="{'hold', 'id'} to keep; an empty id forgets.").tag(sync=True)

    def keep(self, hold_code: str | None, participant_id: str) -> None:
        """Remember this participant for their hold in this browser."""
        self.remember = {"hold": hold_code or ALONE, "id": participant_id}

    def forget(self, hold_code: str | None) -> None:
        """The participant was deleted: this browser should not offer them again."""
        self.remember = {"hold": hold_code or ALONE, "id": ""}
