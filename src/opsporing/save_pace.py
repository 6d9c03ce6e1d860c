"""One participant's saves, paced: a burst at once, then a steady rate, and nothing dropped.

The whole room writes to one store, and SQLite lets one writer in at a time.
A participant whose page sends answers in a tight loop (a script, a stuck key
in a field the kit saves on every change, a browser replaying what it kept)
would make everyone else's save queue behind theirs. So each participant's
kernel lets `SAVE_BURST` saves through at once and then `SAVE_RATE` a second
(a token bucket), which no person meets: a click saves once, typing saves after
a pause (`opsporing.widgets.debounce`), and a browser that kept answers while
the connection was away gives back one per question.

A save beyond the pace is not refused, and not dropped: the newest value per
question waits and is written when the bucket allows, on the same timer the
widgets use (the kernel's own event loop, or a thread outside a kernel).
When the kernel is shut down, whatever waits is written at once.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
import weakref
from collections.abc import Callable

from opsporing.widgets import debounce
from opsporing.widgets.debounce import Handle, Timer, default_timer

logger = logging.getLogger(__name__)

SAVE_BURST = 20
"""Saves let through at once: more than a page has questions a browser could give back
together after a reconnect."""

SAVE_RATE = 10.0
"""Saves a second after the burst: a person clicking as fast as they can stays under it."""

Clock = Callable[[], float]


class SavePace:
    """A token bucket for one participant's saves; a save that must wait is kept per key,
    newest value only, and written in the order the keys first had to wait."""

    def __init__(
        self,
        burst: int = SAVE_BURST,
        rate: float = SAVE_RATE,
        *,
        clock: Clock = time.monotonic,
        timer: Timer = default_timer,
    ) -> None:
        self.burst = burst
        self.rate = rate
        self._clock = clock
        self._timer = timer
        self._tokens = float(burst)
        self._updated = clock()
        self._waiting: dict[str, Callable[[], None]] = {}
        self._next: Handle | None = None
        # Held while writing, so a write run now never overtakes an older one for the same
        # question that a thread timer is writing (in a kernel both run on one loop anyway).
        self._lock = threading.RLock()

    @property
    def waiting(self) -> int:
        """Saves kept for later (one per question at most), once a write under way is done:
        0 means everything given so far is in the store."""
        with self._lock:
            return len(self._waiting)

    def submit(self, key: str, write: Callable[[], None]) -> bool:
        """Run `write` now if the pace allows it (True; its error is the caller's), else keep
        it as the newest save for `key` and run it when its turn comes (False)."""
        with self._lock:
            self._refill()
            if not self._waiting and self._tokens >= 1:
                self._tokens -= 1
                write()
                return True
            self._waiting[key] = write
            self._schedule()
            return False

    def flush(self) -> None:
        """Write everything that waits, now, whatever the pace (the kernel is going away)."""
        with self._lock:
            if self._next is not None:
                self._next.cancel()
                self._next = None
            while self._waiting:
                self._run_next()
            _paced.discard(self)

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(float(self.burst), self._tokens + (now - self._updated) * self.rate)
        self._updated = now

    def _schedule(self) -> None:
        if self._next is None:
            self._next = self._timer(max((1 - self._tokens) / self.rate, 0.001), self._drain)
            _paced.add(self)

    def _drain(self) -> None:
        with self._lock:
            self._next = None
            self._refill()
            while self._waiting and self._tokens >= 1:
                self._tokens -= 1
                self._run_next()
            if self._waiting:
                self._schedule()
            else:
                _paced.discard(self)

    def _run_next(self) -> None:
        key = next(iter(self._waiting))
        write = self._waiting.pop(key)
        try:
            write()
        except Exception:
            # No one waits for this call to answer. The browser keeps every answer until
            # the kernel confirms it saved (`widgets/connection.py`) and offers it again.
            logger.exception("could not write a paced save")


_paced: weakref.WeakSet[SavePace] = weakref.WeakSet()
"""Paces with saves still waiting, for `flush_pending` at exit."""


def flush_pending() -> None:
    """At exit: the widgets' pending saves first (they may land in a pace), then every pace."""
    debounce.flush_pending()
    for pace in list(_paced):
        try:
            pace.flush()
        except Exception:
            logger.exception("could not write paced saves at exit")


atexit.register(flush_pending)
