"""A room without internet: every page and a handout work with only the server reachable.

Every request the browser makes is seen by a route; one to any other origin
is recorded and refused, as a room without internet would refuse it. The
test then asserts that none was made at all (a refused font or script would
only show up as a slow or broken page) and that every page became usable.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from server_process import NOTEBOOKS
from voila_pages import assert_only_server, goto, sign_in, wait_interactive

from opsporing.handouts import build as handouts
from opsporing.handouts.build import Format

pytestmark = pytest.mark.browser

WEB = ("http", "https", "ws", "wss")


@pytest.fixture
def offline(browser_context: Any, opsporing_server: Any) -> Any:
    """The test's context, able to reach the server and nothing else (`request_log` sees all)."""
    own = urlsplit(opsporing_server.url).netloc

    def only_the_server(route: Any) -> None:
        if urlsplit(route.request.url).netloc == own:
            route.continue_()
        else:
            route.abort("internetdisconnected")

    browser_context.route("**/*", only_the_server)
    return browser_context


def test_every_page_is_usable_with_only_the_server(
    offline: Any,
    opsporing_server: Any,
    request_log: list[str],
    served_store: Any,
    answered_participant: Any,
) -> None:
    sign_in(offline, opsporing_server, served_store, answered_participant)
    page = offline.new_page()
    usable = []
    for notebook in NOTEBOOKS:
        goto(page, opsporing_server.page_url(notebook))
        wait_interactive(page)
        if notebook != "underviser.ipynb":  # the trainer's page is nobody's
            identity = page.locator(".opsporing-identity")
            expect(identity).to_contain_text(answered_participant.pseudonym)
        usable.append(notebook)
    assert_only_server(request_log, opsporing_server)
    assert usable == NOTEBOOKS


def test_handout_needs_nothing_from_outside(
    offline: Any, request_log: list[str], served_store: Any, answered_participant: Any, shipped: Any
) -> None:
    """The handout is a file a participant takes home: it may fetch nothing at all."""
    files = handouts.handout_files(served_store, shipped, answered_participant, [Format.HTML])
    (html,) = files.values()
    page = offline.new_page()
    page.set_content(html.decode("utf-8"), wait_until="load")
    assert page.locator("h1").first.is_visible()
    assert [url for url in request_log if urlsplit(url).scheme in WEB] == []
