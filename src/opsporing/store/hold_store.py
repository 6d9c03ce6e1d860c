"""Holds (a workshop's room: its code, name, end date and trainer PIN) and the wrong guesses
at a PIN or a return code (`attempts`), counted per client and for the room together, which
`opsporing.throttle` turns into locks and a pace.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import Connection, String, delete, func, literal, select, update
from sqlalchemy.exc import IntegrityError

from opsporing import cleaning, texts, throttle
from opsporing.records import StoreError, TooManyTries, normalise_hold_code
from opsporing.store import clock
from opsporing.store.base import StoreBase
from opsporing.store.tables import (
    CLIENT_CHARS,
    answers,
    attempts,
    browsers,
    holds,
    own_pace,
    participants,
    room_steps,
)

MIN_PIN = 6
"""A million six-digit PINs, and a lock after a few wrong ones (`opsporing.throttle`)."""

MAX_HOLD_NAME = 200
"""The `holds.name` column's width, checked here because SQLite does not."""

HOLD_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""No 0/O or 1/I: a code is read aloud in a room and typed on a laptop."""

HOLD_LIFETIME = timedelta(days=30)
"""How long a hold and its answers are kept unless the trainer picks otherwise: long
enough to export or hand out answers after the workshop, short enough that a forgotten
hold does not keep a room's free text for years (storage limitation, GDPR art. 5(1)(e))."""

MAX_HOLD_LIFETIME = timedelta(days=365)
"""The latest end a trainer may pick: a course that runs over a school year."""


@dataclass(frozen=True)
class HoldInfo:
    """A hold as `opsporing holds` lists it: nothing a participant wrote, only counts."""

    code: str
    name: str
    created_at: datetime
    ends_at: datetime | None
    """None: made before holds had an end date; kept until the trainer deletes it."""
    members: int

    def expired(self, now: datetime | None = None) -> bool:
        return self.ends_at is not None and self.ends_at <= (now or clock.now())


def _hash_pin(pin: str, salt: str) -> str:
    return hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), n=2**14, r=8, p=1).hex()


