"""A real JupyterHub from deploy/jupyterhub/, and participants who use it as a browser would.

The hub runs the shipped `jupyterhub_config.py` (the test adds only ports and
folders through the config's own `OPSPORING_HUB_EKSTRA_CONFIG` hook), its proxy
is configurable-http-proxy from npm, and every participant's server is a
`jupyterhub-singleuser` with Voila. A participant here speaks HTTP and the
kernel's websocket through the hub's proxy, with the cookies a browser keeps:
log in with the workshop code, wait for their server, open the start page and
drive its widgets (see benchmarks/participant.py for the same idea against
`opsporing serve`).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlencode, urlparse
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

import psutil
from server_process import free_port, page_config

from opsporing import paths

REPO = paths.REPO_ROOT
HUB_DIR = REPO / "deploy" / "jupyterhub"
CONFIG = HUB_DIR / "jupyterhub_config.py"
PROXY = HUB_DIR / "node_modules" / ".bin" / "configurable-http-proxy"
START_PAGE = "voila/render/00_start.ipynb"
READY_TIMEOUT = 120.0
"""Seconds for the hub, and then for a participant's server, to answer; CI has two cores."""

EXTRA_CONFIG = """\
# Written by the hub test: only where the hub listens and keeps its state.
import os
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.JupyterHub.db_url = "sqlite:///{state}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{state}/jupyterhub_cookie_secret"
c.ConfigurableHTTPProxy.pid_file = "{state}/proxy.pid"
if os.geteuid() == 0:
    # CI runs as root; the participants' servers run as the hub's user.
    c.Spawner.args = ["--allow-root"]
"""


