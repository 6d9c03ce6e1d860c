"""A participant at the protocol level: the page, its kernel's widget models, moving, leaving.

40 browsers on the benchmark machine's two cores would measure the browsers
(each parses megabytes of JavaScript), not the server; in a room every
participant brings a laptop of their own. This does what a browser asks of
the server and nothing else: GET the page (Voila runs it in a preheated
kernel), open the kernel's websocket and ask for every widget model the way
ipywidgets' frontend does; move to another view by changing the navigator's
`location` as `navigator.js` does; and on leaving send Voila's
shutdown beacon.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from jupyter_server.services.kernels.connection.base import (
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect

CONFIG = re.compile(
    r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', re.S
)


PROTOCOL = "v1.kernel.websocket.jupyter.org"
"""The kernel websocket protocol a browser's page asks for (JupyterLab's services, which
Voila's page uses): the server passes a kernel's message parts on as they are. Without it
the server decodes and encodes every message as JSON, work no browser makes it do."""


def _message(session: str, msg_type: str, content: dict, metadata: dict | None = None) -> tuple:
    msg_id = uuid.uuid4().hex
    header = {
        "msg_id": msg_id,
        "msg_type": msg_type,
        "session": session,
        "username": "benchmark",
        "version": "5.3",
        "date": datetime.now(UTC).isoformat(),
    }
    parts = [json.dumps(part).encode() for part in (header, {}, metadata or {}, content)]
    return msg_id, serialize_msg_to_ws_v1(parts, "shell")


def _parsed(raw: bytes) -> dict:
    """A message from the kernel in the v1 protocol's frame: its parts as a browser reads them."""
    _channel, parts = deserialize_msg_from_ws_v1(raw)
    header, parent, _metadata, content = (json.loads(part) for part in parts[:4])
    return {
        "msg_type": header.get("msg_type"),
        "header": header,
        "parent_header": parent,
        "content": content,
    }


@dataclass
class Participant:
    """One participant's page: its kernel, websocket, and the widget models it was sent."""

    base_url: str
    kernel: str = ""
    session: str = field(default_factory=lambda: uuid.uuid4().hex)
    connection: WebSocketClientConnection | None = None
    models: dict[str, dict[str, Any]] = field(default_factory=dict)
    client: AsyncHTTPClient = field(default_factory=lambda: AsyncHTTPClient(force_instance=True))
    cookie: str = ""
    """The browser's cookie, as the server set it on the page: its kernel answers only that."""

    async def join(self, notebook: str, query: str, timeout: float) -> float:
        """Seconds from the page request until every widget model of the page has arrived."""
        started = time.perf_counter()
        page = await self.client.fetch(
            f"{self.base_url}voila/render/{notebook}{'?' + query if query else ''}",
            headers={"Cookie": self.cookie} if self.cookie else None,
            request_timeout=timeout,
            connect_timeout=timeout,
        )
        given = [c.split(";", 1)[0] for c in page.headers.get_list("Set-Cookie")]
        self.cookie = "; ".join(filter(None, [self.cookie, *given]))
        found = CONFIG.search(page.body.decode("utf-8"))
        if found is None:
            raise RuntimeError("the page carries no kernel")
        self.kernel = json.loads(found.group(1))["kernelId"]
        ws_url = self.base_url.replace("http", "ws", 1) + f"api/kernels/{self.kernel}/channels"
        self.connection = await websocket_connect(
            HTTPRequest(f"{ws_url}?session_id={self.session}", headers={"Cookie": self.cookie}),
            subprotocols=[PROTOCOL],
            compression_options={},  # as a browser offers it
        )
        if self.connection.selected_subprotocol != PROTOCOL:
            raise RuntimeError(f"the server did not speak {PROTOCOL}")
        comm = uuid.uuid4().hex
        opening = {"comm_id": comm, "target_name": "jupyter.widget.control", "data": {}}
        await self._send("comm_open", opening, {"version": "1.0.0"})
        await self._send("comm_msg", {"comm_id": comm, "data": {"method": "request_states"}})
        while True:
            msg = await self._receive()
            data = msg.get("content", {}).get("data", {})
            if msg.get("msg_type") == "comm_msg" and data.get("method") == "update_states":
                self.models = {k: v["state"] for k, v in data["states"].items()}
                return time.perf_counter() - started

    async def move(self, view: str, place: dict[str, str] | None = None) -> float:
        """Seconds from a click in the navigation until the kernel has shown the view."""
        navigator = next(mid for mid, state in self.models.items() if "views" in state)
        update = {"method": "update", "state": {"location": {"vis": view, **(place or {})}}}
        update["buffer_paths"] = []
        started = time.perf_counter()
        sent = await self._send("comm_msg", {"comm_id": navigator, "data": update})
        while True:  # the kernel is idle again once it has built and sent the view
            msg = await self._receive()
            if msg.get("msg_type") == "comm_open":
                self.models[msg["content"]["comm_id"]] = msg["content"]["data"]["state"]
            if (
                msg.get("msg_type") == "status"
                and msg.get("parent_header", {}).get("msg_id") == sent
                and msg["content"].get("execution_state") == "idle"
            ):
                return time.perf_counter() - started

    async def until_moved(self) -> float:
        """Until the kernel says the trainer moved it (`Navigator.announce_move`, sent after the
        new view and its place): `time.perf_counter()` at that moment."""
        while True:
            msg = await self._receive()
            if msg.get("msg_type") == "comm_open":
                self.models[msg["content"]["comm_id"]] = msg["content"]["data"]["state"]
            data = msg.get("content", {}).get("data", {})
            moved = data.get("method") == "custom" and data.get("content", {}).get("moved")
            if msg.get("msg_type") == "comm_msg" and moved:
                return time.perf_counter()

    async def leave(self) -> None:
        """Voila's beforeunload beacon: the kernel of a page that was left is shut down."""
        if self.connection is not None:
            self.connection.close()
        xsrf = uuid.uuid4().hex
        await self.client.fetch(
            HTTPRequest(
                f"{self.base_url}voila/api/shutdown/{self.kernel}",
                method="POST",
                body=f"_xsrf={xsrf}",
                headers={"Cookie": f"{self.cookie}; _xsrf={xsrf}"},
            ),
            raise_error=False,
        )
        self.client.close()

    async def _send(self, msg_type: str, content: dict, metadata: dict | None = None) -> str:
        assert self.connection is not None
        msg_id, raw = _message(self.session, msg_type, content, metadata)
        await self.connection.write_message(raw, binary=True)
        return msg_id

    async def _receive(self) -> dict:
        assert self.connection is not None
        while True:
            raw = await self.connection.read_message()
            if raw is None:
                raise ConnectionError("the kernel's websocket closed")
            if isinstance(raw, bytes):
                return _parsed(raw)


async def visit(base_url: str, notebook: str, timeout: float, query: str = "") -> float:
    """One page load, start to every model, and leaving again."""
    who = Participant(base_url)
    try:
        return await who.join(notebook, query, timeout)
    finally:
        await who.leave()
