"""Debian's Chromium through Playwright, against the session's real `opsporing serve`.

Reusable by every browser test:
- `browser`: Chromium, once per session (never `playwright install`).
- `browser_context`: a fresh context (own cookies) per test; every request and
  websocket any of its pages makes is recorded in `request_log`.
- `request_log`: the URLs of that context, for `assert_only_server(request_log, server)`.
The server itself is `opsporing_server` from `tests/conftest.py`; helpers to open
a page and wait for its widgets are in `tests/voila_pages.py`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RENDER_TIMEOUT_MS = 120_000
"""A page load on a busy two-core CI machine may have to wait for a kernel to start."""


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
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
