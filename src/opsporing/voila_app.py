"""Voila's application plus what it has no setting for.

Our landing page at `/` and local film files (kept outside `notebooks/`, which
is all Voila's own file route serves) are extra Tornado handlers, and Jupyter
Server's own pages (the login form of `--lan`) come from our template too;
everything else is traitlets config from `opsporing.serve`.
"""

from __future__ import annotations

import webbrowser
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
        return ours + list(super().init_handlers())

    def init_settings(self) -> dict:
        """Jupyter Server's pages (login, errors) from our template first: Danish, no CDN."""
        settings = super().init_settings()
        server_pages = settings["jinja2_env"]
        server_pages.loader = ChoiceLoader(
            [FileSystemLoader(self.template_paths), server_pages.loader]
        )
        return settings

    def launch_browser(self) -> None:
        """Open the start page, with the token on the LAN (Voila's own opener drops it)."""
        webbrowser.open(self.start_url or self.connection_url, new=self.webbrowser_open_new)
