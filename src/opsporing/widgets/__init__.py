"""Widgets: one field class per question kind, the block that draws questions, and the parts
every page shares.

`question_field` is the one way to make a question's field from content; a `QuestionBlock`
shows fields.
"""

from __future__ import annotations

from typing import Any

from opsporing.content.models import QuestionKind
from opsporing.widgets.base import QuestionField, SaveCallback, has_answer
from opsporing.widgets.block import Part, QuestionBlock
from opsporing.widgets.choice import ActionField, MultipleChoiceField, SingleChoiceField
from opsporing.widgets.debounce import SAVE_DELAY, Debouncer, Timer, default_timer
from opsporing.widgets.free_text import FreeTextField
from opsporing.widgets.scale import ScaleField, TrafficLightField

FIELD_FOR_KIND: dict[QuestionKind, type[QuestionField]] = {
    cls.kind: cls
    for cls in (
        FreeTextField,
        SingleChoiceField,
        MultipleChoiceField,
        ScaleField,
        TrafficLightField,
        ActionField,
    )
}


def question_field(
    key: str,
    question: Any,
    save: SaveCallback,
    *,
    timer: Timer = default_timer,
    delay: float | None = None,
    answer: tuple[Any, bool] | None = None,
    disabled: bool = False,
) -> QuestionField:
    """The field for `question`'s kind, saving through `save` under `key`.

    `delay` overrides the kind's own save delay (clicks at once, text after a pause);
    `answer` and `disabled` are as `QuestionField` takes them.
    """
    return FIELD_FOR_KIND[question.kind](
        key, question, save, timer=timer, delay=delay, answer=answer, disabled=disabled
    )


__all__ = [
    "FIELD_FOR_KIND",
    "SAVE_DELAY",
    "ActionField",
    "Debouncer",
    "FreeTextField",
    "MultipleChoiceField",
    "Part",
    "QuestionBlock",
    "QuestionField",
    "SaveCallback",
    "ScaleField",
    "SingleChoiceField",
    "Timer",
    "TrafficLightField",
    "has_answer",
    "question_field",
]