class HoldStore(StoreBase):
    """Holds, their trainer PINs, and the count of wrong guesses at a PIN or return code."""

    def create_hold(
        self,
        pin: str,
        name: str = "",
        code: str | None = None,
        ends_at: datetime | None = None,
    ) -> str:
        """Create a hold with a trainer PIN (kept only as a salted hash); return its code.

        The hold and everything in it is deleted at `ends_at` (default: in
        `HOLD_LIFETIME`), so no room's answers outlive the reason they were given.
        """
        if len(pin.strip()) < MIN_PIN:
            raise StoreError(texts.STORE_PIN_TOO_SHORT)
        name = " ".join(cleaning.clean(name).split())
        if len(name) > MAX_HOLD_NAME:
            raise StoreError(texts.STORE_HOLD_NAME_TOO_LONG.format(n=MAX_HOLD_NAME))
        now = clock.now()
        ends_at = now + HOLD_LIFETIME if ends_at is None else clock.aware(ends_at)
        if ends_at <= now:
            raise StoreError(texts.STORE_HOLD_END_PAST)
        if ends_at > now + MAX_HOLD_LIFETIME:
            raise StoreError(texts.STORE_HOLD_END_TOO_LATE.format(n=MAX_HOLD_LIFETIME.days))
        salt = secrets.token_hex(16)
        row = {
            "name": name,
            "pin_salt": salt,
            "pin_hash": _hash_pin(pin.strip(), salt),
            "ends_at": ends_at,
        }

        def insert(conn: Connection, candidate: str) -> None:
            conn.execute(holds.insert().values(code=candidate, created_at=clock.now(), **row))

        for _attempt in range(20):
            candidate = normalise_hold_code(code) if code else self._new_code()
            try:
                self._retry(partial(insert, candidate=candidate))
                return candidate
            except IntegrityError:
                if code:
                    raise StoreError(texts.STORE_HOLD_EXISTS.format(code=candidate)) from None
        raise StoreError(texts.STORE_BUSY)

    @staticmethod
    def _new_code() -> str:
        return "".join(secrets.choice(HOLD_CODE_ALPHABET) for _ in range(5))

    def hold_exists(self, code: str) -> bool:
        with self.engine.connect() as conn:
            found = conn.execute(
                select(holds.c.code).where(holds.c.code == normalise_hold_code(code))
            )
            return found.first() is not None

    def hold_name(self, code: str) -> str | None:
        with self.engine.connect() as conn:
            found = conn.execute(
                select(holds.c.name).where(holds.c.code == normalise_hold_code(code))
            )
            return found.scalar_one_or_none()

    def hold_ends_at(self, code: str) -> datetime | None:
        """When hold `code` is deleted (None: an old hold without an end date, or no hold)."""
        with self.engine.connect() as conn:
            found = conn.execute(
                select(holds.c.ends_at).where(holds.c.code == normalise_hold_code(code))
            ).scalar_one_or_none()
        return clock.aware(found) if found is not None else None

    def holds(self) -> list[HoldInfo]:
        """Every hold with its end date and number of members, oldest first."""
        members = (
            select(participants.c.hold_code, func.count().label("n"))
            .group_by(participants.c.hold_code)
            .subquery()
        )
        query = (
            select(holds.c.code, holds.c.name, holds.c.created_at, holds.c.ends_at, members.c.n)
            .outerjoin(members, members.c.hold_code == holds.c.code)
            .order_by(holds.c.created_at, holds.c.code)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [
            HoldInfo(
                r.code,
                r.name,
                clock.aware(r.created_at),
                clock.aware(r.ends_at) if r.ends_at is not None else None,
                r.n or 0,
            )
            for r in rows
        ]

    def delete_expired_holds(self, now: datetime | None = None) -> list[str]:
        """Delete every hold whose end date has passed, as `delete_hold` does; return the codes.

        Holds without an end date (made before schema 3) are never deleted here:
        their trainers were told they are kept until deleted. The comparison is
        made in Python, on aware datetimes, because SQLite keeps them as text.
        """
        moment = clock.aware(now) if now is not None else clock.now()
        expired = [info.code for info in self.holds() if info.expired(moment)]
        for code in expired:
            self._retry(partial(_delete_hold_rows, code=code))
        if expired:
            self._checkpoint()
        return expired

    def check_pin(self, code: str, pin: str, client: str = "", *, trusted: bool = False) -> bool:
        """Whether `pin` opens hold `code`; guessing is slowed per client, and paced for the room.

        After `throttle.FREE_TRIES` wrong PINs from one client (a browser, or
        `cli` for the command line) the hold is locked for that client alone:
        `TooManyTries` says for how long, even when the PIN is right. After
        `throttle.FREE_TRIES_ALL_CLIENTS` from all clients together, a guess
        from the room is checked at most once per `throttle.ROOM_PACE`. A
        `trusted` client (the command line, the trainer's browser on the
        server's machine) is never paced: others' guesses cannot keep the
        trainer out, and its own wrong PINs count for it alone.
        """
        code = normalise_hold_code(code)
        with self.engine.connect() as conn:
            row = conn.execute(
                select(holds.c.pin_salt, holds.c.pin_hash).where(holds.c.code == code)
            ).first()
        if row is None or not pin:
            return False
        secret = f"pin:{code}"
        self._refuse_if_locked(secret, client, trusted)
        if hmac.compare_digest(_hash_pin(pin.strip(), row.pin_salt), row.pin_hash):
            self._forget_failures(secret, client, trusted)
            return True
        self._record_failure(secret, client, trusted)
        return False

    def wrong_pins(self, code: str, client: str = "", *, trusted: bool = False) -> int:
        """Wrong PINs at hold `code` from other clients since it was last opened.

        The trainer page reads this just before checking the PIN (a right PIN
        marks the count as seen) and, once open, says how many there were, not
        who guessed: the trainer learns that someone tried, and that the hold
        is still theirs.
        """
        secret = f"pin:{normalise_hold_code(code)}"
        who = _counted_as(client, trusted)
        room, seen = throttle.ALL_CLIENTS, throttle.ALL_CLIENTS_SEEN
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(attempts.c.client, attempts.c.failures).where(
                    attempts.c.secret == secret, attempts.c.client.in_([who, room, seen])
                )
            ).all()
        counts: dict[str, int] = {r.client: r.failures for r in rows}
        own = 0 if trusted else counts.get(who, 0)
        return max(0, counts.get(room, 0) - counts.get(seen, 0) - own)

    def unlock(self, code: str) -> bool:
        """Forget every wrong PIN at hold `code`, from every client; False if there is no hold.

        For the trainer at the server's machine (`opsporing unlock-hold`), who
        mistyped their own PIN into a lock or wants the room's pace lifted now.
        """
        code = normalise_hold_code(code)
        if not self.hold_exists(code):
            return False
        self._retry(
            lambda conn: conn.execute(delete(attempts).where(attempts.c.secret == f"pin:{code}"))
        )
        return True

    def _refuse_if_locked(self, secret: str, client: str, trusted: bool) -> None:
        """`TooManyTries` if this client is locked, or (untrusted) if the room is paced and
        its turn is not free; otherwise this guess takes the room's turn, so that many
        kernels asking at once get one check per pace between them, not one each."""
        now = clock.now()
        who = _counted_as(client, trusted)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(attempts).where(
                    attempts.c.secret == secret,
                    attempts.c.client.in_([who, throttle.ALL_CLIENTS]),
                )
            ).all()
        found = {r.client: r for r in rows}
        if (own := found.get(who)) is not None:
            until = throttle.locked_until(own.failures, clock.aware(own.last_failure))
            if until is not None and until > now:
                raise TooManyTries(str(throttle.Locked(until, now)))
        room = found.get(throttle.ALL_CLIENTS)
        if trusted or room is None or not throttle.room_paced(room.failures):
            return
        turn = throttle.next_turn(clock.aware(room.last_failure))
        if turn > now:
            raise TooManyTries(str(throttle.Paced(turn - now)))
        # Compare-and-set on the value read, not on a time range: SQLite keeps times as text.
        take_turn = (
            update(attempts)
            .where(
                attempts.c.secret == secret,
                attempts.c.client == throttle.ALL_CLIENTS,
                attempts.c.last_failure == room.last_failure,
            )
            .values(last_failure=now)
        )
        if not self._retry(lambda conn: conn.execute(take_turn).rowcount):
            raise TooManyTries(str(throttle.Paced(throttle.ROOM_PACE)))

    def _record_failure(self, secret: str, client: str, trusted: bool) -> None:
        """One more wrong guess for this client, and (untrusted) for the room."""
        now = clock.now()
        counted = [_counted_as(client, trusted)]
        if not trusted:
            counted.append(throttle.ALL_CLIENTS)

        def work(conn: Connection) -> None:
            for who in counted:
                found = conn.execute(
                    update(attempts)
                    .where(attempts.c.secret == secret, attempts.c.client == who)
                    .values(failures=attempts.c.failures + 1, last_failure=now)
                )
                if not found.rowcount:
                    conn.execute(
                        attempts.insert().values(
                            secret=secret, client=who, failures=1, last_failure=now
                        )
                    )

        self._retry(work)

    def _forget_failures(self, secret: str, client: str, trusted: bool) -> None:
        """The right secret: this client's mistypes no longer count, and the room's are seen.

        Other clients' counts stay, and so does the room's pace: the owner
        opening their own hold or participant must not lift the lock of
        someone who guessed at it, nor give the room fresh free guesses.
        """
        now = clock.now()
        mine = _counted_as(client, trusted)

        def work(conn: Connection) -> None:
            conn.execute(
                delete(attempts).where(attempts.c.secret == secret, attempts.c.client == mine)
            )
            room = conn.execute(
                select(attempts.c.failures).where(
                    attempts.c.secret == secret, attempts.c.client == throttle.ALL_CLIENTS
                )
            ).scalar_one_or_none()
            seen = attempts.c.secret == secret, attempts.c.client == throttle.ALL_CLIENTS_SEEN
            conn.execute(delete(attempts).where(*seen))
            if room:
                conn.execute(
                    attempts.insert().values(
                        secret=secret,
                        client=throttle.ALL_CLIENTS_SEEN,
                        failures=room,
                        last_failure=now,
                    )
                )

        self._retry(work)

    def delete_hold(self, code: str) -> int:
        """Delete the hold and every participant and answer in it; return rows deleted."""
        code = normalise_hold_code(code)
        deleted = self._retry(lambda conn: _delete_hold_rows(conn, code))
        self._checkpoint()
        return deleted


