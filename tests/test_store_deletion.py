"""Deleting deletes: no byte of a deleted answer stays in any database file, server running.

SQLite keeps a deleted row's bytes in free pages and its earlier versions in
the write-ahead log; these tests read the files themselves, as someone with the
laptop would, while a second connection (another kernel) holds the file open.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from opsporing.store import Store

SECRET = "HEMMELIGT-SVAR-7f3a9c"
NICKNAME = "Kaldenavn-Q8z"
KEPT = "BEHOLDT-SVAR-2b6d1e"


def _database_bytes(folder: Path) -> dict[str, bytes]:
    """The database and its `-wal` and `-shm` files, as they lie on disk."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.name.startswith("db.sqlite")}


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'db.sqlite'}")


def _fill(db: Store) -> tuple[str, str, str]:
    """A hold to delete (answers given and rewritten, as typing does) and one to keep."""
    gone = db.create_hold("123456", "Workshop")
    kept = db.create_hold("567890", "Andet hold")
    me = db.join(NICKNAME, gone)
    for draft in range(1, 4):
        db.save_answer(me.id, "anna/f1", f"{SECRET} udkast {draft}", shared=True)
    db.save_answer(me.id, "mads/1/q1", [f"{SECRET} valg"])
    other = db.join("Ugle", kept)
    db.save_answer(other.id, "anna/f1", KEPT)
    return gone, me.id, other.id


def test_delete_hold_leaves_no_byte_of_its_answers_in_any_file(
    sqlite_store: Store, tmp_path: Path
) -> None:
    code, _, _ = _fill(sqlite_store)
    files = b"".join(_database_bytes(tmp_path).values())
    assert SECRET.encode() in files, "the scan finds the answers before deletion"
    # Another kernel's connection, open on the same file while the trainer deletes.
    other_kernel = Store(sqlite_store.url)
    other_kernel.answers("nobody")
    with other_kernel.engine.connect() as held_open, sqlite3.connect(tmp_path / "db.sqlite") as raw:
        raw.execute("SELECT count(*) FROM answers").fetchone()
        assert sqlite_store.delete_hold(code) > 0
        on_disk = _database_bytes(tmp_path)
        assert held_open is not None
    for name, data in on_disk.items():
        assert SECRET.encode() not in data, name
        assert NICKNAME.encode() not in data, name
    assert KEPT.encode() in b"".join(on_disk.values()), "the other hold's answers are kept"


def test_slet_mine_svar_leaves_no_byte_of_the_participant_s_answers(
    sqlite_store: Store, tmp_path: Path
) -> None:
    _, me, other = _fill(sqlite_store)
    with sqlite3.connect(tmp_path / "db.sqlite") as raw:
        raw.execute("SELECT count(*) FROM answers").fetchone()
        sqlite_store.delete_participant(me)
        on_disk = _database_bytes(tmp_path)
    for name, data in on_disk.items():
        assert SECRET.encode() not in data, name
        assert NICKNAME.encode() not in data, name
    assert sqlite_store.answers(other)["anna/f1"].value == KEPT
