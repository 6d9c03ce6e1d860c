"""Following the trainer: the room moves when the trainer sends it, unless one walks alone.

The trainer's step is kept in the store (`Store.send_room`), so a participant
who joins late, reloads or whose kernel restarted lands where the room is. A
participant's kernel looks at the store every `LOOK_INTERVAL` seconds (one
cheap request, `room_version`, through the server) and, while its participant follows, moves
its app to the new place in the same kernel: no page load. What was typed is
saved first, the move is announced in a live region, and the browser moves
focus to the new heading (`Navigator.announce_move`).

Locks on case stages apply to everyone on the hold, following or not: "Gå i
mit eget tempo" is a choice of pace, not a way around the trainer's reveal.
Participants who work alone (no hold) see none of this.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from html import escape
from typing import Any, Protocol

import ipywidgets as widgets

from opsporing import room_places, texts
from opsporing.pages.session import Session
from opsporing.records import StoreError
from opsporing.widgets.debounce import Handle, Timer, default_timer, flush_pending
from opsporing.widgets.navigator import Navigator
from opsporing.widgets.shared import button, html, layout, set_shown

LOOK_INTERVAL = 0.3
"""Seconds between two looks at the store: with the move itself, a follower is where the
trainer sent the room within a second, forty at once on two cores (`benchmarks/paced.py`).
A look is a request to the server's store route, which answers it from one recent read for
every follower (`store_route.ROOM_VERSION_FRESH`): 0.3 ms of the server's CPU and 0.15 ms of
the kernel's, so forty followers cost the machine about 6 % of a core."""


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

    def arrive(self, move_now: bool) -> None:
        """A participant is here (a page load, a join, "Fortsæt som"), or nobody is.

        `move_now`: go where the room is at once (a join, a page opened without a place);
        otherwise the place the address names stays, and the next step moves them.
        """
        self._seen, self._place = -1, None
        self.session.room_locks, self.session.room_opened = {}, {}
        if self.hold is None:
            self.stop()
            set_shown(self.bar, False)
            return
        participant = self.session.participant
        assert participant is not None
        self.own_pace = self.session.store.own_pace(participant.id)
        self.look(move=move_now)
        set_shown(self.bar, True)
        if self._next is None:
            self._next = self._timer(self.interval, self._tick)

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
        if db.room_version(code) == self._seen:
            return
        step = db.room_step(code)
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
            if self.hold is not None:
                self._next = self._timer(self.interval, self._tick)
            else:
                self._next = None

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
