"""The trainer PIN: a few wrong guesses, then a growing lock, per hold and per client;
the room's guesses together are paced, and the trainer's own machine never kept out."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
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
    now = store.clock.now()
    monkeypatch.setattr(store.clock, "now", lambda: now)
    _guess_wrong(db, code, "a", 5)
    now += timedelta(minutes=1, seconds=1)
    _guess_wrong(db, code, "a", 1)
    with pytest.raises(TooManyTries, match="Prøv igen om 2 minutter"):
        db.check_pin(code, PIN, client="a")
    now += timedelta(minutes=2, seconds=1)
    assert db.check_pin(code, PIN, client="a"), "the lock ends, and the right PIN opens"


class Clock:
    """The store's clock, moved by hand: the pace is seconds, a busy machine takes longer."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = store.clock.now()
        monkeypatch.setattr(store.clock, "now", lambda: self.now)

    def wait(self, time: timedelta) -> None:
        self.now += time


def _room_guesses_wrong(db: Store, code: str, clock: Clock, clients: int, each: int) -> None:
    """`clients` browsers guess `each` wrong PINs in turn, each as soon as the pace lets; the
    last a moment ago."""
    for round_ in range(each):
        for n in range(clients):
            clock.wait(throttle.ROOM_PACE)
            assert not db.check_pin(code, f"00000{round_}", client=f"lan-{n}")


