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
from datetime import UTC, datetime
from functools import cache
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

SCHEMA_VERSION = 3
"""1: holds, participants, answers. 2: a participant's nickname key and return code,
and the count of wrong guesses at a PIN or return code (`attempts`). 3: a hold's end
date (`holds.ends_at`) and which participants a browser is (`browsers`)."""

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

attempts = Table(
    "attempts",
    metadata,
    Column("secret", String(40), primary_key=True),
    Column("client", String(64), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failure", DateTime(timezone=True), nullable=False),
)
"""Wrong guesses in a row at one secret (`pin:<hold>` or `return:<participant>`) by one
client, and by all clients together under `throttle.ALL_CLIENTS`."""

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

    def create_hold(self, pin: str, name: str = "", code: str | None = None) -> str:
        """Create a hold with a trainer PIN (kept only as a salted hash); return its code."""
        if len(pin.strip()) < MIN_PIN:
            raise StoreError(texts.STORE_PIN_TOO_SHORT)
        name = " ".join(cleaning.clean(name).split())
        if len(name) > MAX_HOLD_NAME:
            raise StoreError(texts.STORE_HOLD_NAME_TOO_LONG.format(n=MAX_HOLD_NAME))
        salt = secrets.token_hex(16)
        row = {"name": name, "pin_salt": salt, "pin_hash": _hash_pin(pin.strip(), salt)}
        for _attempt in range(20):
            candidate = normalise_hold_code(code) if code else self._new_code()
            try:
                self._retry(
                    lambda conn, c=candidate: conn.execute(
                        holds.insert().values(code=c, created_at=_now(), **row)
                    )
                )
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

    def check_pin(self, code: str, pin: str, client: str = "") -> bool:
        """Whether `pin` opens hold `code`; guessing is slowed per hold and per client.

        After `throttle.FREE_TRIES` wrong PINs from one client (a browser, or
        `cli` for the command line) the hold is locked for that client, and
        after more from all clients together for everyone: `TooManyTries`
        says for how long, even when the PIN is right.
        """
        code = normalise_hold_code(code)
        with self.engine.connect() as conn:
            row = conn.execute(
                select(holds.c.pin_salt, holds.c.pin_hash).where(holds.c.code == code)
            ).first()
        if row is None or not pin:
            return False
        secret = f"pin:{code}"
        self._refuse_if_locked(secret, client)
        if hmac.compare_digest(_hash_pin(pin.strip(), row.pin_salt), row.pin_hash):
            self._forget_failures(secret, client)
            return True
        self._record_failure(secret, client)
        return False

    # --- wrong guesses ------------------------------------------------------------------

    def _refuse_if_locked(self, secret: str, client: str) -> None:
        now = _now()
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(attempts).where(
                    attempts.c.secret == secret,
                    attempts.c.client.in_([client, throttle.ALL_CLIENTS]),
                )
            ).all()
        ends = [
            until
            for r in rows
            if (
                until := throttle.locked_until(
                    r.failures, _aware(r.last_failure), throttle.free_tries(r.client)
                )
            )
            and until > now
        ]
        if ends:
            raise TooManyTries(str(throttle.Locked(max(ends), now)))

    def _record_failure(self, secret: str, client: str) -> None:
        """One more wrong guess, for this client and for all clients together."""
        now = _now()

        def work(conn: Connection) -> None:
            for who in (client, throttle.ALL_CLIENTS):
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

    def _forget_failures(self, secret: str, client: str) -> None:
        """The right secret: its owner is here, so earlier wrong guesses no longer count."""
        self._retry(lambda conn: conn.execute(delete(attempts).where(attempts.c.secret == secret)))

    def delete_hold(self, code: str) -> int:
        """Delete the hold and every participant and answer in it; return rows deleted."""
        code = normalise_hold_code(code)

        def work(conn: Connection) -> int:
            members = select(participants.c.id).where(participants.c.hold_code == code)
            n = conn.execute(delete(answers).where(answers.c.participant_id.in_(members))).rowcount
            returns = select(literal("return:", String) + participants.c.id).where(
                participants.c.hold_code == code
            )
            conn.execute(delete(attempts).where(attempts.c.secret.in_(returns)))
            n += conn.execute(delete(participants).where(participants.c.hold_code == code)).rowcount
            n += conn.execute(delete(holds).where(holds.c.code == code)).rowcount
            conn.execute(delete(attempts).where(attempts.c.secret == f"pin:{code}"))
            return n

        deleted = self._retry(work)
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
                cursor = conn.connection.dbapi_connection.cursor()
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
    ) -> Participant:
        """Join a hold under a nickname of one's own, or come back to it with the return code.

        Nicknames are public in a workshop, so a nickname that is taken on the
        hold (in any case or spacing) opens its participant only with that
        participant's return code; otherwise `NicknameTaken` offers a free
        one. Wrong codes are counted like wrong PINs. Working alone always
        makes a new participant; the page keeps its id in the address.
        """
        try:
            # Checked here, not by the column: SQLite keeps a 1 MB string in a String(60).
            pseudonym = cleaning.pseudonym(pseudonym)
        except cleaning.TooLong as error:
            raise StoreError(str(error)) from None
        if not pseudonym:
            raise StoreError(texts.STORE_PSEUDONYM_MISSING)
        code = normalise_hold_code(hold_code) if hold_code else None
        if code is not None and not self.hold_exists(code):
            raise StoreError(texts.STORE_HOLD_UNKNOWN.format(code=code))
        if code is not None and (found := self._member(code, pseudonym)):
            return self._reclaim(found, pseudonym, return_code, client)
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
            return self._reclaim(found, pseudonym, return_code, client)
        return new

    def _reclaim(
        self, member: Participant, typed: str, return_code: str | None, client: str
    ) -> Participant:
        """A taken nickname: its participant with the right return code, or `NicknameTaken`
        with the nickname as typed and a free one made from it."""
        secret = f"return:{member.id}"
        if return_code:
            self._refuse_if_locked(secret, client)
            if identity.return_code_matches(return_code, member.return_code):
                self._forget_failures(secret, client)
                return member
            self._record_failure(secret, client)
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
            conn.execute(delete(participants).where(participants.c.id == participant_id))

        self._retry(work)
        self._checkpoint()

    # --- answers --------------------------------------------------------------------

    def save_answer(
        self, participant_id: str, question_key: str, value: Any, shared: bool = False
    ) -> None:
        """Insert or replace one answer; `shared` is the consent to show free text in plenum.

        The value is cleaned first (see `opsporing.cleaning`) and refused in Danish
        when it is longer than a participant could mean to write.
        """
        try:
            value = cleaning.answer(value)
        except cleaning.TooLong as error:
            raise StoreError(str(error)) from None
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
