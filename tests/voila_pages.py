"""Driving a Voila page in the browser: open it, wait for its widgets, ask what it runs on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page
from server_process import OpsporingServer

from opsporing import browser_key
from opsporing.store import Participant, Store


def open_page(context: BrowserContext, url: str) -> Page:
    """Open `url` and wait until Voila has rendered and the widgets are drawn."""
    page = context.new_page()
    goto(page, url)
    return page


def goto(page: Page, url: str) -> None:
    page.goto(url)
    wait_rendered(page)


def wait_rendered(page: Page) -> None:
    page.wait_for_selector("#rendered_cells .jupyter-widgets", state="visible")


INTERACTIVE = (
    "#rendered_cells .jupyter-widgets"
    " :is(input, textarea, select, button, a.opsporing-download):not([disabled]):visible"
)
"""A page's first usable control: the moment a participant can act (the handout page's
download link counts). `benchmarks/pages.py` times the same moment."""


def wait_interactive(page: Page) -> None:
    """Until the page is drawn and one of its controls can be used."""
    wait_rendered(page)
    page.wait_for_selector(INTERACTIVE)


def assert_only_server(request_log: list[str], server: OpsporingServer) -> None:
    """No request, websocket included, went to any host but the server."""
    assert request_log, "no request was recorded"
    own = urlsplit(server.url).netloc
    foreign = [
        url
        for url in request_log
        if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).netloc != own
    ]
    assert foreign == []


def kernel_id(page: Page) -> str:
    """The kernel behind a rendered page, from the page config Voila writes into it."""
    return page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    )


def open_every_film(page: Page) -> None:
    """Open each film's questions on the film view, one click each, as a participant would."""
    links = page.locator("a.opsporing-film-open")
    while (left := links.count()) > 0:
        links.first.click()
        page.wait_for_function(
            "n => document.querySelectorAll('a.opsporing-film-open').length < n", arg=left
        )


def sign_in(
    context: BrowserContext, server: OpsporingServer, store: Store, participant: Participant
) -> None:
    """Make this browser context `participant`, as if they had joined in it: the server's
    signed cookie in the browser, the binding in the store. (Identity never rides in an
    address, so a test can no longer open a page "as" someone by its URL.)"""
    random_part = browser_key.new_random_part()
    value = browser_key.signed(random_part, browser_key.secret(server.data_dir))
    store.bind_browser(browser_key.key_hash(random_part), participant.id)
    context.add_cookies([{"name": browser_key.COOKIE, "value": value, "url": server.url}])


ANSWER_BY_KIND: dict[str, Callable[[Any], Any]] = {
    "fritekst": lambda q: "Jeg deler min bekymring med min leder i dag.",
    "enkeltvalg": lambda q: q.options[0],
    "flervalg": lambda q: list(q.options[:2]),
    "handling": lambda q: list(q.options[:2]),
    "skala": lambda q: q.low,
    "trafiklys": lambda q: "gul",
}
"""An answer to a question of each kind: every question answered, as the fullest page a
participant can have."""
