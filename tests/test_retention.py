"""A hold's end date: set on creation, listed, warned about, and everything deleted after it."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Table, func, select, update

from opsporing import retention, store, texts
from opsporing.store import Store, StoreError

SECRET = "UDLOEBET-SVAR-5c1e8d"
"""ASCII: JSON keeps æ, ø and å as \\u escapes, which a byte search would not find."""
NICKNAME = "Kaldenavn-R4t"
KEPT = "BEHOLDT-SVAR-9a2f77"


def _now() -> datetime:
    return datetime.now(UTC)


def _set_end(db: Store, code: str, ends_at: datetime | None) -> None:
    """What time does to a hold: `create_hold` refuses an end that has passed already."""
    with db.engine.begin() as conn:
        conn.execute(update(store.holds).where(store.holds.c.code == code).values(ends_at=ends_at))


def _rows(db: Store, table: Table) -> int:
    with db.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def _room(db: Store, ends_in: timedelta) -> tuple[str, str]:
    """A hold with an answer, a wrong return code counted, and a browser that was its member."""
    code = db.create_hold("123456", "Workshop", ends_at=_now() + ends_in)
    me = db.join(NICKNAME, code)
    db.save_answer(me.id, "anna/f1", f"{SECRET} fritekst", shared=True)
    with pytest.raises(store.NicknameTaken):
        db.join(NICKNAME, code, return_code="FORKERT-1")
    with db.engine.begin() as conn:
        conn.execute(
            store.browsers.insert().values(
                browser="b" * 64, participant_id=me.id, current=True, chosen_at=_now()
            )
        )
    return code, me.id


def test_a_new_hold_ends_in_thirty_days_unless_the_trainer_picks_another_end(db: Store) -> None:
    before = _now()
    code = db.create_hold("123456")
    ends = db.hold_ends_at(code)
    assert ends is not None
    assert before + store.HOLD_LIFETIME <= ends <= _now() + store.HOLD_LIFETIME
    picked = _now() + timedelta(days=3)
    assert db.hold_ends_at(db.create_hold("123456", ends_at=picked)) == picked
    assert db.hold_ends_at("ZZZZZ") is None


@pytest.mark.parametrize(
    ("ends_in", "message"),
    [
        (timedelta(seconds=-1), texts.STORE_HOLD_END_PAST),
        (timedelta(0), texts.STORE_HOLD_END_PAST),
        (
            store.MAX_HOLD_LIFETIME + timedelta(minutes=1),
            texts.STORE_HOLD_END_TOO_LATE.format(n=store.MAX_HOLD_LIFETIME.days),
        ),
    ],
)
def test_an_end_in_the_past_or_too_far_ahead_is_refused_in_danish(
    db: Store, ends_in: timedelta, message: str
) -> None:
    with pytest.raises(StoreError) as refused:
        db.create_hold("123456", ends_at=_now() + ends_in)
    assert str(refused.value) == message
    assert db.holds() == [], "nothing was created"


def test_holds_lists_codes_names_members_and_end_dates_oldest_first(db: Store) -> None:
    first = db.create_hold("123456", "Skole A", ends_at=_now() + timedelta(days=2))
    second = db.create_hold("123456", "Skole B")
    _set_end(db, second, None)  # made before holds had end dates
    for name in ("Ugle", "Ræv"):
        db.join(name, first)
    db.join("Alene")  # working alone belongs to no hold
    found = db.holds()
    assert [(h.code, h.name, h.members) for h in found] == [
        (first, "Skole A", 2),
        (second, "Skole B", 0),
    ]
    assert found[0].ends_at == db.hold_ends_at(first) and found[1].ends_at is None
    assert found[0].created_at <= found[1].created_at <= _now()


def test_an_expired_hold_is_deleted_with_every_row_of_it_and_the_others_are_kept(
    db: Store,
) -> None:
    gone, gone_member = _room(db, timedelta(days=1))
    soon, soon_member = _room(db, timedelta(days=5))
    old = db.create_hold("123456", "Før slutdatoer")
    _set_end(db, old, None)
    db.save_answer(db.join("Gammel", old).id, "anna/f1", KEPT)
    assert _rows(db, store.browsers) == 2 and _rows(db, store.attempts) == 4

    assert db.delete_expired_holds(now=_now() + timedelta(days=2)) == [gone]

    assert [h.code for h in db.holds()] == [soon, old]
    assert db.participant(gone_member) is None and db.answers(gone_member) == {}
    with db.engine.connect() as conn:
        browsers = conn.execute(select(store.browsers.c.participant_id)).scalars().all()
        secrets = conn.execute(select(store.attempts.c.secret)).scalars().all()
    assert browsers == [soon_member]
    assert all(gone not in s and gone_member not in s for s in secrets)
    assert db.answers(soon_member)["anna/f1"].value.startswith(SECRET)
    assert db.delete_expired_holds() == [], "nothing else is past its end today"
    far = _now() + store.MAX_HOLD_LIFETIME * 10
    assert db.delete_expired_holds(now=far) == [soon], "a hold without an end date is kept"
    assert [h.code for h in db.holds()] == [old]


def test_an_expired_hold_s_code_is_refused_in_danish_and_nothing_is_lost(db: Store) -> None:
    code, member = _room(db, timedelta(days=1))
    _set_end(db, code, _now() - timedelta(minutes=1))
    expired = texts.STORE_HOLD_EXPIRED.format(code=code)
    with pytest.raises(StoreError) as refused:
        db.join("Ny", code.lower())
    assert str(refused.value) == expired
    with pytest.raises(StoreError, match="er afsluttet"):
        db.join(NICKNAME, code, return_code="FORKERT-2")
    assert [m.id for m in db.members(code)] == [member]
    assert db.answers(member)["anna/f1"].value.startswith(SECRET)
    assert db.check_pin(code, "123456"), "the trainer can still open it until it is deleted"


def test_a_sweep_deletes_what_has_ended_and_warns_a_week_ahead(db: Store) -> None:
    now = _now()
    gone = db.create_hold("123456", ends_at=now + timedelta(hours=1))
    soon = db.create_hold("123456", ends_at=now + timedelta(days=6, hours=1))
    later = db.create_hold("123456", ends_at=now + timedelta(days=10))
    moment = now + timedelta(hours=2)
    said: list[str] = []
    done = retention.sweep_and_tell(lambda: db, said.append, now=moment)
    assert done is not None and done.deleted == [gone]
    assert [h.code for h in done.ending] == [soon]
    assert said[0] == texts.RETENTION_DELETED.format(code=gone)
    assert said[1].startswith(f"Hold {soon} slettes ") and "(om 6 dage)" in said[1]
    assert "opsporing export --hold" in said[1]
    assert len(said) == 2 and not any(later in line for line in said)


def test_a_sweep_that_cannot_reach_the_database_says_so_and_does_not_raise() -> None:
    def broken() -> Store:
        raise StoreError("databasen er beskadiget")

    said: list[str] = []
    assert retention.sweep_and_tell(broken, said.append) is None
    assert said == [texts.RETENTION_FAILED.format(problem="databasen er beskadiget")]


def test_days_left_and_the_danish_moment() -> None:
    now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    assert retention.left(now + timedelta(days=2, minutes=1), now) == "3 dage"
    assert retention.left(now + timedelta(days=1), now) == "1 dag"
    assert retention.left(now + timedelta(hours=5), now) == "under et døgn"
    assert retention.ending_soon(now + retention.WARN_BEFORE, now)
    assert not retention.ending_soon(now + retention.WARN_BEFORE + timedelta(seconds=1), now)
    assert not retention.ending_soon(now, now) and not retention.ending_soon(None, now)
    local = (now + timedelta(days=3)).astimezone()
    expected = f"{local.day}. november 2026 kl. {local:%H.%M}"
    assert retention.when(now + timedelta(days=3)) == expected


def _database_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.name.startswith("db.sqlite")}


def test_an_expired_hold_s_text_is_on_no_file_after_the_sweep(tmp_path: Path) -> None:
    """As `delete-hold`: zeroed in the database file and checkpointed out of the `-wal`."""
    db = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    code, _member = _room(db, timedelta(days=1))
    for draft in range(3):  # typing rewrites an answer: older versions in the log
        db.save_answer(_member, "anna/f1", f"{SECRET} udkast {draft}")
    kept = db.create_hold("567890", ends_at=_now() + timedelta(days=20))
    db.save_answer(db.join("Ugle", kept).id, "anna/f1", KEPT)
    assert SECRET.encode() in b"".join(_database_bytes(tmp_path).values())
    other_kernel = Store(db.url)
    with other_kernel.engine.connect() as held_open, sqlite3.connect(tmp_path / "db.sqlite") as raw:
        raw.execute("SELECT count(*) FROM answers").fetchone()
        done = retention.sweep(db, now=_now() + timedelta(days=2))
        on_disk = _database_bytes(tmp_path)
        assert held_open is not None
    assert done.deleted == [code]
    for name, data in on_disk.items():
        assert SECRET.encode() not in data, name
        assert NICKNAME.encode() not in data, name
    assert KEPT.encode() in b"".join(on_disk.values())
    other_kernel.engine.dispose()
    db.engine.dispose()
