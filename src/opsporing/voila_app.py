"""Voila's application plus what it has no setting for.

Extra Tornado handlers: our landing page at `/`, local film files (kept
outside `notebooks/`, which is all Voila's own file route serves) and the
handout route. Jupyter Server's own pages (the login form of `--lan`) come
from our template too. For a room on one wireless network, responses are
compressed and versioned static files are cached by the browser for a year.
Every response keeps the page's address from other sites (`Referrer-Policy`),
and the log keeps no request's query (`opsporing.privacy`).
For a room on one laptop, the warm pool is `opsporing.room_pool`'s, and beyond
the room's capacity a participant gets a Danish "der er fuldt" page instead
of a spinner.
Everything else is traitlets config from `opsporing.serve`.
"""

from __future__ import annotations

import asyncio
import gc
import hmac
import math
import os
import re
import ssl
import webbrowser
from html import escape
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode

import voila.handler
from jinja2 import ChoiceLoader, FileSystemLoader
from jupyter_server.base.handlers import AuthenticatedFileHandler, JupyterHandler
from jupyter_server.services.kernels.handlers import KernelHandler
from jupyter_server.utils import url_path_join
from tornado import web
from traitlets import Int, List, Unicode
from voila.app import Voila
from voila.request_info_handler import RequestInfoSocketHandler
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.tornado.execution_request_handler import ExecutionRequestHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from opsporing import page_render, privacy, store_route, texts
from opsporing.browser_key import Browser
from opsporing.handout_route import HandoutHandler
from opsporing.kernel_access import (
    KernelOwners,
    KernelRequestSocket,
    OwnKernelOnly,
    browser_of,
    give_cookie,
    kernel_key,
)
from opsporing.kernel_socket import GreetedConnection
from opsporing.request import (
    BROWSER_HEADER,
    FORGED_HEADER,
    KERNEL_KEY_HEADER,
    LOCAL_HEADER,
    REQUEST_HEADERS,
    header_env,
)
from opsporing.room_pool import RoomPool
from opsporing.routes import FILM_ROUTE, HANDOUT_ROUTE, ROOM_ROUTE
from opsporing.store_client import SERVER_PORT_ENV, STORE_PORT_ENV, STORE_SCHEME_ENV
from opsporing.views import ENTRY_NOTEBOOK, OLD_LINK_PARAM, PARTICIPANT_PARAM, VIEWS

PARTICIPANT_NOTEBOOKS = frozenset(view.notebook for view in VIEWS)
YEAR = 365 * 24 * 3600
VERSIONED = re.compile(r"[.-][0-9a-f]{8,}\.\w+$")
"""A file name with a content hash in it (webpack's chunks): its content never changes."""
KERNEL_ROUTES = (
    KernelHandler,
    VoilaKernelWebsocketHandler,
    VoilaShutdownKernelHandler,
    ExecutionRequestHandler,
)
"""Voila's routes that take a kernel id: each answers the kernel's own browser only."""


class StartPageRedirect(JupyterHandler):
    """`/` (and Voila's file tree) lead to our Danish start page, keeping the query.

    Authenticated, so that `/?token=...` logs the browser in before redirecting
    and the join URL can stay short.
    """

    @web.authenticated
    def get(self, path: str = "") -> None:
        query = [(k, v) for k, v in parse_qsl(self.request.query) if k != "token"]
        target = url_path_join(self.base_url, "voila/render", ENTRY_NOTEBOOK)
        self.redirect(f"{target}?{urlencode(query)}" if query else target)


class RoomStateHandler(web.RequestHandler):
    """`GET <base>/opsporing/rum`: how full the room is, for the trainer page's kernel.

    The true figures live in the server (the pool, the pages open), so the trainer page
    asks for them; only the server's own kernels are answered (they show the kernel key).
    """

    def get(self) -> None:
        sent = self.request.headers.get(KERNEL_KEY_HEADER, "")
        if not hmac.compare_digest(sent.encode(), kernel_key().encode()):
            raise web.HTTPError(404)
        self.set_header("Cache-Control", "no-store")
        self.finish(self.settings["voila"].room_state())


