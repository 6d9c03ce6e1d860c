"""A real `opsporing serve` in a subprocess, for the HTTP and browser tests.

The tests talk to the same server a trainer starts, over HTTP and websockets,
and look at its kernels as processes: what a room would see.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.error import HTTPError
from urllib.parse import urljoin
from urllib.request import HTTPRedirectHandler, Request, build_opener

import psutil

from opsporing import paths, serve, texts
from opsporing.browser_key import COOKIE, key_hash

T = TypeVar("T")
REPO = paths.REPO_ROOT
NOTEBOOKS = sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
KERNEL_ID = re.compile(r"kernel-([0-9a-f-]{36})\.json")
READY_TIMEOUT = 180.0
"""Seconds to fill the pools: on CI's two cores a kernel start takes a few seconds each."""


def content_with_local_film(root: Path, film_id: str) -> Path:
    """The shipped content seen through links, plus `films/local/<film_id>.mp4`.

    So a test can serve a local film copy without writing into the checkout.
    """
    root.mkdir(parents=True, exist_ok=True)
    for name in ("notebooks", "exercises", "services"):
        (root / name).symlink_to(REPO / name, target_is_directory=True)
    (root / "films" / "local").mkdir(parents=True)
    for entry in (REPO / "films").iterdir():
        if entry.name != "local":
            (root / "films" / entry.name).symlink_to(entry)
    (root / "films" / "local" / f"{film_id}.mp4").write_bytes(FAKE_MP4)
    return root


