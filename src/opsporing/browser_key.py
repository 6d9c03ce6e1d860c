"""Which browser asks: an HttpOnly cookie the kit's server sets, never an address.

A workshop is public: the projector shows the address bar, people share a
link to "this case", a shared computer keeps its history. So who a
participant is never travels in an address, a link or anything the page's
scripts can read. The server gives each browser a random key in a cookie
that scripts cannot read (`HttpOnly`), that no other site's page sends
(`SameSite=Strict`), signed with a secret kept in the data folder so that a
made-up value is known as one and the cookie survives a server restart.

What the rest of the kit sees is the key's hash (`key_hash`): the store binds
participants to it (`browsers`), the server binds kernels to it
(`opsporing.kernel_access`), and a participant's kernel learns it from the
server with the page's request (`opsporing.request.browser`). The raw cookie
value stays between the browser and the server.

Under JupyterHub a participant's server is theirs alone and the hub has
already said who they are: the browser is then named by the hub user.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from opsporing import paths

COOKIE = "opsporing-browser"
LIFETIME_DAYS = 400
"""As long as browsers keep a cookie (Chromium caps at 400 days); the holds end sooner."""
SECRET_FILE = "browser-secret"
_RANDOM_BYTES = 24
_SIGNATURE_CHARS = 32


@dataclass(frozen=True)
class Browser:
    """The browser behind a request: its key's hash, and what to set in its cookie."""

    key: str
    """The hash the store and the server know the browser by."""
    new_cookie: str | None = None
    """A cookie value to set: the browser had none, or one the server did not sign."""
    forged: bool = False
    """The browser sent a cookie that the server did not sign (made up, or damaged)."""


@cache
def secret(data_dir: Path) -> bytes:
    """The server's signing secret, made once per data folder and readable by its owner only."""
    path = data_dir / SECRET_FILE
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_bytes(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return path.read_bytes()
    with os.fdopen(fd, "wb") as file:
        file.write(secret)
    return secret


def signed(random_part: str, key: bytes) -> str:
    """The cookie value for `random_part`, signed with the server's secret `key`."""
    digest = hmac.new(key, random_part.encode(), hashlib.sha256)
    return f"{random_part}.{digest.hexdigest()[:_SIGNATURE_CHARS]}"


def _signature(random_part: str) -> str:
    return signed(random_part, secret(paths.data_dir())).rpartition(".")[2]


def key_hash(random_part: str) -> str:
    """What the kit knows a browser by: not the cookie itself, so the store cannot forge one."""
    return hashlib.sha256(f"opsporing-browser:{random_part}".encode()).hexdigest()


def new_random_part() -> str:
    return secrets.token_urlsafe(_RANDOM_BYTES)


def new_cookie() -> str:
    return signed(new_random_part(), secret(paths.data_dir()))


def verified(cookie: str | None) -> str | None:
    """The cookie's random part if the server signed it, else None."""
    if not cookie or "." not in cookie:
        return None
    random_part, _, signature = cookie.rpartition(".")
    if not random_part or not hmac.compare_digest(signature, _signature(random_part)):
        return None
    return random_part


def hub_user_key(user: str) -> str:
    """Under JupyterHub: the browser is its hub user's (their server is theirs alone)."""
    return hashlib.sha256(f"opsporing-hub-user:{user}".encode()).hexdigest()


def of_cookie(cookie: str | None) -> Browser:
    """The browser that sent `cookie` (None: no cookie), with a new cookie where it needs one."""
    random_part = verified(cookie)
    if random_part is not None:
        return Browser(key_hash(random_part))
    fresh = new_cookie()
    return Browser(key_hash(verified(fresh) or ""), new_cookie=fresh, forged=bool(cookie))


def hub_user() -> str | None:
    """The hub user a single-user server belongs to, or None outside JupyterHub."""
    return os.environ.get("JUPYTERHUB_USER") or None
