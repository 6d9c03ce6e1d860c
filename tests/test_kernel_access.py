"""Who may reach a kernel: its browser's cookie, its owners, the request socket's rules.

The served kit is tried as a neighbour and a stranger would in tests/serve/test_neighbours.py;
here each rule is tried alone, on a bare Tornado application with the kit's handlers.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from server_process import run_in_own_loop
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.web import Application
from tornado.websocket import websocket_connect

from opsporing import browser_key, paths
from opsporing.kernel_access import (
    KERNELS_PER_BROWSER,
    NEW_PAGE_EVERY,
    KernelOwners,
    KernelRequestSocket,
)
from opsporing.request import (
    BROWSER_HEADER,
    GREETS_HEADER,
    KERNEL_KEY_ENV,
    KERNEL_KEY_HEADER,
    header_env,
)

KERNEL = "11111111-2222-4333-8444-555555555555"


def test_a_signed_cookie_is_known_a_made_up_one_is_not(tmp_path: Path) -> None:
    cookie = browser_key.new_cookie()
    known = browser_key.of_cookie(cookie)
    assert known.new_cookie is None and not known.forged
    assert known.key == browser_key.key_hash(cookie.rpartition(".")[0])
    assert known.key not in cookie, "the store's key is not the cookie"

    random_part = cookie.rpartition(".")[0]
    for made_up in (f"{random_part}.{'0' * 32}", "no-signature", f"{random_part}."):
        forged = browser_key.of_cookie(made_up)
        assert forged.forged and forged.new_cookie is not None and forged.key != known.key
    fresh = browser_key.of_cookie(None)
    assert not fresh.forged and fresh.new_cookie is not None

    secret = paths.data_dir() / browser_key.SECRET_FILE
    assert secret.stat().st_mode & 0o077 == 0, "the signing secret is its owner's alone"


def test_a_browser_gives_up_its_oldest_kernels_beyond_the_bound() -> None:
    shut: list[str] = []
    owners = KernelOwners(shut.append)
    for n in range(KERNELS_PER_BROWSER + 2):
        owners.give(f"k{n}", "browser-a")
    owners.give("other", "browser-b")
    owners.give("pool", "")
    assert shut == ["k0", "k1"], "the oldest go, the newest stay"
    assert owners.of("browser-a") == [f"k{n}" for n in range(2, KERNELS_PER_BROWSER + 2)]
    assert owners.owner("other") == "browser-b" and owners.owner("pool") is None


def test_a_browser_at_its_share_opens_one_page_per_interval() -> None:
    """A reload loop or a hundred tabs: below its share a browser opens at once; at its
    share one page per `NEW_PAGE_EVERY`, and each such page gives up its oldest kernel."""
    now = [1000.0]
    shut: list[str] = []
    owners = KernelOwners(shut.append, clock=lambda: now[0])
    for n in range(KERNELS_PER_BROWSER):
        assert owners.wait_to_open("a") == 0
        owners.give(f"k{n}", "a")
        owners.opened("a")
    assert owners.wait_to_open("a") == pytest.approx(NEW_PAGE_EVERY), "four pages just now"
    now[0] += NEW_PAGE_EVERY
    assert owners.wait_to_open("a") == 0, "beyond the share, after the interval"
    owners.give("k-new", "a")
    owners.opened("a")
    assert shut == ["k0"]
    assert owners.wait_to_open("a") == pytest.approx(NEW_PAGE_EVERY)
    now[0] += 3
    assert owners.wait_to_open("a") == pytest.approx(NEW_PAGE_EVERY - 3)
    assert owners.wait_to_open("b") == 0, "another browser never waits for this one"
    now[0] += NEW_PAGE_EVERY
    assert owners.wait_to_open("a") == 0


def test_pages_being_opened_count_before_their_kernels_are_given() -> None:
    """A hundred tabs at once: their kernels are not given yet, but they count."""
    owners = KernelOwners(clock=lambda: 0.0)
    let_through = [owners.wait_to_open("a") == 0 for _ in range(100)]
    assert sum(let_through) == KERNELS_PER_BROWSER
    for n in range(sum(let_through)):
        owners.give(f"k{n}", "a")
        owners.opened("a")
    assert owners.wait_to_open("a") > 0, "its share is open, the last just now"


class _Manager(dict):
    """Stands in for the kernel manager: `kernel_id in manager` is all the socket asks."""


@asynccontextmanager
async def _request_route(kernels: set[str]) -> AsyncIterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = Application(
        [(r"/voila/query/(?P<kernel_id>[\w-]+)", KernelRequestSocket)],
        kernel_manager=_Manager.fromkeys(kernels),
    )
    server = app.listen(port, "127.0.0.1")
    try:
        yield f"ws://127.0.0.1:{port}/voila/query/"
    finally:
        server.stop()
        KernelRequestSocket.waiters.clear()
        KernelRequestSocket.cache.clear()


async def _status(url: str, key: str | None) -> int:
    headers = {KERNEL_KEY_HEADER: key} if key is not None else {}
    try:
        connection = await websocket_connect(HTTPRequest(url, headers=headers))
    except HTTPClientError as error:
        return error.code
    connection.close()
    return 101


def test_the_request_socket_answers_only_its_own_running_kernel(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(KERNEL_KEY_ENV, "the-servers-key")
    owners = KernelOwners()
    monkeypatch.setattr(KernelRequestSocket, "owners", owners)

    async def scenario() -> list[object]:
        seen: list[object] = []
        async with _request_route({KERNEL}) as base:
            seen.append(await _status(base + KERNEL, None))  # a stranger without the key
            seen.append(await _status(base + KERNEL, "guessed"))
            seen.append(
                await _status(base + "00000000-0000-4000-8000-000000000000", "the-servers-key")
            )

            headers = {KERNEL_KEY_HEADER: "the-servers-key"}
            kernel = await websocket_connect(HTTPRequest(base + KERNEL, headers=headers))
            await asyncio.sleep(0.1)
            seen.append(await _status(base + KERNEL, "the-servers-key"))  # a second socket
            assert KernelRequestSocket.waiting(KERNEL), "the first socket keeps its place"

            payload = {"QUERY_STRING": "vis=cases", header_env(BROWSER_HEADER): "browser-a"}
            KernelRequestSocket.send_updates({"kernel_id": KERNEL, "payload": payload})
            seen.append(json.loads(await kernel.read_message()))
            seen.append(owners.owner(KERNEL))
            kernel.close()
        return seen

    seen = run_in_own_loop(scenario())
    assert seen[:4] == [404, 404, 404, 409]
    assert seen[4] == {"QUERY_STRING": "vis=cases", header_env(BROWSER_HEADER): "browser-a"}
    assert seen[5] == "browser-a", "the page's browser owns the kernel it was given"


def test_a_request_sent_before_the_kernel_listens_waits_for_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A kernel whose socket was lost (or not yet open) gets its request when it comes back."""
    monkeypatch.setenv(KERNEL_KEY_ENV, "the-servers-key")

    async def scenario() -> dict:
        async with _request_route({KERNEL}) as base:
            KernelRequestSocket.send_updates({"kernel_id": KERNEL, "payload": {"QUERY_STRING": ""}})
            headers = {KERNEL_KEY_HEADER: "the-servers-key"}
            kernel = await websocket_connect(HTTPRequest(base + KERNEL, headers=headers))
            message = json.loads(await kernel.read_message())
            kernel.close()
            await asyncio.sleep(0.1)
            assert not KernelRequestSocket.waiting(KERNEL), "its own entry goes with it"
            return message

    assert run_in_own_loop(scenario()) == {"QUERY_STRING": ""}


