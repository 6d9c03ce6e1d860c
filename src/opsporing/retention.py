"""What is kept and for how long: a hold and everything in it is deleted at its end date.

A trainer picks the end when creating the hold (`store.HOLD_LIFETIME` unless
they choose otherwise). `opsporing serve` deletes holds past their end before
it listens and once a day while it runs, with the same secure delete as
`opsporing delete-hold`; the terminal, the trainer page and `opsporing holds`
warn `WARN_BEFORE` ahead, so a trainer can export the room's answers first.
Holds made before end dates existed have none and are kept until deleted.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import SQLAlchemyError

from opsporing import texts
from opsporing.store import HoldInfo, Store, StoreError

WARN_BEFORE = timedelta(days=7)
"""A week: time to export the answers or make handouts before the hold is gone."""

SWEEP_INTERVAL = timedelta(days=1)
"""How often a running server deletes holds past their end: a kit left running over a
weekend still deletes on the day, and a sweep costs one small query when nothing is due."""


def _now() -> datetime:
    return datetime.now(UTC)


def when(moment: datetime) -> str:
    """`23. november 2026 kl. 14.05`, in this computer's time zone (the room's)."""
    local = moment.astimezone()
    return texts.RETENTION_WHEN.format(
        date=texts.danish_date(local.date()), time=local.strftime("%H.%M")
    )


def left(ends_at: datetime, now: datetime | None = None) -> str:
    """`3 dage` until `ends_at`, counted in whole days begun; `under et døgn` for the last."""
    remaining = ends_at - (now or _now())
    if remaining < timedelta(days=1):
        return texts.RETENTION_UNDER_A_DAY
    return texts.days(math.ceil(remaining / timedelta(days=1)))


def ending_soon(ends_at: datetime | None, now: datetime | None = None) -> bool:
    """Whether a hold ends within `WARN_BEFORE` and has not ended yet."""
    moment = now or _now()
    return ends_at is not None and moment < ends_at <= moment + WARN_BEFORE


@dataclass(frozen=True)
class Sweep:
    """What one sweep did: the holds it deleted, and those that end soon."""

    deleted: list[str]
    ending: list[HoldInfo]

    def lines(self, now: datetime | None = None) -> list[str]:
        """The trainer's terminal lines, in Danish: one per deleted hold, one per warning."""
        found = [texts.RETENTION_DELETED.format(code=code) for code in self.deleted]
        for info in self.ending:
            assert info.ends_at is not None
            found.append(
                texts.RETENTION_ENDING.format(
                    code=info.code, when=when(info.ends_at), left=left(info.ends_at, now)
                )
            )
        return found


def sweep(db: Store, now: datetime | None = None) -> Sweep:
    """Delete the holds past their end date and find those ending within `WARN_BEFORE`."""
    moment = now or _now()
    deleted = db.delete_expired_holds(moment)
    ending = [info for info in db.holds() if ending_soon(info.ends_at, moment)]
    return Sweep(deleted, ending)


def sweep_and_tell(
    open_store: Callable[[], Store], tell: Callable[[str], None], now: datetime | None = None
) -> Sweep | None:
    """`sweep`, saying in Danish what it did; a database that fails is reported, not raised.

    A running server must not stop over a sweep: the next one, a day later,
    tries again, and the trainer reads why in the terminal.
    """
    try:
        done = sweep(open_store(), now)
    except (SQLAlchemyError, StoreError) as error:
        problem = str(getattr(error, "orig", None) or error).splitlines()[0]
        tell(texts.RETENTION_FAILED.format(problem=problem))
        return None
    for line in done.lines(now):
        tell(line)
    return done
