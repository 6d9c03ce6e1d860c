"""The learning effect in the browser: two participants rate the statements at the start
and at the end on the start page; the trainer's plenum shows the room's shift."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect
from test_accessibility import blocking_violations
from voila_pages import open_page, sign_in, wait_interactive

from opsporing import paths, texts
from opsporing.content.catalogue import AFTER, BEFORE
from opsporing.store import Store
from opsporing.widgets.base import dom_key

pytestmark = pytest.mark.browser

SCREENSHOTS = paths.REPO_ROOT / "build" / "screenshots"
PIN = "selvvurdering"
RATINGS = {"Solsort": (2, 4), "Musvit": (3, 5)}


def _rate(page: Page, key: str, value: int, low: int, high: int) -> None:
    """Click the radio button for `value`, as a participant would."""
    question = page.locator(f".{dom_key(key)}")
    question.scroll_into_view_if_needed()
    radios = question.get_by_role("radio")
    radios.nth(value - low).click()
    expect(radios.nth(value - low)).to_be_checked()
    assert radios.count() == high - low + 1


def test_the_rooms_shift_after_two_participants_answer_both_times(
    browser_context: Any, opsporing_server: Any, served_store: Store, shipped: Any
) -> None:
    code = served_store.create_hold(PIN, "Læringseffekt")
    before = shipped.self_assessment_questions(BEFORE)
    after = shipped.self_assessment_questions(AFTER)
    for name, (first, last) in RATINGS.items():
        me = served_store.join(name, code)
        sign_in(browser_context, opsporing_server, served_store, me)
        page = open_page(browser_context, opsporing_server.page_url("00_start.ipynb"))
        expect(page.locator(".opsporing-identity")).to_have_text(
            texts.IDENTITY.format(pseudonym=name, code=code)
        )
        wait_interactive(page)
        for refs, value in ((before, first), (after, last)):
            for ref in refs:
                _rate(page, ref.key, value, ref.question.low, ref.question.high)
        if name == "Solsort":
            page.locator(".opsporing-moment-foer").screenshot(
                path=str(SCREENSHOTS / "selvvurdering-start.png")
            )
        expect(page.get_by_text("Gemt").first).to_be_visible()
        page.close()

    trainer = open_page(browser_context, opsporing_server.page_url("underviser.ipynb"))
    wait_interactive(trainer)
    trainer.locator(".opsporing-trainer-code input").fill(code)
    trainer.locator(".opsporing-trainer-pin input").fill(PIN)
    trainer.locator(".opsporing-trainer-open").click()
    shift = trainer.locator(".opsporing-shift")
    expect(shift).to_be_visible()
    mean_before = sum(f for f, _ in RATINGS.values()) / len(RATINGS)
    mean_after = sum(a for _, a in RATINGS.values()) / len(RATINGS)
    row = shift.locator("tr").filter(has_text=before[0].question.text)
    expect(row).to_contain_text(texts.decimal(mean_before))
    expect(row).to_contain_text(texts.decimal(mean_after))
    expect(row).to_contain_text(texts.change(mean_before, mean_after))
    expect(row.locator("td").last).to_have_text(str(len(RATINGS)))
    trainer.locator(".opsporing-plenum-shift").screenshot(
        path=str(SCREENSHOTS / "selvvurdering-plenum.png")
    )
    assert blocking_violations(trainer) == []
