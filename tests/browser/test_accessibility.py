"""WCAG 2.1 AA with axe-core on every page, the trainer's page and a handout.

axe-core's own rules are run in Chromium on the real pages, in the states a
participant sees: with a participant who has answered every kind of question,
a case unfolded to its last stage, and the trainer logged in to the plenum.
ipywidgets gives its inputs no ARIA of its own (ipywidgets issue #2650), so
these are the tests that keep labels, names and contrast honest. The script
comes from the `axe-playwright-python` package, which bundles `axe.min.js`:
nothing is fetched at test time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect
from server_process import NOTEBOOKS
from voila_pages import open_page, sign_in, wait_interactive

from opsporing import texts
from opsporing.handouts import build as handouts
from opsporing.handouts.build import Format

pytestmark = pytest.mark.browser

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
BLOCKING = {"serious", "critical"}


def blocking_violations(page: Any) -> list[str]:
    """Every serious or critical WCAG 2.1 A/AA violation on the page, one readable line each."""
    found = Axe().run(page, options=WCAG_21_AA).response["violations"]
    return [
        f"{v['impact']} {v['id']}: {v['help']} at {node['target']} "
        f"({node['failureSummary'].splitlines()[-1].strip()})"
        for v in found
        if v["impact"] in BLOCKING
        for node in v["nodes"]
    ]


def open_as(context: Any, server: Any, store: Any, notebook: str, participant: Any) -> Any:
    """The page as `participant` sees it in their own browser (the trainer's page has no
    participant: it is the same for everyone)."""
    sign_in(context, server, store, participant)
    page = open_page(context, server.page_url(notebook))
    wait_interactive(page)
    if notebook != "underviser.ipynb":
        expect(page.locator(".opsporing-identity")).to_contain_text(participant.pseudonym)
    return page


@pytest.fixture(scope="module", params=NOTEBOOKS)
def participant_page(
    request: pytest.FixtureRequest,
    browser: Browser,
    opsporing_server: Any,
    served_store: Any,
    answered_participant: Any,
) -> Iterator[tuple[str, Page]]:
    """(notebook, its page as the participant sees it), loaded once for the tests that only
    look at it (axe, then the buttons' contrast): pytest runs both for one page before
    the next page is opened."""
    notebook = request.param
    context = browser.new_context(locale="da-DK")
    context.set_default_timeout(120_000)  # as `browser_context` (browser/conftest.py)
    try:
        page = open_as(context, opsporing_server, served_store, notebook, answered_participant)
        yield notebook, page
        page.close(run_before_unload=True)  # as a person leaves: the kernel goes at once
    finally:
        context.close()


def test_page_has_no_serious_violations(participant_page: tuple[str, Page]) -> None:
    _notebook, page = participant_page
    assert blocking_violations(page) == []


def test_start_page_before_joining_has_no_serious_violations(
    browser_context: Any, opsporing_server: Any
) -> None:
    """The join form itself, as everyone first meets it."""
    page = open_page(browser_context, opsporing_server.page_url("00_start.ipynb"))
    wait_interactive(page)
    assert page.locator(".opsporing-join-form input").count() >= 2
    assert blocking_violations(page) == []


def test_unfolded_case_has_no_serious_violations(
    browser_context: Any,
    opsporing_server: Any,
    served_store: Any,
    answered_participant: Any,
    shipped: Any,
) -> None:
    """Every question kind, the perspectives and the last stage, as a participant sees them."""
    vignette = shipped.vignettes[0]
    page = open_as(
        browser_context, opsporing_server, served_store, "02_cases.ipynb", answered_participant
    )
    page.get_by_role("combobox").first.select_option(label=vignette.title)
    last = page.locator(f".opsporing-stage-{len(vignette.stages)}")
    last.wait_for(state="visible")
    assert page.locator(".opsporing-perspective:visible").count() == len(vignette.stages)
    assert blocking_violations(page) == []


def test_trainer_plenum_has_no_serious_violations(
    browser_context: Any, opsporing_server: Any, answered_participant: Any, answered_pin: str
) -> None:
    page = open_page(browser_context, opsporing_server.page_url("underviser.ipynb"))
    wait_interactive(page)
    page.locator(".opsporing-trainer-code input").fill(answered_participant.hold_code)
    page.locator(".opsporing-trainer-pin input").fill(answered_pin)
    page.locator(".opsporing-trainer-open").click()
    page.locator(".opsporing-plenum").wait_for(state="visible")
    assert blocking_violations(page) == []


def test_handout_has_no_serious_violations(
    browser_context: Any, served_store: Any, answered_participant: Any, shipped: Any
) -> None:
    files = handouts.handout_files(served_store, shipped, answered_participant, [Format.HTML])
    (html,) = files.values()
    page = browser_context.new_page()
    page.set_content(html.decode("utf-8"))
    assert page.locator("h1").count() >= 1
    assert blocking_violations(page) == []


BUTTON_CONTRAST = """() => {
  // Text colour against the first opaque background behind it, as WCAG 2.1 defines contrast.
  const rgb = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length >= 3 && (c.length === 3 || c[3] > 0.9)) return c;
    }
    return [255, 255, 255];
  };
  const targets = '#rendered_cells button, #rendered_cells a.opsporing-download';
  return [...document.querySelectorAll(targets)]
    .filter((el) => el.getBoundingClientRect().width > 0 && el.textContent.trim())
    .map((el) => {
      const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(background(el))];
      return [el.textContent.trim(), (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
    });
}"""


def test_every_button_has_readable_text(participant_page: tuple[str, Page]) -> None:
    """axe reports a contrast it cannot compute as 'incomplete', not as a violation, so white
    text on a white button once passed it: every button's contrast is computed here too."""
    notebook, page = participant_page
    contrasts = page.evaluate(BUTTON_CONTRAST)
    if notebook == "04_handout.ipynb":
        assert {text for text, _ in contrasts} >= {texts.DOWNLOAD_HTML, texts.DOWNLOAD_PDF}
    assert [(text, round(ratio, 2)) for text, ratio in contrasts if ratio < 4.5] == []
