"""enkeltvalg, flervalg and handling: pick one option, or tick any number of them."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets

from opsporing import texts
from opsporing.content.models import QuestionKind
from opsporing.widgets.base import LABEL_STYLE, QuestionWidget, ViewPayload, labels, view
from opsporing.widgets.shared import html, layout, style


class SingleChoiceWidget(QuestionWidget):
    """Radio buttons: nothing is chosen until the participant chooses."""

    kind = QuestionKind.SINGLE_CHOICE

    def _build(self) -> list[widgets.Widget]:
        self.choice = widgets.RadioButtons(
            options=list(self.question.options),
            value=None,
            description=self.question.text,
            tooltip=self.question.text,
            style=style(widgets.RadioButtons, **LABEL_STYLE),
            layout=layout(width="100%"),
        )
        self._controls = [self.choice]
        self.choice.observe(self._changed, "value")
        return [self.choice]

    @property
    def value(self) -> str | None:
        return self.choice.value

    def _write(self, value: str | None, shared: bool) -> None:
        self.choice.value = value if value in self.question.options else None

    @classmethod
    def view_payload(cls, question: Any, value: Any, shared: bool) -> ViewPayload:
        return view(checked=[value] if value in question.options else [])

    @classmethod
    def from_view(cls, question: Any, payload: ViewPayload) -> tuple[str | None, bool]:
        chosen = [label for label in labels(payload, "checked") if label in question.options]
        return (chosen[0] if chosen else None), False


class MultipleChoiceWidget(QuestionWidget):
    """One checkbox per option; the value is the ticked options in the order shown."""

    kind = QuestionKind.MULTIPLE_CHOICE

    def _build(self) -> list[widgets.Widget]:
        self.boxes = [
            widgets.Checkbox(
                value=False,
                description=option,
                tooltip=f"{self.question.text} {option}",
                indent=False,
                layout=layout(width="100%"),
                style=style(widgets.Checkbox),
            )
            for option in self.question.options
        ]
        self._controls = list(self.boxes)
        for box in self.boxes:
            box.observe(self._changed, "value")
        heading = html(
            f'<p class="opsporing-question-text">{escape(self.question.text)}</p>'
            f'<p class="opsporing-hint">{escape(self._hint())}</p>'
        )
        group = widgets.VBox(self.boxes, layout=layout())
        group.add_class("opsporing-options")
        return [heading, group]

    def _hint(self) -> str:
        return texts.QUESTION_MULTIPLE_HINT

    @property
    def value(self) -> list[str]:
        return [box.description for box in self.boxes if box.value]

    def _write(self, value: list[str] | None, shared: bool) -> None:
        chosen = set(value or [])
        for box in self.boxes:
            box.value = box.description in chosen

    @classmethod
    def view_payload(cls, question: Any, value: Any, shared: bool) -> ViewPayload:
        ticked = set(value or [])
        return view(checked=[option for option in question.options if option in ticked])

    @classmethod
    def from_view(cls, question: Any, payload: ViewPayload) -> tuple[list[str], bool]:
        ticked = set(labels(payload, "checked"))
        return [option for option in question.options if option in ticked], False


class ActionWidget(MultipleChoiceWidget):
    """handling: the next steps the participant would take, as a checklist."""

    kind = QuestionKind.ACTION

    def _hint(self) -> str:
        return texts.QUESTION_ACTION_HINT
