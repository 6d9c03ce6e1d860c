"""The one place answers are written: holds, participants and answers (SQLAlchemy Core).

Voila starts a fresh kernel on every page load and keeps nothing, so every
answer lives here the moment it is given. The default is an embedded SQLite
file in WAL mode; `OPSPORING_DB_URL` selects another database (PostgreSQL is
supported). Many kernels write at once: SQLite writers queue on a busy timeout
and a write that still finds the file locked is retried, so a participant
never sees "database is locked".
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache, partial
from typing import Any, TypeVar

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError

from opsporing import cleaning, identity, paths, texts, throttle

SCHEMA_VERSION = 4
"""1: holds, participants, answers. 2: a participant's nickname key and return code,
and the count of wrong guesses at a PIN or return code (`attempts`). 3: a hold's end
date (`holds.ends_at`) and which participants a browser is (`browsers`). 4: where the
trainer has sent the room and which case stages are locked (`room_steps`), and who
works at their own pace (`own_pace`)."""

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("value", String(200), nullable=False),
)

holds = Table(
    "holds",
    metadata,
    Column("code", String(12), primary_key=True),
    Column("name", String(200), nullable=False, default=""),
    Column("pin_salt", String(64), nullable=False),
    Column("pin_hash", String(128), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("ends_at", DateTime(timezone=True), nullable=True),
)
"""`ends_at`: when the hold and everything in it is deleted (None: holds made before
schema 3, kept until the trainer deletes them)."""

participants = Table(
    "participants",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("hold_code", String(12), ForeignKey("holds.code", ondelete="CASCADE"), nullable=True),
    Column("pseudonym", String(60), nullable=False),
    Column("municipality", Integer, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("pseudonym_key", String(60), nullable=True, index=True),
    Column("return_code", String(16), nullable=True),
    UniqueConstraint("hold_code", "pseudonym"),
)

CLIENT_CHARS = 64
"""The longest `attempts.client`; a longer client name is cut to it (`_counted_as`)."""

attempts = Table(
    "attempts",
    metadata,
    Column("secret", String(40), primary_key=True),
    Column("client", String(CLIENT_CHARS), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failure", DateTime(timezone=True), nullable=False),
)
"""Wrong guesses at one secret (`pin:<hold>` or `return:<participant>`): in a row by one
client (`local:<name>` when trusted, `room:<name>` otherwise, see `_counted_as`); by all
untrusted clients together under `throttle.ALL_CLIENTS`, whose `last_failure` is then the
time of the room's last checked guess (the pace, see `opsporing.throttle`); and that count
as the owner last saw it, under `throttle.ALL_CLIENTS_SEEN`."""

answers = Table(
    "answers",
    metadata,
    Column(
        "participant_id",
        String(32),
        ForeignKey("participants.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("question_key", String(200), primary_key=True),
    Column("value", JSON, nullable=True),
    Column("shared", Boolean, nullable=False, default=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


browsers = Table(
    "browsers",
    metadata,
    Column("browser", String(64), primary_key=True),
    Column(
        "participant_id",
        String(32),
        ForeignKey("participants.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("current", Boolean, nullable=False, default=False),
    Column("chosen_at", DateTime(timezone=True), nullable=False),
)
"""Which participants a browser has been (`browser`: the hash of its cookie, see
`opsporing.browser_key`), and which of them it is now (`current`, at most one)."""


room_steps = Table(
    "room_steps",
    metadata,
    Column("hold_code", String(12), ForeignKey("holds.code", ondelete="CASCADE"), primary_key=True),
    Column("place", JSON, nullable=True),
    Column("locks", JSON, nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
"""Where the trainer sent the room (`place`: the view and a place in it, as in an address)
and how far each case may be read (`locks`: case id to the last readable stage). `version`
grows with every change, so a participant's kernel asks one cheap question per look."""

_ROOM_VERSION = select(room_steps.c.version).where(room_steps.c.hold_code == bindparam("code"))