FAKE_MP4 = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 8
"""Not a playable film: the tests check the bytes and headers the server sends."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


_opener = build_opener(_NoRedirect)


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    cookies: tuple[str, ...] = ()
    """Every `Set-Cookie` (`headers` keeps only the last of several), name=value only."""

    @property
    def text(self) -> str:
        """The body as a browser reads it: unzipped when the server gzipped it."""
        body = self.body
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return body.decode("utf-8", "replace")


def get(url: str, timeout: float = 120.0, headers: dict[str, str] | None = None) -> Response:
    """GET without following redirects, so a test sees where `/` leads."""
    return _send(Request(url, headers=headers or {}), timeout)


def post(url: str, form: bytes, headers: dict[str, str] | None = None) -> Response:
    """POST a urlencoded form, without following redirects."""
    return _send(Request(url, data=form, headers=headers or {}, method="POST"), 60.0)


def open_page(
    server: OpsporingServer, notebook: str, query: str = "", headers: dict[str, str] | None = None
) -> Response:
    """A page load as a browser makes it: a room full of earlier tests' pages says "der er
    fuldt" (503) and the page tries again by itself, so this does too (their kernels go
    when the pages are left, or after the idle timeout)."""
    deadline = time.monotonic() + 120
    while True:
        page = get(server.page_url(notebook, query), headers=headers)
        if page.status != 503 or time.monotonic() > deadline:
            return page
        time.sleep(2)


def leave(server: OpsporingServer, kernel: str) -> None:
    """Close the page whose kernel this is, as a browser does when a tab closes: Voila's
    shutdown beacon, from the browser the kernel was given to."""
    xsrf = uuid.uuid4().hex
    cookie = "; ".join(filter(None, [BROWSER_OF_KERNEL.get(kernel, ""), f"_xsrf={xsrf}"]))
    post(server.url + f"voila/api/shutdown/{kernel}", f"_xsrf={xsrf}".encode(), {"Cookie": cookie})


BROWSER_OF_KERNEL: dict[str, str] = {}
"""The Cookie header of the browser each page's kernel was given to, as a browser keeps it:
the server opens a kernel to that browser only (`opsporing.kernel_access`)."""


def _send(request: Request, timeout: float) -> Response:
    """`timeout` bounds the whole answer, not each read: while a page renders, Voila sends a
    heartbeat every few seconds, so a page that never finishes would never time out a read."""
    deadline = time.monotonic() + timeout
    try:
        with _opener.open(request, timeout=timeout) as response:
            made = _response(response.status, response.headers, _read(response, deadline))
    except HTTPError as error:
        made = _response(error.code, error.headers, error.read())
    _remember_browser(request, made)
    return made


def _read(response: Any, deadline: float) -> bytes:
    parts = []
    while chunk := response.read1(1 << 16):
        parts.append(chunk)
        if time.monotonic() > deadline:
            raise TimeoutError(f"{response.url} was not answered in full within its time")
    return b"".join(parts)


def _response(status: int, headers: Any, body: bytes) -> Response:
    cookies = tuple(c.split(";", 1)[0] for c in headers.get_all("Set-Cookie") or [])
    return Response(status, dict(headers), body, cookies)


def _remember_browser(request: Request, response: Response) -> None:
    if "text/html" not in response.headers.get("Content-Type", ""):
        return
    found = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', response.text)
    if found:
        sent = request.get_header("Cookie") or ""
        BROWSER_OF_KERNEL[found.group(1)] = "; ".join(filter(None, [sent, *response.cookies]))


SEEN_BY_TEST: list[OpsporingServer] = []
"""Servers that ran during the current test: a failing test shows the end of their logs
(`conftest.pytest_runtest_makereport`)."""


@dataclass
class OpsporingServer:
    """`opsporing serve --no-browser` on a free port with its own data folder."""

    data_dir: Path
    log_path: Path
    content_root: Path = REPO
    port: int = field(default_factory=free_port)
    participants: int = 5
    """The room's warm pool (`--participants`): kernels waiting for the entry notebook."""
    idle_timeout: int = 10
    lan: bool = False
    voila_config: dict | None = None
    """Traitlets config for the server, as a trainer would put it in a `voila.json`."""
    certificate: tuple[Path, Path] | None = None
    """IT's certificate and key (`--certfile`, `--keyfile`): the server speaks HTTPS only."""
    process: subprocess.Popen | None = None
    token: str = ""
    join_url: str | None = None
    _warm_before: int = 0
    _runs_before: int = 0
    """"Klar til" and listening lines in the log from earlier runs (the log survives a restart)."""

    @property
    def url(self) -> str:
        scheme = "https" if self.certificate else "http"
        return f"{scheme}://127.0.0.1:{self.port}/"

    def page_url(self, notebook: str, query: str = "") -> str:
        return urljoin(self.url, f"voila/render/{notebook}") + (f"?{query}" if query else "")

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("OPSPORING_")}
        env[paths.DATA_ENV] = str(self.data_dir)
        env["PYTHONUNBUFFERED"] = "1"
        if self.voila_config is not None:
            folder = self.data_dir.parent / "jupyter-config"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "voila.json").write_text(json.dumps(self.voila_config), "utf-8")
            env["JUPYTER_CONFIG_DIR"] = str(folder)
        return env

    def start(self) -> None:
        command = [sys.executable, "-m", "opsporing", "serve", "--no-browser"]
        command += ["--port", str(self.port), "--participants", str(self.participants)]
        command += ["--idle-timeout", str(self.idle_timeout), "--content", str(self.content_root)]
        if self.lan:
            command.append("--lan")
        if self.certificate:
            command += [
                "--certfile",
                str(self.certificate[0]),
                "--keyfile",
                str(self.certificate[1]),
            ]
        SEEN_BY_TEST.append(self)
        log = self.log_path.open("a", encoding="utf-8")
        self.process = subprocess.Popen(
            command, cwd=REPO, env=self.environment(), stdout=log, stderr=subprocess.STDOUT
        )
        self._wait_ready()

    def _wait_ready(self) -> None:
        """Until the room's pool is warm ("Klar til N deltagere."), so kernel counts are stable."""
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"opsporing serve exited:\n{self.log()}")
            log = self.log()
            if match := re.search(r"\?token=([\w-]+)", log):
                self.token = match.group(1)
            if match := re.search(r"Deltagerne åbner: (\S+)", log):
                self.join_url = match.group(1)
            listening = log.count("Voilà is running at") > self._runs_before
            warm_line = texts.SERVE_WARM.format(n=self.participants)
            warm = self.terminal().count(warm_line) > self._warm_before
            if listening and (self.participants == 0 or warm):
                return
            time.sleep(0.5)
        raise TimeoutError(f"opsporing serve was not ready:\n{self.log()}")

    def stop(self) -> None:
        """SIGTERM, as a trainer's Ctrl+C: Voila shuts its kernels down on the way out."""
        if self.process is None:
            return
        kernels = self.kernel_processes()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for kernel in kernels:
            if kernel.is_running():
                kernel.kill()
        self.process = None

    def restart(self) -> None:
        """Stop and start again on the same port and data folder."""
        self.stop()
        self._warm_before = self.terminal().count(texts.SERVE_WARM.format(n=self.participants))
        self._runs_before = self.log().count("Voilà is running at")
        self.start()

    def log(self) -> str:
        """What the trainer's terminal showed, then the server's own log in the data folder."""
        server_log = self.data_dir / serve.LOG_FILE
        return "".join(p.read_text("utf-8") for p in (self.log_path, server_log) if p.exists())

    def terminal(self) -> str:
        """Only what the trainer's terminal showed."""
        return self.log_path.read_text("utf-8") if self.log_path.exists() else ""

    @property
    def pool_total(self) -> int:
        """Warm kernels of a room at rest: one per participant (`RoomPool.wanted` with no
        page open: never more than the room has participants)."""
        return self.participants

    def kernel_processes(self) -> list[psutil.Process]:
        if self.process is None:
            return []
        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        return [p for p in children if KERNEL_ID.search(" ".join(_cmdline(p)))]

    def kernel_pids(self) -> dict[str, int]:
        """Kernel id -> pid, from the connection file each kernel is started with."""
        found = {}
        for process in self.kernel_processes():
            if match := KERNEL_ID.search(" ".join(_cmdline(process))):
                found[match.group(1)] = process.pid
        return found

    def kernel_count(self) -> int:
        return len(self.kernel_pids())

    def wait_for_kernel_count(self, expected: int, timeout: float) -> int:
        """Poll until exactly `expected` kernels run; returns the last count seen."""
        deadline = time.monotonic() + timeout
        count = self.kernel_count()
        while count != expected and time.monotonic() < deadline:
            time.sleep(0.5)
            count = self.kernel_count()
        return count


