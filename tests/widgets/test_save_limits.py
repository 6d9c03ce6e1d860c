"""A too-long answer is refused by the store; the question says why in Danish, not "try again"."""

from __future__ import annotations

from opsporing import store
from opsporing.widgets import question_field
from opsporing.widgets.debounce import SAVE_DELAY

from .conftest import FakeTimer, question


def test_the_store_s_reason_is_shown_and_the_text_stays(timer: FakeTimer, db: store.Store) -> None:
    me = db.join("Ugle")
    widget = question_field(
        "anna/f1", question("fritekst"), lambda k, v, s: db.save_answer(me.id, k, v, s), timer=timer
    )
    widget.value = "x" * 20_001
    timer.advance(SAVE_DELAY)
    assert widget.failed
    assert widget.status.startswith("Svaret er for langt til at blive gemt (højst 20.000")
    assert widget.value == "x" * 20_001
    widget.value = "kortere"
    timer.advance(SAVE_DELAY)
    assert db.answers(me.id)["anna/f1"].value == "kortere"