def test_a_request_written_to_a_lost_socket_reaches_the_kernel_when_it_asks_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A kernel's end of its socket can be gone while the server's end still takes a write
    (a busy machine, a handshake the kernel gave up on). The kernel asks again, and its
    page's request must still be there: without it kernel and page wait for ever."""
    monkeypatch.setenv(KERNEL_KEY_ENV, "the-servers-key")
    headers = {KERNEL_KEY_HEADER: "the-servers-key"}

    async def scenario() -> dict:
        async with _request_route({KERNEL}) as base:
            lost = await websocket_connect(HTTPRequest(base + KERNEL, headers=headers))
            await asyncio.sleep(0.1)
            stale = KernelRequestSocket.waiters[KERNEL]
            monkeypatch.setattr(stale, "write_message", lambda _message: None)  # into the void
            KernelRequestSocket.send_updates(
                {"kernel_id": KERNEL, "payload": {"QUERY_STRING": "x"}}
            )
            lost.close()
            await asyncio.sleep(0.1)
            again = await websocket_connect(HTTPRequest(base + KERNEL, headers=headers))
            message = json.loads(await asyncio.wait_for(again.read_message(), 5))
            again.close()
            return message

    assert run_in_own_loop(scenario()) == {"QUERY_STRING": "x"}


def test_a_kernel_that_goes_takes_its_request_with_it() -> None:
    KernelRequestSocket.send_updates({"kernel_id": KERNEL, "payload": {"QUERY_STRING": ""}})
    assert KERNEL in KernelRequestSocket.cache
    KernelRequestSocket.forget(KERNEL)
    assert KERNEL not in KernelRequestSocket.cache


def test_only_a_keyed_kernel_is_taken_at_its_word_that_it_greets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What a kernel tells of its greeting (`opsporing.kernel_socket`) counts only from a
    kernel the server started, and goes with the kernel."""
    monkeypatch.setenv(KERNEL_KEY_ENV, "the-servers-key")

    async def scenario() -> list[str]:
        seen = []
        async with _request_route({KERNEL}) as base:
            stranger = {KERNEL_KEY_HEADER: "guessed", GREETS_HEADER: "5.4"}
            with pytest.raises(HTTPClientError):
                await websocket_connect(HTTPRequest(base + KERNEL, headers=stranger))
            seen.append(KernelRequestSocket.greets(KERNEL))
            keyed = {KERNEL_KEY_HEADER: "the-servers-key", GREETS_HEADER: "5.4"}
            kernel = await websocket_connect(HTTPRequest(base + KERNEL, headers=keyed))
            await asyncio.sleep(0.1)
            seen.append(KernelRequestSocket.greets(KERNEL))
            kernel.close()
            KernelRequestSocket.forget(KERNEL)
            seen.append(KernelRequestSocket.greets(KERNEL))
        return seen

    assert run_in_own_loop(scenario()) == ["", "5.4", ""]