def _cmdline(process: psutil.Process) -> list[str]:
    try:
        return process.cmdline()
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return []


def browser_of(page: Response) -> str:
    """The key the server knows the browser of `page` by (what the store binds participants
    to), from the cookie it set: a test standing in for a participant who joined there."""
    value = next(c.split("=", 1)[1] for c in page.cookies if c.startswith(f"{COOKIE}="))
    return key_hash(value.rpartition(".")[0])


def login_cookie(server: OpsporingServer) -> str:
    """A page load's cookie (on the LAN a token logs in): what the server's own routes ask."""
    return "; ".join(get(server.page_url("00_start.ipynb")).cookies)


def page_config(html: str) -> dict:
    """The `jupyter-config-data` a rendered page carries (kernel id, extensions)."""
    match = re.search(
        r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert match, "the page has no jupyter-config-data"
    return json.loads(match.group(1))


def widget_states(
    server: OpsporingServer, kernel_id: str, timeout: float = 30.0, cookie: str | None = None
) -> dict:
    """Every widget model's state in a page's kernel, as the browser would receive it.

    Voila renders widgets in the browser, so a page's HTML holds only model ids.
    This asks the kernel over the page's own websocket, the way ipywidgets'
    frontend does (`jupyter.widget.control`, `request_states`).
    """
    # In a thread of its own: Playwright's sync API keeps an event loop running here.
    with ThreadPoolExecutor(max_workers=1) as thread:
        asked = _widget_states(server, kernel_id, timeout, cookie)
        return thread.submit(asyncio.run, asked).result()


class KernelChannel:
    """A page kernel's websocket, spoken to as a browser (or a hostile client) would."""

    def __init__(self, connection: Any, session: str) -> None:
        self.connection = connection
        self.session = session

    @classmethod
    async def open(
        cls, server: OpsporingServer, kernel_id: str, cookie: str | None = None
    ) -> KernelChannel:
        """As the browser the page was given to, unless `cookie` says which browser asks."""
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        session = uuid.uuid4().hex
        ws_url = server.url.replace("http", "ws", 1) + f"api/kernels/{kernel_id}/channels"
        query = f"?session_id={session}" + (f"&token={server.token}" if server.token else "")
        browser = BROWSER_OF_KERNEL.get(kernel_id, "") if cookie is None else cookie
        request = HTTPRequest(ws_url + query, headers={"Cookie": browser} if browser else None)
        # Compressed, as every browser offers it (the server's `WEBSOCKET_COMPRESSION`).
        return cls(await websocket_connect(request, compression_options={}), session)

    async def send(self, msg_type: str, content: dict, metadata: dict | None = None) -> None:
        header = {
            "msg_id": uuid.uuid4().hex,
            "msg_type": msg_type,
            "session": self.session,
            "username": "test",
            "version": "5.3",
            "date": datetime.now(UTC).isoformat(),
        }
        body = {"header": header, "parent_header": {}, "content": content}
        message = {**body, "metadata": metadata or {}, "channel": "shell", "buffers": []}
        await self.connection.write_message(json.dumps(message))

    async def receive(self) -> dict:
        raw = await self.connection.read_message()
        if raw is None:
            raise ConnectionError("the kernel's websocket closed")
        return _decode(raw)

    def close(self) -> None:
        self.connection.close()


async def _widget_states(
    server: OpsporingServer, kernel_id: str, timeout: float, cookie: str | None
) -> dict:
    channel = await KernelChannel.open(server, kernel_id, cookie)
    comm_id = uuid.uuid4().hex
    opening = {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}}
    # ipywidgets refuses a control comm that does not name its protocol version.
    await channel.send("comm_open", opening, {"version": "1.0.0"})
    await channel.send("comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}})
    try:
        async with asyncio.timeout(timeout):
            while True:
                msg = await channel.receive()
                data = msg.get("content", {}).get("data", {})
                if msg.get("msg_type") == "comm_msg" and data.get("method") == "update_states":
                    return data["states"]
    finally:
        channel.close()


def _decode(raw: str | bytes) -> dict:
    if isinstance(raw, str):
        return json.loads(raw)
    from jupyter_server.services.kernels.connection.base import deserialize_binary_message

    return deserialize_binary_message(raw)


def widget_text(states: dict) -> str:
    """All text the page's HTML-ish widgets hold (values, labels, descriptions)."""
    parts = []
    for model in states.values():
        state = model.get("state", {})
        for key in ("value", "description", "placeholder", "tooltip"):
            value = state.get(key)
            if isinstance(value, str):
                parts.append(value)
    return "\n".join(parts)


def run_in_own_loop(coroutine: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run(coroutine)` in a thread of its own: once a browser test has run,
    Playwright's sync API keeps an event loop running in the main thread."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, coroutine).result()
