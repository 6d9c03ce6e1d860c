"""The trainer's page: create or open a hold with its PIN, then watch the room answer, live.

Nothing about a hold is shown before its PIN is checked; a failed attempt
also clears whatever an earlier hold showed. Once open, the page re-reads the
store every second on the kernel's own event loop (the thread that owns the
widgets) and redraws only what changed, so a participant's answer is on the
projector within about a second of being saved.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from html import escape

import ipywidgets as widgets
from IPython.display import display
from sqlalchemy.exc import SQLAlchemyError

from opsporing import plenum, request, retention, routes, store, texts
from opsporing.content import Content, ContentErrors
from opsporing.pages.frame import ContentErrorNotice
from opsporing.pages.pace_panel import PacePanel
from opsporing.pages.session import current
from opsporing.widgets.connection import ConnectionGuard
from opsporing.widgets.debounce import Handle, Timer, default_timer
from opsporing.widgets.form import Action, Field, Form
from opsporing.widgets.plenum import PlenumView
from opsporing.widgets.projector import ProjectorView
from opsporing.widgets.shared import set_shown
from opsporing.widgets.style import stylesheet

REFRESH_INTERVAL = 1.0
"""Seconds between two looks at the store: with the participant's save delay
this keeps an answer's way to the trainer's screen well under 3 s."""


class TrainerPage(widgets.VBox):
    """Log-in for a hold (new or existing), then that hold's live plenum view."""

    children: Sequence[widgets.Widget]  # the VBox's trait, declared for mypy

    def __init__(
        self,
        db: store.Store,
        kit: Content,
        join_url: str | None,
        *,
        timer: Timer = default_timer,
        interval: float = REFRESH_INTERVAL,
        room: Callable[[], dict[str, int] | None] = routes.room_state,
    ) -> None:
        self.db = db
        self._room_state = room
        self.kit = kit
        self.join_url = join_url
        self.interval = interval
        self._timer = timer
        self._next: Handle | None = None
        self.view: PlenumView | None = None
        self.pace: PacePanel | None = None
        self.projector: ProjectorView | None = None
        self._version: tuple[int, int, datetime | None] | None = None
        self._live: plenum.LiveHold | None = None

        self.create_form = Form(
            [
                Field(
                    "name",
                    texts.TRAINER_HOLD_NAME,
                    texts.TRAINER_HOLD_NAME_PLACEHOLDER,
                    css="opsporing-trainer-new-name",
                ),
                Field(
                    "pin",
                    texts.TRAINER_PIN,
                    help=texts.TRAINER_PIN_HELP,
                    secret=True,
                    autocomplete="new-password",
                    css="opsporing-trainer-new-pin",
                ),
                Field(
                    "days",
                    texts.TRAINER_DAYS,
                    help=texts.TRAINER_DAYS_HELP.format(
                        days=store.HOLD_LIFETIME.days, max=store.MAX_HOLD_LIFETIME.days
                    ),
                    css="opsporing-trainer-new-days",
                ),
            ],
            [Action("create", texts.TRAINER_CREATE, primary=True, css="opsporing-trainer-create")],
            lambda _action, _values: self.create_hold(),
        )
        self.create_form.fill(days=str(store.HOLD_LIFETIME.days))
        self.open_form = Form(
            [
                Field("code", texts.TRAINER_CODE, capitals=True, css="opsporing-trainer-code"),
                Field(
                    "pin",
                    texts.TRAINER_PIN,
                    secret=True,
                    autocomplete="current-password",
                    css="opsporing-trainer-pin",
                ),
            ],
            [Action("open", texts.TRAINER_OPEN, primary=True, css="opsporing-trainer-open")],
            lambda _action, _values: self.open_hold(),
        )

        self.close_button = widgets.Button(description=texts.TRAINER_CLOSE)
        self.close_button.add_class("opsporing-trainer-close")
        self.close_button.on_click(lambda _button: self.close_hold())
        set_shown(self.close_button, False)
        self.projector_button = widgets.Button(description=texts.PROJECTOR_OPEN)
        self.projector_button.add_class("opsporing-trainer-projector")
        self.projector_button.on_click(lambda _button: self.open_projector())
        set_shown(self.projector_button, False)
        self.projector_box = widgets.VBox()

        self.message = widgets.HTML()
        self.message.add_class("opsporing-trainer-message")
        self.ends = widgets.HTML()
        self.ends.add_class("opsporing-trainer-ends")
        self.room = widgets.HTML()
        self.room.add_class("opsporing-trainer-room")
        self.view_box = widgets.VBox()
        self.open_part = widgets.VBox(
            [widgets.HTML(f"<h2>{escape(texts.TRAINER_OPEN_HEADING)}</h2>"), self.open_form]
        )
        self.create_part = widgets.VBox(
            [widgets.HTML(f"<h2>{escape(texts.TRAINER_NEW_HEADING)}</h2>"), self.create_form]
        )
        self.login = widgets.VBox([self.open_part, self.create_part])
        self.heading = widgets.HTML(
            f"<h1>{escape(texts.TRAINER_TITLE)}</h1><p>{escape(texts.TRAINER_INTRO)}</p>"
        )
        self.buttons = widgets.HBox([self.close_button, self.projector_button])
        super().__init__(
            children=[
                stylesheet(),
                ConnectionGuard(lambda _key, _payload: None),
                self.heading,
                self.room,
                self.message,
                self.login,
                self.buttons,
                self.view_box,
                self.projector_box,
            ]
        )
        self.add_class("opsporing-page")
        self.add_class("opsporing-trainer")
        self.show_room()

    # --- log-in -------------------------------------------------------------------------

    def create_hold(self) -> None:
        """Create a hold with the PIN typed, and open it at once.

        The number of days is checked before anything is made: a typo there
        must not create a hold the trainer did not mean to keep that long.
        """
        typed = self.create_form.values
        days = _days(typed["days"])
        if days is None:
            self._refuse(
                texts.TRAINER_DAYS_INVALID.format(max=store.MAX_HOLD_LIFETIME.days),
                self.create_part,
            )
            return
        try:
            code = self.db.create_hold(
                typed["pin"],
                typed["name"].strip(),
                ends_at=datetime.now(UTC) + timedelta(days=days),
            )
        except store.StoreError as error:
            self._refuse(str(error), self.create_part)
            return
        self.create_form.fill(name="", pin="", days=str(store.HOLD_LIFETIME.days))
        self.open_form.fill(code=code, pin="")
        self._say(texts.TRAINER_CREATED.format(code=code), alert=False)
        self._show(code)

    def open_hold(self) -> None:
        """Open a hold; a wrong or missing PIN shows no data at all, not even the old hold's.

        Wrong PINs are counted per hold and per browser (`opsporing.throttle`);
        after a few, the page says how long the hold is locked for this browser.
        The trainer's own machine is trusted: the room's guesses never keep it
        out. Once open, the page says how many wrong PINs others tried since the
        hold was last opened (read before the right PIN starts the count again).
        """
        code = store.normalise_hold_code(self.open_form.values["code"])
        pin = self.open_form.values["pin"]
        self.open_form.fill(pin="")
        if not code or not pin.strip():
            self._refuse(texts.TRAINER_MISSING_PIN, self.open_part)
            return
        client, trusted = request.browser(), request.from_this_machine()
        try:
            tried = self.db.wrong_pins(code, client, trusted=trusted)
            opened = self.db.check_pin(code, pin, client=client, trusted=trusted)
        except store.TooManyTries as locked:
            self._refuse(str(locked), self.open_part)
            return
        if not opened:
            self._refuse(texts.TRAINER_WRONG_PIN, self.open_part)
        else:
            notice = texts.TRAINER_WRONG_PINS.format(times=texts.times(tried)) if tried else ""
            self._say(notice, alert=False)
            self._show(code)

    def close_hold(self) -> None:
        """Take the hold off the screen (before the projector shows something else)."""
        self.close_projector()
        self.view = None
        self._live = None
        self.pace = None
        self.view_box.children = ()
        set_shown(self.login, True)
        set_shown(self.close_button, False)
        set_shown(self.projector_button, False)

    # --- projector ----------------------------------------------------------------------

    def open_projector(self) -> None:
        """The open hold, one question at a time and large, in place of the whole page."""
        if self.view is None:
            return
        self.projector = ProjectorView(
            self.view.code, self.join_url, routes.local_url(), self.close_projector
        )
        if self.view.plenum is not None:
            self.projector.update(self.view.plenum)
        if self.pace is not None:
            self.projector.show_following(*self.pace.following)
        self.projector_box.children = (self.projector,)
        for part in (self.heading, self.message, self.buttons, self.view_box):
            set_shown(part, False)
        self.add_class("opsporing-projecting")

    def close_projector(self) -> None:
        """Back to the trainer's own page (the answer key and progress are there)."""
        self.projector = None
        self.projector_box.children = ()
        for part in (self.heading, self.message, self.buttons, self.view_box):
            set_shown(part, True)
        self.remove_class("opsporing-projecting")
        self.projector_button = widgets.Button(description=texts.PROJECTOR_OPEN)
        self.projector_button.add_class("opsporing-trainer-projector")
        self.projector_button.on_click(lambda _button: self.open_projector())
        set_shown(self.projector_button, False)
        self.projector_box = widgets.VBox()

    def _refuse(self, message: str, form: widgets.VBox) -> None:
        """Say no right under the button that was pressed, where the trainer is looking."""
        self.close_hold()
        self._say(message, alert=True, near=form)

    def _say(self, message: str, *, alert: bool, near: widgets.VBox | None = None) -> None:
        """A message under the form `near` (a refusal), or above the open hold (a notice)."""
        role = ' role="alert" class="opsporing-message"' if alert else ' role="status"'
        self.message.value = f"<p{role}>{escape(message)}</p>" if message else ""
        parts = [self.open_part, self.create_part]
        if near is not None:
            parts.insert(parts.index(near) + 1, self.message)
        if tuple(parts) != self.login.children:
            self.login.children = parts
        top = [child for child in self.children if child is not self.message]
        if near is None:
            top.insert(top.index(self.login), self.message)
        if tuple(top) != self.children:
            self.children = top

    def _show(self, code: str) -> None:
        self.view = PlenumView(
            code, self.db.hold_name(code), self.join_url, self.kit, routes.local_url()
        )
        self.pace = PacePanel(self.db, self.kit, code)
        self._version = None
        self._live = plenum.LiveHold(self.db, code, self.kit)
        self.ends.value = _end_note(code, self.db.hold_ends_at(code))
        self.view_box.children = (self.ends, self.pace, self.view)
        set_shown(self.login, False)
        set_shown(self.close_button, True)
        set_shown(self.projector_button, True)
        self.refresh()
        if self._next is None:
            self._next = self._timer(self.interval, self._tick)

    # --- live refresh -------------------------------------------------------------------

    def refresh(self) -> bool:
        """Re-read the open hold if it changed; return whether anything on screen changed."""
        if self.view is None or self._live is None:
            return False
        version = self.db.hold_version(self.view.code)
        if version == self._version:
            return False
        self._version = version
        changed = self.view.update(self._live.look(answers_now=version[1]))
        if changed and self.projector is not None and self.view.plenum is not None:
            self.projector.update(self.view.plenum)
        return changed

    def show_pace(self) -> None:
        """Where the room is and how many follow, on the page and on the projector."""
        if self.pace is None:
            return
        self.pace.refresh()
        if self.projector is not None:
            self.projector.show_following(*self.pace.following)

    def __repr__(self) -> str:
        """What a notebook's text/plain output says: the regression check compares it."""
        return "TrainerPage()"

    def show_room(self) -> None:
        """How full the room is, as the server counts it (nothing where it cannot say)."""
        found = self._room_state()
        if found is None:
            text = ""
        elif found["capacity"]:
            free = max(0, found["capacity"] - found["open"])
            text = texts.TRAINER_ROOM.format(
                open=found["open"], capacity=found["capacity"], free=free, warm=found["warm"]
            )
        else:
            text = texts.TRAINER_ROOM_OPEN.format(open=found["open"])
        value = f'<p role="status">{escape(text)}</p>' if text else ""
        if self.room.value != value:
            self.room.value = value

    def _tick(self) -> None:
        try:
            self.show_room()
            self.refresh()
            self.show_pace()
        except (SQLAlchemyError, store.StoreError):
            pass  # The database was busy or briefly away: the next look will catch up.
        finally:
            self._next = self._timer(self.interval, self._tick)

    def stop(self) -> None:
        """Stop looking at the store (a test, or a kernel about to close)."""
        if self._next is not None:
            self._next.cancel()
            self._next = None


