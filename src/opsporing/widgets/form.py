"""A form whose submit carries every field's value in one message (`form.js`).

ipywidgets' `Text` sends each keystroke as an update of its own, and while
the kernel is busy the browser holds the newest ones back until the kernel
has answered the last; a `Button`'s click travels on its own model and can
overtake them. On a busy room's kernel a quick "Deltag i holdet" then read
"Ug" for "Ugle". Here the fields stay in the browser until the form is
submitted (a button, or Enter in a field), and the kernel gets the action
and all the values together, in one message. A real `<form>` also gives
labels tied to their inputs, Enter to submit, password fields a password
manager knows, and a phone keyboard with capitals for codes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import traitlets

from opsporing.widgets.module import KitWidget, esm
from opsporing.widgets.shared import layout

MAX_LENGTH = 200
"""Longer than any code, nickname or PIN: a value from the browser is cut here."""

Submitted = Callable[[str, dict[str, str]], None]
"""`on_submit(action, values)`: the button's name and every field's value."""


@dataclass(frozen=True)
class Field:
    """One labelled text box; `css` names it for the page's style and for tests."""

    name: str
    label: str
    placeholder: str = ""
    help: str = ""
    secret: bool = False
    """A PIN: shown as dots, and offered to the browser's password manager."""
    autocomplete: str = "off"
    capitals: bool = False
    """A code: a phone's keyboard starts in capitals."""
    css: str = ""


@dataclass(frozen=True)
class Action:
    """One submit button; the first is the one Enter presses."""

    name: str
    label: str
    primary: bool = False
    css: str = ""


class Form(KitWidget):
    """Labelled fields and submit buttons; the kernel hears only submits."""

    _esm = esm(Path(__file__).with_name("form.js"))
    fields = traitlets.List(traitlets.Dict(), help="`Field`s, for the browser to draw.").tag(
        sync=True
    )
    actions = traitlets.List(traitlets.Dict(), help="`Action`s, for the browser to draw.").tag(
        sync=True
    )
    shown = traitlets.Dict(help="What the kernel puts in the fields (a code, an emptied PIN).").tag(
        sync=True
    )

    def __init__(
        self, fields: Sequence[Field], actions: Sequence[Action], on_submit: Submitted
    ) -> None:
        super().__init__(
            fields=[asdict(f) for f in fields],
            actions=[asdict(a) for a in actions],
            shown={f.name: "" for f in fields},
            layout=layout(),
        )
        self.values: dict[str, str] = dict(self.shown)
        """The fields as last submitted, or as `fill` set them."""
        self._on_submit = on_submit
        self.on_msg(self._received)

    def relabel(self, actions: Sequence[Action]) -> None:
        """New buttons (a suggested nickname changes its button's words)."""
        self.actions = [asdict(a) for a in actions]

    def submit(self, action: str, values: Any) -> None:
        """What a submit in the browser does: keep the values, then act on them.

        Values are checked as anything from a browser is: only this form's
        fields, as text, cut at `MAX_LENGTH`. An unknown action does nothing.
        """
        if action not in {a["name"] for a in self.actions}:
            return
        given = values if isinstance(values, dict) else {}
        self.values = {name: str(given.get(name) or "")[:MAX_LENGTH] for name in self.values}
        self._on_submit(action, dict(self.values))

    def fill(self, **values: str) -> None:
        """Put these values in the fields, in the kernel's copy and on the page."""
        self.values = {**self.values, **values}
        if self.shown == self.values:
            # The page may show something else since (typed, not submitted): send anyway.
            self.send_state("shown")
        else:
            self.shown = dict(self.values)

    def _received(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("type") == "submit":
            self.submit(str(content.get("action", "")), content.get("values"))