own_pace = Table(
    "own_pace",
    metadata,
    Column(
        "participant_id",
        String(32),
        ForeignKey("participants.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)
"""Participants who chose "Gå i mit eget tempo"; everyone else follows the trainer."""


class StoreError(Exception):
    """A problem a user can act on, worded in Danish."""


class NicknameTaken(StoreError):
    """Someone on the hold has this nickname: their return code, or a nickname of one's own."""

    def __init__(self, pseudonym: str, suggestion: str, wrong_code: bool) -> None:
        self.pseudonym = pseudonym
        self.suggestion = suggestion
        self.wrong_code = wrong_code
        template = texts.NICKNAME_WRONG_CODE if wrong_code else texts.NICKNAME_TAKEN
        super().__init__(template.format(pseudonym=pseudonym, suggestion=suggestion))


class TooManyTries(StoreError):
    """A PIN or return code locked after too many wrong guesses (`opsporing.throttle`)."""


@dataclass(frozen=True)
class Participant:
    id: str
    hold_code: str | None
    pseudonym: str
    municipality: int | None
    return_code: str | None = None
    """What opens this participant on another device (`opsporing.identity`); None alone."""


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
        return self.ends_at is not None and self.ends_at <= (now or _now())


@dataclass(frozen=True)
class RoomStep:
    """Where the trainer has sent a hold, and which case stages it may read."""

    place: dict[str, str] | None
    """`{"vis": view, "case"/"trin"/"film": …}`, or None before the trainer's first step."""
    locks: dict[str, int]
    """Case id to the last stage the room may read; a case not named is open."""
    version: int


@dataclass(frozen=True)
class Answer:
    participant_id: str
    question_key: str
    value: Any
    shared: bool
    updated_at: datetime


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

T = TypeVar("T")


def _now() -> datetime:
    return datetime.now(UTC)


def _hash_pin(pin: str, salt: str) -> str:
    return hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), n=2**14, r=8, p=1).hex()


def normalise_hold_code(code: str) -> str:
    return code.strip().upper()


def _participant(row: Any) -> Participant:
    """A participant as read: the pseudonym cleaned again, in case it was stored before cleaning."""
    return Participant(
        row.id, row.hold_code, cleaning.clean(row.pseudonym), row.municipality, row.return_code
    )


def _answer(row: Any) -> Answer:
    """An answer as read, cleaned again: a value stored before cleaning must not break a handout."""
    fields = dict(row._mapping)
    fields["value"] = cleaning.clean_value(fields["value"])
    return Answer(**fields)


class Store:
    """Holds, participants and answers in one database; safe for many kernels at once."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = self._engine(url)
        try:
            self._migrate()
        except DatabaseError as error:
            self.engine.dispose()
            raise StoreError(_database_problem(url, error)) from None

    @staticmethod
    def _engine(url: str) -> Engine:
        if not url.startswith("sqlite"):
            return create_engine(url, pool_pre_ping=True)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            # Let SQLAlchemy's "begin" below decide transactions, not the driver.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA foreign_keys=ON")
            # A deleted answer's bytes are overwritten with zeros, not just unlinked.
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection: Connection) -> None:
            # Take the write lock up front: a deferred transaction that later
            # upgrades to a writer can fail at once instead of waiting its turn.
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine

    def _migrate(self) -> None:
        metadata.create_all(self.engine)
        with self._write() as conn:
            found = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version"))
            version = found.scalar_one_or_none()
            if version is None:
                conn.execute(meta.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
            elif int(version) > SCHEMA_VERSION:
                raise StoreError(texts.STORE_NEWER_SCHEMA.format(found=version))
            else:
                if int(version) == 1:
                    _migrate_1_to_2(conn)
                if int(version) <= 2:
                    _migrate_2_to_3(conn)
                if int(version) <= 3:  # `room_steps` and `own_pace` come from `create_all`
                    conn.execute(
                        update(meta).where(meta.c.key == "schema_version").values(value="4")
                    )

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    def _retry(self, work: Callable[[Connection], T]) -> T:
        """Run `work` in a transaction, retrying briefly while another writer holds the lock."""
        delay = 0.01
        for _attempt in range(50):
            try:
                with self._write() as conn:
                    return work(conn)
            except OperationalError as exc:
                if "locked" not in str(exc).lower() and "busy" not in str(exc).lower():
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.5)
        raise StoreError(texts.STORE_BUSY)

    # --- holds ----------------------------------------------------------------------

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
        now = _now()
        ends_at = now + HOLD_LIFETIME if ends_at is None else _aware(ends_at)
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
            conn.execute(holds.insert().values(code=candidate, created_at=_now(), **row))

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
        return _aware(found) if found is not None else None

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
                _aware(r.created_at),
                _aware(r.ends_at) if r.ends_at is not None else None,
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
        moment = _aware(now) if now is not None else _now()
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

    # --- wrong guesses ------------------------------------------------------------------

    def _refuse_if_locked(self, secret: str, client: str, trusted: bool) -> None:
        """`TooManyTries` if this client is locked, or (untrusted) if the room is paced and
        its turn is not free; otherwise this guess takes the room's turn, so that many
        kernels asking at once get one check per pace between them, not one each."""
        now = _now()
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
            until = throttle.locked_until(own.failures, _aware(own.last_failure))
            if until is not None and until > now:
                raise TooManyTries(str(throttle.Locked(until, now)))
        room = found.get(throttle.ALL_CLIENTS)
        if trusted or room is None or not throttle.room_paced(room.failures):
            return
        turn = throttle.next_turn(_aware(room.last_failure))
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
        now = _now()
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
        now = _now()
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

    def _checkpoint(self) -> None:
        """Move the write-ahead log into the database file and empty it, after a deletion.

        With `secure_delete` SQLite zeroes deleted rows in the database file,
        but the answers' earlier versions stay in the `-wal` file until a
        checkpoint copies the log over them. A trainer who deletes a hold, or a
        participant who presses "Slet mine svar", expects the text gone from
        every file now, while the server still runs, so the log is checkpointed
        and truncated at once. Another connection that is only open (a kernel
        between saves) does not stop this; one in the middle of a read is
        waited for by the busy timeout, and a few retries cover the rest.
        PostgreSQL keeps deleted rows until VACUUM (see docs/underviserguide.md).
        """
        if self.engine.dialect.name != "sqlite":
            return
        for _attempt in range(10):
            with self.engine.connect() as conn:
                dbapi = conn.connection.dbapi_connection
                assert dbapi is not None, "an open connection has its driver's connection"
                cursor = dbapi.cursor()
                try:
                    # Wait for a reader at most 2 s per try, not the writers' 30 s.
                    cursor.execute("PRAGMA busy_timeout=2000")
                    busy, _log, _done = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                finally:
                    cursor.execute("PRAGMA busy_timeout=30000")
                    cursor.close()
            if not busy:
                return
            time.sleep(0.05)

    # --- participants ---------------------------------------------------------------

    def join(
        self,
        pseudonym: str,
        hold_code: str | None = None,
        *,
        return_code: str | None = None,
        client: str = "",
        trusted: bool = False,
    ) -> Participant:
        """Join a hold under a nickname of one's own, or come back to it with the return code.

        Nicknames are public in a workshop, so a nickname that is taken on the
        hold (in any case or spacing) opens its participant only with that
        participant's return code; otherwise `NicknameTaken` offers a free
        one. Wrong codes are counted like wrong PINs; `trusted` (this browser
        already is that participant) is never paced by others' guesses, as
        the trainer's machine is for the PIN. Working alone always makes a
        new participant; the page keeps its id in the address.
        """
        try:
            # Checked here, not by the column: SQLite keeps a 1 MB string in a String(60).
            pseudonym = cleaning.pseudonym(pseudonym)
        except cleaning.TooLong as error:
            raise StoreError(str(error)) from None
        if not pseudonym:
            raise StoreError(texts.STORE_PSEUDONYM_MISSING)
        code = normalise_hold_code(hold_code) if hold_code else None
        if code is not None:
            self._refuse_closed_hold(code)
        if code is not None and (found := self._member(code, pseudonym)):
            return self._reclaim(found, pseudonym, return_code, client, trusted)
        new = Participant(
            new_participant_id(),
            code,
            pseudonym,
            None,
            identity.new_return_code() if code is not None else None,
        )
        try:
            self._retry(
                lambda conn: conn.execute(
                    participants.insert().values(
                        id=new.id,
                        hold_code=code,
                        pseudonym=pseudonym,
                        pseudonym_key=identity.nickname_key(pseudonym),
                        return_code=new.return_code,
                        created_at=_now(),
                    )
                )
            )
        except IntegrityError:
            # Someone took the same nickname a moment ago: it is theirs now.
            found = self._member(code, pseudonym) if code else None
            if found is None:
                raise
            return self._reclaim(found, pseudonym, return_code, client, trusted)
        return new

    def _refuse_closed_hold(self, code: str) -> None:
        """No hold by that code, or one past its end date (deleted at the next sweep)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(holds.c.ends_at).where(holds.c.code == code)).first()
        if row is None:
            raise StoreError(texts.STORE_HOLD_UNKNOWN.format(code=code))
        if row.ends_at is not None and _aware(row.ends_at) <= _now():
            raise StoreError(texts.STORE_HOLD_EXPIRED.format(code=code))

    def _reclaim(
        self,
        member: Participant,
        typed: str,
        return_code: str | None,
        client: str,
        trusted: bool = False,
    ) -> Participant:
        """A taken nickname: its participant with the right return code, or `NicknameTaken`
        with the nickname as typed and a free one made from it."""
        secret = f"return:{member.id}"
        if return_code:
            self._refuse_if_locked(secret, client, trusted)
            if identity.return_code_matches(return_code, member.return_code):
                self._forget_failures(secret, client, trusted)
                return member
            self._record_failure(secret, client, trusted)
        taken = {identity.nickname_key(m.pseudonym) for m in self.members(member.hold_code or "")}
        suggestion = identity.free_nickname(typed, taken, cleaning.MAX_PSEUDONYM)
        raise NicknameTaken(typed, suggestion, wrong_code=bool(return_code))

    def _member(self, code: str, pseudonym: str) -> Participant | None:
        """The member of hold `code` whose nickname is `pseudonym` in any case or spacing."""
        key = identity.nickname_key(pseudonym)
        with self.engine.connect() as conn:
            row = conn.execute(
                select(participants)
                .where(
                    participants.c.hold_code == code,
                    or_(
                        participants.c.pseudonym_key == key,
                        participants.c.pseudonym == pseudonym,
                    ),
                )
                .order_by(participants.c.created_at)
            ).first()
        return _participant(row) if row else None

    def participant(self, participant_id: str) -> Participant | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(participants).where(participants.c.id == participant_id)
            ).first()
        return _participant(row) if row else None

    def members(self, hold_code: str) -> list[Participant]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(participants)
                .where(participants.c.hold_code == normalise_hold_code(hold_code))
                .order_by(participants.c.created_at)
            )
            return [_participant(r) for r in rows]

    def set_municipality(self, participant_id: str, code: int | None) -> None:
        self._retry(
            lambda conn: conn.execute(
                update(participants)
                .where(participants.c.id == participant_id)
                .values(municipality=code)
            )
        )

    def delete_participant(self, participant_id: str) -> None:
        """A participant's right to take back everything they gave."""

        def work(conn: Connection) -> None:
            conn.execute(delete(answers).where(answers.c.participant_id == participant_id))
            conn.execute(delete(attempts).where(attempts.c.secret == f"return:{participant_id}"))
            conn.execute(delete(browsers).where(browsers.c.participant_id == participant_id))
            conn.execute(delete(own_pace).where(own_pace.c.participant_id == participant_id))
            conn.execute(delete(participants).where(participants.c.id == participant_id))

        self._retry(work)
        self._checkpoint()

    # --- browsers -------------------------------------------------------------------

    def bind_browser(self, browser: str, participant_id: str) -> None:
        """This browser is this participant now (and stays one it may continue as)."""
        if not browser:
            return

        def work(conn: Connection) -> None:
            conn.execute(
                update(browsers).where(browsers.c.browser == browser).values(current=False)
            )
            found = conn.execute(
                update(browsers)
                .where(browsers.c.browser == browser, browsers.c.participant_id == participant_id)
                .values(current=True, chosen_at=_now())
            )
            if not found.rowcount:
                conn.execute(
                    browsers.insert().values(
                        browser=browser,
                        participant_id=participant_id,
                        current=True,
                        chosen_at=_now(),
                    )
                )

        self._retry(work)

    def leave_browser(self, browser: str) -> None:
        """ "Skift deltager": the browser is nobody now, but may continue as before."""
        if browser:
            self._retry(
                lambda conn: conn.execute(
                    update(browsers).where(browsers.c.browser == browser).values(current=False)
                )
            )

    def browser_participant(self, browser: str) -> Participant | None:
        """Who this browser is now, or None."""
        if not browser:
            return None
        with self.engine.connect() as conn:
            row = conn.execute(
                select(participants)
                .join(browsers, browsers.c.participant_id == participants.c.id)
                .where(browsers.c.browser == browser, browsers.c.current.is_(True))
            ).first()
        return _participant(row) if row else None

    def browser_participants(self, browser: str) -> list[Participant]:
        """Everyone this browser has been, the most recently chosen first."""
        if not browser:
            return []
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(participants)
                .join(browsers, browsers.c.participant_id == participants.c.id)
                .where(browsers.c.browser == browser)
                .order_by(browsers.c.chosen_at.desc())
            )
            return [_participant(r) for r in rows]

    # --- answers --------------------------------------------------------------------

    def save_answer(
        self, participant_id: str, question_key: str, value: Any, shared: bool = False
    ) -> None:
        """Insert or replace one answer; `shared` is the consent to show free text in plenum.

        The value is cleaned first (see `opsporing.cleaning`) and refused in Danish
        when it is longer than a participant could mean to write.
        """
        value = checked_answer(value)
        row = {
            "participant_id": participant_id,
            "question_key": question_key,
            "value": value,
            "shared": shared,
            "updated_at": _now(),
        }
        dialect = sqlite if self.engine.dialect.name == "sqlite" else postgresql
        statement = dialect.insert(answers).values(**row)
        statement = statement.on_conflict_do_update(
            index_elements=[answers.c.participant_id, answers.c.question_key],
            set_={"value": value, "shared": shared, "updated_at": row["updated_at"]},
        )
        self._retry(lambda conn: conn.execute(statement))

    def answers(self, participant_id: str) -> dict[str, Answer]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(answers).where(answers.c.participant_id == participant_id))
            return {r.question_key: _answer(r) for r in rows}

    def hold_answers(self, hold_code: str) -> list[Answer]:
        """Every answer in a hold, for the plenum view (which decides what may be shown)."""
        members = select(participants.c.id).where(
            participants.c.hold_code == normalise_hold_code(hold_code)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(select(answers).where(answers.c.participant_id.in_(members)))
            return [_answer(r) for r in rows]

    def hold_version(self, hold_code: str) -> tuple[int, int, datetime | None]:
        """(members, answers, latest change) of a hold: one cheap query for "anything new?".

        The trainer page asks every second; reading and aggregating every
        answer only when this changes keeps a quiet room from costing anything.
        """
        code = normalise_hold_code(hold_code)
        members = select(participants.c.id).where(participants.c.hold_code == code)
        n_members = select(func.count()).select_from(members.subquery()).scalar_subquery()
        query = select(n_members, func.count(), func.max(answers.c.updated_at)).where(
            answers.c.participant_id.in_(members)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).one()
        return (row[0], row[1], row[2])

    # --- the room's pace -----------------------------------------------------------------

    def room_step(self, hold_code: str) -> RoomStep:
        """Where the trainer has sent the hold; a hold never sent anywhere is at no place."""
        code = normalise_hold_code(hold_code)
        with self.engine.connect() as conn:
            row = conn.execute(
                select(room_steps.c.place, room_steps.c.locks, room_steps.c.version).where(
                    room_steps.c.hold_code == code
                )
            ).one_or_none()
        if row is None:
            return RoomStep(None, {}, 0)
        return RoomStep(row.place, {k: int(v) for k, v in row.locks.items()}, row.version)

    def room_version(self, hold_code: str) -> int:
        """The one cheap question a follower's kernel asks every look: has the room moved?

        One statement built once (`_ROOM_VERSION`): building and keying a new one each look
        cost a kernel more than the query itself, forty kernels twice a second."""
        with self.engine.connect() as conn:
            found = conn.execute(
                _ROOM_VERSION, {"code": normalise_hold_code(hold_code)}
            ).scalar_one_or_none()
        return found or 0

    def send_room(
        self,
        hold_code: str,
        place: dict[str, str] | None = None,
        locks: dict[str, int] | None = None,
    ) -> RoomStep:
        """Send the hold to `place` and/or set its stage `locks` (None: keep as it is)."""
        code = normalise_hold_code(hold_code)

        def work(conn: Connection) -> RoomStep:
            row = conn.execute(
                select(room_steps.c.place, room_steps.c.locks, room_steps.c.version).where(
                    room_steps.c.hold_code == code
                )
            ).one_or_none()
            step = RoomStep(
                place if place is not None else (row.place if row else None),
                locks if locks is not None else (dict(row.locks) if row else {}),
                (row.version if row else 0) + 1,
            )
            values = {
                "place": step.place,
                "locks": step.locks,
                "version": step.version,
                "updated_at": _now(),
            }
            if row is None:
                conn.execute(room_steps.insert().values(hold_code=code, **values))
            else:
                conn.execute(
                    update(room_steps).where(room_steps.c.hold_code == code).values(**values)
                )
            return step

        if not self.hold_exists(code):
            raise StoreError(texts.ROOM_NO_HOLD.format(code=code))
        return self._retry(work)

    def set_own_pace(self, participant_id: str, own: bool) -> None:
        """ "Gå i mit eget tempo" (True) or "Følg underviseren igen" (False)."""

        def work(conn: Connection) -> None:
            conn.execute(delete(own_pace).where(own_pace.c.participant_id == participant_id))
            if own:
                conn.execute(own_pace.insert().values(participant_id=participant_id))

        self._retry(work)

    def own_pace(self, participant_id: str) -> bool:
        with self.engine.connect() as conn:
            found = conn.execute(
                select(own_pace.c.participant_id).where(own_pace.c.participant_id == participant_id)
            ).first()
        return found is not None

    def room_following(self, hold_code: str) -> tuple[int, int]:
        """(following the trainer, at their own pace) among the hold's members: counts only."""
        code = normalise_hold_code(hold_code)
        members = select(participants.c.id).where(participants.c.hold_code == code)
        own = select(func.count()).where(own_pace.c.participant_id.in_(members))
        everyone = select(func.count()).where(participants.c.hold_code == code)
        with self.engine.connect() as conn:
            n_own = conn.execute(own).scalar_one()
            n_all = conn.execute(everyone).scalar_one()
        return n_all - n_own, n_own


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


def _migrate_1_to_2(conn: Connection) -> None:
    """Give every participant a nickname key, and hold members a return code.

    Participants who joined before return codes existed find theirs on their
    handout (their personal link still opens it). Two old members whose
    nicknames differ only in case keep both; new ones cannot.
    """
    conn.exec_driver_sql("ALTER TABLE participants ADD COLUMN pseudonym_key VARCHAR(60)")
    conn.exec_driver_sql("ALTER TABLE participants ADD COLUMN return_code VARCHAR(16)")
    conn.exec_driver_sql(
        "CREATE INDEX ix_participants_pseudonym_key ON participants (pseudonym_key)"
    )
    for row in conn.execute(
        select(participants.c.id, participants.c.pseudonym, participants.c.hold_code)
    ):
        values = {"pseudonym_key": identity.nickname_key(cleaning.clean(row.pseudonym))}
        if row.hold_code is not None:
            values["return_code"] = identity.new_return_code()
        conn.execute(update(participants).where(participants.c.id == row.id).values(**values))
    conn.execute(update(meta).where(meta.c.key == "schema_version").values(value="2"))


def _migrate_2_to_3(conn: Connection) -> None:
    """Holds get an end date column (existing holds keep none); `browsers` is created by
    `create_all`, empty: a browser that was here before joins or uses its return code."""
    conn.exec_driver_sql("ALTER TABLE holds ADD COLUMN ends_at TIMESTAMP WITH TIME ZONE")
    conn.execute(update(meta).where(meta.c.key == "schema_version").values(value="3"))


def checked_answer(value: Any) -> Any:
    """An answer as `Store.save_answer` writes it, or its Danish refusal (`StoreError`): for
    a caller that must refuse at once a save it will only write later (`opsporing.save_pace`)."""
    try:
        return cleaning.answer(value)
    except cleaning.TooLong as error:
        raise StoreError(str(error)) from None


def _counted_as(client: str, trusted: bool) -> str:
    """The `attempts.client` a client's wrong guesses are counted under.

    A browser names itself, so a trusted client gets a name no browser can
    take: a browser calling itself `cli` does not share the command line's
    count, and one calling itself `*` not the room's.
    """
    return (("local:" if trusted else "room:") + client)[:CLIENT_CHARS]


def _aware(moment: datetime) -> datetime:
    """SQLite gives back a naive datetime for what was stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _database_problem(url: str, error: DatabaseError) -> str:
    """A Danish reason for a database that will not open (never a reason to overwrite it)."""
    problem = str(error.orig if error.orig is not None else error).splitlines()[0]
    if url.startswith("sqlite") and any(
        word in problem for word in ("not a database", "malformed", "corrupt")
    ):
        path = url.split("///", 1)[-1]
        return texts.STORAGE_DB_DAMAGED.format(path=path, problem=problem)
    return texts.STORAGE_DB_FAILED.format(problem=problem)


def new_participant_id() -> str:
    """A random id for the address (`?deltager=`); never starting with "-", which a
    command line (`opsporing handout --participant …`) would take for an option."""
    while (found := secrets.token_urlsafe(9)).startswith("-"):
        pass
    return found


def default_url() -> str:
    if url := os.environ.get(paths.DB_URL_ENV):
        return url
    return f"sqlite:///{paths.data_dir() / 'opsporing.sqlite'}"


@cache
def _store_for(url: str) -> Store:
    return Store(url)


def default() -> Store:
    """The store this process uses, opened once per URL."""
    return _store_for(default_url())
