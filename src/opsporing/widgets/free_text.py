"""fritekst: a text box, and the participant's consent to show the text anonymously in plenum."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from opsporing import texts
from opsporing.content.models import QuestionKind
from opsporing.widgets.base import LABEL_STYLE, QuestionWidget, ViewPayload, labels, view
from opsporing.widgets.debounce import SAVE_DELAY
from opsporing.widgets.shared import layout, style


class FreeTextWidget(QuestionWidget):
    """Free text is private by default: it reaches the plenum only if the box is ticked."""

    kind = QuestionKind.FREE_TEXT
    save_delay = SAVE_DELAY

    def _build(self) -> list[widgets.Widget]:
        self.text = widgets.Textarea(
            description=self.question.text,
            tooltip=self.question.text,
            placeholder=texts.QUESTION_FREE_TEXT_PLACEHOLDER,
            continuous_update=True,
            style=style(widgets.Textarea, **LABEL_STYLE),
            layout=layout(width="100%", height="6em"),
        )
        self.consent = widgets.Checkbox(
            value=False,
            description=texts.QUESTION_SHARE,
            tooltip=texts.QUESTION_SHARE_HELP,
            indent=False,
            layout=layout(width="100%"),
            style=style(widgets.Checkbox),
        )
        self._controls = [self.text, self.consent]
        for control in self._controls:
            control.observe(self._changed, "value")
        return [self.text, self.consent]

    @property
    def value(self) -> str:
        return self.text.value

    @property
    def shared(self) -> bool:
        return self.consent.value

    def _write(self, value: str | None, shared: bool) -> None:
        self.text.value = value or ""
        self.consent.value = shared

    @classmethod
    def view_payload(cls, question: Any, value: Any, shared: bool) -> ViewPayload:
        return view(text=value or "", checked=[texts.QUESTION_SHARE] if shared else [])

    @classmethod
    def from_view(cls, question: Any, payload: ViewPayload) -> tuple[str, bool]:
        text = payload.get("text")
        return (text if isinstance(text, str) else ""), texts.QUESTION_SHARE in labels(
            payload, "checked"
        )
