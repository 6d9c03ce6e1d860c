"""Who may reach a kernel: the browser it was given to, and the kernel itself.

Voila hands a kernel to a page and then trusts whoever names that kernel's id:
its widgets' websocket (`/api/kernels/<id>/channels`), its info and deletion
(`/api/kernels/<id>`), its shutdown (`/voila/api/shutdown/<id>`). A kernel id
rides in the page's HTML and in every websocket address, so anyone who saw it
(a projector, a shared screen, a proxy log) could read and change another
participant's answers. Here every such route answers only the browser the
kernel was given to (`browser_key`); to anyone else the kernel does not exist.

The request-info socket (`/voila/query/<id>`) is how a preheated kernel learns
its page's request. Voila's own handler checks nothing, lets a second socket
take an id and, on closing, may remove another kernel's entry: a stranger on
the room's network could leave every warm kernel waiting for a request that
never comes (docs/sikkerhed.md). `KernelRequestSocket` answers only a kernel
the server started (it proves it with `KERNEL_KEY_ENV`, a secret in every
kernel's environment), one socket per kernel, and removes only its own entry.
"""

from __future__ import annotations

import contextlib
import hmac
import inspect
import os
import secrets
import time
from collections.abc import Callable
from typing import Any, ClassVar

from tornado import web
from tornado.websocket import WebSocketClosedError, WebSocketHandler

from opsporing import browser_key
from opsporing.request import (
    BROWSER_HEADER,
    GREETS_HEADER,
    KERNEL_KEY_ENV,
    KERNEL_KEY_HEADER,
    header_env,
)

KERNELS_PER_BROWSER = 4
"""Kernels one browser holds at once: a participant's page, a reload whose old kernel is
still closing, the trainer's page and the projector. A browser that opens more (a reload
loop, a hundred tabs) gives up its oldest: the room's kernels stay the room's."""
NEW_PAGE_EVERY = 10.0
"""Seconds between participant pages of a browser that already holds its share of kernels.
Each such page costs the machine a kernel start (a CPU second or two), so a reload loop or a
hundred tabs costs at most one start per this time; a person's reload frees its old kernel
as the page closes and never waits."""
REMEMBERED_BROWSERS = 10_000
"""Beyond this many browsers, those that opened no page within `NEW_PAGE_EVERY` are forgotten."""


def browser_of(handler: web.RequestHandler) -> browser_key.Browser:
    """The browser behind a request: the hub user under JupyterHub, else the kit's cookie."""
    if (user := browser_key.hub_user()) is not None:
        return browser_key.Browser(browser_key.hub_user_key(user))
    return browser_key.of_cookie(handler.get_cookie(browser_key.COOKIE))


def give_cookie(handler: web.RequestHandler, browser: browser_key.Browser) -> None:
    """Set the browser's cookie if it needs one: HttpOnly, SameSite=Strict, Secure on TLS."""
    if browser.new_cookie is None:
        return
    handler.set_cookie(
        browser_key.COOKIE,
        browser.new_cookie,
        path=handler.settings.get("base_url", "/"),
        expires_days=browser_key.LIFETIME_DAYS,
        httponly=True,
        samesite="Strict",
        secure=handler.request.protocol == "https",
    )


