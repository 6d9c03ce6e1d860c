"""Voila's application plus what it has no setting for.

Our landing page at `/` and local film files (kept outside `notebooks/`, which
is all Voila's own file route serves) are extra Tornado handlers, and Jupyter
Server's own pages (the login form of `--lan`) come from our template too;
everything else is traitlets config from `opsporing.serve`.
"""

from __future__ import annotations

import webbrowser
from typing import Any
from urllib.parse import parse_qsl, urlencode

from jinja2 import ChoiceLoader, FileSystemLoader
from jupyter_server.base.handlers import AuthenticatedFileHandler, JupyterHandler
from jupyter_server.utils import url_path_join
from tornado import web
from traitlets import Unicode
from voila.app import Voila

from opsporing.serve import FILM_ROUTE, START_PAGE


class StartPageRedirect(JupyterHandler):
    """`/` (and Voila's file tree) lead to our Danish start page, keeping the query.

    Authenticated, so that `/?token=...` logs the browser in before redirecting
    and the join URL can stay short.
    """

    @web.authenticated
    def get(self, path: str = "") -> None:
        query = [(k, v) for k, v in parse_qsl(self.request.query) if k != "token"]
        target = url_path_join(self.base_url, "voila/render", START_PAGE)
        self.redirect(f"{target}?{urlencode(query)}" if query else target)


class _OnlyInsideRoot:
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
        return super().parse_url_path(url_path)  # type: ignore[misc]

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        try:
            return super().validate_absolute_path(root, absolute_path)  # type: ignore[misc]
        except web.HTTPError as error:
            if error.status_code == 403:
                raise web.HTTPError(404) from None
            raise

    async def get(self, path: str, include_body: bool = True) -> None:
        try:
            await super().get(path, include_body=include_body)  # type: ignore[misc]
        except (ValueError, AssertionError, OSError):
            # A malformed path (no `<template>/static/`, an embedded NUL) is no file.
            raise web.HTTPError(404) from None


def _only_inside_root(handler: type) -> type:
    """`handler` with `_OnlyInsideRoot` mixed in, if it serves files; otherwise unchanged."""
    if not (isinstance(handler, type) and issubclass(handler, web.StaticFileHandler)):
        return handler
    if issubclass(handler, _OnlyInsideRoot):
        return handler
    return type(handler.__name__, (_OnlyInsideRoot, handler), {})


def _harden(spec: Any) -> Any:
    """A handler spec `(pattern, handler, *rest)` with its handler made `_only_inside_root`."""
    if isinstance(spec, tuple | list) and len(spec) >= 2:
        return (spec[0], _only_inside_root(spec[1]), *spec[2:])
    return spec


class OpsporingVoila(Voila):
    """Voila plus the two routes it has no setting for: our landing page and local films."""

    start_url = Unicode("", config=True, help="What the trainer's own browser opens at start.")
    films_dir = Unicode("", config=True, help="Folder of local film copies (<film id>.mp4).")

    def init_handlers(self) -> list:
        ours = [
            (self.server_url, StartPageRedirect),
            (url_path_join(self.server_url, r"/voila/tree(/.*)?"), StartPageRedirect),
            (
                url_path_join(self.server_url, FILM_ROUTE, r"([\w-]+\.mp4)"),
                AuthenticatedFileHandler,
                {"path": self.films_dir},
            ),
        ]
        # Tornado takes the first match, so ours go before Voila's file tree.
        return [_harden(spec) for spec in ours + list(super().init_handlers())]

    def init_settings(self) -> dict:
        """Jupyter Server's pages (login, errors) from our template first: Danish, no CDN."""
        settings = super().init_settings()
        server_pages = settings["jinja2_env"]
        server_pages.loader = ChoiceLoader(
            [FileSystemLoader(self.template_paths), server_pages.loader]
        )
        if "static_handler_class" in settings:
            settings["static_handler_class"] = _only_inside_root(settings["static_handler_class"])
        return settings

    def launch_browser(self) -> None:
        """Open the start page, with the token on the LAN (Voila's own opener drops it)."""
        webbrowser.open(self.start_url or self.connection_url, new=self.webbrowser_open_new)
