"""Every page scrolls as a person scrolls it, and fits a phone.

The first release passed its browser tests while no page could be scrolled:
Playwright scrolls an element into view by itself before it clicks it. So
these tests never use a locator to act on the page while they judge it. They
turn the mouse wheel over the page, press the keys a reader presses with
nothing focused (PageDown, Space, End, Home), and swipe with a finger through
touch events, then ask what a person would see: is the last
thing on the page inside the window? At 390 px, does anything stick out
sideways, and does any option lie on top of another?

The pages are the served notebooks, each in its fullest state (a participant
with every question answered), plus a case opened to its last stage and the
trainer's page with that hold open.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from server_process import NOTEBOOKS
from voila_pages import goto, sign_in, wait_interactive

from opsporing import paths, texts
from opsporing.store import Participant, Store

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = paths.REPO_ROOT / "build" / "screenshots"
WHEEL_STEP = 1200
MAX_STEPS = 150
"""Enough wheel turns (or key presses) for the tallest page: the trainer's, with a hold that
answered every question, is about 70,000 px on a phone."""
SETTLE_MS = 600
"""The longest a smooth scroll is given to finish before the next gesture."""
STILL_MS = 100
"""A smooth scroll has finished once the page has not moved for two such intervals."""
KEY_WAIT_MS = 3_000
"""How long a key press may take to move the page on a busy machine."""

LAST_VISIBLE = """() => {
  // The last element of the page a reader can see: its bottom is where the page ends
  // (the kit's footer, with its links, comes after the view).
  const page = '#rendered_cells *, .opsporing-footer *';
  const all = [...document.querySelectorAll(page)].filter((el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && el.children.length === 0;
  });
  const last = all.reduce((a, b) =>
    b.getBoundingClientRect().bottom + window.scrollY >
    a.getBoundingClientRect().bottom + window.scrollY ? b : a);
  const r = last.getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, text: (last.textContent || last.tagName).slice(0, 60),
          viewport: window.innerHeight, scrollY: window.scrollY,
          height: document.documentElement.scrollHeight};
}"""

SIDEWAYS = """() => {
  const vw = document.documentElement.clientWidth;
  const outside = [...document.querySelectorAll(
    '#rendered_cells *, .opsporing-masthead *, .opsporing-footer *')].filter((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && (r.right > vw + 1 || r.left < -1);
  }).map((el) => `${el.tagName}.${el.className}: ${(el.textContent || '').slice(0, 40)}`);
  return {documentWidth: document.documentElement.scrollWidth, viewport: vw, outside};
}"""

OVERLAPPING_OPTIONS = """() => {
  const boxes = [...document.querySelectorAll(
    '#rendered_cells label, #rendered_cells .widget-toggle-button')]
    .map((el) => [el, el.getBoundingClientRect()]).filter(([, r]) => r.width > 0);
  const pairs = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, ra] = boxes[i], [b, rb] = boxes[j];
      if (a.contains(b) || b.contains(a)) continue;
      if (ra.left < rb.right - 1 && rb.left < ra.right - 1 &&
          ra.top < rb.bottom - 1 && rb.top < ra.bottom - 1) {
        pairs.push([a.textContent.slice(0, 40), b.textContent.slice(0, 40)]);
      }
    }
  }
  return pairs;
}"""


SMALLEST_BODY_TEXT = """() => Math.min(...[...document.querySelectorAll(
  '#rendered_cells p, #rendered_cells li, #rendered_cells label, #rendered_cells legend')]
  .filter((el) => el.getBoundingClientRect().width > 0 && el.closest('.opsporing-meta,'
    + '.opsporing-checked, .opsporing-provenance') === null)
  .map((el) => parseFloat(getComputedStyle(el).fontSize)))"""
"""Paragraphs, list items and labels; the small print of sources and dates is excepted."""


def last_is_visible(page: Page) -> bool:
    seen = page.evaluate(LAST_VISIBLE)
    return seen["bottom"] <= seen["viewport"] + 1 and seen["top"] >= -1


def scroll_y(page: Page) -> float:
    return page.evaluate("window.scrollY")


def moves(page: Page, arrived: Callable[[float], bool]) -> bool:
    """Whether the page's scroll position gets where `arrived` says, within KEY_WAIT_MS."""
    for _ in range(KEY_WAIT_MS // 100):
        if arrived(scroll_y(page)):
            # Let Chromium's smooth scroll finish: a key pressed during it may be dropped.
            settle(page)
            return True
        page.wait_for_timeout(100)
    return arrived(scroll_y(page))


def settle(page: Page) -> None:
    """Until the page has stopped moving (twice STILL_MS without a change), at most
    SETTLE_MS."""
    still, before = 0, scroll_y(page)
    for _ in range(SETTLE_MS // STILL_MS):
        page.wait_for_timeout(STILL_MS)
        now = scroll_y(page)
        still = still + 1 if now == before else 0
        if still >= 2:
            return
        before = now


def at_bottom(page: Page) -> bool:
    return page.evaluate(
        "window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 1"
    )


def repeat_until_still(page: Page, act: Callable[[], None]) -> None:
    """Repeat a person's gesture until the page is at its end or stops moving.

    A busy machine may apply a wheel turn late, so one still step is not the end:
    three in a row are.
    """
    still = 0
    before = scroll_y(page)
    for _ in range(MAX_STEPS):
        act()
        page.wait_for_timeout(100)
        now = scroll_y(page)
        still = still + 1 if now == before else 0
        if (now > before and at_bottom(page)) or still >= 3:
            return
        before = now


def wheel_to_end(page: Page) -> None:
    """Turn the mouse wheel over the middle of the window until the page stops moving."""
    viewport = page.viewport_size or LAPTOP
    page.mouse.move(viewport["width"] / 2, viewport["height"] / 2)
    repeat_until_still(page, lambda: page.mouse.wheel(0, WHEEL_STEP))


def press_home(page: Page) -> bool:
    """Home, then up to KEY_WAIT_MS for the page to reach its top."""
    page.keyboard.press("Home")
    return moves(page, lambda y: y == 0)


def press_end(page: Page) -> bool:
    """End, then up to KEY_WAIT_MS for the page to reach its bottom."""
    page.keyboard.press("End")
    return moves(page, lambda _y: at_bottom(page))


def swipe_up(page: Page) -> None:
    """A finger drawn up the screen: touch events through Chromium's input pipeline."""
    viewport = page.viewport_size or PHONE
    x = viewport["width"] / 2
    cdp = page.context.new_cdp_session(page)
    start, end = int(viewport["height"] * 0.8), int(viewport["height"] * 0.2)
    cdp.send(
        "Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": start}]}
    )
    for y in range(start, end, -40):
        cdp.send(
            "Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]}
        )
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()
    page.wait_for_timeout(100)