def _days(typed: str) -> int | None:
    """The days a trainer typed, if a whole number a hold may be kept for; empty: the default."""
    if not typed.strip():
        return store.HOLD_LIFETIME.days
    try:
        days = int(typed.strip())
    except ValueError:
        return None
    return days if 1 <= days <= store.MAX_HOLD_LIFETIME.days else None


def _end_note(code: str, ends_at: datetime | None) -> str:
    """When the open hold is deleted; a warning within `retention.WARN_BEFORE`, and after."""
    now = datetime.now(UTC)
    if ends_at is None:
        text, alert = texts.TRAINER_NO_END.format(code=code), False
    elif ends_at <= now:
        text, alert = texts.TRAINER_EXPIRED.format(when=retention.when(ends_at)), True
    elif retention.ending_soon(ends_at, now):
        left = retention.left(ends_at, now)
        text = texts.TRAINER_ENDING_SOON.format(code=code, when=retention.when(ends_at), left=left)
        alert = True
    else:
        text, alert = texts.TRAINER_ENDS.format(when=retention.when(ends_at)), False
    role = ' role="alert" class="opsporing-message"' if alert else ' role="status"'
    return f"<p{role}>{escape(text)}</p>"


def page() -> widgets.Widget:
    """The page for this page load; content that fails to load shows its Danish errors."""
    try:
        session = current()
    except ContentErrors as errors:
        return ContentErrorNotice(errors)
    return TrainerPage(store.default(), session.content, routes.join_url())


def show() -> None:
    display(page())
