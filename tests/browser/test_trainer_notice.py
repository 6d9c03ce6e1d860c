"""The trainer page, opened after others guessed wrong PINs: how many, not who, and calm."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect
from test_accessibility import blocking_violations
from voila_pages import open_page, wait_interactive

from opsporing import paths, texts
from opsporing.store import Store

pytestmark = pytest.mark.browser

SCREENSHOTS = paths.REPO_ROOT / "build" / "screenshots"
PIN = "975310"
KERNEL_MS = 30_000


def test_the_trainer_is_told_how_many_wrong_pins_were_tried_and_that_the_hold_is_theirs(
    browser_context: Any, opsporing_server: Any, served_store: Store
) -> None:
    code = served_store.create_hold(PIN, "Forsøg")
    for n in range(3):
        assert not served_store.check_pin(code, f"00000{n}", client=f"lan-{n}")
    page = open_page(browser_context, opsporing_server.page_url("underviser.ipynb"))
    wait_interactive(page)
    page.locator(".opsporing-trainer-code input").fill(code)
    page.locator(".opsporing-trainer-pin input").fill(PIN)
    page.locator(".opsporing-trainer-open").click()
    expect(page.locator(".opsporing-plenum")).to_be_visible(timeout=KERNEL_MS)
    notice = page.locator(".opsporing-trainer-message [role=status]")
    expect(notice).to_have_text(texts.TRAINER_WRONG_PINS.format(times=texts.times(3)))
    expect(page.get_by_role("alert")).to_have_count(0)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "underviser-forkerte-pin.png"), full_page=True)
    assert blocking_violations(page) == []
    assert served_store.wrong_pins(code) == 0, "seen: the next opening says nothing"