class KernelOwners:
    """Which browser each kernel was given to, in the order they were given."""

    def __init__(
        self,
        shut_down: Callable[[str], Any] = lambda _kernel_id: None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._owner: dict[str, str] = {}
        self._shut_down = shut_down
        self._clock = clock
        self._opening: dict[str, int] = {}
        """Pages of each browser being served now, whose kernels are not given yet."""
        self._last_opened: dict[str, float] = {}

    def give(self, kernel_id: str, browser: str) -> None:
        """The kernel is this browser's now; a browser over `KERNELS_PER_BROWSER` loses its
        oldest kernels (shut down, so their places go back to the room)."""
        if not browser:
            return
        self._owner.pop(kernel_id, None)
        self._owner[kernel_id] = browser
        own = [k for k, b in self._owner.items() if b == browser]
        for oldest in own[: max(0, len(own) - KERNELS_PER_BROWSER)]:
            self._owner.pop(oldest, None)
            self._shut_down(oldest)

    def owner(self, kernel_id: str) -> str | None:
        return self._owner.get(kernel_id)

    def of(self, browser: str) -> list[str]:
        return [k for k, b in self._owner.items() if b == browser]

    def forget(self, kernel_id: str) -> None:
        self._owner.pop(kernel_id, None)

    def holds_share(self, browser: str) -> bool:
        """Whether `browser` holds all the kernels it may: its next page replaces its oldest."""
        return len(self.of(browser)) >= KERNELS_PER_BROWSER

    def wait_to_open(self, browser: str) -> float:
        """Seconds before `browser` may open another participant page; 0 means now, and the
        page then counts as opening until `opened`. Below its share a browser opens at once;
        at its share (kernels held plus pages being opened), once per `NEW_PAGE_EVERY`."""
        now = self._clock()
        held = len(self.of(browser)) + self._opening.get(browser, 0)
        if held >= KERNELS_PER_BROWSER:
            wait = self._last_opened.get(browser, -NEW_PAGE_EVERY) + NEW_PAGE_EVERY - now
            if wait > 0:
                return wait
        self._opening[browser] = self._opening.get(browser, 0) + 1
        self._last_opened[browser] = now
        if len(self._last_opened) > REMEMBERED_BROWSERS:  # a script with a new cookie each time
            self._last_opened = {
                b: t for b, t in self._last_opened.items() if now - t < NEW_PAGE_EVERY
            }
        return 0.0

    def opened(self, browser: str) -> None:
        """The page `wait_to_open` let through is served (or failed): it no longer counts."""
        left = self._opening.get(browser, 0) - 1
        if left > 0:
            self._opening[browser] = left
        else:
            self._opening.pop(browser, None)


class OwnKernelOnly:
    """Mixed into every handler that takes a kernel id: only the kernel's browser gets past.

    Anyone else gets 404, the answer for a kernel that does not exist, so an id
    learnt from a screen opens nothing and tells nothing.
    """

    async def prepare(self) -> None:
        checked = super().prepare()  # type: ignore[misc]
        if inspect.isawaitable(checked):
            await checked
        handler: Any = self
        if handler._finished:  # e.g. redirected to the login page
            return
        kernel_id = handler.path_kwargs.get("kernel_id") or (
            handler.path_args[0] if handler.path_args else ""
        )
        owners: KernelOwners | None = handler.settings.get("opsporing_kernel_owners")
        browser = browser_of(handler)
        if owners is None or browser.new_cookie is not None:
            raise web.HTTPError(404)
        if owners.owner(kernel_id) != browser.key:
            raise web.HTTPError(404)


def kernel_key() -> str:
    """The secret every kernel the server starts has in its environment (made once)."""
    key = os.environ.get(KERNEL_KEY_ENV)
    if not key:
        key = os.environ[KERNEL_KEY_ENV] = secrets.token_urlsafe(32)
    return key


class KernelRequestSocket(WebSocketHandler):
    """`/voila/query/<kernel id>`: a preheated kernel waits here for its page's request.

    Replaces Voila's `RequestInfoSocketHandler` (same route, same class methods),
    and answers only a kernel that the server started and that is still running.
    """

    waiters: ClassVar[dict[str, KernelRequestSocket]] = {}
    cache: ClassVar[dict[str, dict[str, Any]]] = {}
    greeting: ClassVar[dict[str, str]] = {}
    """Kernels that greet every new IOPub subscriber (`opsporing.iopub_welcome`), and the
    protocol version each told."""
    owners: ClassVar[KernelOwners | None] = None
    """The server's `KernelOwners`: a request's browser becomes its kernel's owner."""

    def prepare(self) -> None:
        sent = self.request.headers.get(KERNEL_KEY_HEADER, "")
        if not hmac.compare_digest(sent.encode(), kernel_key().encode()):
            raise web.HTTPError(404)
        kernel_id = self.path_kwargs.get("kernel_id", "")
        manager = self.settings.get("kernel_manager")
        if manager is None or kernel_id not in manager:
            raise web.HTTPError(404)
        if kernel_id in self.waiters:  # one socket per kernel; the first keeps it
            raise web.HTTPError(409)

    def open(self, kernel_id: str) -> None:
        self.kernel_id = kernel_id
        self.waiters[kernel_id] = self
        if protocol := self.request.headers.get(GREETS_HEADER, ""):
            self.greeting[kernel_id] = protocol
        if kernel_id in self.cache:
            self.write_message(self.cache[kernel_id])

    def on_close(self) -> None:
        kernel_id = getattr(self, "kernel_id", None)
        if kernel_id is not None and self.waiters.get(kernel_id) is self:
            del self.waiters[kernel_id]

    @classmethod
    def waiting(cls, kernel_id: str) -> bool:
        return kernel_id in cls.waiters

    @classmethod
    def greets(cls, kernel_id: str) -> str:
        """The protocol version of a kernel that greets its IOPub subscribers, else ""."""
        return cls.greeting.get(kernel_id, "")

    @classmethod
    def send_updates(cls, msg: dict[str, Any]) -> None:
        """What Voila's page handler calls with a page's request for the kernel it took.

        The request is kept until the kernel goes (`forget`), not only until it is written:
        a socket whose kernel end is already lost still takes a write, and the kernel, asking
        again, would otherwise wait for its page for ever (and its page with it).
        """
        kernel_id, payload = msg["kernel_id"], msg["payload"]
        if cls.owners is not None:
            cls.owners.give(kernel_id, payload.get(header_env(BROWSER_HEADER), ""))
        cls.cache[kernel_id] = payload
        if (waiter := cls.waiters.get(kernel_id)) is not None:
            with contextlib.suppress(WebSocketClosedError):
                waiter.write_message(payload)

    @classmethod
    def forget(cls, kernel_id: str) -> None:
        cls.cache.pop(kernel_id, None)
        cls.greeting.pop(kernel_id, None)
