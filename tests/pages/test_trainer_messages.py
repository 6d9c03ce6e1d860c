"""The trainer page says no where the trainer is looking: under the button just pressed.

A wrong PIN, a missing PIN or "vent" used to appear below the whole create form, a screen
away from "Åbn hold" on a laptop; a wrong number of days appeared above the create form,
far from "Opret hold". A notice about an open hold stays above it.
"""

from __future__ import annotations

from plenum_room import kit, populate

from opsporing import store, texts
from opsporing.pages.underviser import TrainerPage
from opsporing.store import Store

from .conftest import FakeTimer

KIT = kit()


def _page(db: Store) -> TrainerPage:
    return TrainerPage(db, KIT, None, timer=FakeTimer())


def test_a_refused_pin_is_said_right_under_the_open_form(db: Store) -> None:
    room = populate(db)
    page = _page(db)
    page.open_form.submit("open", {"code": room.code, "pin": "forkert-pin"})
    assert texts.TRAINER_WRONG_PIN in page.message.value
    assert page.login.children == (page.open_part, page.message, page.create_part)
    assert page.message not in page.children


def test_too_many_days_is_said_right_under_the_create_form(db: Store) -> None:
    page = _page(db)
    page.create_form.submit("create", {"name": "", "pin": "123456", "days": "9999"})
    assert texts.TRAINER_DAYS_INVALID.format(max=store.MAX_HOLD_LIFETIME.days) in (
        page.message.value
    )
    assert page.login.children == (page.open_part, page.create_part, page.message)


def test_a_notice_about_the_open_hold_stands_above_it(db: Store) -> None:
    page = _page(db)
    page.create_form.submit("create", {"name": "Skole A", "pin": "123456", "days": ""})
    assert page.view is not None and 'role="status"' in page.message.value
    assert page.message in page.children and page.message not in page.login.children
    top = list(page.children)
    assert top.index(page.message) < top.index(page.view_box)
    page.close_hold()
    page.open_form.submit("open", {"code": "", "pin": ""})
    assert page.message not in page.children, "a refusal after a notice moves to its form"
