"""What every question shares: its answer, its consent, its status, and how it saves.

A question here is not a widget of its own. The questions a page shows together
(a case's stages, a film's questions, a self-assessment) are drawn by one
`QuestionBlock` (`block.py`), one model for the browser however many questions
it holds: a case opened by forty participants at once is then a few messages
each instead of one per question. A `QuestionField` holds one question's side:
the value and consent the browser reports, the status it shows, the save.

A field knows its question and a `save(key, value, shared)` callback, never
the store: the page binds the callback to a participant. A click is saved at
once; typing restarts a short countdown and the text is saved when it runs
out. The status says "Gemt" only after the callback returned, that is, after
the store confirmed the write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any, ClassVar, Protocol

import traitlets

from opsporing import texts
from opsporing.content.models import QuestionKind
from opsporing.records import StoreError
from opsporing.widgets.debounce import Debouncer, Timer, default_timer

SaveCallback = Callable[[str, Any, bool], None]
"""`save(question key, value, shared)`; `shared` is the consent to show free text in plenum."""

ViewPayload = dict[str, Any]
"""An answer as the page holds it (`{"value": …, "shared": …}`), for `widgets/connection.py`."""


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
    """A question key as a CSS class, so the page and a browser test can find one question."""
    return "opsporing-q-" + key.replace("/", "--")


class Shown(Protocol):
    """Where a field is drawn (its `QuestionBlock`): changes made within `hold_sync` reach
    the browser together, in one message."""

    def hold_sync(self) -> Any: ...


class QuestionField(traitlets.HasTraits):
    """Base of the six kinds: subclasses describe their inputs and check a value."""

    kind: ClassVar[QuestionKind]
    save_delay: ClassVar[float] = 0.0
    """Seconds of quiet before saving: 0 saves each click at once; text waits for a pause."""

    value = traitlets.Any(None, allow_none=True, help="The answer in the store's shape.")
    shared = traitlets.Bool(False, help="Consent to show free text in plenum.")
    status = traitlets.Unicode(texts.QUESTION_NOT_ANSWERED)
    failed = traitlets.Bool(False, help="The status is an error (an alert).")
    disabled = traitlets.Bool(False)
    answered = traitlets.Bool(False, help="A non-empty answer has been saved or restored.")

    def __init__(
        self,
        key: str,
        question: Any,
        save: SaveCallback,
        *,
        timer: Timer = default_timer,
        delay: float | None = None,
        answer: tuple[Any, bool] | None = None,
        disabled: bool = False,
    ) -> None:
        """`answer` is the stored (value, shared) to show, `disabled` that no one has joined:
        given here, they travel in the message that opens the block, not in two more."""
        self.key = key
        self.question = question
        self._save = save
        self._restoring = False
        self.error: Exception | None = None
        """Why the last save failed (None when it succeeded)."""
        self._debouncer = Debouncer(
            self._save_now, self.save_delay if delay is None else delay, timer
        )
        self.block: Shown | None = None
        """The block that draws this field, once it is in one."""
        shown = (
            {"disabled": True, "status": texts.QUESTION_JOIN_FIRST}
            if disabled
            else self.shown(question, *(answer or (None, False)))
        )
        super().__init__(**shown)
        self.observe(self._changed, ["value", "shared"])

    def drawing(self) -> dict[str, Any]:
        """What the browser draws (`question.js`): the kind, the texts and inputs, the key."""
        spec = {"text": self.question.text, "help": self.question.help, **self.describe()}
        return {"kind": self.kind.value, "spec": spec, "key_class": dom_key(self.key)}

    @contextmanager
    def hold_sync(self) -> Iterator[None]:
        """Changes made inside reach the browser in one message (through the block)."""
        with self.block.hold_sync() if self.block is not None else nullcontext():
            yield

    # --- what subclasses provide ---------------------------------------------------------

    def describe(self) -> dict[str, Any]:
        """The inputs to draw: `options` as `{label, value}` (and `multiple`), or a text box."""
        raise NotImplementedError

    @classmethod
    def accept(cls, question: Any, value: Any) -> Any:
        """`value` if `question` can hold it, else its empty answer (content may change, and
        a value from the browser is checked before it is saved)."""
        raise NotImplementedError

    # --- behaviour -------------------------------------------------------------------------

    @classmethod
    def view_payload(cls, question: Any, value: Any, shared: bool) -> ViewPayload:
        """An answer as the page holds it: what the browser compares with what it kept."""
        return {"value": value, "shared": shared}

    @classmethod
    def from_view(cls, question: Any, payload: ViewPayload) -> tuple[Any, bool]:
        """What the browser kept while no kernel could save it, checked: (value, shared)."""
        return cls.accept(question, payload.get("value")), payload.get("shared") is True

    @classmethod
    def shown(cls, question: Any, value: Any, shared: bool) -> dict[str, Any]:
        """The traits that show a stored answer (None: none stored yet)."""
        value = cls.accept(question, value)
        # Judge by what is shown: a stored option that content has since dropped is no answer.
        answered = has_answer(value)
        status = texts.QUESTION_SAVED if answered else texts.QUESTION_NOT_ANSWERED
        return {
            "value": value,
            "shared": bool(shared),
            "answered": answered,
            "status": status,
            "failed": False,
        }

    def restore(self, value: Any, shared: bool = False) -> None:
        """Show a stored answer without saving it again, in one message to the browser."""
        self._restoring = True
        try:
            with self.hold_sync():
                for name, shown in self.shown(self.question, value, shared).items():
                    setattr(self, name, shown)
        finally:
            self._restoring = False

    def flush(self) -> None:
        """Save a pending change now instead of after the countdown."""
        self._debouncer.flush()

    def disable(self) -> None:
        """No participant yet: the inputs are shown but cannot be answered."""
        with self.hold_sync():
            self.disabled = True
            self._status(texts.QUESTION_JOIN_FIRST)

    def _status(self, text: str, failed: bool = False) -> None:
        self.failed = failed
        self.status = text

    def _changed(self, _change: Any = None) -> None:
        if self._restoring:
            return
        # Through "Gemmer …", so "Gemt" is sent again even when it was shown before: the
        # page shows "Gemt" only when this kernel has heard back from the store.
        self._status(texts.QUESTION_SAVING)
        if self._debouncer.delay <= 0:
            self._save_now()
        else:
            self._debouncer.trigger()

    def _save_now(self) -> None:
        value = self.accept(self.question, self.value)
        try:
            self._save(self.key, value, self.shared)
        except Exception as error:
            # Said where the participant looks, as an alert; the answer stays on screen and
            # the next change tries again.
            self.error = error
            # The store's own Danish reason (an answer too long) says what to do about it.
            known = isinstance(error, StoreError)
            self._status(str(error) if known else texts.QUESTION_SAVE_FAILED, failed=True)
            return
        self.error = None
        self.answered = has_answer(value)
        self._status(texts.QUESTION_SAVED if self.answered else texts.QUESTION_NOT_ANSWERED)
