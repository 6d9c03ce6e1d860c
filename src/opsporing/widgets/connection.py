"""The page's watch on its kernel, so a lost connection is said and no answer is lost.

ipywidgets shows nothing when its kernel dies: the widgets stay on screen,
clicks go nowhere, and a box ticked afterwards still says "Gemt". This widget
(its browser half is `connection.js`, shipped in the package and sent through
anywidget, so no CDN is involved) pings the kernel every half second. When the
kernel stops answering, the page shows a Danish alert, and what the participant
types or clicks meanwhile is kept in the browser until a kernel reports that
the store has it: the same kernel when the connection returns, or the next
page's kernel after a reload.

The kernel half answers pings, hands what the browser kept to the page to
save, and tells the browser each time the store confirmed an answer
(`confirm`), in the shape the browser reads a question in
(`QuestionField.view_payload`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import traitlets

from opsporing import texts
from opsporing.widgets.module import KitWidget, esm
from opsporing.widgets.shared import layout

Restore = Callable[[str, dict[str, Any]], None]
"""`restore(dom key, what the browser showed)`: save it (the save itself confirms)."""


class ConnectionGuard(KitWidget):
    """An invisible widget on every page: the heartbeat and the browser's keeping of answers."""

    _esm = esm(Path(__file__).with_name("connection.js"))
    participant = traitlets.Unicode("", help="Whose answers the browser keeps.").tag(sync=True)
    texts = traitlets.Dict(help="The alert's Danish words.").tag(sync=True)

    def __init__(self, restore: Restore, participant: str | None = None) -> None:
        super().__init__(participant=participant or "", texts=texts.CONNECTION, layout=layout())
        self._restore = restore
        self.on_msg(self._received)

    def confirm(self, dom_key: str, payload: dict[str, Any]) -> None:
        """The store has this answer: the browser may stop keeping it."""
        self.send({"type": "saved", "key": dom_key, "payload": payload})

    def _received(self, _widget: Any, content: dict[str, Any], _buffers: Any) -> None:
        kind = content.get("type")
        if kind == "ping":
            self.send({"type": "pong", "n": content.get("n")})
        elif kind == "pending":
            answers = content.get("answers")
            if not isinstance(answers, dict):
                return
            for dom_key, payload in answers.items():
                if isinstance(dom_key, str) and isinstance(payload, dict):
                    self._restore(dom_key, payload)