@dataclass
class Hub:
    """`jupyterhub -f deploy/jupyterhub/jupyterhub_config.py` on free ports."""

    state: Path
    db_url: str
    access_code: str
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("OPSPORING_")}
        extra = self.state / "test_config.py"
        extra.write_text(
            EXTRA_CONFIG.format(
                port=self.port, hub_port=free_port(), api_port=free_port(), state=self.state
            ),
            encoding="utf-8",
        )
        env.update(
            OPSPORING_DB_URL=self.db_url,
            OPSPORING_HUB_ADGANGSKODE=self.access_code,
            OPSPORING_HUB_EKSTRA_CONFIG=str(extra),
            OPSPORING_HUB_HOME=str(self.state / "home" / "{username}"),
            PYTHONUNBUFFERED="1",
        )
        return env

    def start(self) -> None:
        self.state.mkdir(parents=True, exist_ok=True)
        command = [str(Path(sys.executable).with_name("jupyterhub")), "-f", str(CONFIG)]
        log = (self.state / "hub.log").open("a", encoding="utf-8")
        self.process = subprocess.Popen(
            command, cwd=self.state, env=self.environment(), stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyterhub exited:\n{self.log()}")
            try:
                with build_opener().open(self.url + "hub/api/", timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise TimeoutError(f"jupyterhub did not answer:\n{self.log()}")

    def stop(self) -> None:
        """SIGTERM: the hub stops the participants' servers, the proxy and the culler."""
        if self.process is None:
            return
        processes = self.processes()
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for process in processes:
            if process.is_running():
                process.kill()
        self.process = None

    def log(self) -> str:
        path = self.state / "hub.log"
        return path.read_text("utf-8", "replace") if path.exists() else ""

    def processes(self) -> list[psutil.Process]:
        """Everything the hub started: proxy, culler, participants' servers, their kernels."""
        if self.process is None:
            return []
        try:
            return psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []

    def command_lines(self) -> list[str]:
        lines = []
        for process in self.processes():
            try:
                lines.append(" ".join(process.cmdline()))
            except psutil.Error:
                continue
        return lines


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


XSRF_FIELD = re.compile(r'name="_xsrf" value="([^"]+)"')


@dataclass
class Reply:
    status: int
    url: str
    body: str


class Participant:
    """One browser: its own cookies, its own temporary user, its own server."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.cookies = CookieJar()
        self.opener = build_opener(HTTPCookieProcessor(self.cookies))
        self.one_step = build_opener(HTTPCookieProcessor(self.cookies), _NoRedirect)
        self.name = ""

    def request(self, path: str, form: dict[str, str] | None = None) -> Reply:
        """GET (or POST a form) as a browser navigates: following redirects, keeping cookies."""
        data = urlencode(form).encode() if form is not None else None
        request = Request(self.hub.url + path.lstrip("/"), data=data)
        request.add_header("Sec-Fetch-Mode", "navigate")
        return self._send(self.opener, request)

    def where_to(self, path: str) -> str:
        """Where a GET of `path` is redirected (its Location), without going there."""
        request = Request(self.hub.url + path.lstrip("/"))
        request.add_header("Sec-Fetch-Mode", "navigate")
        try:
            with self.one_step.open(request, timeout=READY_TIMEOUT) as response:
                return f"{response.status} (no redirect)"
        except HTTPError as error:
            return error.headers.get("Location", f"{error.code} (no redirect)")

    def api(self, method: str, path: str, body: bytes = b"{}") -> Reply:
        """A REST call to the participant's own server, as its page's script would make it."""
        url = self.hub.url + path.lstrip("/")
        request = Request(url, data=body, method=method)
        own = f"/user/{self.name}/"
        xsrf = next((c.value for c in self.cookies if c.name == "_xsrf" and c.path == own), "")
        assert xsrf, f"the server set no _xsrf cookie: {[(c.name, c.path) for c in self.cookies]}"
        request.add_header("X-XSRFToken", xsrf)
        request.add_header("Sec-Fetch-Mode", "cors")
        request.add_header("Sec-Fetch-Site", "same-origin")
        request.add_header("Content-Type", "application/json")
        return self._send(self.opener, request)

    @staticmethod
    def _send(opener: Any, request: Request) -> Reply:
        try:
            with opener.open(request, timeout=READY_TIMEOUT) as response:
                return Reply(response.status, response.geturl(), response.read().decode())
        except HTTPError as error:
            return Reply(error.code, error.geturl(), error.read().decode("utf-8", "replace"))

    def log_in(self, code: str) -> Reply:
        page = self.request("hub/login")
        match = XSRF_FIELD.search(page.body)
        assert match, f"no login form: {page.status} {page.body[:500]}"
        form = {"_xsrf": match.group(1), "username": "deltager", "adgangskode": code}
        reply = self.request("hub/login", form)
        if reply.status == 200:
            # Logged in: JupyterHub sent us to our server, or to the page that waits for it.
            found = re.search(r"/(?:user|spawn-pending)/([^/?]+)", urlparse(reply.url).path)
            assert found, f"logged in, but landed on {reply.url}"
            self.name = found.group(1)
        return reply

    def open_start_page(self) -> tuple[str, str]:
        """The start page from this participant's own server: (its HTML, its kernel id)."""
        assert self.name, "not logged in"
        path = f"user/{self.name}/{START_PAGE}"
        deadline = time.monotonic() + READY_TIMEOUT
        last = None
        while time.monotonic() < deadline:
            last = self.request(path)
            if last.status == 200 and urlparse(last.url).path == "/" + path:
                return last.body, page_config(last.body)["kernelId"]
            time.sleep(1)
        raise TimeoutError(f"{self.name}'s start page: {last}\n{self.hub.log()[-3000:]}")

    def cookie_header(self, url: str) -> str:
        probe = Request(url)
        self.cookies.add_cookie_header(probe)
        return probe.get_header("Cookie") or ""

    async def channel(self, kernel_id: str) -> Widgets:
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        session = uuid.uuid4().hex
        http_url = f"{self.hub.url}user/{self.name}/api/kernels/{kernel_id}/channels"
        request = HTTPRequest(
            http_url.replace("http", "ws", 1) + f"?session_id={session}",
            headers={
                "Cookie": self.cookie_header(http_url),
                "Sec-Fetch-Mode": "websocket",
                "Origin": self.hub.url.rstrip("/"),
            },
        )
        return Widgets(await websocket_connect(request), session)


class Widgets:
    """A page's widgets, over its kernel's websocket, as ipywidgets' frontend speaks to them."""

    def __init__(self, connection: Any, session: str) -> None:
        self.connection = connection
        self.session = session
        self.states: dict[str, dict] = {}

    async def send(self, msg_type: str, content: dict, metadata: dict | None = None) -> None:
        header = {
            "msg_id": uuid.uuid4().hex,
            "msg_type": msg_type,
            "session": self.session,
            "username": "deltager",
            "version": "5.3",
            "date": datetime.now(UTC).isoformat(),
        }
        message = {
            "header": header,
            "parent_header": {},
            "content": content,
            "metadata": metadata or {},
            "channel": "shell",
            "buffers": [],
        }
        await self.connection.write_message(json.dumps(message))

    async def receive(self) -> dict:
        raw = await self.connection.read_message()
        if raw is None:
            raise ConnectionError("the kernel's websocket closed")
        if isinstance(raw, bytes):
            from jupyter_server.services.kernels.connection.base import (
                deserialize_binary_message,
            )

            return deserialize_binary_message(raw)
        return json.loads(raw)

    async def load(self) -> dict[str, dict]:
        """Every model's state (`request_states`), kept up to date by `until`."""
        comm_id = uuid.uuid4().hex
        opening = {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}}
        await self.send("comm_open", opening, {"version": "1.0.0"})
        await self.send("comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}})
        await self.until(lambda data: data.get("method") == "update_states")
        return self.states

    def find(self, **wanted: Any) -> str:
        """The id of the one model whose state has these values."""
        found = [
            model_id
            for model_id, state in self.states.items()
            if all(state.get(key) == value for key, value in wanted.items())
        ]
        assert len(found) == 1, f"{len(found)} widgets with {wanted}"
        return found[0]

    async def set(self, model_id: str, **state: Any) -> None:
        """What a browser sends when someone types or chooses."""
        self.states[model_id].update(state)
        data = {"method": "update", "state": state, "buffer_paths": []}
        await self.send("comm_msg", {"comm_id": model_id, "data": data})

    async def submit(self, model_id: str, action: str, **values: str) -> None:
        """What a browser sends when a form is submitted (`widgets/form.js`)."""
        content = {"type": "submit", "action": action, "values": values}
        data = {"method": "custom", "content": content}
        await self.send("comm_msg", {"comm_id": model_id, "data": data})

    async def until(self, done: Any, timeout: float = 60.0) -> dict:
        """Read messages (keeping the states current) until `done(data)` for a comm message."""
        async with asyncio.timeout(timeout):
            while True:
                msg = await self.receive()
                kind = msg.get("msg_type") or msg.get("header", {}).get("msg_type")
                content = msg.get("content", {})
                data = content.get("data", {})
                if kind == "comm_msg" and data.get("method") == "update_states":
                    self.states.update({k: v["state"] for k, v in data["states"].items()})
                elif kind == "comm_msg" and data.get("method") in ("update", "echo_update"):
                    self.states.setdefault(content["comm_id"], {}).update(data["state"])
                elif kind == "comm_open":
                    self.states[content["comm_id"]] = dict(data.get("state", {}))
                if kind == "comm_msg" and done(data):
                    return data

    def close(self) -> None:
        self.connection.close()
