"""skala and trafiklys: a position on a labelled scale, or TOPI's green/yellow/red in words."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets

from opsporing import texts
from opsporing.content.models import QuestionKind, TrafficLight
from opsporing.widgets.base import QuestionWidget, ViewPayload, labels, view
from opsporing.widgets.shared import html, layout, style


def _button_style() -> widgets.ToggleButtonsStyle:
    return style(widgets.ToggleButtons, description_width="initial", button_width="auto")


class ScaleWidget(QuestionWidget):
    """Numbered buttons with both end labels in words; nothing is chosen until chosen."""

    kind = QuestionKind.SCALE

    def _build(self) -> list[widgets.Widget]:
        q = self.question
        steps = list(range(q.low, q.high + 1))
        ends = {q.low: q.low_label, q.high: q.high_label}
        self.choice = widgets.ToggleButtons(
            options=[(str(n), n) for n in steps],
            value=None,
            description=q.text,
            tooltip=texts.QUESTION_SCALE_TOOLTIP.format(
                low=q.low, low_label=q.low_label, high=q.high, high_label=q.high_label
            ),
            tooltips=[f"{n}: {ends[n]}" if n in ends else str(n) for n in steps],
            style=_button_style(),
            layout=layout(),
        )
        self._controls = [self.choice]
        self.choice.observe(self._changed, "value")
        legend = html(
            '<p class="opsporing-scale-ends">'
            f"<span>{q.low} = {escape(q.low_label)}</span>"
            f"<span>{q.high} = {escape(q.high_label)}</span></p>"
        )
        return [self.choice, legend]

    @property
    def value(self) -> int | None:
        return self.choice.value

    def _write(self, value: int | None, shared: bool) -> None:
        self.choice.value = (
            value if value in range(self.question.low, self.question.high + 1) else None
        )

    @classmethod
    def view_payload(cls, question: Any, value: Any, shared: bool) -> ViewPayload:
        in_range = isinstance(value, int) and question.low <= value <= question.high
        return view(pressed=[str(value)] if in_range else [])

    @classmethod
    def from_view(cls, question: Any, payload: ViewPayload) -> tuple[int | None, bool]:
        steps = {str(n): n for n in range(question.low, question.high + 1)}
        chosen = [steps[label] for label in labels(payload, "pressed") if label in steps]
        return (chosen[0] if chosen else None), False


class TrafficLightWidget(QuestionWidget):
    """TOPI's three positions as words with their meaning: colour is never the only signal."""

    kind = QuestionKind.TRAFFIC_LIGHT

    def _build(self) -> list[widgets.Widget]:
        meanings = {
            light: self.question.meanings.get(light) or texts.TOPI_MEANING[light]
            for light in TrafficLight
        }
        self.choice = widgets.ToggleButtons(
            options=[(texts.TRAFFIC_LIGHT_WORD[light], light.value) for light in TrafficLight],
            value=None,
            description=self.question.text,
            tooltip=self.question.text,
            tooltips=[
                f"{texts.TRAFFIC_LIGHT_WORD[light]}: {meanings[light]}" for light in TrafficLight
            ],
            style=_button_style(),
            layout=layout(),
        )
        self.choice.add_class("opsporing-traffic-light")
        self._controls = [self.choice]
        self.choice.observe(self._changed, "value")
        items = "".join(
            f'<li class="opsporing-light-{light.value}">'
            f"<strong>{texts.TRAFFIC_LIGHT_WORD[light]}</strong>: {escape(meanings[light])}</li>"
            for light in TrafficLight
        )
        legend = html(f'<ul class="opsporing-traffic-legend">{items}</ul>')
        return [self.choice, legend]

    @property
    def value(self) -> str | None:
        return self.choice.value

    def _write(self, value: str | None, shared: bool) -> None:
        self.choice.value = value if value in {light.value for light in TrafficLight} else None

    @classmethod
    def view_payload(cls, question: Any, value: Any, shared: bool) -> ViewPayload:
        word = texts.TRAFFIC_LIGHT_WORD.get(value) if isinstance(value, str) else None
        return view(pressed=[word] if word else [])

    @classmethod
    def from_view(cls, question: Any, payload: ViewPayload) -> tuple[str | None, bool]:
        lights = {word: light for light, word in texts.TRAFFIC_LIGHT_WORD.items()}
        chosen = [lights[label] for label in labels(payload, "pressed") if label in lights]
        return (chosen[0] if chosen else None), False