# The two mixins below are only mixed into static file handlers (`_only_inside_root`): mypy
# checks their `super()` calls against Tornado's, while at run time they stay plain mixins.
if TYPE_CHECKING:
    _StaticFiles = web.StaticFileHandler
else:
    _StaticFiles = object


class _OnlyInsideRoot(_StaticFiles):
    """Mixed into every static file handler: a path that leaves its folder is not found (404).

    Tornado answers a path outside the root with 403, and Voila's template
    route trips over `..`, a missing `static/` or a NUL byte with an exception,
    so a probe got a 500 and a traceback in the trainer's log. To a client,
    any such path is simply a file that does not exist.
    """

    def parse_url_path(self, url_path: str) -> str:
        parts = url_path.replace("\\", "/").split("/")
        if ".." in parts or url_path.startswith("/") or "\x00" in url_path:
            raise web.HTTPError(404)
        return super().parse_url_path(url_path)

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        try:
            return super().validate_absolute_path(root, absolute_path)
        except web.HTTPError as error:
            if error.status_code == 403:
                raise web.HTTPError(404) from None
            raise

    async def get(self, path: str, include_body: bool = True) -> None:
        try:
            await super().get(path, include_body=include_body)
        except (ValueError, AssertionError, OSError):
            # A malformed path (no `<template>/static/`, an embedded NUL) is no file.
            raise web.HTTPError(404) from None


class _CachedByVersion(_StaticFiles):
    """Mixed into every static file handler: a versioned file is kept a year, others briefly.

    Voila marks everything "no-cache" and its file handlers send no ETag, so a
    reload fetched all 4.9 MB again. A file whose name carries a content hash,
    or whose URL a version (`?v=`), never changes under that name; anything
    else may change with an upgrade, and is kept ten minutes.
    """

    def set_headers(self) -> None:
        super().set_headers()
        request = self.request
        if "v" in request.arguments or VERSIONED.search(request.path):
            lifetime = f"public, max-age={YEAR}, immutable"
        else:
            lifetime = "public, max-age=600"
        self.set_header("Cache-Control", lifetime)


class RoomPageHandler(TornadoVoilaHandler):
    """Voila's page handler, refusing a page in Danish when the room is full.

    A page beyond the room's capacity would start one more kernel on a laptop
    that holds as many as it can; the participant would watch a spinner. The
    refusal reloads itself, so the page opens as soon as someone leaves.
    """

    async def get(self, path: str = "") -> Any:
        app: OpsporingVoila = self.settings["voila"]
        if PARTICIPANT_PARAM in self.request.query_arguments:
            self._without_identity()
            return None
        # The trainer's page is never refused: a full room still needs its plenum.
        if path not in PARTICIPANT_NOTEBOOKS:
            self._tell_the_kernel(browser_of(self))
            return await super().get(path)
        browser = browser_of(self)
        if wait := app.owners.wait_to_open(browser.key):
            seconds = math.ceil(wait)
            return self._refuse(
                429,
                seconds,
                texts.TOO_MANY_PAGES_TITLE,
                texts.TOO_MANY_PAGES.format(seconds=seconds),
            )
        try:
            # A browser at its share gives up its oldest kernel for this page: no growth.
            if app.is_full() and not app.owners.holds_share(browser.key):
                return self._refuse(503, FULL_RETRY_SECONDS, texts.ROOM_FULL_TITLE, texts.ROOM_FULL)
            self._tell_the_kernel(browser)
            return await super().get(path)
        finally:
            app.owners.opened(browser.key)

    def _refuse(self, status: int, seconds: int, title: str, text: str) -> None:
        """A Danish page in place of the app, which tries again by itself after `seconds`."""
        self.set_status(status)
        self.set_header("Retry-After", str(seconds))
        self.set_header("Cache-Control", "no-store")
        self.finish(waiting_page(title, text, seconds))

    def _tell_the_kernel(self, browser: Browser) -> None:
        """Who asks, for the kernel (Voila passes these headers on as `HTTP_X_…`): the
        browser's key and whether it is the server's own machine. Whatever a client sent
        under these names is replaced. The browser gets its cookie if it has none yet."""
        give_cookie(self, browser)
        headers = self.request.headers
        for name in REQUEST_HEADERS:
            if name in headers:
                del headers[name]
        headers[BROWSER_HEADER] = browser.key
        local = self.request.remote_ip in self.settings["voila"].trainer_addresses
        headers[LOCAL_HEADER] = "1" if local else "0"
        headers[FORGED_HEADER] = "1" if browser.forged else "0"

    def _without_identity(self) -> None:
        """An old personal link (`?deltager=<id>`): the same place without the id, once.

        Identity no longer rides in addresses, and an id found in one opens
        nothing; the page says so (`OLD_LINK_PARAM`) and offers the way back in.
        """
        kept = [
            (name, value.decode("utf-8", "replace"))
            for name, values in self.request.query_arguments.items()
            if name not in (PARTICIPANT_PARAM, "token", OLD_LINK_PARAM)
            for value in values
        ]
        kept.append((OLD_LINK_PARAM, "1"))
        self.set_header("Cache-Control", "no-store")
        self.redirect(f"{self.request.path}?{urlencode(kept)}")


