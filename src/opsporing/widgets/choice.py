"""enkeltvalg, flervalg and handling: pick one option, or tick any number of them."""

from __future__ import annotations

from typing import Any

from opsporing import texts
from opsporing.content.models import QuestionKind
from opsporing.widgets.base import QuestionField


class SingleChoiceField(QuestionField):
    """Radio buttons: nothing is chosen until the participant chooses."""

    kind = QuestionKind.SINGLE_CHOICE

    def describe(self) -> dict[str, Any]:
        return {
            "multiple": False,
            "options": [{"label": o, "value": o} for o in self.question.options],
        }

    @classmethod
    def accept(cls, question: Any, value: Any) -> str | None:
        return value if value in question.options else None


class MultipleChoiceField(QuestionField):
    """One checkbox per option; the value is the ticked options in the order shown."""

    kind = QuestionKind.MULTIPLE_CHOICE
    hint = texts.QUESTION_MULTIPLE_HINT

    def describe(self) -> dict[str, Any]:
        return {
            "multiple": True,
            "hint": self.hint,
            "options": [{"label": o, "value": o} for o in self.question.options],
        }

    @classmethod
    def accept(cls, question: Any, value: Any) -> list[str]:
        ticked = set(value) if isinstance(value, list) else set()
        return [option for option in question.options if option in ticked]


class ActionField(MultipleChoiceField):
    """handling: the next steps the participant would take, as a checklist."""

    kind = QuestionKind.ACTION
    hint = texts.QUESTION_ACTION_HINT
