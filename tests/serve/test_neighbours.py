"""The curious neighbour and the stranger on the Wi-Fi, against the real served kit.

A kernel id rides in every page's HTML and websocket address; a stranger can
open sockets to any route. Neither may reach another participant's kernel, or
keep the room's warm kernels from their pages.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from server_process import (
    BROWSER_OF_KERNEL,
    OpsporingServer,
    browser_of,
    get,
    leave,
    login_cookie,
    open_page,
    page_config,
    post,
    run_in_own_loop,
    widget_states,
    widget_text,
)
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

from opsporing import browser_key, serve, texts
from opsporing.kernel_access import KERNELS_PER_BROWSER, NEW_PAGE_EVERY

OPENED: list[str] = []
"""Kernels of the pages this module's tests opened, left when each test ends."""


@pytest.fixture(autouse=True)
def _pages_are_left(opsporing_server: OpsporingServer) -> Iterator[None]:
    """Each test closes its pages at the end, as a person closes a tab: the shared room's
    places go back to the tests that follow."""
    yield
    for kernel in OPENED:
        if kernel in opsporing_server.kernel_pids():
            leave(opsporing_server, kernel)
    OPENED.clear()


def _open_page(server: OpsporingServer, cookie: str = "") -> tuple[str, str]:
    """A page load as a browser makes it: (kernel id, the browser's cookie)."""
    page = open_page(server, "00_start.ipynb", headers={"Cookie": cookie} if cookie else None)
    assert page.status == 200, page.text[:300]
    kernel = page_config(page.text)["kernelId"]
    OPENED.append(kernel)
    return kernel, BROWSER_OF_KERNEL[kernel]


def _refused(url: str, cookie: str = "", headers: dict[str, str] | None = None) -> int:
    """The status a websocket handshake to `url` is refused with (0: it was accepted)."""

    async def attempt() -> int:
        sent = {**({"Cookie": cookie} if cookie else {}), **(headers or {})}
        try:
            connection = await websocket_connect(HTTPRequest(url, headers=sent))
        except HTTPClientError as error:
            return error.code
        connection.close()
        return 0

    return run_in_own_loop(attempt())


def test_a_kernel_id_from_another_browser_opens_nothing(opsporing_server: OpsporingServer) -> None:
    server = opsporing_server
    kernel, owner = _open_page(server)
    neighbour = login_cookie(server)  # a browser of its own, with the room's token
    ws = server.url.replace("http", "ws", 1)

    assert _refused(f"{ws}api/kernels/{kernel}/channels?session_id=x", neighbour) == 404
    assert _refused(f"{ws}api/kernels/{kernel}/channels?session_id=x") == 404, "no cookie"
    assert get(server.url + f"api/kernels/{kernel}", headers={"Cookie": neighbour}).status == 404
    xsrf = {"Cookie": f"{neighbour}; _xsrf=x", "X-XSRFToken": "x"}
    assert post(server.url + f"voila/api/shutdown/{kernel}", b"", xsrf).status == 404
    for listing in ("api/kernels", "api/sessions"):
        assert get(server.url + listing, headers={"Cookie": neighbour}).status == 404

    assert kernel in server.kernel_pids(), "the neighbour's shutdown did nothing"
    assert widget_states(server, kernel), "the kernel's own browser still reaches it"
    assert _refused(f"{ws}api/kernels/{kernel}/channels?session_id=y", owner) == 0


def test_a_stranger_cannot_take_or_drop_the_warm_kernels_request_sockets(
    opsporing_server: OpsporingServer,
) -> None:
    """Voila's own socket let a stranger replace a warm kernel's waiter and, on closing,
    remove another's: pages then never got their widgets. Here the stranger is refused and
    the next pages show their widgets as usual."""
    server = opsporing_server
    ws = server.url.replace("http", "ws", 1)
    warm = list(server.kernel_pids())
    assert warm, "the pool has warm kernels"
    made_up = "00000000-0000-4000-8000-000000000000"
    for kernel in [made_up, made_up, *warm]:
        assert _refused(f"{ws}voila/query/{kernel}") == 404
        forged = {"X-Opsporing-Kernel": "gættet"}
        assert _refused(f"{ws}voila/query/{kernel}", headers=forged) == 404

    for _ in range(3):
        kernel, _cookie = _open_page(server)
        started = time.monotonic()
        assert widget_states(server, kernel, timeout=60)
        assert time.monotonic() - started < 60


