"""Following the trainer: the room moves when the trainer sends it, unless one walks alone.

The trainer's step is kept in the store (`Store.send_room`), so a participant
who joins late, reloads or whose kernel restarted lands where the room is. A
participant's kernel asks the server to answer when the room moves (one question held
open, `RemoteStore.room_version_after`; where the page opens the database itself, it looks
every `LOOK_INTERVAL` seconds) and, while its participant follows, moves its app to the new
place in the same kernel: no page load. What was typed is
saved first, the move is announced in a live region, and the browser moves
focus to the new heading (`Navigator.announce_move`).

Locks on case stages apply to everyone on the hold, following or not: "Gå i
mit eget tempo" is a choice of pace, not a way around the trainer's reveal.
Participants who work alone (no hold) see none of this.
"""

from __future__ import annotations

import asyncio
import sys
import threading
import time
from collections.abc import Callable, Mapping
from html import escape
from typing import Any, Protocol

import ipywidgets as widgets

from opsporing import room_places, texts
from opsporing.pages.session import Session
from opsporing.records import Arrival, RoomStep, StoreError
from opsporing.store_client import RemoteStore
from opsporing.widgets.debounce import Handle, Timer, default_timer, flush_pending
from opsporing.widgets.navigator import Navigator
from opsporing.widgets.shared import button, html, layout, set_shown

LOOK_INTERVAL = 0.3
"""Seconds between two looks at the store where a page opens the database itself
(JupyterLab, a kit without its server)."""
WATCH_AGAIN_AFTER = 1.0
"""Seconds before a follower asks the server again when it did not answer."""


class FollowingApp(Protocol):
    """What the follower moves: the participant's app (`opsporing.pages.frame.App`)."""

    session: Session
    nav: Navigator
    built: Mapping[str, Any]


class FollowBar(widgets.VBox):
    """Whether one follows the trainer, the switch, and the room's last move (announced)."""

    def __init__(self) -> None:
        self.status = html("")
        self.toggle = button(
            description=texts.FOLLOW_STEP_OUT,
            layout=layout(width="auto"),
            _dom_classes=("opsporing-follow-toggle",),
        )
        self.moved = html("")
        self.moved.add_class("opsporing-follow-moved")
        super().__init__([self.status, self.toggle, self.moved], layout=layout())
        self.add_class("opsporing-follow")
        set_shown(self, False)