FULL_RETRY_SECONDS = 15
WEBSOCKET_COMPRESSION = {"compression_level": 1}
"""Every page's websocket is compressed (permessage-deflate, which every browser offers). A page
opens with its widgets' state in one message of about 220 KB, mostly HTML; forty of them are
about 10 MB through the room's Wi-Fi at once. Level 1 makes that 44 KB each (level 6: 36 KB
for three times the CPU); in the room benchmark a join then costs the server a few ms more,
within the spread between runs (`benchmarks/RESULTS.md`)."""


def waiting_page(title: str, text: str, seconds: int) -> str:
    """A small page that says why in Danish and reloads itself after `seconds`."""
    return (
        '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="{seconds}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="referrer" content="{privacy.REFERRER_POLICY}">'
        f"<title>{escape(title)}</title>"
        "<style>body{font:1.25rem/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;"
        "padding:0 1rem;color:#1d1d1b}</style></head><body>"
        f'<h1>{escape(title)}</h1><p role="status">{escape(text)}</p>'
        "</body></html>"
    )


def _only_inside_root(handler: type) -> type:
    """`handler` with `_OnlyInsideRoot` mixed in, if it serves files; otherwise unchanged."""
    if not (isinstance(handler, type) and issubclass(handler, web.StaticFileHandler)):
        return handler
    if issubclass(handler, _OnlyInsideRoot):
        return handler
    return type(handler.__name__, (_OnlyInsideRoot, _CachedByVersion, handler), {})


def _own_kernel_only(handler: type) -> type:
    return type(handler.__name__, (OwnKernelOnly, handler), {})


OURS = {
    TornadoVoilaHandler: RoomPageHandler,
    RequestInfoSocketHandler: KernelRequestSocket,
    **{handler: _own_kernel_only(handler) for handler in KERNEL_ROUTES},
}


def _ours(spec: Any) -> Any:
    """A handler spec `(pattern, handler, *rest)` with its handler made ours: static files
    `_only_inside_root` and cached by version, Voila's page handler `RoomPageHandler`,
    its request socket `KernelRequestSocket`, and every route that takes a kernel id
    answering that kernel's browser only."""
    if not (isinstance(spec, tuple | list) and len(spec) >= 2):
        return spec
    handler: type = spec[1]
    handler = OURS.get(handler, handler)
    return (spec[0], _only_inside_root(handler), *spec[2:])


def kit_routes(base_url: str, films_dir: str) -> list[tuple[Any, ...]]:
    """The kit server's own routes: local film files and handouts.

    Also what a participant's Jupyter Server adds under JupyterHub
    (`deploy/jupyterhub/singleuser/kit_routes.py`), where Voila runs as an extension.
    """
    return [
        (
            url_path_join(base_url, FILM_ROUTE, r"([\w-]+\.mp4)"),
            _only_inside_root(AuthenticatedFileHandler),
            {"path": films_dir},
        ),
        (url_path_join(base_url, HANDOUT_ROUTE + r"\.(html|pdf)"), HandoutHandler),
    ]


