"""The kit server's own routes in a participant's Jupyter Server: handouts and local films.

`opsporing serve` adds these to its Voila application (`opsporing.voila_app`);
under JupyterHub the pages run in Jupyter Server's Voila extension instead, and
this extension adds the same two routes there, so "Dine svar" downloads and
local film copies work on the hub as in the room. Enabled by
`jupyter_server_config.py` next to this file.
"""

from __future__ import annotations

from opsporing.routes import local_films_dir
from opsporing.voila_app import kit_routes


def _jupyter_server_extension_points() -> list[dict]:
    return [{"module": "kit_routes"}]


def _load_jupyter_server_extension(serverapp) -> None:  # type: ignore[no-untyped-def]
    base = serverapp.web_app.settings["base_url"]
    serverapp.web_app.add_handlers(".*$", kit_routes(base, str(local_films_dir())))