class RoomFollower:
    """Keeps one participant's app where the trainer sends the hold, while they follow."""

    def __init__(
        self, app: FollowingApp, *, timer: Timer = default_timer, interval: float = LOOK_INTERVAL
    ) -> None:
        self.app = app
        self.session = app.session
        self.bar = FollowBar()
        self.bar.toggle.on_click(lambda _button: self.switch())
        self._timer = timer
        self.interval = interval
        self._next: Handle | None = None
        self._seen = -1
        """The room's version last looked at (-1: not yet for this participant)."""
        self._place: dict[str, str] | None = None
        self.own_pace = False

    @property
    def hold(self) -> str | None:
        p = self.session.participant
        return p.hold_code if p is not None else None

    def arrive(self, move_now: bool, arrived: Arrival | None = None) -> None:
        """A participant is here (a page load, a join, "Fortsæt som"), or nobody is.

        `move_now`: go where the room is at once (a join, a page opened without a place);
        otherwise the place the address names stays, and the next step moves them.
        `arrived`: what the store said as the page was opened (`Store.arrival`); their pace
        and room are taken from it instead of asked again.
        """
        self._seen, self._place = -1, None
        self.session.room_locks, self.session.room_opened = {}, {}
        if self.hold is None:
            self.stop()
            set_shown(self.bar, False)
            return
        participant = self.session.participant
        assert participant is not None
        if arrived is not None and arrived.participant == participant and arrived.room is not None:
            self.own_pace = arrived.own_pace
            self._take(arrived.room, move=move_now)
        else:
            self.own_pace = self.session.store.own_pace(participant.id)
            self.look(move=move_now)
        set_shown(self.bar, True)
        self.stop()  # a question held open for another hold, or another version, goes
        self._next = self._schedule()

    def switch(self) -> None:
        """ "Gå i mit eget tempo", or "Følg underviseren igen" (which goes where the room is)."""
        participant = self.session.participant
        if participant is None:
            return
        self.own_pace = not self.own_pace
        self.session.store.set_own_pace(participant.id, self.own_pace)
        self._seen, self._place = -1, None
        self.look(move=not self.own_pace)

    def look(self, move: bool = True) -> None:
        """Read the room if it changed: its locks always, its place while following."""
        code = self.hold
        if code is None:
            return
        db = self.session.store
        if db.room_version(code) != self._seen:
            self._take(db.room_step(code), move)

    def _take(self, step: RoomStep, move: bool) -> None:
        """The room's step, as read: its locks always, its place while following."""
        self._seen = step.version
        locks, _stale = room_places.checked_locks(self.session.content, step.locks)
        place = step.place
        if place is not None and room_places.problem(self.session.content, place):
            place = None  # a place the content no longer has: the trainer's page says so
        changed_locks = locks != self.session.room_locks
        self.session.room_locks = locks
        if place is not None and place != self._place and not self.own_pace and move:
            self._go(place)
        elif changed_locks:
            self._room_changed()
        self._place = place
        self._draw()

    def _go(self, place: dict[str, str]) -> None:
        """Move the app to `place`: what was typed is saved first, then the move is said."""
        flush_pending()
        if "trin" in place:
            self.session.room_opened[place["case"]] = int(place["trin"])
        self._room_changed()
        self.app.nav.location = dict(place)
        name = room_places.describe(self.session.content, place)
        self.bar.moved.value = (
            f'<p role="status" class="opsporing-follow-notice">'
            f"{escape(texts.FOLLOW_MOVED.format(place=name))}</p>"
        )
        self.app.nav.announce_move()

    def _room_changed(self) -> None:
        cases = self.app.built.get("cases")
        if cases is not None:
            cases.room_changed()

    def _draw(self) -> None:
        if self.own_pace:
            where = room_places.describe(self.session.content, self._place) if self._place else None
            text = texts.FOLLOW_OWN.format(place=where) if where else texts.FOLLOW_OWN_NOWHERE
            self.bar.toggle.description = texts.FOLLOW_STEP_IN
        else:
            text = texts.FOLLOW_FOLLOWING
            self.bar.toggle.description = texts.FOLLOW_STEP_OUT
        value = f'<p class="opsporing-follow-status">{escape(text)}</p>'
        if self.bar.status.value != value:
            self.bar.status.value = value

    def _tick(self) -> None:
        try:
            self.look()
        except _store_trouble():
            pass  # The database was busy or briefly away: the next look will catch up.
        finally:
            self._next = self._schedule() if self.hold is not None else None

    def _schedule(self) -> Handle:
        """The next look: when the server says the room has moved from what was last seen,
        or after `interval` where the page opens the database itself."""
        db, code = self.session.store, self.hold
        if not isinstance(db, RemoteStore) or code is None:
            return self._timer(self.interval, self._tick)
        return _Watch(lambda: db.room_version_after(code, self._seen), self._tick)

    def stop(self) -> None:
        if self._next is not None:
            self._next.cancel()
            self._next = None


def _store_trouble() -> tuple[type[Exception], ...]:
    """What a look at the store meets while the database is busy or away: the store's own
    error, and SQLAlchemy's where the page opened the database itself. SQLAlchemy is loaded
    then, and never in a page the kit's server serves (`opsporing.store_client`)."""
    errors = sys.modules.get("sqlalchemy.exc")
    return (StoreError,) if errors is None else (StoreError, errors.SQLAlchemyError)


class _Watch:
    """One question to the server, held open until the room moves, in a thread of its own;
    then `then` runs on the kernel's event loop, where widgets may be changed."""

    def __init__(self, ask: Callable[[], int], then: Callable[[], None]) -> None:
        self._ask, self._then = ask, then
        self._cancelled = False
        try:
            self._loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            self._loop = None  # no kernel loop (a script): `then` runs in the thread
        threading.Thread(target=self._wait, daemon=True, name="opsporing-follow").start()

    def _wait(self) -> None:
        try:
            self._ask()
        except Exception:  # the server is away, or answered oddly: a follower never stops
            time.sleep(WATCH_AGAIN_AFTER)
        if self._loop is None:
            self._run()
        else:
            self._loop.call_soon_threadsafe(self._run)

    def _run(self) -> None:
        if not self._cancelled:
            self._then()

    def cancel(self) -> None:
        self._cancelled = True
