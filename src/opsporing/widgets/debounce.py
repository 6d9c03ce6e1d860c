"""Run an action once typing has paused, so an answer is saved without a write per keystroke.

A question field calls `trigger()` on every change; the action runs `delay`
seconds after the last one. Inside a kernel the timer is the kernel's own
asyncio loop, so the save runs on the thread that owns the widgets; with no
running loop (a script, a test) a thread timer does the same job.

When the page leaves, the kernel is shut down (the browser's shutdown request,
or culling): every action still pending runs at interpreter exit, so the last
words typed before closing the tab are saved too.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import threading
import weakref
from collections.abc import Callable
from typing import Protocol

logger = logging.getLogger(__name__)

SAVE_DELAY = 0.6
"""Seconds of quiet before an answer is saved: well under the promised 1 s."""


class Handle(Protocol):
    def cancel(self) -> object: ...


Timer = Callable[[float, Callable[[], None]], Handle]
"""Schedules a call after a delay and returns something that can cancel it."""


def default_timer(delay: float, callback: Callable[[], None]) -> Handle:
    """The kernel's event loop when there is one, else a daemon thread timer."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        timer = threading.Timer(delay, callback)
        timer.daemon = True
        timer.start()
        return timer
    return loop.call_later(delay, callback)


_waiting: weakref.WeakSet[Debouncer] = weakref.WeakSet()
"""Debouncers with an action still to run, for `flush_pending` at exit."""


def flush_pending() -> None:
    """Run every pending action now: the kernel is going away."""
    for debouncer in list(_waiting):
        try:
            debouncer.flush()
        except Exception:
            # Nobody is left to tell; keep saving the others and leave a trace in the log.
            logger.exception("could not run a pending save at exit")


atexit.register(flush_pending)


class Debouncer:
    """Collapses a burst of triggers into one call of `action`, `delay` after the last."""

    def __init__(
        self, action: Callable[[], None], delay: float = SAVE_DELAY, timer: Timer = default_timer
    ) -> None:
        self.action = action
        self.delay = delay
        self._timer = timer
        self._pending: Handle | None = None
        self._lock = threading.Lock()

    @property
    def pending(self) -> bool:
        return self._pending is not None

    def trigger(self) -> None:
        """(Re)start the countdown: the action runs `delay` after the latest trigger."""
        with self._lock:
            if self._pending is not None:
                self._pending.cancel()
            self._pending = self._timer(self.delay, self._fire)
            _waiting.add(self)

    def flush(self) -> None:
        """Run a pending action now (the page is leaving); do nothing if none is pending."""
        with self._lock:
            if self._pending is None:
                return
            self._pending.cancel()
            self._pending = None
            _waiting.discard(self)
        self.action()

    def _fire(self) -> None:
        with self._lock:
            if self._pending is None:
                return
            self._pending = None
            _waiting.discard(self)
        self.action()
