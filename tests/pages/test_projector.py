"""The projector view: one question at a time, results only when the trainer shows them."""

from __future__ import annotations

import pytest
from plenum_room import SECRET_WORDS, kit, populate, questions_by_key

from opsporing import texts
from opsporing.pages.underviser import TrainerPage
from opsporing.store import Store
from opsporing.widgets.shared import is_shown


@pytest.fixture
def projecting(db: Store):
    room = populate(db)
    page = TrainerPage(db, kit(), "http://10.0.0.5:8866/?token=x", timer=lambda *_: None)
    page.open_form.submit("open", {"code": room.code, "pin": room.pin})
    page.projector_button.click()
    return page, room


def _answered(room, key: str) -> int:
    """From the room's own data: participants whose answer to `key` counts."""
    return sum(
        1
        for answers in room.answers.values()
        if key in answers
        and answers[key][0] not in ("", "   ", [])
        and (not isinstance(answers[key][0], str) or answers[key][0].strip())
    )


def test_the_projector_replaces_the_page_and_shows_the_join_panel(projecting) -> None:
    page, room = projecting
    assert page.projector is not None and "opsporing-projecting" in page._dom_classes
    assert not is_shown(page.view_box) and not is_shown(page.heading)
    panel = page.projector.join_panel.value
    assert room.code in panel and "<svg" in panel and "10.0.0.5:8866" in panel


def test_results_stay_hidden_until_the_trainer_shows_them(projecting) -> None:
    page, room = projecting
    projector = page.projector
    first_key = next(iter(questions_by_key()))
    assert projector.questions[0][1].key == first_key
    assert "opsporing-chart" not in projector.stage.value
    assert texts.PROJECTOR_HIDDEN.format(n=_answered(room, first_key)) in projector.stage.value
    projector.reveal.click()
    assert projector.reveal.description == texts.PROJECTOR_HIDE


def test_free_text_shows_how_many_answered_and_shared_never_private_text(projecting) -> None:
    page, room = projecting
    projector = page.projector
    projector.reveal.click()
    key = projector.questions[0][1].key
    shared = sum(1 for a in room.answers.values() if key in a and a[key][1] and a[key][0].strip())
    counts = texts.TRAINER_FREE_TEXT_COUNTS.format(n=_answered(room, key), m=shared)
    assert counts in projector.stage.value
    for word in SECRET_WORDS:
        assert word not in projector.stage.value


def test_arrow_keys_step_and_a_new_question_starts_hidden(projecting) -> None:
    page, _room = projecting
    projector = page.projector
    projector.reveal.click()
    projector._key(None, {"type": "step", "by": 1}, None)
    assert projector.position == 1 and not projector.results_shown
    assert "opsporing-chart" not in projector.stage.value
    projector._key(None, {"type": "step", "by": -1}, None)
    projector._key(None, {"type": "step", "by": -1}, None)
    assert projector.position == 0 and projector.previous.disabled
    last_section = projector.picker.options[-1][1]
    projector.picker.value = last_section
    assert projector.position == last_section


def test_closing_the_projector_brings_the_page_back(projecting) -> None:
    page, _room = projecting
    page.projector.leave.click()
    assert page.projector is None and is_shown(page.view_box)
    assert "opsporing-projecting" not in page._dom_classes
