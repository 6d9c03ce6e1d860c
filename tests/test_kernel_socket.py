"""A page's kernel websocket opens on its kernel's greeting; any other kernel is nudged.

Jupyter Server's own nudge and kernel_info request are stood in for by recorders,
and the kernel's IOPub stream by a stand-in that delivers what the test sends.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from server_process import run_in_own_loop
from traitlets.config import Configurable

from opsporing import kernel_socket
from opsporing.kernel_access import KernelRequestSocket
from opsporing.kernel_socket import GreetedConnection

KERNEL = "5d8c2a6e-9a51-4e0e-8e4b-0c1f6a2b7d31"


class _Manager(Configurable):
    """A kernel manager as the connection sees it: its kernel's id."""

    kernel_id = KERNEL


class _IOPub:
    """A kernel's IOPub stream: who listens, and whether the page has gone."""

    def __init__(self) -> None:
        self.listener: Callable[[Any], None] | None = None
        self.gone = False

    def on_recv(self, listener: Callable[[Any], None]) -> None:
        self.listener = listener

    def stop_on_recv(self) -> None:
        self.listener = None

    def closed(self) -> bool:
        return self.gone

    def publish(self, msg: Any) -> None:
        if self.listener is not None:
            self.listener(msg)


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What Jupyter Server's own ways were asked to do: nudge, request kernel info; its
    `create_stream` subscribes with a stand-in IOPub."""
    calls: list[str] = []

    def create_stream(self: Any) -> None:
        self.channels = {"iopub": _IOPub()}

    def nudge(self: Any) -> asyncio.Future[None]:
        calls.append("nudge")
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done

    def request_kernel_info(self: Any) -> asyncio.Future[dict]:
        calls.append("kernel_info")
        done: asyncio.Future[dict] = asyncio.get_running_loop().create_future()
        done.set_result({})
        return done

    monkeypatch.setattr(ZMQChannelsWebsocketConnection, "create_stream", create_stream)
    monkeypatch.setattr(ZMQChannelsWebsocketConnection, "nudge", nudge)
    monkeypatch.setattr(ZMQChannelsWebsocketConnection, "request_kernel_info", request_kernel_info)
    return calls


@pytest.fixture
def greeting() -> Any:
    KernelRequestSocket.greeting[KERNEL] = "5.4"
    yield
    KernelRequestSocket.forget(KERNEL)


@pytest.fixture
def impatient(monkeypatch: pytest.MonkeyPatch) -> None:
    """The greeting is given up on at once."""
    monkeypatch.setattr(kernel_socket, "GREETING_WAIT", 0.05)


def _connection() -> tuple[GreetedConnection, _IOPub]:
    """A new page's connection, subscribed to its kernel's IOPub as `connect` does."""
    connection = GreetedConnection(parent=_Manager())
    connection.create_stream()
    return connection, connection.channels["iopub"]


def test_a_greeting_kernels_websocket_opens_on_its_greeting_without_a_nudge(
    asked: list[str], greeting: Any
) -> None:
    async def scenario() -> list[object]:
        connection, iopub = _connection()
        info = await asyncio.wait_for(connection.request_kernel_info(), 5)
        opened = connection.nudge()
        await asyncio.sleep(0.05)
        waited = opened.done()
        iopub.publish([b"iopub_welcome"])
        await asyncio.wait_for(opened, 5)
        return [info, waited, iopub.listener]

    info, waited, listener = run_in_own_loop(scenario())
    assert info == {"protocol_version": "5.4"}, "the version the kernel told"
    assert not waited, "not open before the greeting: what it publishes could be lost"
    assert listener is None, "IOPub is left to the connection"
    assert asked == []


def test_any_other_kernel_is_asked_and_nudged_as_jupyter_server_does(asked: list[str]) -> None:
    async def scenario() -> None:
        connection, _iopub = _connection()
        await asyncio.wait_for(connection.request_kernel_info(), 5)
        await asyncio.wait_for(connection.nudge(), 5)

    run_in_own_loop(scenario())
    assert asked == ["kernel_info", "nudge"]


def test_a_page_back_on_the_subscription_it_had_is_nudged(asked: list[str], greeting: Any) -> None:
    """After a lost connection Jupyter Server may give the page back the channels it kept
    for it: no new subscription, so no greeting to wait for."""

    async def scenario() -> None:
        connection = GreetedConnection(parent=_Manager())
        connection.channels = {"iopub": _IOPub()}  # kept while the page was away
        await asyncio.wait_for(connection.nudge(), 5)

    run_in_own_loop(scenario())
    assert asked == ["nudge"]


@pytest.mark.usefixtures("greeting", "impatient")
def test_a_greeting_that_does_not_come_is_followed_by_a_nudge(asked: list[str]) -> None:
    async def scenario() -> object:
        connection, iopub = _connection()
        await asyncio.wait_for(connection.nudge(), 5)
        return iopub.listener

    assert run_in_own_loop(scenario()) is None, "IOPub is left to the connection"
    assert asked == ["nudge"]


@pytest.mark.usefixtures("greeting", "impatient")
def test_a_page_gone_before_the_greeting_is_not_nudged(asked: list[str]) -> None:
    async def scenario() -> None:
        connection, iopub = _connection()
        opened = connection.nudge()
        iopub.gone = True
        await asyncio.wait_for(opened, 5)

    run_in_own_loop(scenario())
    assert asked == []
