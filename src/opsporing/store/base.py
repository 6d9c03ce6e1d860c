"""The store's engine and transactions: one database, safe for many kernels at once.

Voila starts a fresh kernel on every page load and keeps nothing, so every
answer lives in the store the moment it is given. The default is an embedded
SQLite file in WAL mode; `OPSPORING_DB_URL` selects another database
(PostgreSQL is supported). Many kernels write at once: SQLite writers queue on
a busy timeout and a write that still finds the file locked is retried, so a
participant never sees "database is locked".
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, select, update
from sqlalchemy.exc import DatabaseError, OperationalError

from opsporing import texts
from opsporing.records import StoreError
from opsporing.store.tables import (
    SCHEMA_VERSION,
    meta,
    metadata,
    migrate_1_to_2,
    migrate_2_to_3,
    migrate_4_to_5,
)

T = TypeVar("T")


class StoreBase:
    """The connection and the transactions every part of the store writes through."""

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
                    migrate_1_to_2(conn)
                if int(version) <= 2:
                    migrate_2_to_3(conn)
                if int(version) <= 3:  # `room_steps` and `own_pace` come from `create_all`
                    conn.execute(
                        update(meta).where(meta.c.key == "schema_version").values(value="4")
                    )
                if int(version) <= 4:
                    migrate_4_to_5(conn)

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


def _database_problem(url: str, error: DatabaseError) -> str:
    """A Danish reason for a database that will not open (never a reason to overwrite it)."""
    problem = str(error.orig if error.orig is not None else error).splitlines()[0]
    if url.startswith("sqlite") and any(
        word in problem for word in ("not a database", "malformed", "corrupt")
    ):
        path = url.split("///", 1)[-1]
        return texts.STORAGE_DB_DAMAGED.format(path=path, problem=problem)
    return texts.STORAGE_DB_FAILED.format(problem=problem)