def release_focus(page: Page) -> None:
    """A click in the page's empty margin, as a person does before using the keys to scroll:
    nothing is focused and the keys scroll the page."""
    viewport = page.viewport_size or LAPTOP
    page.mouse.click(4, viewport["height"] / 2)
    page.evaluate("document.activeElement && document.activeElement.blur()")


def check_scrolling(page: Page, touch: bool) -> None:
    seen = page.evaluate(LAST_VISIBLE)
    assert seen["height"] > seen["viewport"], "the page should be taller than the window"
    assert not last_is_visible(page)

    wheel_to_end(page)
    assert last_is_visible(page), f"the wheel stopped before the end: {page.evaluate(LAST_VISIBLE)}"

    for key in ("PageDown", "Space"):
        release_focus(page)
        assert press_home(page), "Home did not bring the page to its top"
        page.keyboard.press(key)
        assert moves(page, lambda y: y > 0), f"{key} did not move the page"
    assert press_end(page), "End did not bring the page to its end"
    assert last_is_visible(page)
    bottom = scroll_y(page)
    page.keyboard.press("PageUp")
    assert moves(page, lambda y: y < bottom), "PageUp did not move the page"
    assert press_home(page), "Home did not bring the page to its top"

    if touch:
        repeat_until_still(page, lambda: swipe_up(page))
        assert last_is_visible(page), "a finger could not reach the end of the page"


