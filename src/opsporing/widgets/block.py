"""Questions shown together, drawn by one widget: a text before, parts of questions, a text after.

A case is its introduction, its stages (each a text, questions and then either
"answer first" or the expert's perspective) and what to read next; a film
card's questions and a self-assessment are one part without texts of its own.
Each used to be a box of widgets (an HTML, one widget per question, more
HTMLs; a case a box of boxes): a case opened by forty participants at once
was 25 new models each, one message apiece through the server.
A `QuestionBlock` is one model (`question.js`, shipped in the package): the
browser draws every question as the same fieldset as before, each part in a
box of its own, and only what changes travels (an answer, a status, a text, a
part unfolded).

The fields (`base.QuestionField`) keep each question's value, status and
saving; the block mirrors them into lists the browser reads. An answer the
browser sends names its question, so an answer sent while a part unfolds
still reaches its field, which saves it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import traitlets

from opsporing.widgets.base import QuestionField, dom_key
from opsporing.widgets.module import KitWidget, esm
from opsporing.widgets.shared import HIDDEN, layout

_SHOWN = ("value", "shared", "status", "failed", "disabled")


@dataclass(frozen=True)
class Part:
    """Questions drawn together in a box of their own, with a text before and after them."""

    fields: Sequence[QuestionField]
    before: str = ""
    after: str = ""
    classes: Sequence[str] = ()

    def drawing(self) -> dict[str, Any]:
        return {
            "before": self.before,
            "after": self.after,
            "classes": list(self.classes),
            "count": len(self.fields),
        }


class QuestionBlock(KitWidget):
    """`before` (HTML), the parts, `after` (HTML), as one model."""

    _esm = esm(Path(__file__).with_name("question.js"))
    before = traitlets.Unicode("", help="HTML above the parts.").tag(sync=True)
    after = traitlets.Unicode("", help="HTML below the parts.").tag(sync=True)
    parts: traitlets.List[dict[str, Any]] = traitlets.List(
        help="Each part's `{before, after, classes, count}`: its next `count` items."
    ).tag(sync=True)
    items: traitlets.List[dict[str, Any]] = traitlets.List(
        help="Each question's drawing (`QuestionField.drawing`), part after part."
    ).tag(sync=True)
    answers: traitlets.List[dict[str, Any]] = traitlets.List(
        help="Each question's `{key, value, shared}`; the browser writes it."
    ).tag(sync=True)
    statuses: traitlets.List[dict[str, Any]] = traitlets.List(
        help="Each question's `{status, failed, disabled}`."
    ).tag(sync=True)

    def __init__(
        self,
        parts: Sequence[Part],
        before: str = "",
        after: str = "",
        classes: Sequence[str] = (),
        shown: bool = True,
    ) -> None:
        """`classes` and `shown` are the block's own (a case's; hidden until someone has
        joined), given here so they travel in the message that opens it."""
        self.fields: list[QuestionField] = []
        self._drawn: dict[str, QuestionField] = {}
        """Every field this block has drawn, by its key in `answers`: an answer sent before
        the browser heard that its part was folded away still reaches its field."""
        self._from_browser = False
        super().__init__(
            before=before,
            after=after,
            **self._drawing(parts),
            layout=layout(),
            _dom_classes=(*classes, *(() if shown else (HIDDEN,))),
        )
        self.observe(self._browser_changed, "answers")

    def show_parts(self, parts: Sequence[Part]) -> None:
        """The parts shown now (a stage unfolded or folded away), in one message; parts the
        browser has drawn already are kept as they are, with what is typed in them."""
        with self.hold_sync():
            for name, value in self._drawing(parts).items():
                setattr(self, name, value)

    def _drawing(self, parts: Sequence[Part]) -> dict[str, Any]:
        self.fields = [f for part in parts for f in part.fields]
        for f in self.fields:
            self._drawn[dom_key(f.key)] = f
            if f.block is not self:
                f.block = self
                f.observe(self._field_changed, list(_SHOWN))
        return {
            "parts": [part.drawing() for part in parts],
            "items": [f.drawing() for f in self.fields],
            "answers": self._answers(),
            "statuses": self._statuses(),
        }

    def _answers(self) -> list[dict[str, Any]]:
        return [{"key": dom_key(f.key), "value": f.value, "shared": f.shared} for f in self.fields]

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
        known = [
            (self._drawn[a["key"]], a)
            for a in sent
            if isinstance(a, dict) and isinstance(a.get("key"), str) and a["key"] in self._drawn
        ]
        if len(known) != len(sent):
            self.answers = self._answers()  # not what this block drew: show its own again
            return
        self._from_browser = True
        try:
            for field, answer in known:
                value, shared = answer.get("value"), answer.get("shared") is True
                if (value, shared) != (field.value, field.shared):
                    with field.hold_trait_notifications():
                        field.value = value
                        field.shared = shared
        finally:
            self._from_browser = False