def test_a_browser_that_loads_the_start_page_100_times_holds_a_bounded_number_of_kernels(
    opsporing_server: OpsporingServer,
) -> None:
    """A reload loop (or a hundred tabs) in one browser: it keeps its share of kernels, the
    rest wait in Danish (a page that tries again by itself), and the machine starts at most
    one kernel per `NEW_PAGE_EVERY` for it. Then, after the wait, its page opens again."""
    server = opsporing_server
    kernel, cookie = _open_page(server)
    mine, waits = [kernel], []
    for _ in range(99):
        page = open_page(server, "00_start.ipynb", headers={"Cookie": cookie})
        if page.status == 200:
            mine.append(page_config(page.text)["kernelId"])
            OPENED.append(mine[-1])
        else:
            assert page.status == 429, page.text[:300]
            waits.append(page)
    assert len(mine) + len(waits) == 100
    assert waits, "a hundred loads in a row are paced"
    retry = int(waits[-1].headers["Retry-After"])
    assert 0 < retry <= NEW_PAGE_EVERY
    assert f'content="{retry}"' in waits[-1].text, "the page tries again by itself"
    assert texts.TOO_MANY_PAGES_TITLE in waits[-1].text
    assert texts.TOO_MANY_PAGES.format(seconds=retry) in waits[-1].text

    def alive_once_shut_down() -> list[str]:
        """This browser's kernels still running, once the oldest have had time to stop:
        a kernel over the share is shut down in the background, not before the page."""
        deadline = time.monotonic() + 30
        while True:
            alive = [k for k in mine if k in server.kernel_pids()]
            if len(alive) <= KERNELS_PER_BROWSER or time.monotonic() > deadline:
                return alive
            time.sleep(0.5)

    assert len(alive_once_shut_down()) <= KERNELS_PER_BROWSER, alive_once_shut_down()
    assert mine[-1] in alive_once_shut_down(), "the newest page keeps its kernel"

    time.sleep(retry)
    kernel, _ = _open_page(server, cookie)
    assert widget_states(server, kernel), "after the wait the page opens with its widgets"
    mine.append(kernel)
    assert len(alive_once_shut_down()) <= KERNELS_PER_BROWSER, alive_once_shut_down()
    assert kernel in alive_once_shut_down(), "the page opened after the wait keeps its kernel"


@pytest.mark.parametrize("query", ["deltager=ABCDEFGHJK&vis=cases", "vis=cases&deltager=x"])
def test_an_old_personal_link_loses_its_id_and_keeps_the_place(
    opsporing_server: OpsporingServer, query: str
) -> None:
    old = get(opsporing_server.page_url("00_start.ipynb", query))
    assert old.status == 302
    where = old.headers["Location"]
    assert "deltager" not in where and "vis=cases" in where and "gammelt-link=1" in where


def test_a_forged_cookie_gets_a_new_one_and_a_danish_word_and_opens_nobody(
    opsporing_server: OpsporingServer, served_store
) -> None:
    server = opsporing_server
    ugle = served_store.join("Ugle", None)
    page = open_page(server, "00_start.ipynb")
    OPENED.append(page_config(page.text)["kernelId"])
    served_store.bind_browser(browser_of(page), ugle.id)
    real = next(c for c in page.cookies if c.startswith(f"{browser_key.COOKIE}="))
    forged = real[: -len("0" * 8)] + "0" * 8  # the same browser's key, a made-up signature
    answered = open_page(server, "00_start.ipynb", headers={"Cookie": forged})
    assert answered.status == 200
    OPENED.append(page_config(answered.text)["kernelId"])
    renewed = next(c for c in answered.cookies if c.startswith(f"{browser_key.COOKIE}="))
    assert renewed != forged and renewed != real, "a new browser, not Ugle's"
    kernel = page_config(answered.text)["kernelId"]
    text = widget_text(widget_states(server, kernel))
    assert texts.BROWSER_NOT_RECOGNISED in text
    assert "Ugle" not in text


def test_the_rooms_figures_go_to_the_servers_own_kernels_and_the_trainer_page_shows_them(
    opsporing_server: OpsporingServer,
) -> None:
    server = opsporing_server
    assert get(server.url + "opsporing/rum").status == 404
    assert get(server.url + "opsporing/rum", headers={"X-Opsporing-Kernel": "gættet"}).status == 404
    page = get(server.page_url("underviser.ipynb"))
    OPENED.append(page_config(page.text)["kernelId"])
    text = widget_text(widget_states(server, OPENED[-1]))
    capacity = serve.capacity(server.participants)
    assert re.search(rf"Rummet: \d+ af {capacity} pladser er i brug, \d+ er ledige", text), text
