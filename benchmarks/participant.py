"""A participant at the protocol level: the page, its kernel's widget models, then leaving.

40 browsers on the benchmark machine's two cores would measure the browsers
(each parses megabytes of JavaScript), not the server; in a room every
participant brings a laptop of their own. This does what a browser asks of
the server and nothing else: GET the page (Voila runs it in a preheated
kernel), open the kernel's websocket and ask for every widget model the way
ipywidgets' frontend does, and on leaving send Voila's shutdown beacon.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from datetime import UTC, datetime

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

CONFIG = re.compile(
    r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', re.S
)


def _message(session: str, msg_type: str, content: dict, metadata: dict | None = None) -> str:
    header = {
        "msg_id": uuid.uuid4().hex,
        "msg_type": msg_type,
        "session": session,
        "username": "benchmark",
        "version": "5.3",
        "date": datetime.now(UTC).isoformat(),
    }
    body = {"header": header, "parent_header": {}, "content": content, "buffers": []}
    return json.dumps({**body, "metadata": metadata or {}, "channel": "shell"})


async def visit(base_url: str, notebook: str, timeout: float) -> float:
    """Seconds from the page request until the page's widget models have all arrived."""
    client = AsyncHTTPClient(force_instance=True)
    started = time.perf_counter()
    try:
        page = await client.fetch(
            f"{base_url}voila/render/{notebook}", request_timeout=timeout, connect_timeout=timeout
        )
        found = CONFIG.search(page.body.decode("utf-8"))
        if found is None:
            raise RuntimeError("the page carries no kernel")
        kernel = json.loads(found.group(1))["kernelId"]
        session = uuid.uuid4().hex
        ws_url = base_url.replace("http", "ws", 1) + f"api/kernels/{kernel}/channels"
        connection = await websocket_connect(f"{ws_url}?session_id={session}")
        comm = uuid.uuid4().hex
        opening = {"comm_id": comm, "target_name": "jupyter.widget.control", "data": {}}
        await connection.write_message(
            _message(session, "comm_open", opening, {"version": "1.0.0"})
        )
        request = {"comm_id": comm, "data": {"method": "request_states"}}
        await connection.write_message(_message(session, "comm_msg", request))
        while True:
            raw = await connection.read_message()
            if raw is None:
                raise ConnectionError("the kernel's websocket closed")
            if isinstance(raw, bytes):
                continue  # binary frames carry buffers, never the states reply here
            msg = json.loads(raw)
            data = msg.get("content", {}).get("data", {})
            if msg.get("msg_type") == "comm_msg" and data.get("method") == "update_states":
                break
        elapsed = time.perf_counter() - started
        connection.close()
        await _leave(client, base_url, kernel)
        return elapsed
    finally:
        client.close()


async def _leave(client: AsyncHTTPClient, base_url: str, kernel: str) -> None:
    """Voila's beforeunload beacon: the kernel of a page that was left is shut down."""
    xsrf = uuid.uuid4().hex
    await client.fetch(
        HTTPRequest(
            f"{base_url}voila/api/shutdown/{kernel}",
            method="POST",
            body=f"_xsrf={xsrf}",
            headers={"Cookie": f"_xsrf={xsrf}"},
        ),
        raise_error=False,
    )