def _delete_hold_rows(conn: Connection, code: str) -> int:
    """Every row of hold `code`: answers, wrong guesses, browsers, members, the hold itself.

    Answers and browsers are deleted by name, not left to `ON DELETE CASCADE`:
    a cascade needs SQLite's `foreign_keys` on for every connection that ever
    deletes, and the row count is what `delete-hold` reports. Returns the rows
    of answers, members and the hold.
    """
    members = select(participants.c.id).where(participants.c.hold_code == code)
    n = conn.execute(delete(answers).where(answers.c.participant_id.in_(members))).rowcount
    conn.execute(delete(browsers).where(browsers.c.participant_id.in_(members)))
    conn.execute(delete(own_pace).where(own_pace.c.participant_id.in_(members)))
    conn.execute(delete(room_steps).where(room_steps.c.hold_code == code))
    returns = select(literal("return:", String) + participants.c.id).where(
        participants.c.hold_code == code
    )
    conn.execute(delete(attempts).where(attempts.c.secret.in_(returns)))
    n += conn.execute(delete(participants).where(participants.c.hold_code == code)).rowcount
    n += conn.execute(delete(holds).where(holds.c.code == code)).rowcount
    conn.execute(delete(attempts).where(attempts.c.secret == f"pin:{code}"))
    return n


def _counted_as(client: str, trusted: bool) -> str:
    """The `attempts.client` a client's wrong guesses are counted under.

    A browser names itself, so a trusted client gets a name no browser can
    take: a browser calling itself `cli` does not share the command line's
    count, and one calling itself `*` not the room's.
    """
    return (("local:" if trusted else "room:") + client)[:CLIENT_CHARS]
