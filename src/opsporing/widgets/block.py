"""Questions shown together, drawn by one widget: a text before them, the questions, a text after.

A stage of a case is its text, its questions and then either "answer first"
or the expert's perspective; a film card's questions and a self-assessment
are the same shape without the after. Each used to be a box of widgets (an
HTML, one widget per question, two more HTMLs): a case opened by forty
participants at once was 25 new models each, one message apiece through the
server.
A `QuestionBlock` is one model (`question.js`, shipped in the package): the
browser draws every question as the same fieldset as before, and only what
changes travels (an answer, a status, the text after).

The fields (`base.QuestionField`) keep each question's value, status and
saving; the block mirrors them into lists the browser reads and writes, by
index. A change the browser sends is handed to its field, which saves it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import traitlets

from opsporing.widgets.base import QuestionField
from opsporing.widgets.module import KitWidget, esm
from opsporing.widgets.shared import HIDDEN, layout

_SHOWN = ("value", "shared", "status", "failed", "disabled")


class QuestionBlock(KitWidget):
    """`before` (HTML), the questions, `after` (HTML), as one model."""

    _esm = esm(Path(__file__).with_name("question.js"))
    before = traitlets.Unicode("", help="HTML above the questions.").tag(sync=True)
    after = traitlets.Unicode("", help="HTML below the questions.").tag(sync=True)
    items: traitlets.List[dict[str, Any]] = traitlets.List(
        help="Each question's drawing (`QuestionField.drawing`)."
    ).tag(sync=True)
    answers: traitlets.List[dict[str, Any]] = traitlets.List(
        help="Each question's `{value, shared}`; the browser writes it."
    ).tag(sync=True)
    statuses: traitlets.List[dict[str, Any]] = traitlets.List(
        help="Each question's `{status, failed, disabled}`."
    ).tag(sync=True)

    def __init__(
        self,
        fields: Sequence[QuestionField],
        before: str = "",
        after: str = "",
        classes: Sequence[str] = (),
        shown: bool = True,
    ) -> None:
        """`classes` and `shown` are the block's own (a stage's number; hidden until someone
        has joined), given here so they travel in the message that opens it."""
        self.fields = list(fields)
        self._from_browser = False
        super().__init__(
            before=before,
            after=after,
            items=[f.drawing() for f in self.fields],
            answers=self._answers(),
            statuses=self._statuses(),
            layout=layout(),
            _dom_classes=(*classes, *(() if shown else (HIDDEN,))),
        )
        for f in self.fields:
            f.block = self
            f.observe(self._field_changed, list(_SHOWN))
        self.observe(self._browser_changed, "answers")

    def _answers(self) -> list[dict[str, Any]]:
        return [{"value": f.value, "shared": f.shared} for f in self.fields]

    def _statuses(self) -> list[dict[str, Any]]:
        return [
            {"status": f.status, "failed": f.failed, "disabled": f.disabled} for f in self.fields
        ]

    def _field_changed(self, change: Any) -> None:
        if change["name"] in ("value", "shared"):
            if not self._from_browser:  # what the browser sent, it already shows
                self.answers = self._answers()
        else:
            self.statuses = self._statuses()

    def _browser_changed(self, change: Any) -> None:
        """An answer typed or clicked: its field takes it (and saves it)."""
        if self._from_browser:
            return
        sent = change["new"]
        drawn = len(sent) == len(self.fields) and all(isinstance(a, dict) for a in sent)
        if not drawn:
            self.answers = self._answers()  # not what this block drew: show its own again
            return
        self._from_browser = True
        try:
            for field, answer in zip(self.fields, sent, strict=True):
                value, shared = answer.get("value"), answer.get("shared") is True
                if (value, shared) != (field.value, field.shared):
                    with field.hold_trait_notifications():
                        field.value = value
                        field.shared = shared
        finally:
            self._from_browser = False
