"""A participant's kernel stays lean: after every view, no nbconvert, no Voila server code,
no SQLAlchemy, no pydantic or PyYAML.

Each participant holds one kernel for the whole workshop, so what a kernel
imports is paid forty times over; handouts are made by the server, answers are
read and saved through the server's store line, and the content comes from the
snapshot the server left when it validated the files. The app is run in a real kernel
started as Voila starts a warm one (it learns its page's address from the server's
query route, and reaches the store through the store line, both played here by a
small server with the kit's own store line), opened at the start view, and taken
through every view, a film's questions and a case, as a participant would.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from jupyter_client.manager import start_new_kernel
from tornado.web import Application, HTTPError
from tornado.websocket import WebSocketHandler

from opsporing import content, paths, store, store_route
from opsporing.request import (
    BROWSER_HEADER,
    GREETS_HEADER,
    KERNEL_KEY_ENV,
    KERNEL_KEY_HEADER,
    header_env,
)
from opsporing.store_client import SERVER_PORT_ENV, STORE_PORT_ENV, STORE_SCHEME_ENV

HEAVY = (
    "nbconvert",
    "playwright",
    "bleach",
    "jsonschema",
    "voila",
    "jupyter_server",
    "opsporing.handouts.build",
    "sqlalchemy",
    "pydantic",
    "yaml",
    "opsporing.content.schema",
)

VISIT_EVERY_VIEW = f"""
import json, sys
from opsporing.pages import frame
app = frame.app_for("start")
formatters = "formatters" in get_ipython().display_formatter._trait_values
for view in ("temafilm", "cases", "hjaelp", "handout", "start"):
    app.nav.location = {{"vis": view}}
app.nav.location = {{"vis": "temafilm", "film": app.session.content.films[0].id}}
app.nav.location = {{"vis": "cases", "case": app.session.content.vignettes[0].id}}
visited = sorted(app.built)
heavy = sorted(m for m in sys.modules if any(m == h or m.startswith(h + ".") for h in {HEAVY!r}))
from comm import get_comm_manager
control = get_comm_manager().targets["jupyter.widget.control"].__module__
who = app.session.participant_id
found = {{"visited": visited, "heavy": heavy, "who": who, "control": control}}
protocol = get_ipython().kernel.kernel_info["protocol_version"]
print(json.dumps({{**found, "formatters": formatters, "protocol": protocol}}))
"""


def run_in_kernel(code: str, env: dict[str, str]) -> dict:
    manager, client = start_new_kernel(env=env, cwd=str(paths.REPO_ROOT / "notebooks"))
    try:
        reply = client.execute_interactive(code, timeout=120, output_hook=_collect)
        assert reply["content"]["status"] == "ok", reply["content"]
        return json.loads(_collected.pop())
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


_collected: list[str] = []


def _collect(msg: dict) -> None:
    if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
        _collected.append(msg["content"]["text"])


@contextmanager
def query_route(
    request: dict[str, str], key: str, greets: list[str] | None = None
) -> Iterator[tuple[int, int]]:
    """The server's `voila/query/<kernel id>` route, which tells a warm kernel its page's
    request if the kernel shows the server's kernel key, and its store line: their ports.
    What the kernel says of its greeting (`GREETS_HEADER`) goes into `greets`."""

    class Query(WebSocketHandler):
        def prepare(self) -> None:
            if self.request.headers.get(KERNEL_KEY_HEADER) != key:
                raise HTTPError(404)
            if greets is not None:
                greets.append(self.request.headers.get(GREETS_HEADER, ""))

        def open(self, _kernel_id: str) -> None:
            self.write_message(json.dumps(request))

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    loop = asyncio.new_event_loop()
    started = threading.Event()
    line: list[int] = []

    def serve() -> None:
        asyncio.set_event_loop(loop)
        Application([(r"/voila/query/(.*)", Query)]).listen(port, "127.0.0.1")
        line.append(store_route.listen())
        started.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    started.wait(10)
    try:
        yield port, line[0]
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


def test_a_participant_kernel_never_loads_nbconvert_voila_sqlalchemy_or_pydantic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv(paths.DATA_ENV, str(data))  # the store the route here opens
    monkeypatch.setenv(KERNEL_KEY_ENV, "the-servers-kernel-key")
    db = store.default()
    kim = db.join("Kim", None)
    db.bind_browser("kims-browser", kim.id)
    content.load.cache_clear()
    content.load(paths.REPO_ROOT)  # as `opsporing serve` does before its first kernel
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPSPORING_", "VOILA_"))}
    env[paths.DATA_ENV] = str(data)
    env[KERNEL_KEY_ENV] = "the-servers-kernel-key"
    env[STORE_SCHEME_ENV] = "http"
    request = {"QUERY_STRING": "vis=hjaelp", header_env(BROWSER_HEADER): "kims-browser"}
    greets: list[str] = []
    with query_route(request, env[KERNEL_KEY_ENV], greets) as (port, line):
        env |= {
            "VOILA_PREHEAT": "True",
            "VOILA_KERNEL_ID": "warm-kernel",
            "VOILA_APP_PORT": str(port),
            SERVER_PORT_ENV: str(port),
            STORE_PORT_ENV: str(line),
            "VOILA_SERVER_URL": "/",
            "VOILA_BASE_URL": "/",
        }
        found = run_in_kernel(VISIT_EVERY_VIEW, env)
    # Without SQLAlchemy, only the store line can have told the kernel who this is.
    assert found["who"] == kim.id, "the participant is the browser's, as the server said"
    assert found["visited"] == ["cases", "handout", "hjaelp", "start", "temafilm"]
    assert found["heavy"] == []
    assert found["control"] == "opsporing.widgets.control", "a joining browser's states, once"
    assert found["formatters"], "IPython's display formatters made while the kernel waited"
    # The server opens the page's websocket on the kernel's greeting (`kernel_socket`).
    assert greets == [found["protocol"]], "the warm kernel greets, and tells its protocol"
