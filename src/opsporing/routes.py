"""The kit server's own routes, as the kernels see them at run time.

`opsporing.serve` configures and starts the server (and `voila_app` adds these
routes to it); a participant's kernel only needs to know the addresses, so it
imports this small module and never the launch configuration.
"""

from __future__ import annotations

import os
from pathlib import Path

from opsporing import paths

FILM_ROUTE = "opsporing/film"
HANDOUT_ROUTE = "opsporing/handout"
ROOM_ROUTE = "opsporing/rum"
ROOM_WAIT = 1.0
"""Seconds the trainer page waits for the room's figures before it shows none."""
JOIN_URL_ENV = "OPSPORING_JOIN_URL"


def join_url() -> str | None:
    """The address participants open to join over the room's network, or None.

    Set by `opsporing serve --lan` for every kernel it starts, so the trainer
    page can show it (as a QR code) without knowing how the server was started.
    """
    return os.environ.get(JOIN_URL_ENV) or None


def local_url() -> str | None:
    """The kit's address on this computer, from what Voila tells its kernels; None in
    JupyterLab. Without `--lan` it is the only address there is."""
    port = os.environ.get("VOILA_APP_PORT")
    if not port:
        return None
    return f"http://localhost:{port}{os.environ.get('VOILA_BASE_URL', '/')}"


def base_url() -> str | None:
    """The server's base URL under Voila; None in JupyterLab, where the kit has no routes."""
    return os.environ.get("VOILA_BASE_URL")


def local_films_dir(content_root: Path | None = None) -> Path:
    return (content_root or paths.content_root()) / "films" / "local"


def film_url(film_id: str) -> str | None:
    """The URL a page's `<video>` plays a local copy of a film from, or None.

    A trainer puts `films/local/<film id>.mp4` next to the content for rooms
    without internet; the server serves that folder under `FILM_ROUTE`.
    """
    base = base_url()
    if base is None or not (local_films_dir() / f"{film_id}.mp4").is_file():
        return None
    return f"{base.rstrip('/')}/{FILM_ROUTE}/{film_id}.mp4"


def room_state() -> dict[str, int] | None:
    """How full the room is (`capacity`, `open` pages, `warm` kernels), from the kit's server;
    None in JupyterLab, or when the server does not answer. Only the server's own kernels
    may ask (they show `request.KERNEL_KEY_ENV`)."""
    import json
    from http.client import HTTPException

    from opsporing.request import KERNEL_KEY_ENV, KERNEL_KEY_HEADER
    from opsporing.store_client import served, server_connection, server_path

    if not served():
        return None
    connection = server_connection(ROOM_WAIT)
    try:
        key = os.environ.get(KERNEL_KEY_ENV, "")
        connection.request("GET", server_path(ROOM_ROUTE), headers={KERNEL_KEY_HEADER: key})
        answer = connection.getresponse()
        found = json.loads(answer.read()) if answer.status == 200 else None
    except (OSError, HTTPException, ValueError):
        return None
    finally:
        connection.close()
    return None if found is None else {k: int(found[k]) for k in ("capacity", "open", "warm")}


def handout_url(fmt: str) -> str | None:
    """Where the server makes the asking browser's own handout (`html` or `pdf`), or None."""
    base = base_url()
    if base is None:
        return None
    return f"{base.rstrip('/')}/{HANDOUT_ROUTE}.{fmt}"