def open_as(
    context: BrowserContext, server: Any, store: Store, notebook: str, participant: Participant
) -> Page:
    """A participant page in `participant`'s own browser, in the state they see it."""
    sign_in(context, server, store, participant)
    page = context.new_page()
    goto(page, server.page_url(notebook))
    expect(page.locator(".opsporing-identity")).to_contain_text(participant.pseudonym)
    return page


def check_phone_layout(page: Page) -> None:
    sideways = page.evaluate(SIDEWAYS)
    assert sideways["documentWidth"] <= sideways["viewport"]
    assert sideways["outside"] == []
    assert page.evaluate(OVERLAPPING_OPTIONS) == []


def screenshot(page: Page, name: str) -> None:
    """Top and bottom of the page, for a person to look at (`build/screenshots/`)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / f"{name}-top.png"))
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.screenshot(path=str(SCREENSHOTS / f"{name}-bottom.png"))
    page.evaluate("window.scrollTo(0, 0)")


@pytest.fixture(params=["laptop", "phone"])
def device(request: pytest.FixtureRequest, browser: Any) -> Any:
    phone = request.param == "phone"
    context: BrowserContext = browser.new_context(
        locale="da-DK",
        viewport=PHONE if phone else LAPTOP,
        has_touch=phone,
        is_mobile=phone,
    )
    context.set_default_timeout(120_000)
    yield request.param, context
    context.close()


PARTICIPANT_PAGES = [n for n in NOTEBOOKS if n != "underviser.ipynb"]


@pytest.mark.parametrize("notebook", PARTICIPANT_PAGES)
def test_every_page_scrolls_to_its_end_and_fits(
    device: Any,
    notebook: str,
    opsporing_server: Any,
    served_store: Store,
    answered_participant: Participant,
) -> None:
    name, context = device
    page = open_as(context, opsporing_server, served_store, notebook, answered_participant)
    wait_interactive(page)
    if name == "phone":
        check_phone_layout(page)
    assert page.evaluate(SMALLEST_BODY_TEXT) >= 16, "body text under 16 px"
    screenshot(page, f"{Path(notebook).stem}-{name}")
    # Scrolled only when its end is below the fold: a page taller than the window by the
    # footer's bottom margin alone has nothing left to scroll to.
    if not last_is_visible(page):
        check_scrolling(page, touch=name == "phone")
    page.close(run_before_unload=True)  # as a person leaves: the kernel goes at once


def test_a_case_opened_to_its_last_stage_scrolls_and_fits(
    device: Any,
    opsporing_server: Any,
    served_store: Store,
    answered_participant: Participant,
    shipped: Any,
) -> None:
    name, context = device
    page = open_as(context, opsporing_server, served_store, "02_cases.ipynb", answered_participant)
    vignette = shipped.vignettes[0]
    page.get_by_label(texts.CASE_PICK).select_option(label=vignette.title)
    last_stage = page.get_by_role("heading", name=vignette.stages[-1].title, exact=False)
    last_stage.wait_for()
    page.evaluate("window.scrollTo(0, 0)")
    if name == "phone":
        check_phone_layout(page)
    screenshot(page, f"case-{name}")
    check_scrolling(page, touch=name == "phone")
    page.close(run_before_unload=True)  # as a person leaves: the kernel goes at once


def test_the_trainer_page_with_a_full_hold_scrolls_and_fits(
    device: Any,
    opsporing_server: Any,
    answered_participant: Participant,
    answered_pin: str,
) -> None:
    name, context = device
    page = context.new_page()
    goto(page, opsporing_server.page_url("underviser.ipynb"))
    page.locator(".opsporing-trainer-code input").fill(answered_participant.hold_code or "")
    page.locator(".opsporing-trainer-pin input").fill(answered_pin)
    page.locator(".opsporing-trainer-open").click()
    page.locator(".opsporing-plenum-picker select").wait_for()
    page.wait_for_timeout(1500)
    page.evaluate("window.scrollTo(0, 0)")
    if name == "phone":
        check_phone_layout(page)
    screenshot(page, f"underviser-{name}")
    check_scrolling(page, touch=name == "phone")
    page.close(run_before_unload=True)  # as a person leaves: the kernel goes at once
