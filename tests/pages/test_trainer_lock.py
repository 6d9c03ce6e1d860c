"""The trainer page says in Danish when a hold is locked after wrong PINs, per browser."""

from __future__ import annotations

from plenum_room import kit

from opsporing.pages.underviser import TrainerPage
from opsporing.store import Store

PIN = "135790"


def _open(page: TrainerPage, code: str, pin: str) -> None:
    page.open_form.submit("open", {"code": code, "pin": pin})


def test_after_five_wrong_pins_this_browser_waits_and_another_does_not(db: Store) -> None:
    code = db.create_hold(PIN)
    guesser = TrainerPage(db, kit(), None, timer=lambda *_: None)
    guesser.browser.client = "browser-a"
    for _ in range(5):
        _open(guesser, code, "000000")
        assert "passer ikke" in guesser.message.value
    _open(guesser, code, PIN)
    assert guesser.view is None
    assert "For mange forkerte forsøg. Prøv igen om 1 minut." in guesser.message.value

    trainer = TrainerPage(db, kit(), None, timer=lambda *_: None)
    trainer.browser.client = "browser-b"
    _open(trainer, code, PIN)
    assert trainer.view is not None and trainer.view.code == code
