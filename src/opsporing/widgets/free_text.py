"""fritekst: a text box, and the participant's consent to show the text anonymously in plenum."""

from __future__ import annotations

from typing import Any

from opsporing import texts
from opsporing.content.models import QuestionKind
from opsporing.widgets.base import QuestionField
from opsporing.widgets.debounce import SAVE_DELAY


class FreeTextField(QuestionField):
    """Free text is private by default: it reaches the plenum only if the box is ticked."""

    kind = QuestionKind.FREE_TEXT
    save_delay = SAVE_DELAY

    def describe(self) -> dict[str, Any]:
        return {
            "placeholder": texts.QUESTION_FREE_TEXT_PLACEHOLDER,
            "share": texts.QUESTION_SHARE,
            "share_help": texts.QUESTION_SHARE_HELP,
        }

    @classmethod
    def accept(cls, question: Any, value: Any) -> str:
        return value if isinstance(value, str) else ""
