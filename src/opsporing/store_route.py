"""The server's store line: the one store, asked by the participants' kernels.

A kernel connects to a socket the server listens on at this machine's loopback only (its
port is `opsporing.store_client.STORE_PORT_ENV` in every kernel's environment), sends the
kernel key on the first line, and then asks one question per line,
`{"method": …, "args": {…}}`, for one of `opsporing.store_client.PAGE_METHODS`; each answer
is one line, `{"value": …}`, or `{"error": …}` with the store's Danish refusal. Only the
server's own kernels are answered: without the key the line is closed unanswered. A
browser never reaches the store this way: it has no kernel key, and what its page may do
is what its kernel's code does.

A line, not a route of the web server: every save of a room of forty went through Tornado's
HTTP parsing, routing and headers, about 1.1 ms of the server's CPU per answer against
0.1 ms for the database's own work, on the two cores that also carry every page.

The store's work runs in worker threads, so the event loop that carries every
participant's widgets never waits for the database. With SQLite the writes of a
whole room then come from one process, which queues them itself instead of forty
processes taking turns at the file's lock.
"""

from __future__ import annotations

import asyncio
import hmac
import inspect
import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from functools import partial
from typing import Any

from tornado import gen
from tornado.ioloop import IOLoop
from tornado.iostream import IOStream, StreamClosedError
from tornado.netutil import bind_sockets
from tornado.tcpserver import TCPServer

from opsporing import store
from opsporing.kernel_access import kernel_key
from opsporing.records import StoreError, error_to_wire, to_wire
from opsporing.store_client import PAGE_METHODS, WATCH_METHOD, WATCH_WAIT, PageStore, RemoteStore

WORKERS = 4
"""Calls at once: readers go side by side, and SQLite lets writers in one at a time anyway."""

_pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="opsporing-store")

ROOM_VERSION_FRESH = 0.1
"""Seconds one read of a hold's room version answers everyone who asks: how often the server
reads a hold that followers wait on (`room_version_after`), and so the most a follower learns
of a step later than it was sent."""

_versions: dict[str, tuple[float, int]] = {}

_SIGNATURES = {
    **{name: inspect.signature(getattr(PageStore, name)) for name in PAGE_METHODS},
    WATCH_METHOD: inspect.signature(getattr(RemoteStore, WATCH_METHOD)),
}
"""What each method a page may ask takes: a call with other arguments is refused (400)."""
WATCH_RETRY = 1.0
"""Seconds before a watched hold's version is read again after the database failed."""

log = logging.getLogger(__name__)


LINE_LIMIT = 4 * 1024 * 1024
"""Bytes one question may take: far above the longest answer the store keeps."""
KEY_LIMIT = 1024
"""Bytes the first line, the kernel key, may take."""
KEY_WAIT = 10.0
"""Seconds a new connection has to show the kernel key before it is closed: a kernel sends
it at once, and a connection that says nothing holds nothing open."""


class Refused(Exception):
    """A question the line does not answer: not one a page asks (404), or malformed (400)."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


async def answer(asked: Any) -> dict[str, Any]:
    """One kernel's question, answered as the line sends it back."""
    try:
        method, args = asked["method"], dict(asked["args"])
    except (KeyError, TypeError, ValueError):
        raise Refused(400) from None
    if not isinstance(method, str):
        raise Refused(400)
    if method not in _SIGNATURES:
        raise Refused(404)
    try:
        _SIGNATURES[method].bind(None, **args)
    except TypeError:  # arguments the method does not take
        raise Refused(400) from None
    if method == WATCH_METHOD and not (
        isinstance(args["hold_code"], str) and type(args["seen"]) is int
    ):
        raise Refused(400)  # held open in the server's own loop: checked first
    try:
        if method == "room_version":
            value: Any = await _room_version(args["hold_code"])
        elif method == WATCH_METHOD:
            value = await room_version_after(args["hold_code"], args["seen"])
        else:
            work = partial(getattr(store.default(), method), **args)
            value = await IOLoop.current().run_in_executor(_pool, work)
    except StoreError as error:
        return {"error": error_to_wire(error)}
    return {"value": to_wire(value)}


