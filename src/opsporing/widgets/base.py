"""What every question widget shares: a key, a save callback, a debounced save, a status.

A question widget knows its question and a `save(key, value, shared)` callback,
never the store: the page binds the callback to a participant. A click (an
option, a button) is saved at once; typing restarts a short countdown and the
text is saved when it runs out. Then the status line says "Gemt", so a
participant can see the answer is safe.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any, ClassVar

import ipywidgets as widgets
import traitlets

from opsporing import texts
from opsporing.content.models import QuestionKind
from opsporing.store import StoreError
from opsporing.widgets.debounce import Debouncer, Timer, default_timer
from opsporing.widgets.shared import html, layout, style

SaveCallback = Callable[[str, Any, bool], None]
"""`save(question key, value, shared)`; `shared` is the consent to show free text in plenum."""

ViewPayload = dict[str, Any]
"""A question as the page shows it: `text` (a text box's content or None), `checked`
(the labels of ticked boxes and radio buttons), `pressed` (the chosen buttons' labels)."""


def view(
    text: str | None = None, checked: list[str] | None = None, pressed: list[str] | None = None
) -> ViewPayload:
    return {"text": text, "checked": checked or [], "pressed": pressed or []}


def labels(payload: ViewPayload, field: str) -> list[str]:
    """A list of labels from the browser, ignoring anything that is not a string."""
    found = payload.get(field)
    return [item for item in found if isinstance(item, str)] if isinstance(found, list) else []


LABEL_STYLE = {"description_width": "initial"}
"""Let a description take the width it needs, so a question is never cut to '...'."""


def has_answer(value: Any) -> bool:
    """An empty text or an empty list is no answer: the stage it belongs to stays open."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return bool(value)
    return True


def dom_key(key: str) -> str:
    """A question key as a CSS class, so a browser test can find one question's widget."""
    return "opsporing-q-" + key.replace("/", "--")


class QuestionWidget(widgets.VBox):
    """Base of the six kinds: subclasses build the inputs and read and write the value."""

    kind: ClassVar[QuestionKind]
    save_delay: ClassVar[float] = 0.0
    """Seconds of quiet before saving: 0 saves each click at once; text waits for a pause."""

    answered = traitlets.Bool(False, help="A non-empty answer has been saved or restored.")

    def __init__(
        self,
        key: str,
        question: Any,
        save: SaveCallback,
        *,
        timer: Timer = default_timer,
        delay: float | None = None,
    ) -> None:
        self.key = key
        self.question = question
        self._save = save
        self._restoring = False
        self.error: Exception | None = None
        """Why the last save failed (None when it succeeded)."""
        self._debouncer = Debouncer(
            self._save_now, self.save_delay if delay is None else delay, timer
        )
        self._controls: list[widgets.ValueWidget] = []
        self.status = widgets.Label(
            texts.QUESTION_NOT_ANSWERED, layout=layout(), style=style(widgets.Label)
        )
        self.status.add_class("opsporing-status")
        parts: list[widgets.Widget] = [*self._build()]
        if question.help:
            parts.append(html(f'<p class="opsporing-help">{escape(question.help)}</p>'))
        parts.append(self.status)
        super().__init__(children=parts, layout=layout(width="100%"))
        self.add_class("opsporing-question")
        self.add_class(f"opsporing-kind-{self.kind.value}")
        self.add_class(dom_key(key))

    # --- what subclasses provide ---------------------------------------------------------

    def _build(self) -> list[widgets.Widget]:
        """Create the inputs (kept in `self._controls`, each observed with `self._changed`)
        and return what to show, in order."""
        raise NotImplementedError

    @property
    def value(self) -> Any:
        """The current answer in the store's shape for this kind (None when none is given)."""
        raise NotImplementedError

    def _write(self, value: Any, shared: bool) -> None:
        raise NotImplementedError

    @property
    def shared(self) -> bool:
        return False

    @classmethod
    def view_payload(cls, question: Any, value: Any, shared: bool) -> ViewPayload:
        """An answer as the browser reads it off the page (`connection.js`: `readQuestion`)."""
        raise NotImplementedError

    @classmethod
    def from_view(cls, question: Any, payload: ViewPayload) -> tuple[Any, bool]:
        """What the browser kept while the kernel was gone, as (value, shared)."""
        raise NotImplementedError

    # --- behaviour -------------------------------------------------------------------------

    def restore(self, value: Any, shared: bool = False) -> None:
        """Show a stored answer without saving it again."""
        self._restoring = True
        try:
            self._write(value, shared)
        finally:
            self._restoring = False
        # Judge by what is shown: a stored option that content has since dropped is no answer.
        self.answered = has_answer(self.value)
        self.status.value = texts.QUESTION_SAVED if self.answered else texts.QUESTION_NOT_ANSWERED

    def flush(self) -> None:
        """Save a pending change now instead of after the countdown."""
        self._debouncer.flush()

    def disable(self) -> None:
        """No participant yet: the inputs are shown but cannot be answered."""
        for control in self._controls:
            control.disabled = True
        self.status.value = texts.QUESTION_JOIN_FIRST

    def _changed(self, _change: Any = None) -> None:
        if self._restoring:
            return
        if self._debouncer.delay <= 0:
            # Through "Gemmer …", so "Gemt" is sent again even when it was shown before:
            # the page shows "Gemt" only when this kernel has heard back from the store.
            self.status.value = texts.QUESTION_SAVING
            self._save_now()
            return
        self.status.value = texts.QUESTION_SAVING
        self._debouncer.trigger()

    def _save_now(self) -> None:
        value = self.value
        try:
            self._save(self.key, value, self.shared)
        except Exception as error:
            # Say it where the participant looks, not as a traceback in the page; the
            # answer stays in the box and the next change tries again.
            self.error = error
            # The store's own Danish reason (an answer too long) says what to do about it.
            known = isinstance(error, StoreError)
            self.status.value = str(error) if known else texts.QUESTION_SAVE_FAILED
            return
        self.error = None
        self.answered = has_answer(value)
        self.status.value = texts.QUESTION_SAVED if self.answered else texts.QUESTION_NOT_ANSWERED
