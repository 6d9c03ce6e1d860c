"""The server's store route: the one store, asked by the participants' kernels.

`POST <base>/opsporing/store` with `{"method": …, "args": {…}}` runs one of
`opsporing.store_client.PAGE_METHODS` on the server's `Store` and answers
`{"value": …}`, or `{"error": …}` with the store's Danish refusal. Only the
server's own kernels are answered (they show the kernel key, as for the request
socket in `opsporing.kernel_access`); to anyone else the route does not exist. A
browser never reaches the store this way: it has no kernel key, and what its page
may do is what its kernel's code does.

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
from functools import partial
from typing import Any

from tornado import web
from tornado.ioloop import IOLoop

from opsporing import store
from opsporing.kernel_access import kernel_key
from opsporing.records import StoreError, error_to_wire, to_wire
from opsporing.request import KERNEL_KEY_HEADER
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


class StoreHandler(web.RequestHandler):
    """Answers the server's own kernels, and only with `PAGE_METHODS` and `WATCH_METHOD`."""

    def check_xsrf_cookie(self) -> None:
        """No cookie proves anything here: the kernel key in the header is the credential,
        and a page in a browser cannot send it."""

    def prepare(self) -> None:
        """Before any method: without the key, whatever was asked, the route is not there."""
        sent = self.request.headers.get(KERNEL_KEY_HEADER, "")
        if not hmac.compare_digest(sent.encode(), kernel_key().encode()):
            raise web.HTTPError(404)

    async def post(self) -> None:
        try:
            asked = json.loads(self.request.body)
            method, args = asked["method"], dict(asked["args"])
        except (ValueError, KeyError, TypeError):
            raise web.HTTPError(400) from None
        if method not in _SIGNATURES:
            raise web.HTTPError(404)
        try:
            _SIGNATURES[method].bind(None, **args)
        except TypeError:  # arguments the method does not take
            raise web.HTTPError(400) from None
        if method == WATCH_METHOD and not (
            isinstance(args["hold_code"], str) and type(args["seen"]) is int
        ):
            raise web.HTTPError(400)  # held open in the server's own loop: checked first
        try:
            if method == "room_version":
                value: Any = await _room_version(args["hold_code"])
            elif method == WATCH_METHOD:
                value = await room_version_after(args["hold_code"], args["seen"])
            else:
                work = partial(getattr(store.default(), method), **args)
                value = await IOLoop.current().run_in_executor(_pool, work)
        except StoreError as error:
            answer: dict[str, Any] = {"error": error_to_wire(error)}
        else:
            answer = {"value": to_wire(value)}
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(answer))


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
