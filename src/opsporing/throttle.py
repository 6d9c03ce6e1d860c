"""How many wrong guesses a secret allows, and how the room's guessing is slowed after that.

A trainer's PIN and a participant's return code are short enough to be
guessed by trying them all, and every page load is its own kernel, so the
counts live in the store (`opsporing.store.Store.check_pin`); this module
only decides. Two counts are kept for a secret:

- one per client that guesses (a browser, or the command line): after
  `FREE_TRIES` wrong guesses that client alone is locked, a minute at first,
  doubling to a quarter of an hour. A person who mistypes waits briefly; no
  one else notices.
- one for all clients in the room together: after `FREE_TRIES_ALL_CLIENTS`
  the room is *paced*, not locked. A guess from the room is checked at most
  once per `ROOM_PACE`; one that comes sooner is refused, without looking at
  the secret, with a "wait a few seconds" message. This is what stops a script
  that pretends to be many browsers. The room stays paced when the owner opens
  the secret (else every opening would hand out fresh free guesses), until
  `opsporing unlock-hold` or the hold's deletion.

A lock for everyone would turn the brake into a switch: anyone in the room
could keep the trainer out of the plenum for the whole workshop by guessing
wrong now and then. So the pace never applies to a *trusted* client: the
command line and the trainer's browser on the server's own machine (for a
return code: a browser that already is that participant). A trusted client's
wrong guesses count for that client alone, and the room's guesses never lock
it out.

What the pace buys, for the weakest PIN the kit accepts (`store.MIN_PIN`:
six characters, so six digits, 10**6 PINs): one guess per 5 s takes
5 * 10**6 s, about 58 days, to try them all, about 29 days on average,
and a whole 8-hour workshop day of non-stop guessing (5,760 guesses) finds it
with a chance of about 0.6 %. A PIN with letters in it, or a return code
(8 characters from 32, about 10**12), is beyond reach.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from opsporing import texts

FREE_TRIES = 5
"""Wrong guesses from one client before the secret is locked for that client."""

FREE_TRIES_ALL_CLIENTS = 20
"""Wrong guesses from all clients together before the room's guesses are paced."""

ROOM_PACE = timedelta(seconds=5)
"""At most one guess from the room checked in this time, once the room has guessed wrong
`FREE_TRIES_ALL_CLIENTS` times. No honest person meets it: only the trainer knows the PIN
and the owner the return code, and their own machine (or browser) is trusted. So it is set
by the attack alone: 5 s keeps a six-digit PIN at about 0.6 % per workshop day (see above)."""

FIRST_LOCK = timedelta(minutes=1)
LONGEST_LOCK = timedelta(minutes=15)

ALL_CLIENTS = "*"
"""The client name under which the store counts every untrusted client's wrong guesses.

This count is not reset when the owner opens the secret: a room that has guessed
wrong stays paced (which costs an honest guess nothing unless someone else guessed
in the last few seconds) until the hold is unlocked at the server's machine."""

ALL_CLIENTS_SEEN = "*seen"
"""The client name under which the store keeps the room's count as it was when the owner
last opened the secret: the trainer page says how many came after."""


class Locked(Exception):
    """Too many wrong guesses from this client: the Danish message says how long to wait."""

    def __init__(self, until: datetime, now: datetime) -> None:
        self.until = until
        self.wait = until - now
        minutes = max(1, -(-int(self.wait.total_seconds()) // 60))
        super().__init__(texts.THROTTLE_LOCKED.format(wait=texts.minutes(minutes)))


class Paced(Exception):
    """The room has guessed wrong many times and another guess was checked a moment ago:
    the Danish message says how many seconds to wait (never minutes: this is no lock)."""

    def __init__(self, wait: timedelta) -> None:
        self.wait = wait
        seconds = max(1, math.ceil(wait.total_seconds()))
        super().__init__(texts.THROTTLE_PACED.format(wait=texts.seconds(seconds)))


def lock(failures: int, free_tries: int = FREE_TRIES) -> timedelta:
    """How long a secret stays locked for a client after `failures` wrong guesses in a row.

    Nothing for the first `free_tries`, then a minute, doubling with every
    further wrong guess up to a quarter of an hour: a person who mistyped
    waits briefly, and a single browser guessing on would need years.
    """
    over = failures - free_tries
    if over < 0:
        return timedelta(0)
    return min(FIRST_LOCK * (1 << min(over, 10)), LONGEST_LOCK)


def locked_until(
    failures: int, last_failure: datetime | None, free_tries: int = FREE_TRIES
) -> datetime | None:
    """When a client's lock after `failures` wrong guesses ends, or None if there is none."""
    wait = lock(failures, free_tries)
    if last_failure is None or not wait:
        return None
    return last_failure + wait


def room_paced(failures: int) -> bool:
    """Whether the room's guesses at a secret are paced after `failures` wrong ones."""
    return failures >= FREE_TRIES_ALL_CLIENTS


def next_turn(last_turn: datetime) -> datetime:
    """When the room's next guess may be checked, once it is paced."""
    return last_turn + ROOM_PACE
