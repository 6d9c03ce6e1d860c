"""Identity in the browser: a public nickname opens nothing, the return code and this
browser's memory do, and guessing the trainer PIN is slowed, as people would meet it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect
from test_accessibility import blocking_violations
from voila_pages import open_page, wait_interactive

from opsporing import identity, paths, texts
from opsporing.store import Store

pytestmark = pytest.mark.browser

SCREENSHOTS = paths.REPO_ROOT / "build" / "screenshots"
PIN = "864213"
RENDER_TIMEOUT_MS = 120_000
KERNEL_MS = 30_000
"""How long an answer from a kernel on a busy test machine may take."""


def _context(browser: Any) -> Any:
    """A browser of its own (own localStorage), as patient as the shared one."""
    context = browser.new_context(locale="da-DK")
    context.set_default_timeout(RENDER_TIMEOUT_MS)
    return context


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _type(page: Page, selector: str, text: str) -> None:
    """Click into a field and type as a person does, key by key."""
    page.locator(selector).click()
    page.keyboard.type(text)


def _join(page: Page, code: str, nickname: str) -> None:
    _type(page, ".opsporing-join-form input >> nth=0", code)
    _type(page, ".opsporing-join-form input >> nth=1", nickname)
    page.get_by_role("button", name=texts.JOIN_BUTTON).click()


def test_a_nickname_opens_no_one_but_the_return_code_and_this_browser_do(
    browser: Any, opsporing_server: Any, served_store: Store
) -> None:
    code = served_store.create_hold(PIN, "Identitet")
    start = opsporing_server.page_url("00_start.ipynb")
    mine, theirs = _context(browser), _context(browser)
    try:
        page = open_page(mine, start)
        wait_interactive(page)
        _join(page, code, "Ugle")
        shown = page.locator(".opsporing-return-code-value")
        expect(shown).to_be_visible()
        return_code = shown.inner_text().strip()
        ugle = next(m for m in served_store.members(code) if m.pseudonym == "Ugle")
        assert return_code == identity.show_return_code(ugle.return_code)
        served_store.save_answer(ugle.id, "anna/hvad", "Mit private svar om Anna")
        _shot(page, "identitet-returkode")

        # The same browser, the kit's address again: it is still Ugle, and not by the address.
        ugle_here = texts.IDENTITY.format(pseudonym="Ugle", code=code)
        page.goto(start)
        wait_interactive(page)
        expect(page.locator(".opsporing-identity")).to_have_text(ugle_here)
        assert ugle.id not in page.url

        # "Skift deltager" (a shared computer): nobody now, even after a reload, and the
        # browser offers to continue as Ugle.
        page.get_by_role("button", name=texts.SWITCH_BUTTON).click()
        expect(page.get_by_role("status").filter(has_text=texts.SWITCHED)).to_be_visible()
        expect(page.locator(".opsporing-identity")).to_have_count(0)
        page.goto(start)
        wait_interactive(page)
        expect(page.locator(".opsporing-identity")).to_have_count(0)
        offer = page.locator(".opsporing-continue-as").filter(
            has_text=texts.CONTINUE_AS.format(pseudonym="Ugle")
        )
        expect(offer).to_have_count(1)
        expect(offer).to_be_visible()
        _shot(page, "identitet-fortsaet")
        offer.click()
        expect(page.locator(".opsporing-identity")).to_have_text(ugle_here)
        assert ugle.id not in page.url

        # Another browser, the nickname in another case, the hold code in lower case + space.
        other = open_page(theirs, start)
        wait_interactive(other)
        _join(other, code.lower() + " ", "uGLE ")
        expect(other.get_by_role("alert")).to_contain_text("Kaldenavnet er taget")
        expect(other.locator(".opsporing-identity")).to_have_count(0)
        _shot(other, "identitet-kaldenavn-taget")
        assert blocking_violations(other) == []
        assert [m.pseudonym for m in served_store.members(code)] == ["Ugle"]
        other.goto(opsporing_server.page_url("04_handout.ipynb"))
        assert "Mit private svar" not in other.content()

        # The return code, typed with a dash and in lower case, opens Ugle there too.
        other.goto(start)
        wait_interactive(other)
        _join(other, code, "Ugle")
        _type(other, ".opsporing-return-code-field input", return_code.lower())
        other.keyboard.press("Enter")  # Enter in the box submits, as in any form
        expect(other.locator(".opsporing-identity")).to_have_text(ugle_here)
        assert ugle.id not in other.url
        assert ugle.id not in other.locator(".opsporing-nav").inner_html()
        # and that browser is Ugle from now on: a reload asks for nothing.
        other.reload()
        wait_interactive(other)
        expect(other.locator(".opsporing-identity")).to_have_text(ugle_here)
    finally:
        mine.close()
        theirs.close()


def test_the_trainer_page_locks_a_hold_after_five_wrong_pins(
    browser_context: Any, opsporing_server: Any, served_store: Store
) -> None:
    code = served_store.create_hold(PIN, "PIN-test")
    page = open_page(browser_context, opsporing_server.page_url("underviser.ipynb"))
    wait_interactive(page)
    message = page.locator(".opsporing-trainer-message")
    _type(page, ".opsporing-trainer-code input", code)
    for attempt in range(5):
        _type(page, ".opsporing-trainer-pin input", f"00000{attempt}")
        page.keyboard.press("Tab")
        page.locator(".opsporing-trainer-open").click()
        # The field empties when the kernel has answered this attempt (the message may
        # still be the last attempt's).
        expect(page.locator(".opsporing-trainer-pin input")).to_have_value("", timeout=KERNEL_MS)
        expect(message).to_contain_text("passer ikke")
    _type(page, ".opsporing-trainer-pin input", PIN)
    page.locator(".opsporing-trainer-open").click()
    expect(message).to_contain_text("For mange forkerte forsøg. Prøv igen om 1 minut.")
    expect(page.locator(".opsporing-plenum")).to_have_count(0)
    expect(page.locator(".opsporing-trainer-pin input")).to_have_value("")
    _shot(page, "underviser-laast")
    assert blocking_violations(page) == []
