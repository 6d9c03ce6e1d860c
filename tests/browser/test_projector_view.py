"""The projector view on a 1920×1080 screen, as a trainer drives it with the keyboard."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect
from test_accessibility import blocking_violations
from voila_pages import open_page, wait_interactive

from opsporing import paths, plenum, texts
from opsporing.store import Store

pytestmark = pytest.mark.browser

SCREENSHOTS = paths.REPO_ROOT / "build" / "screenshots"
FULL_HD = {"width": 1920, "height": 1080}
PIN = "projektor-1"

SMALLEST_TEXT = """() => {
  // The smallest font size of any text the projector view shows.
  const view = document.querySelector('.opsporing-projector');
  let smallest = Infinity;
  const walker = document.createTreeWalker(view, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim() || !node.parentElement.checkVisibility()) continue;
    smallest = Math.min(smallest, parseFloat(getComputedStyle(node.parentElement).fontSize));
  }
  return smallest;
}"""


def test_the_projector_shows_the_chart_at_the_top_and_steps_with_the_arrow_keys(
    browser: Any, opsporing_server: Any, served_store: Store, shipped: Any
) -> None:
    code = served_store.create_hold(PIN, "Projektor")
    film = shipped.films[0]
    choice = next(q for q in film.questions if q.kind.value == "flervalg")
    for n, nickname in enumerate(("Solsort", "Musvit", "Rødhals")):
        member = served_store.join(nickname, code)
        served_store.save_answer(member.id, f"{film.id}/{choice.id}", [choice.options[n % 2]])

    context = browser.new_context(locale="da-DK", viewport=FULL_HD)
    context.set_default_timeout(120_000)
    try:
        page = open_page(context, opsporing_server.page_url("underviser.ipynb"))
        wait_interactive(page)
        page.locator(".opsporing-trainer-code input").fill(code)
        page.locator(".opsporing-trainer-pin input").fill(PIN)
        page.locator(".opsporing-trainer-open").click()
        page.get_by_role("button", name=texts.PROJECTOR_OPEN).click()
        stage = page.locator(".opsporing-projector-stage")
        page.locator(".opsporing-projector-picker select").select_option(
            label=plenum.film_section(film)
        )
        expect(stage).to_contain_text(film.questions[0].text)

        # → until the choice question, as a trainer with a presenter remote would.
        page.mouse.click(5, 5)
        for _ in range(film.questions.index(choice)):
            page.keyboard.press("ArrowRight")
        expect(stage).to_contain_text(choice.text)
        expect(page.locator(".opsporing-projector .opsporing-chart")).to_have_count(0)
        page.get_by_role("button", name=texts.PROJECTOR_SHOW).click()
        chart = page.locator(".opsporing-projector .opsporing-chart")
        expect(chart).to_be_visible()

        box = chart.bounding_box()
        assert box is not None and box["y"] + box["height"] <= FULL_HD["height"], (
            "the chart is below the fold"
        )
        assert page.evaluate("window.scrollY") == 0
        assert page.evaluate(SMALLEST_TEXT) >= 24
        code_box = page.locator(".opsporing-projector-join .opsporing-hold-code").bounding_box()
        assert code_box is not None and code_box["y"] + code_box["height"] <= FULL_HD["height"]
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "projektor-1920x1080.png"))
        assert blocking_violations(page) == []

        page.keyboard.press("ArrowLeft")
        expect(stage).not_to_contain_text(choice.text)
    finally:
        context.close()