def _out_of_the_collectors_sight() -> None:
    """Freeze what the server made while starting (Voila, Jupyter Server, nbconvert, the
    kit's routes and content), which lives as long as the server does.

    Python's full garbage collection walks every object a process holds, and the server's
    event loop carries every page's messages: 40 pages saving at once made the server
    collect in full every few seconds, each time stalling everyone's saves for 0.1-0.2 s
    (the benchmark's saves through PostgreSQL: p99 165-205 ms before, 45 ms after).
    Frozen objects are left out of those walks; what is made later is collected as before.
    """
    gc.collect()
    gc.freeze()


class OpsporingVoila(Voila):
    """Voila plus our routes, compression, caching, and a warm pool sized for the room."""

    start_url = Unicode("", config=True, help="What the trainer's own browser opens at start.")
    films_dir = Unicode("", config=True, help="Folder of local film copies (<film id>.mp4).")
    participants = Int(0, config=True, help="Warm kernels kept for the room (0: none).")
    capacity = Int(0, config=True, help="Pages open at once before 'der er fuldt' (0: no limit).")
    trainer_addresses = List(
        Unicode(),
        default_value=["127.0.0.1", "::1"],
        config=True,
        help="Where the trainer's own browser asks from: the machine the kit runs on. With "
        "--lan a browser in the room never has one of these addresses. Pages from here are "
        "trusted with the PIN (the room's wrong guesses never slow them).",
    )
    certfile = Unicode("", config=True, help="TLS certificate (PEM): serve over HTTPS only.")
    keyfile = Unicode("", config=True, help="The certificate's private key, if not in certfile.")
    pool: RoomPool | None = None
    owners: KernelOwners

    def init_handlers(self) -> list[Any]:
        ours = [
            (self.server_url, StartPageRedirect),
            (url_path_join(self.server_url, r"/voila/tree(/.*)?"), StartPageRedirect),
            *kit_routes(self.server_url, self.films_dir),
            (url_path_join(self.server_url, ROOM_ROUTE), RoomStateHandler),
        ]
        # Tornado takes the first match, so ours go before Voila's file tree.
        return [_ours(spec) for spec in ours + list(super().init_handlers())]

    def init_settings(self) -> dict[str, Any]:
        """Jupyter Server's pages (login, errors) from our template first: Danish, no CDN."""
        settings: dict[str, Any] = super().init_settings()
        server_pages = settings["jinja2_env"]
        server_pages.loader = ChoiceLoader(
            [FileSystemLoader(self.template_paths), server_pages.loader]
        )
        if "static_handler_class" in settings:
            settings["static_handler_class"] = _only_inside_root(settings["static_handler_class"])
        settings["compress_response"] = True
        settings["websocket_compression_options"] = WEBSOCKET_COMPRESSION
        # A page's websocket opens on its warm kernel's greeting, not on a nudge.
        settings["kernel_websocket_connection_class"] = GreetedConnection
        # traitlets leaves the logger at DEBUG and filters in its handler, so every debug line
        # of Jupyter Server and jupyter_client (several per message a kernel sends) was made
        # into a record and then dropped: 8 % of the server's CPU while a room joins.
        self.log.setLevel(self.log_level)
        privacy.server_settings(settings, self.log)  # no referrer out, no query in the log
        kernel_key()  # in the environment of every kernel started from now on
        # ...and so is the port of this server's store line (`store_client`, on loopback only),
        # and how a warm kernel reaches its request socket (`request`): over TLS when we serve it.
        line = store_route.listen(int(os.environ.get(STORE_PORT_ENV) or 0))
        os.environ[STORE_PORT_ENV] = str(line)
        os.environ[STORE_SCHEME_ENV] = "https" if self.certfile else "http"
        os.environ[SERVER_PORT_ENV] = str(self.port)
        os.environ["VOILA_WS_PROTOCOL"] = "wss" if self.certfile else "ws"
        page_render.install()
        self._guard_kernels(settings)
        self._size_the_pool()
        return settings

    def _guard_kernels(self, settings: dict[str, Any]) -> None:
        """Each kernel is its browser's (`opsporing.kernel_access`); a kernel that goes is
        forgotten. Voila's page handler sends a preheated kernel its request through
        `KernelRequestSocket`, which learns the owner; a kernel started for a page learns
        it from the environment it is started with."""
        manager = self.kernel_manager
        self.owners = KernelOwners(
            lambda kernel_id: asyncio.ensure_future(manager.shutdown_kernel(kernel_id))
        )
        settings["opsporing_kernel_owners"] = self.owners
        KernelRequestSocket.owners = self.owners
        voila.handler.RequestInfoSocketHandler = KernelRequestSocket  # Voila's name for it
        start, shut_down = manager.start_kernel, manager.shutdown_kernel
        owner_env = header_env(BROWSER_HEADER)

        async def start_for_page(*args: Any, **kwargs: Any) -> str:
            kernel_id: str = await start(*args, **kwargs)
            self.owners.give(kernel_id, (kwargs.get("env") or {}).get(owner_env, ""))
            return kernel_id

        async def shut_down_and_forget(kernel_id: str, *args: Any, **kwargs: Any) -> Any:
            self.owners.forget(kernel_id)
            KernelRequestSocket.forget(kernel_id)
            return await shut_down(kernel_id, *args, **kwargs)

        manager.start_kernel = start_for_page
        manager.shutdown_kernel = shut_down_and_forget

    def _size_the_pool(self) -> None:
        """With preheating, the entry notebook's pool, sized and paced for the room."""
        if hasattr(self.kernel_manager, "kernel_pools_config"):
            self.pool = RoomPool(self.kernel_manager, self.participants, self.capacity)
            self.pool.install()

    def warm_kernels(self) -> int:
        return self.pool.warm() if self.pool else 0

    def room_state(self) -> dict[str, int]:
        """What the trainer page shows of the room: places, pages open, kernels ready."""
        if self.pool is not None:
            return {
                "capacity": self.capacity,
                "open": self.pool.pages_open(),
                "warm": self.pool.warm(),
            }
        return {"capacity": 0, "open": len(self.kernel_manager.list_kernel_ids()), "warm": 0}

    def is_full(self) -> bool:
        return self.pool is not None and self.pool.is_full()

    def listen(self) -> None:
        """Voila's listen, over TLS when IT gave a certificate (Voila has no setting for it).

        Tornado marks each request of a TLS connection `https`, so the browser's
        identity cookie is then sent `Secure` (`kernel_access.give_cookie`).
        """
        if self.certfile:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(self.certfile, self.keyfile or None)
            plain_listen = self.app.listen

            def listen_tls(port: int, address: str = "", **kwargs: Any) -> Any:
                return plain_listen(port, address, ssl_options=context, **kwargs)

            self.app.listen = listen_tls
        _out_of_the_collectors_sight()
        super().listen()

    def _handle_signal_stop(self, sig: int, frame: Any) -> None:
        """Ctrl+C or SIGTERM: shut the kernels down first, then stop the server.

        Voila stops the loop and then shuts the kernels down on a loop of its own, where
        this server's routes no longer answer. A kernel writes what still waits for its
        save as it exits, through the store line (`opsporing.store_client`), so the
        loop keeps running until every kernel is gone.
        """
        self.log.info("Handle signal %s.", sig)
        self.ioloop.add_callback_from_signal(self._stop_after_kernels)

    async def _stop_after_kernels(self) -> None:
        try:
            await self.kernel_manager.shutdown_all()
        finally:
            self.ioloop.stop()

    def launch_browser(self) -> None:
        """Open the start page, with the token on the LAN (Voila's own opener drops it)."""
        webbrowser.open(self.start_url or self.connection_url, new=self.webbrowser_open_new)
