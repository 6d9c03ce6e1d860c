"""skala and trafiklys: a position on a labelled scale, or TOPI's green/yellow/red in words.

Both are radio groups: each position is a native radio button whose label says
what it means ("1 – Slet ikke tryg", "Gul: bekymring"), so the chosen one is
announced as checked and the arrow keys move between them.
"""

from __future__ import annotations

from typing import Any

from opsporing import texts
from opsporing.content.models import QuestionKind, TrafficLight
from opsporing.widgets.base import QuestionField


class ScaleField(QuestionField):
    """Numbered positions with both end labels in words; nothing is chosen until chosen."""

    kind = QuestionKind.SCALE

    def describe(self) -> dict[str, Any]:
        q = self.question
        ends = {q.low: q.low_label, q.high: q.high_label}
        return {
            "multiple": False,
            "row": True,
            "options": [
                {"label": f"{n} – {ends[n]}" if n in ends else str(n), "value": n}
                for n in range(q.low, q.high + 1)
            ],
        }

    @classmethod
    def accept(cls, question: Any, value: Any) -> int | None:
        q = question
        in_range = isinstance(value, int) and not isinstance(value, bool)
        return value if in_range and q.low <= value <= q.high else None


class TrafficLightField(QuestionField):
    """TOPI's three positions as words with their meaning: colour is never the only signal."""

    kind = QuestionKind.TRAFFIC_LIGHT

    def describe(self) -> dict[str, Any]:
        meanings = {
            light: self.question.meanings.get(light) or texts.TOPI_MEANING[light]
            for light in TrafficLight
        }
        return {
            "multiple": False,
            "options": [
                {
                    "label": f"{texts.TRAFFIC_LIGHT_WORD[light]}: {meanings[light]}",
                    "value": light.value,
                    "light": light.value,
                }
                for light in TrafficLight
            ],
        }

    @classmethod
    def accept(cls, question: Any, value: Any) -> str | None:
        return value if value in {light.value for light in TrafficLight} else None
