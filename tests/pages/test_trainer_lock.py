"""The trainer page says in Danish when a hold is locked after wrong PINs, per browser;
the trainer's own machine is never kept out, and is told how many wrong PINs were tried."""

from __future__ import annotations

import pytest
from plenum_room import kit

from opsporing import request, store, throttle
from opsporing.pages.underviser import TrainerPage
from opsporing.store import Store

PIN = "135790"


def _open(page: TrainerPage, code: str, pin: str) -> None:
    page.open_form.submit("open", {"code": code, "pin": pin})


def _in_browser(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The page's browser, as the server names it for the kernel (`request.browser`)."""
    monkeypatch.setattr(request, "browser", lambda: name)


def test_after_five_wrong_pins_this_browser_waits_and_another_does_not(
    db: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = db.create_hold(PIN)
    _in_browser(monkeypatch, "browser-a")
    guesser = TrainerPage(db, kit(), None, timer=lambda *_: None)
    for _ in range(5):
        _open(guesser, code, "000000")
        assert "passer ikke" in guesser.message.value
    _open(guesser, code, PIN)
    assert guesser.view is None
    assert "For mange forkerte forsøg. Prøv igen om 1 minut." in guesser.message.value

    _in_browser(monkeypatch, "browser-b")
    trainer = TrainerPage(db, kit(), None, timer=lambda *_: None)
    _open(trainer, code, PIN)
    assert trainer.view is not None and trainer.view.code == code


def _room_guesses_wrong(db: Store, code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """8 browsers on the LAN guess 5 wrong PINs each, each as soon as the room's pace lets;
    the last a moment ago."""
    now = store.clock.now()
    monkeypatch.setattr(store.clock, "now", lambda: now)
    for guess in range(5):
        for browser in range(8):
            now += throttle.ROOM_PACE
            assert not db.check_pin(code, f"00000{guess}", client=f"lan-{browser}")


def test_the_trainers_machine_opens_at_once_and_is_told_of_40_wrong_pins(
    db: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = db.create_hold(PIN)
    _room_guesses_wrong(db, code, monkeypatch)
    monkeypatch.setattr(request, "from_this_machine", lambda: True)
    _in_browser(monkeypatch, "lan-0")  # even a name the room used is not the trainer's count
    trainer = TrainerPage(db, kit(), None, timer=lambda *_: None)
    _open(trainer, code, PIN)
    assert trainer.view is not None and trainer.view.code == code
    notice = trainer.message.value
    assert 'role="status"' in notice, "calm, not an alert"
    assert "er der 40 gange prøvet med en forkert PIN-kode" in notice
    assert "Holdet er stadig dit" in notice
    assert "lan-" not in notice, "how many, not who"

    again = TrainerPage(db, kit(), None, timer=lambda *_: None)
    _open(again, code, PIN)
    assert again.view is not None and again.message.value == "", "said once, then seen"


def test_a_browser_on_the_lan_is_paced_after_the_rooms_wrong_pins(
    db: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = db.create_hold(PIN)
    _room_guesses_wrong(db, code, monkeypatch)
    monkeypatch.setattr(request, "from_this_machine", lambda: False)
    _in_browser(monkeypatch, "lan-new")
    lan = TrainerPage(db, kit(), None, timer=lambda *_: None)
    _open(lan, code, PIN)
    assert lan.view is None
    assert "Vent 5 sekunder, og prøv så igen." in lan.message.value


def test_one_wrong_pin_is_said_in_the_singular(db: Store) -> None:
    code = db.create_hold(PIN)
    assert not db.check_pin(code, "000000", client="lan-0")
    trainer = TrainerPage(db, kit(), None, timer=lambda *_: None)
    _open(trainer, code, PIN)
    assert "er der 1 gang prøvet" in trainer.message.value
