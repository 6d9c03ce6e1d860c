"""The trainer PIN: a few wrong guesses, then a growing lock, per hold and per client."""

from __future__ import annotations

from datetime import timedelta

import pytest

from opsporing import cli, store, throttle
from opsporing.store import Store, TooManyTries

PIN = "246810"


def _guess_wrong(db: Store, code: str, client: str, times: int) -> None:
    for _ in range(times):
        assert not db.check_pin(code, "000000", client=client)


def test_a_new_pin_needs_six_characters(db: Store) -> None:
    with pytest.raises(store.StoreError, match="mindst 6 tegn"):
        db.create_hold("12345")
    assert db.check_pin(db.create_hold("123456"), "123456")


def test_five_wrong_pins_lock_the_hold_for_that_client_only(db: Store) -> None:
    code = db.create_hold(PIN)
    _guess_wrong(db, code, "browser-a", 5)
    with pytest.raises(TooManyTries, match="Prøv igen om 1 minut"):
        db.check_pin(code, PIN, client="browser-a")
    assert db.check_pin(code, PIN, client="browser-b"), "the trainer's own browser still opens"


def test_the_lock_grows_with_every_wrong_guess_after_it(
    db: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = db.create_hold(PIN)
    now = store._now()
    monkeypatch.setattr(store, "_now", lambda: now)
    _guess_wrong(db, code, "a", 5)
    now += timedelta(minutes=1, seconds=1)
    _guess_wrong(db, code, "a", 1)
    with pytest.raises(TooManyTries, match="Prøv igen om 2 minutter"):
        db.check_pin(code, PIN, client="a")
    now += timedelta(minutes=2, seconds=1)
    assert db.check_pin(code, PIN, client="a"), "the lock ends, and the right PIN opens"


def test_many_clients_together_lock_the_hold_for_everyone(db: Store) -> None:
    code = db.create_hold(PIN)
    for n in range(throttle.FREE_TRIES_ALL_CLIENTS):
        _guess_wrong(db, code, f"script-{n}", 1)
    with pytest.raises(TooManyTries):
        db.check_pin(code, PIN, client="trainer")


def test_another_hold_is_not_locked(db: Store) -> None:
    locked, other = db.create_hold(PIN), db.create_hold(PIN)
    _guess_wrong(db, locked, "a", 5)
    assert db.check_pin(other, PIN, client="a")


def test_the_command_line_says_in_danish_that_the_hold_is_locked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = store.default().create_hold(PIN)
    for _ in range(5):
        assert cli.main(["delete-hold", code, "--pin", "111111"]) == 1
    assert cli.main(["delete-hold", code, "--pin", PIN]) == 1
    err = capsys.readouterr().err
    assert "For mange forkerte forsøg. Prøv igen om 1 minut." in err
    assert store.default().hold_exists(code)


@pytest.mark.parametrize(("failures", "minutes"), [(4, 0), (5, 1), (6, 2), (7, 4), (20, 15)])
def test_lock_lengths(failures: int, minutes: int) -> None:
    assert throttle.lock(failures, throttle.FREE_TRIES) == timedelta(minutes=minutes)