def test_the_rooms_guesses_are_paced_not_locked(db: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    code = db.create_hold(PIN)
    clock = Clock(monkeypatch)
    for n in range(throttle.FREE_TRIES_ALL_CLIENTS):
        _guess_wrong(db, code, f"script-{n}", 1)
    with pytest.raises(TooManyTries, match="Vent 5 sekunder, og prøv så igen") as paced:
        db.check_pin(code, PIN, client="new-browser")
    assert "minut" not in str(paced.value), "a pace, not a lock"
    clock.wait(throttle.ROOM_PACE)
    assert db.check_pin(code, PIN, client="new-browser"), "its turn: the right PIN opens"


def test_a_paced_guess_is_not_checked_and_not_counted(
    db: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = db.create_hold(PIN)
    clock = Clock(monkeypatch)
    for n in range(throttle.FREE_TRIES_ALL_CLIENTS):
        _guess_wrong(db, code, f"script-{n}", 1)
    for _ in range(10):
        with pytest.raises(TooManyTries, match="sekund"):
            db.check_pin(code, "000000", client="script-x")
    assert db.wrong_pins(code) == throttle.FREE_TRIES_ALL_CLIENTS
    clock.wait(throttle.ROOM_PACE)
    assert not db.check_pin(code, "000000", client="script-x")
    assert db.wrong_pins(code) == throttle.FREE_TRIES_ALL_CLIENTS + 1
    with pytest.raises(TooManyTries, match="Vent 5 sekunder"):
        db.check_pin(code, "000000", client="script-y")


def test_many_kernels_guessing_at_once_get_one_check_between_them(
    db: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = db.create_hold(PIN)
    clock = Clock(monkeypatch)
    for n in range(throttle.FREE_TRIES_ALL_CLIENTS):
        _guess_wrong(db, code, f"script-{n}", 1)
    clock.wait(throttle.ROOM_PACE)
    start = threading.Barrier(8)

    def guess(n: int) -> str:
        start.wait()
        try:
            return "checked" if not db.check_pin(code, "000000", client=f"kernel-{n}") else "open"
        except TooManyTries:
            return "paced"

    with ThreadPoolExecutor(8) as pool:
        outcomes = sorted(pool.map(guess, range(8)))
    assert outcomes == ["checked"] + ["paced"] * 7
    assert db.wrong_pins(code) == throttle.FREE_TRIES_ALL_CLIENTS + 1


def test_40_wrong_pins_from_8_clients_never_keep_the_trainers_machine_out(
    db: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = db.create_hold(PIN)
    clock = Clock(monkeypatch)
    _room_guesses_wrong(db, code, clock, clients=8, each=5)
    assert db.wrong_pins(code) == 40
    for n in range(8):
        with pytest.raises(TooManyTries, match="Prøv igen om"):
            db.check_pin(code, PIN, client=f"lan-{n}")
    # A guess a moment ago: the room waits; the trainer's machine does not.
    assert db.check_pin(code, PIN, client=cli.CLI_CLIENT, trusted=True)
    assert db.check_pin(code, PIN, client="trainer-laptop", trusted=True)
    with pytest.raises(TooManyTries, match="Vent 5 sekunder"):
        db.check_pin(code, PIN, client="lan-9")
    clock.wait(throttle.ROOM_PACE)
    assert not db.check_pin(code, "000010", client="lan-9"), "opening gave no free guesses"
    with pytest.raises(TooManyTries, match="Vent 5 sekunder"):
        db.check_pin(code, "000011", client="lan-10")


def test_a_trusted_clients_own_mistypes_lock_it_alone_and_leave_the_room_unpaced(
    db: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = db.create_hold(PIN)
    Clock(monkeypatch)
    for _ in range(throttle.FREE_TRIES):
        assert not db.check_pin(code, "000000", client="trainer-laptop", trusted=True)
    with pytest.raises(TooManyTries, match="Prøv igen om 1 minut"):
        db.check_pin(code, PIN, client="trainer-laptop", trusted=True)
    assert db.wrong_pins(code) == 0, "the trainer's own mistypes are no one else's"
    assert db.check_pin(code, PIN, client="a-browser")


def test_a_browser_cannot_take_the_command_lines_count_by_its_name(db: Store) -> None:
    code = db.create_hold(PIN)
    _guess_wrong(db, code, cli.CLI_CLIENT, throttle.FREE_TRIES)
    with pytest.raises(TooManyTries):
        db.check_pin(code, PIN, client=cli.CLI_CLIENT)
    assert db.check_pin(code, PIN, client=cli.CLI_CLIENT, trusted=True)


def test_the_right_pin_lifts_no_one_elses_lock(db: Store) -> None:
    code = db.create_hold(PIN)
    _guess_wrong(db, code, "guesser", throttle.FREE_TRIES)
    assert db.check_pin(code, PIN, client="trainer", trusted=True)
    with pytest.raises(TooManyTries, match="Prøv igen om 1 minut"):
        db.check_pin(code, PIN, client="guesser")


def test_wrong_pins_counts_others_since_the_hold_was_last_opened(db: Store) -> None:
    code = db.create_hold(PIN)
    for n in range(3):
        _guess_wrong(db, code, f"lan-{n}", 1)
    _guess_wrong(db, code, "trainer-browser", 2)
    assert db.wrong_pins(code) == 5
    assert db.wrong_pins(code, "trainer-browser") == 3, "not the trainer's own mistypes"
    assert db.check_pin(code, PIN, client="trainer-browser")
    assert db.wrong_pins(code) == 0
    _guess_wrong(db, code, "lan-0", 2)
    assert db.wrong_pins(code, "trainer-laptop", trusted=True) == 2
    assert db.check_pin(code, PIN, client="trainer-laptop", trusted=True)
    assert db.wrong_pins(code, "trainer-laptop", trusted=True) == 0


def test_unlock_forgets_every_wrong_pin_at_the_hold_only(
    db: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, other = db.create_hold(PIN), db.create_hold(PIN)
    Clock(monkeypatch)
    for n in range(throttle.FREE_TRIES_ALL_CLIENTS):
        _guess_wrong(db, code, "lan-0" if n < throttle.FREE_TRIES else f"lan-{n}", 1)
    _guess_wrong(db, other, "lan-0", throttle.FREE_TRIES)
    assert db.unlock(code.lower())
    assert db.wrong_pins(code) == 0
    assert db.check_pin(code, PIN, client="lan-0"), "neither locked nor paced"
    with pytest.raises(TooManyTries):
        db.check_pin(other, PIN, client="lan-0")
    assert not db.unlock("ZZZZZ")


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


def test_unlock_hold_lets_the_command_line_in_after_its_own_mistypes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = store.default().create_hold(PIN)
    for _ in range(throttle.FREE_TRIES):
        assert cli.main(["delete-hold", code, "--pin", "111111"]) == 1
    assert cli.main(["unlock-hold", code.lower()]) == 0
    out = capsys.readouterr().out
    assert f"Hold {code} er låst op" in out
    assert cli.main(["delete-hold", code, "--pin", PIN]) == 0
    assert not store.default().hold_exists(code)


def test_unlock_hold_says_in_danish_that_there_is_no_such_hold(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["unlock-hold", "ZZZZZ"]) == 1
    assert "Der findes intet hold med koden ZZZZZ. Intet er ændret." in capsys.readouterr().err


def test_the_command_line_opens_at_once_after_the_room_guessed_wrong(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path
) -> None:
    db = store.default()
    code = db.create_hold(PIN)
    clock = Clock(monkeypatch)
    _room_guesses_wrong(db, code, clock, clients=8, each=5)
    out = tmp_path / "svar.csv"
    assert cli.main(["export", "--hold", code, "--pin", PIN, "--out", str(out)]) == 0
    assert out.exists()
    assert "For mange" not in capsys.readouterr().err


@pytest.mark.parametrize(("failures", "minutes"), [(4, 0), (5, 1), (6, 2), (7, 4), (20, 15)])
def test_lock_lengths(failures: int, minutes: int) -> None:
    assert throttle.lock(failures, throttle.FREE_TRIES) == timedelta(minutes=minutes)
