"""What a page's request asked for, as a preheated Voila kernel learns it.

A warm kernel runs the notebook before anyone has asked for the page, then
waits for the request's details (the address's query string). Voila's own
helper for this, `voila.utils.wait_for_request`, lives in a module that
imports Voila's whole server (Jupyter Server, JupyterLab's server, nbconvert):
about 25 MiB in every participant's kernel, for one websocket message. This
asks the same route of the server (`<server url>voila/query/<kernel id>`)
with Tornado, which the kernel has loaded anyway.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading

from opsporing.iopub_welcome import greet_every_subscriber

RECONNECT_AFTER = 0.2
"""A lost request socket is opened again this soon: the server keeps the request for it."""
KERNEL_KEY_ENV = "OPSPORING_KERNEL_KEY"
"""The secret the server puts in every kernel's environment (`opsporing.kernel_access`)."""
KERNEL_KEY_HEADER = "X-Opsporing-Kernel"
GREETS_HEADER = "X-Opsporing-Greets"
"""Sent by a warm kernel that greets every new IOPub subscriber (`iopub_welcome`), with its
protocol version: the server opens its page's websocket on the greeting (`kernel_socket`)."""


def in_voila() -> bool:
    """Voila sets VOILA_PREHEAT ("True" or "False") in the environment of every kernel."""
    return "VOILA_PREHEAT" in os.environ


BROWSER_HEADER = "X-Opsporing-Browser"
"""Set by the kit's server on every page request (any such header from a client is
replaced): the hash of the browser's HttpOnly cookie, see `opsporing.browser_key`."""
LOCAL_HEADER = "X-Opsporing-Local"
"""Set by the kit's server to "1" when the page was asked for from the server's own
machine (the trainer's laptop), "0" otherwise."""

FORGED_HEADER = "X-Opsporing-Forged"
"""Set by the kit's server to "1" when the browser sent a cookie the server did not sign."""
REQUEST_HEADERS = (BROWSER_HEADER, LOCAL_HEADER, FORGED_HEADER)
"""What the kit's server tells a kernel about its page's request (and no client may set)."""


def header_env(header: str) -> str:
    """Where Voila puts a request header for the kernel (rfc3875: `HTTP_X_…`)."""
    return "HTTP_" + header.upper().replace("-", "_")


def browser() -> str:
    """The server-verified key of the browser that asked for this page, or "" (JupyterLab,
    or a server that is not the kit's own). Names the client in counts of wrong guesses and
    binds participants to the browser in the store; it never goes to the browser itself."""
    if not in_voila():
        return ""
    query_string()  # a preheated kernel learns it with the request
    told = os.environ.get(header_env(BROWSER_HEADER), "")
    if not told and (user := os.environ.get("JUPYTERHUB_USER")):
        # Under JupyterHub the server is its hub user's alone: so is every page it serves.
        from opsporing.browser_key import hub_user_key

        told = hub_user_key(user)
    return told


def browser_forged() -> bool:
    """Whether the browser sent a cookie the server had not signed (it got a new one)."""
    if not in_voila():
        return False
    query_string()
    return _told(FORGED_HEADER)


def _told(header: str) -> bool:
    return os.environ.get(header_env(header)) == "1"


def from_this_machine() -> bool:
    """Whether the page was asked for from the server's own machine: the trainer's laptop.

    In JupyterLab the student's own machine is the only one there is.
    """
    if not in_voila():
        return True
    query_string()
    return _told(LOCAL_HEADER)


def waiting_for_request() -> bool:
    """Whether this is a warm kernel whose page has not been asked for yet."""
    return os.environ.get("VOILA_PREHEAT") == "True" and "QUERY_STRING" not in os.environ


def query_string() -> str:
    """The page's query string; in a preheated kernel, once the page has been asked for."""
    if waiting_for_request():
        _wait_for_request()
    return os.environ.get("QUERY_STRING", "")


def _query_url() -> str:
    protocol = os.environ.get("VOILA_WS_PROTOCOL", "ws")
    host = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_WS_BASE_URL", os.environ.get("VOILA_SERVER_URL", "/"))
    return f"{protocol}://{host}:{port}{base}voila/query/{os.environ['VOILA_KERNEL_ID']}"


def _wait_for_request() -> None:
    """Block until the server sends the request's details, and put them in the environment.

    In a thread with a loop of its own: the kernel's loop is busy running this cell.
    """
    found: dict[str, str] = {}
    greets = greet_every_subscriber()

    async def ask() -> None:
        from tornado.httpclient import HTTPClientError, HTTPRequest
        from tornado.websocket import websocket_connect

        request = HTTPRequest(
            _query_url(),
            headers={KERNEL_KEY_HEADER: os.environ.get(KERNEL_KEY_ENV, ""), GREETS_HEADER: greets},
            connect_timeout=30,
            # Over TLS the certificate names the room's address, not loopback, and nothing
            # but this machine sits between a kernel and its server (as in `store_client`).
            validate_cert=False,
        )
        # As long as the pool keeps this kernel: a deadline would leave a kernel that waited
        # through a long break with no request when a participant finally takes it.
        while True:
            try:
                connection = await websocket_connect(request)
            except (OSError, HTTPClientError):  # the server is busy, or our old socket lingers
                await asyncio.sleep(RECONNECT_AFTER)
                continue
            message = await connection.read_message()
            connection.close()
            if isinstance(message, str):
                found.update(json.loads(message))
                return
            await asyncio.sleep(RECONNECT_AFTER)  # the socket was lost: ask again

    waiting = threading.Thread(target=lambda: asyncio.run(ask()), daemon=True)
    waiting.start()
    waiting.join()
    os.environ.update({k: str(v) for k, v in found.items()})
