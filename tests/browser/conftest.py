"""Debian's Chromium through Playwright, against the session's real `opsporing serve`.

Reusable by every browser test:
- `browser`: Chromium, once per session (never `playwright install`).
- `browser_context`: a fresh context (own cookies) per test; every request and
  websocket any of its pages makes is recorded in `request_log`.
- `request_log`: the URLs of that context, for `assert_only_server(request_log, server)`.
- `answered_participant`: one in a hold (its PIN is `answered_pin`) with an answer to
  every shipped question, shared.
The server itself is `opsporing_server`, and the store its pages write to
`served_store`, both from `tests/conftest.py`; helpers to open
a page and wait for its widgets are in `tests/voila_pages.py`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from voila_pages import ANSWER_BY_KIND

from opsporing.content import Content
from opsporing.handouts.browser import CHROMIUM_ARGS, DEFAULT_CHROMIUM
from opsporing.store import Participant, Store

RENDER_TIMEOUT_MS = 120_000
"""A page load on a busy two-core CI machine may have to wait for a kernel to start."""


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=DEFAULT_CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def request_log() -> list[str]:
    return []


@pytest.fixture
def browser_context(browser: Browser, request_log: list[str]) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="da-DK")
    context.set_default_timeout(RENDER_TIMEOUT_MS)
    context.on("request", lambda request: request_log.append(request.url))
    context.on("page", lambda page: _log_websockets(page, request_log))
    yield context
    context.close()


def _log_websockets(page: Page, log: list[str]) -> None:
    page.on("websocket", lambda ws: log.append(ws.url))


ANSWERED_PIN = "246800"


@pytest.fixture(scope="session")
def answered_pin() -> str:
    return ANSWERED_PIN


@pytest.fixture(scope="session")
def answered_participant(served_store: Store, shipped: Content) -> Participant:
    """Every page in its fullest state: all questions answered, free text shared."""
    hold = served_store.create_hold(ANSWERED_PIN, "Alle svar")
    participant = served_store.join("Alle svar", hold)
    for ref in shipped.questions():
        value = ANSWER_BY_KIND[ref.question.kind.value](ref.question)
        served_store.save_answer(participant.id, ref.key, value, shared=True)
    return participant
