"""How many wrong guesses a secret allows, and for how long it is locked after that.

A trainer's PIN and a participant's return code are short enough to be
guessed by trying them all, and every page load is its own kernel, so the
counts live in the store (`opsporing.store.Store.record_failure`); this module
only decides. Two counts are kept for a secret: one for the client that
guesses (a browser, or the command line) and one for the secret itself,
whoever guesses. The first stops a person who mistypes from locking out the
room; the second stops a script that pretends to be many browsers.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from opsporing import texts

FREE_TRIES = 5
"""Wrong guesses from one client before the secret is locked for that client."""

FREE_TRIES_ALL_CLIENTS = 20
"""Wrong guesses from all clients together before the secret is locked for everyone."""

FIRST_LOCK = timedelta(minutes=1)
LONGEST_LOCK = timedelta(minutes=15)

ALL_CLIENTS = "*"
"""The client name under which the store counts every client's wrong guesses together."""


class Locked(Exception):
    """Too many wrong guesses: the Danish message says how long to wait."""

    def __init__(self, until: datetime, now: datetime) -> None:
        self.until = until
        self.wait = until - now
        minutes = max(1, -(-int(self.wait.total_seconds()) // 60))
        super().__init__(texts.THROTTLE_LOCKED.format(wait=texts.minutes(minutes)))


def lock(failures: int, free_tries: int) -> timedelta:
    """How long a secret stays locked after `failures` wrong guesses in a row.

    Nothing for the first `free_tries`, then a minute, doubling with every
    further wrong guess up to a quarter of an hour: a person who mistyped
    waits briefly, and 10,000 four-digit guesses would take months.
    """
    over = failures - free_tries
    if over < 0:
        return timedelta(0)
    return min(FIRST_LOCK * 2 ** min(over, 10), LONGEST_LOCK)


def locked_until(failures: int, last_failure: datetime | None, free_tries: int) -> datetime | None:
    """When the lock after `failures` wrong guesses ends, or None if there is none."""
    wait = lock(failures, free_tries)
    if last_failure is None or not wait:
        return None
    return last_failure + wait


def free_tries(client: str) -> int:
    return FREE_TRIES_ALL_CLIENTS if client == ALL_CLIENTS else FREE_TRIES