class StoreLine(TCPServer):
    """Answers the server's own kernels, one question per line, and only `PAGE_METHODS`
    and `WATCH_METHOD`; a connection without the kernel key is closed unanswered."""

    async def handle_stream(self, stream: IOStream, address: Any) -> None:
        stream.set_nodelay(True)  # an answer is one write: send it, do not wait for more
        try:
            key = stream.read_until(b"\n", max_bytes=KEY_LIMIT)
            sent = (await gen.with_timeout(timedelta(seconds=KEY_WAIT), key)).strip()
            if not hmac.compare_digest(sent, kernel_key().encode()):
                return
            while True:
                line = await stream.read_until(b"\n", max_bytes=LINE_LIMIT)
                try:
                    asked = json.loads(line)
                except ValueError:  # only the question's own JSON: the store's errors are logged
                    asked = None
                try:
                    reply = await answer(asked)
                except Refused as refused:
                    reply = {"refused": refused.status}
                await stream.write(json.dumps(reply).encode() + b"\n")
        except (StreamClosedError, TimeoutError):  # closed, or no key in time
            pass
        except Exception:  # the database failed: the kernel says the store is away
            log.exception("The store line could not answer a kernel")
        finally:
            stream.close()


def listen(port: int = 0) -> int:
    """Start the store line on this machine's loopback (`port` 0: any free one); its port."""
    sockets = bind_sockets(port, "127.0.0.1")
    StoreLine(max_buffer_size=LINE_LIMIT).add_sockets(sockets)
    return int(sockets[0].getsockname()[1])


async def _room_version(hold_code: str) -> int:
    """The hold's room version as read at most `ROOM_VERSION_FRESH` seconds ago."""
    now = time.monotonic()
    seen = _versions.get(hold_code)
    if seen is not None and now - seen[0] < ROOM_VERSION_FRESH:
        return seen[1]
    read = partial(store.default().room_version, hold_code)
    version = await IOLoop.current().run_in_executor(_pool, read)
    if len(_versions) > 1000:  # holds come and go; the versions worth keeping are recent
        _versions.clear()
    _versions[hold_code] = (now, version)
    return version


class _Watched:
    """A hold that followers wait on: its last version read, and who waits."""

    def __init__(self) -> None:
        self.version: int | None = None
        self.moved = asyncio.Event()
        self.waiting = 0


_watched: dict[str, _Watched] = {}
_pollers: set[asyncio.Task[None]] = set()


async def room_version_after(hold_code: str, seen: int, wait: float = WATCH_WAIT) -> int:
    """The hold's room version once it is no longer `seen`, or `seen` after `wait` seconds.

    Followers that looked three times a second cost the server 270 requests a second with
    eighty in the room at rest, and slowed every page that joined meanwhile. Held open, a
    follower at rest asks once per `WATCH_WAIT`; one reader per watched hold looks at the
    database every `ROOM_VERSION_FRESH` seconds while anyone waits, and wakes them all when
    the room moves.
    """
    loop = asyncio.get_running_loop()
    watched = _watched.get(hold_code)
    if watched is None:
        watched = _watched[hold_code] = _Watched()
        poller = loop.create_task(_poll(hold_code, watched))
        _pollers.add(poller)
        poller.add_done_callback(_pollers.discard)
    watched.waiting += 1
    deadline = loop.time() + wait
    try:
        while watched.version is None or watched.version == seen:
            left = deadline - loop.time()
            if left <= 0:
                return seen
            try:
                await asyncio.wait_for(watched.moved.wait(), left)
            except TimeoutError:
                return seen
        return watched.version
    finally:
        watched.waiting -= 1


async def _poll(hold_code: str, watched: _Watched) -> None:
    """Read the hold's version while anyone waits on it; wake the waiters when it moves."""
    try:
        while watched.waiting > 0:
            try:
                version = await _room_version(hold_code)
            except Exception:  # the database is busy or away: the waiters keep waiting
                log.exception("Could not read the room's version for its followers")
                await asyncio.sleep(WATCH_RETRY)
                continue
            if version != watched.version:
                watched.version = version
                watched.moved.set()
                watched.moved = asyncio.Event()
            await asyncio.sleep(ROOM_VERSION_FRESH)
    finally:
        if _watched.get(hold_code) is watched:
            del _watched[hold_code]
