"""Widgets: one composed class per question kind, and the parts every page shares.

`question_widget` is the one way to make a question's widget from content.
"""

from __future__ import annotations

from typing import Any

from opsporing.content.models import QuestionKind
from opsporing.widgets.base import QuestionWidget, SaveCallback, has_answer
from opsporing.widgets.choice import ActionWidget, MultipleChoiceWidget, SingleChoiceWidget
from opsporing.widgets.debounce import SAVE_DELAY, Debouncer, Timer, default_timer
from opsporing.widgets.free_text import FreeTextWidget
from opsporing.widgets.scale import ScaleWidget, TrafficLightWidget

WIDGET_FOR_KIND: dict[QuestionKind, type[QuestionWidget]] = {
    cls.kind: cls
    for cls in (
        FreeTextWidget,
        SingleChoiceWidget,
        MultipleChoiceWidget,
        ScaleWidget,
        TrafficLightWidget,
        ActionWidget,
    )
}


def question_widget(
    key: str,
    question: Any,
    save: SaveCallback,
    *,
    timer: Timer = default_timer,
    delay: float | None = None,
    answer: tuple[Any, bool] | None = None,
    disabled: bool = False,
) -> QuestionWidget:
    """The widget for `question`'s kind, saving through `save` under `key`.

    `delay` overrides the kind's own save delay (clicks at once, text after a pause);
    `answer` and `disabled` are as `QuestionWidget` takes them.
    """
    return WIDGET_FOR_KIND[question.kind](
        key, question, save, timer=timer, delay=delay, answer=answer, disabled=disabled
    )


__all__ = [
    "SAVE_DELAY",
    "WIDGET_FOR_KIND",
    "ActionWidget",
    "Debouncer",
    "FreeTextWidget",
    "MultipleChoiceWidget",
    "QuestionWidget",
    "SaveCallback",
    "ScaleWidget",
    "SingleChoiceWidget",
    "Timer",
    "TrafficLightWidget",
    "has_answer",
    "question_widget",
]
