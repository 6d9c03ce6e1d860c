"""`opsporing serve` deletes holds past their end date before it listens, and says so."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from server_process import OpsporingServer
from sqlalchemy import update

from opsporing import store, texts
from opsporing.store import Store

SECRET = "UDLOEBET-HOLD-SVAR-3e9b41"
NICKNAME = "Kaldenavn-V2s"
KEPT = "BEHOLDT-HOLD-SVAR-c07d5a"


def _database_bytes(data: Path) -> dict[str, bytes]:
    """The database and its `-wal` and `-shm` files, as someone with the laptop reads them."""
    return {p.name: p.read_bytes() for p in data.glob("opsporing.sqlite*")}


def test_a_hold_past_its_end_is_gone_from_every_file_once_serve_has_started(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    db = Store(f"sqlite:///{data / 'opsporing.sqlite'}")
    now = datetime.now(UTC)
    ended = db.create_hold("123456", "Sidste måned", ends_at=now + timedelta(days=1))
    member = db.join(NICKNAME, ended)
    for draft in range(3):
        db.save_answer(member.id, "anna/f1", f"{SECRET} udkast {draft}", shared=True)
    with db.engine.begin() as conn:
        conn.execute(
            update(store.holds)
            .where(store.holds.c.code == ended)
            .values(ends_at=now - timedelta(hours=1))
        )
    soon = db.create_hold("123456", "Næste uge", ends_at=now + timedelta(days=3))
    kept = db.create_hold("123456", "Senere")
    db.save_answer(db.join("Ugle", kept).id, "anna/f1", KEPT)
    db.engine.dispose()
    assert SECRET.encode() in b"".join(_database_bytes(data).values())

    server = OpsporingServer(data_dir=data, log_path=tmp_path / "terminal.log", participants=0)
    server.start()
    try:
        on_disk = _database_bytes(data)  # the server is running, its store open
        terminal = server.terminal()
    finally:
        server.stop()

    for name, content in on_disk.items():
        assert SECRET.encode() not in content, name
        assert NICKNAME.encode() not in content, name
    assert KEPT.encode() in b"".join(on_disk.values()), "the other holds are kept"
    deleted = texts.RETENTION_DELETED.format(code=ended)
    assert deleted in terminal
    assert terminal.index(texts.SERVE_STARTING) < terminal.index(deleted)
    assert terminal.index(deleted) < terminal.index(texts.SERVE_RUNNING.split("{")[0])
    assert f"Hold {soon} slettes " in terminal and "(om 3 dage)" in terminal
    assert f"Hold {kept} " not in terminal
    after = Store(f"sqlite:///{data / 'opsporing.sqlite'}")
    assert [h.code for h in after.holds()] == [soon, kept]
    after.engine.dispose()
