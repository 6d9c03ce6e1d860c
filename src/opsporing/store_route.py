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

import hmac
import inspect
import json
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
from opsporing.store_client import PAGE_METHODS, PageStore

WORKERS = 4
"""Calls at once: readers go side by side, and SQLite lets writers in one at a time anyway."""

_pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="opsporing-store")

ROOM_VERSION_FRESH = 0.1
"""Seconds one read of a hold's room version answers every follower that asks: forty of them
look about three times a second (`opsporing.pages.follow.LOOK_INTERVAL`), and the read was half
of what a look cost the server. A follower sees a step at most this much later; at 0.25 s the
room followed the trainer in 0.62 s (p95) instead of 0.31 s."""

_versions: dict[str, tuple[float, int]] = {}

_SIGNATURES = {name: inspect.signature(getattr(PageStore, name)) for name in PAGE_METHODS}
"""What each method a page may ask takes: a call with other arguments is refused (400)."""


class StoreHandler(web.RequestHandler):
    """Answers the server's own kernels, and only with `PAGE_METHODS`."""

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
        try:
            if method == "room_version":
                value: Any = await _room_version(args["hold_code"])
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
