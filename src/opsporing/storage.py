"""Is the data folder fit to keep a room's answers? Checked before `serve` starts.

A server that starts and fails on the first answer loses what a room typed
in its first minutes, and the trainer sees an English traceback in a log. So
`serve` asks first: the folder exists (or can be made), is a folder, can be
written to and has room, and the database in it opens and passes SQLite's own
`PRAGMA quick_check`. Anything else is refused with a Danish message that says
where and what to do. A damaged database is never touched, let alone replaced:
it may be the only copy of a workshop's answers.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from opsporing import paths, texts
from opsporing.paths import StorageError as StorageError

MIN_FREE_BYTES = 50_000_000
"""A room of 40 writes a few MB in a day; 50 MB leaves room for the log and the WAL."""

DB_FILE = "opsporing.sqlite"


def check_folder(folder: Path) -> None:
    """The folder can be written to (tried, not guessed from permission bits) and has room."""
    try:
        with tempfile.TemporaryFile(dir=folder) as probe:
            probe.write(b"opsporing")
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as error:
        raise StorageError(
            texts.STORAGE_NOT_WRITABLE.format(
                path=folder, problem=error.strerror or error, env=paths.DATA_ENV
            )
        ) from None
    free = shutil.disk_usage(folder).free
    if free < MIN_FREE_BYTES:
        raise StorageError(
            texts.STORAGE_FULL.format(
                path=folder, free=free // 1_000_000, need=MIN_FREE_BYTES // 1_000_000
            )
        )


def check_database(database: Path) -> None:
    """A database that exists opens read-only and passes `quick_check`; it is never written."""
    if not database.exists():
        return
    if not database.is_file():
        raise StorageError(texts.STORAGE_DB_NOT_A_FILE.format(path=database))
    try:
        with closing(sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)) as conn:
            rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.Error as error:
        raise StorageError(texts.STORAGE_DB_DAMAGED.format(path=database, problem=error)) from None
    if rows != [("ok",)]:
        problem = "; ".join(str(row[0]) for row in rows[:3])
        raise StorageError(texts.STORAGE_DB_DAMAGED.format(path=database, problem=problem))


def check(url: str | None = None) -> None:
    """Everything `serve` needs from storage, or a `StorageError` with the first problem found.

    With `OPSPORING_DB_URL` set to another database (PostgreSQL) the data
    folder still holds the server's log, and the database must answer.
    """
    folder = paths.data_dir()
    check_folder(folder)
    url = url or os.environ.get(paths.DB_URL_ENV)
    if url is None:
        check_database(folder / DB_FILE)
        return
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        check_database(Path(parsed.database))
        return
    try:
        engine = create_engine(url)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except SQLAlchemyError as error:
        problem = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise StorageError(
            texts.STORAGE_DB_UNREACHABLE.format(env=paths.DB_URL_ENV, problem=problem)
        ) from None
