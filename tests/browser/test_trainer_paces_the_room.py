"""The trainer leads: a laptop and a phone follow a step, one walks alone and comes back.

Three browsers on one real `opsporing serve`: the trainer's page, Ada on a
1280 px laptop and Bo on a 390 px phone. The trainer sends the room to the
first stage of a case with its later stages locked; both follow, and stage 2
is nowhere in their pages (not even hidden) until the trainer opens it. Bo
steps out with the keyboard, stays where he is while the room moves, steps in
again and is taken to the room. The projector's counts say how many follow.
How fast 40 followers arrive is `benchmarks/paced.py`'s figure, not a limit here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from voila_pages import open_page, sign_in

from opsporing import paths, room_places, texts
from opsporing.store import Store

pytestmark = pytest.mark.browser

SCREENSHOTS = paths.REPO_ROOT / "build" / "screenshots"
PIN = "135790"
CASE = "emil-mellemtrin"
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def _context(browser: Browser, phone: bool) -> BrowserContext:
    context = browser.new_context(
        locale="da-DK", viewport=PHONE if phone else LAPTOP, has_touch=phone, is_mobile=phone
    )
    context.set_default_timeout(120_000)
    return context


@pytest.fixture
def contexts(browser: Browser) -> Iterator[dict[str, BrowserContext]]:
    made = {"trainer": _context(browser, False), "ada": _context(browser, False)}
    made["bo"] = _context(browser, True)
    yield made
    for context in made.values():
        context.close()


def _moved_to(page: Page, heading: str, place: str) -> None:
    """What a follower sees: the new view's heading, focused, and the move announced."""
    expect(page.locator("h1.opsporing-heading")).to_have_text(heading)
    expect(page.locator(".opsporing-follow-notice")).to_have_text(
        texts.FOLLOW_MOVED.format(place=place)
    )
    expect(page.locator("h1.opsporing-heading")).to_be_focused()


def test_the_room_follows_the_trainer_and_one_may_walk_alone(
    contexts: dict[str, BrowserContext], opsporing_server: Any, served_store: Store, shipped: Any
) -> None:
    server = opsporing_server
    code = served_store.create_hold(PIN, "Følg underviseren")
    vignette = shipped.vignette(CASE)
    stage_two = vignette.stages[1].title
    pages: dict[str, Page] = {}
    for name in ("ada", "bo"):
        sign_in(contexts[name], server, served_store, served_store.join(name.title(), code))
        pages[name] = open_page(contexts[name], server.page_url("00_start.ipynb"))
        expect(pages[name].locator(".opsporing-follow-status")).to_have_text(texts.FOLLOW_FOLLOWING)
    ada, bo = pages["ada"], pages["bo"]

    trainer = open_page(contexts["trainer"], server.page_url("underviser.ipynb"))
    trainer.locator(".opsporing-trainer-code input").fill(code)
    trainer.locator(".opsporing-trainer-pin input").fill(PIN)
    trainer.locator(".opsporing-trainer-open").click()
    counts = trainer.locator(".opsporing-pace-counts")
    expect(counts).to_have_text(texts.PACE_COUNTS.format(following=2, own=0))

    # To stage 1 of Emil's case, later stages locked: both follow.
    first = {"vis": "cases", "case": CASE, "trin": "1"}
    first_name = room_places.describe(shipped, first)
    trainer.locator(".opsporing-pace-place select").select_option(label=first_name)
    trainer.locator(".opsporing-pace-lock input").check()
    trainer.locator(".opsporing-pace-send").click()
    for page in (ada, bo):
        _moved_to(page, texts.CASES_TITLE, first_name)
        expect(page.locator(".opsporing-stage-1")).to_be_visible()
        expect(page.locator(".opsporing-stage-waits")).to_have_text(texts.STAGE_WAITS_FOR_TRAINER)
        assert stage_two not in page.content(), "a locked stage is not in the page at all"
        assert page.locator(".opsporing-stage-2").count() == 0
    assert "trin=1" in ada.url and f"case={CASE}" in ada.url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    bo.screenshot(path=str(SCREENSHOTS / "foelg-underviseren-telefon.png"), full_page=True)

    # Bo steps out with the keyboard; he stays while the room moves on.
    step_out = bo.get_by_role("button", name=texts.FOLLOW_STEP_OUT)
    step_out.focus()
    bo.keyboard.press("Enter")
    expect(bo.get_by_role("button", name=texts.FOLLOW_STEP_IN)).to_be_visible()
    expect(counts).to_have_text(texts.PACE_COUNTS.format(following=1, own=1))

    trainer.locator(".opsporing-pace-next").click()
    second_name = room_places.describe(shipped, {**first, "trin": "2"})
    expect(ada.locator(".opsporing-follow-notice")).to_have_text(
        texts.FOLLOW_MOVED.format(place=second_name)
    )
    expect(ada.locator(".opsporing-stage-2")).to_be_visible()
    assert stage_two in ada.content()

    helpful = {"vis": "hjaelp"}
    help_name = room_places.describe(shipped, helpful)
    trainer.locator(".opsporing-pace-place select").select_option(label=help_name)
    trainer.locator(".opsporing-pace-send").click()
    _moved_to(ada, texts.HELP_TITLE, help_name)
    expect(bo.locator(".opsporing-follow-status")).to_contain_text(texts.HELP_TITLE)
    expect(bo.locator("h1.opsporing-heading")).to_have_text(texts.CASES_TITLE)
    assert stage_two not in bo.content(), "stepping out is no way around the lock"
    trainer.screenshot(path=str(SCREENSHOTS / "underviser-styr-rummet.png"), full_page=True)

    # Bo follows again: to where the room is, at once.
    bo.get_by_role("button", name=texts.FOLLOW_STEP_IN).click()
    expect(bo.locator("h1.opsporing-heading")).to_have_text(texts.HELP_TITLE)
    expect(counts).to_have_text(texts.PACE_COUNTS.format(following=2, own=0))
    scroll = bo.evaluate("document.documentElement.scrollWidth")
    assert scroll <= PHONE["width"], "nothing runs off the phone's screen"
    served_store.delete_hold(code)
