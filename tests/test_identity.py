"""A nickname is public: it never opens a participant without their return code."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import create_engine, text

from opsporing import identity, store, throttle
from opsporing.store import NicknameTaken, Store, TooManyTries

OTHER_BROWSER = "browser-b"


@pytest.mark.parametrize("typed", ["Ugle", "ugle", "UGLE ", " Ugle  ", "ugle\t"])
def test_a_taken_nickname_in_any_case_or_spacing_does_not_open_its_participant(
    db: Store, typed: str
) -> None:
    code = db.create_hold("123456")
    ugle = db.join("Ugle", code)
    db.save_answer(ugle.id, "anna/f1", "mit private svar")
    with pytest.raises(NicknameTaken) as taken:
        db.join(typed, code.lower() + " ")
    assert "Kaldenavnet er taget" in str(taken.value)
    assert identity.nickname_key(taken.value.suggestion) == "ugle 2"
    assert [m.id for m in db.members(code)] == [ugle.id], "no one was made or opened"


def test_the_return_code_opens_the_participant_on_another_device(db: Store) -> None:
    code = db.create_hold("123456")
    ugle = db.join("Ugle", code)
    typed = identity.show_return_code(ugle.return_code).lower()
    assert db.join("ugle ", code.lower(), return_code=f" {typed} ").id == ugle.id


def test_a_wrong_return_code_says_so_and_offers_a_free_nickname(db: Store) -> None:
    code = db.create_hold("123456")
    db.join("Ugle", code)
    db.join("Ugle 2", code)
    with pytest.raises(NicknameTaken) as taken:
        db.join("Ugle", code, return_code="AAAA-AAAA", client=OTHER_BROWSER)
    assert taken.value.wrong_code and "Returkoden passer ikke" in str(taken.value)
    assert taken.value.suggestion == "Ugle 3"
    assert db.join(taken.value.suggestion, code).pseudonym == "Ugle 3"


def test_guessing_return_codes_is_locked_after_five_wrong(db: Store) -> None:
    code = db.create_hold("123456")
    ugle = db.join("Ugle", code)
    for _ in range(5):
        with pytest.raises(NicknameTaken):
            db.join("Ugle", code, return_code="AAAAAAAA", client=OTHER_BROWSER)
    with pytest.raises(TooManyTries, match="For mange forkerte forsøg"):
        db.join("Ugle", code, return_code=ugle.return_code, client=OTHER_BROWSER)
    assert db.join("Ugle", code, return_code=ugle.return_code, client="egen").id == ugle.id


def test_the_owner_opens_their_return_code_after_40_wrong_guesses_by_others(
    db: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = db.create_hold("123456")
    ugle = db.join("Ugle", code)
    now = store.clock.now()
    monkeypatch.setattr(store.clock, "now", lambda: now)
    for guess in range(5):
        for browser in range(8):
            now += throttle.ROOM_PACE
            with pytest.raises(NicknameTaken):
                db.join(
                    "Ugle", code, return_code=f"AAAA{guess}{browser}AA", client=f"lan-{browser}"
                )
    mine = db.join("Ugle", code, return_code=ugle.return_code, client="egen", trusted=True)
    assert mine.id == ugle.id, "the owner's own browser is never kept out by others"
    with pytest.raises(TooManyTries, match="Vent 5 sekunder"):
        db.join("Ugle", code, return_code=ugle.return_code, client="lan-new")
    now += throttle.ROOM_PACE
    with pytest.raises(NicknameTaken):
        db.join("Ugle", code, return_code="AAAABBBB", client="lan-new")


def test_a_nickname_with_a_number_that_fits_in_60_characters() -> None:
    long = "å" * 60
    free = identity.free_nickname(long, {identity.nickname_key(long)}, 60)
    assert len(free) == 60 and free.endswith(" 2")


def test_version_1_databases_get_nickname_keys_and_return_codes(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'v1.sqlite'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        for statement in V1_SCHEMA:
            conn.execute(text(statement))
    engine.dispose()
    db = Store(url)
    [old] = db.members("ABCDE")
    assert old.pseudonym == "Ugle" and old.return_code
    with pytest.raises(NicknameTaken):
        db.join("ugle", "ABCDE")
    assert db.join("ugle", "ABCDE", return_code=old.return_code).id == "gammel"
    with db.engine.connect() as conn:
        version = conn.execute(text("SELECT value FROM meta")).scalar_one()
    assert version == str(store.SCHEMA_VERSION)
    db.engine.dispose()


V1_SCHEMA = [
    "CREATE TABLE meta (key VARCHAR(40) PRIMARY KEY, value VARCHAR(200) NOT NULL)",
    "INSERT INTO meta VALUES ('schema_version', '1')",
    "CREATE TABLE holds (code VARCHAR(12) PRIMARY KEY, name VARCHAR(200) NOT NULL, "
    "pin_salt VARCHAR(64) NOT NULL, pin_hash VARCHAR(128) NOT NULL, created_at DATETIME NOT NULL)",
    "INSERT INTO holds VALUES ('ABCDE', '', '00', '00', '2026-01-01 10:00:00')",
    "CREATE TABLE participants (id VARCHAR(32) PRIMARY KEY, hold_code VARCHAR(12) "
    "REFERENCES holds(code) ON DELETE CASCADE, pseudonym VARCHAR(60) NOT NULL, "
    "municipality INTEGER, created_at DATETIME NOT NULL, UNIQUE (hold_code, pseudonym))",
    "INSERT INTO participants VALUES ('gammel', 'ABCDE', 'Ugle', NULL, '2026-01-01 10:01:00')",
]


def test_a_lock_ends_after_its_time(db: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    code = db.create_hold("123456")
    ugle = db.join("Ugle", code)
    for _ in range(5):
        with pytest.raises(NicknameTaken):
            db.join("Ugle", code, return_code="AAAAAAAA")
    later = store.clock.now() + timedelta(minutes=2)
    monkeypatch.setattr(store.clock, "now", lambda: later)
    assert db.join("Ugle", code, return_code=ugle.return_code).id == ugle.id
