"""The trainer's own `opsporing serve`, and bare Voila beside it for the baselines.

The room is the shipped notebooks and `fixtures/bare.ipynb` side by side in a
temporary content root whose content folders point at the checkout, served by
`opsporing serve --participants N` exactly as a trainer starts it. The
baseline for a crowd is Voila itself with its defaults serving the bare
notebook (`bare_voila`).
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from opsporing import paths, texts
from opsporing.request import KERNEL_KEY_ENV
from opsporing.store_client import SERVER_PORT_ENV, STORE_PORT_ENV, STORE_SCHEME_ENV

FIXTURES = Path(__file__).with_name("fixtures")
BARE = "bare.ipynb"
CONTENT_FOLDERS = ("films", "exercises", "services")
IDLE_CPU = 0.1
"""Summed CPU of the server and its kernels (in cores) below which the room is at rest."""


@dataclass
class Room:
    """A running server: where it listens, its process, and the data folder its kernels use."""

    base_url: str
    process: subprocess.Popen
    data_dir: Path
    notebooks: list[str]
    _seen: dict[int, psutil.Process] = field(default_factory=dict)

    def url(self, notebook: str, query: str = "") -> str:
        return f"{self.base_url}voila/render/{notebook}{'?' + query if query else ''}"

    def kernels(self) -> list[psutil.Process]:
        """The server's kernel processes (each page load is one), the same objects each time
        so that `cpu_percent` measures since the previous look."""
        found = []
        for child in psutil.Process(self.process.pid).children(recursive=True):
            known = self._seen.setdefault(child.pid, child)
            try:
                if "ipykernel_launcher" in " ".join(known.cmdline()):
                    found.append(known)
            except psutil.NoSuchProcess:
                continue
        return found

    def total_rss(self) -> int:
        """The whole server: its own process, every kernel, and the handouts' Chromium,
        each process's resident memory summed (a shared library counts once per process)."""
        return self._total(lambda process: process.memory_info().rss)

    def total_pss(self) -> int:
        """The whole server as the machine gives it memory: each process's proportional
        share (PSS), so the pages forty kernels share (Python, its libraries) count once."""
        return self._total(lambda process: process.memory_full_info().pss)

    def _total(self, measure: Callable[[psutil.Process], int]) -> int:
        family = [psutil.Process(self.process.pid)]
        family += family[0].children(recursive=True)
        total = 0
        for process in family:
            try:
                total += measure(process)
            except psutil.NoSuchProcess:
                continue
        return total

    def kernel_rss(self) -> tuple[int, int]:
        """(number of kernels, resident memory of them and their children, in bytes).

        A kernel's children count too: the handout page's PDF printer is a
        Chromium the kernel starts.
        """
        total, n = 0, 0
        for kernel in self.kernels():
            try:
                family = [kernel, *kernel.children(recursive=True)]
                total += sum(p.memory_info().rss for p in family)
                n += 1
            except psutil.NoSuchProcess:
                continue
        return n, total

    def settle(self, timeout: float = 120.0, quiet: float = 2.0) -> int:
        """Wait until no kernel started or stopped, and neither they nor the server worked,
        for `quiet` seconds.

        That is when the pools have refilled and every preheated kernel has run
        its page up to the point where it waits for a browser.
        """
        deadline = time.monotonic() + timeout
        last, since = -1, time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.5)
            kernels = self.kernels()
            server = self._seen.setdefault(self.process.pid, psutil.Process(self.process.pid))
            busy = sum(_cpu(p) for p in [server, *kernels]) > IDLE_CPU
            if len(kernels) != last or busy:
                last, since = len(kernels), time.monotonic()
            elif time.monotonic() - since >= quiet:
                return last
        return last


def cpu_seconds(served: Room) -> float:
    """User and system CPU seconds so far of the server and every kernel it runs, from the
    processes' own counters (a kernel that has gone since no longer counts)."""
    total = 0.0
    for process in [psutil.Process(served.process.pid), *served.kernels()]:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def _cpu(process: psutil.Process) -> float:
    try:
        return process.cpu_percent(interval=None) / 100
    except psutil.NoSuchProcess:
        return 0.0


def shipped_notebooks() -> list[str]:
    return sorted(p.name for p in (paths.REPO_ROOT / "notebooks").glob("*.ipynb"))


def _content_root(folder: Path) -> Path:
    folder.mkdir()
    for name in CONTENT_FOLDERS:
        if (paths.REPO_ROOT / name).is_dir():
            (folder / name).symlink_to(paths.REPO_ROOT / name)
    notebooks = folder / "notebooks"
    notebooks.mkdir()
    for name in shipped_notebooks():
        shutil.copy(paths.REPO_ROOT / "notebooks" / name, notebooks / name)
    shutil.copy(FIXTURES / BARE, notebooks / BARE)
    return folder


@contextmanager
def room(port: int, participants: int, timeout: float = 600.0) -> Iterator[Room]:
    """`opsporing serve --participants N` on loopback, yielded once its N kernels are warm;
    on exit stop the server and every kernel it started."""
    with tempfile.TemporaryDirectory(prefix="opsporing-bench-") as tmp:
        root = _content_root(Path(tmp) / "content")
        data = Path(tmp) / "data"
        data.mkdir()
        env = {**os.environ, paths.DATA_ENV: str(data)}
        env.pop(paths.DB_URL_ENV, None)
        command = [sys.executable, "-m", "opsporing", "serve", "--no-browser", "--port", str(port)]
        command += ["--participants", str(participants), "--content", str(root)]
        terminal = Path(tmp) / "terminal.log"
        with _running(command, tmp, env, terminal) as process:
            served = Room(f"http://localhost:{port}/", process, data, [*shipped_notebooks(), BARE])
            _wait_for(
                lambda: texts.SERVE_WARM.format(n=participants) in terminal.read_text(),
                process,
                timeout,
            )
            yield served


@contextmanager
def store_server(port: int, db_url: str, timeout: float = 120.0) -> Iterator[dict[str, str]]:
    """`opsporing serve` on `db_url` with no warm kernels, for writers that save as the
    kit's kernels do (`opsporing.store_client`); yields the environment such a kernel has."""
    with tempfile.TemporaryDirectory(prefix="opsporing-store-") as tmp:
        key = secrets.token_urlsafe(32)
        line = str(_free_port())  # the server's store line listens where it is told to
        env = {**os.environ, paths.DATA_ENV: tmp, paths.DB_URL_ENV: db_url, KERNEL_KEY_ENV: key}
        env[STORE_PORT_ENV] = line
        command = [sys.executable, "-m", "opsporing", "serve", "--no-browser", "--port", str(port)]
        command += ["--participants", "0"]
        with _running(command, tmp, env, Path(tmp) / "terminal.log") as process:
            _wait_listening(port, process, timeout)
            yield {
                SERVER_PORT_ENV: str(port),
                "VOILA_SERVER_URL": "/",
                STORE_SCHEME_ENV: "http",
                STORE_PORT_ENV: line,
                KERNEL_KEY_ENV: key,
            }


@contextmanager
def bare_voila(port: int, timeout: float = 120.0) -> Iterator[Room]:
    """Voila with its defaults serving the bare notebook: what the kit is measured against."""
    with tempfile.TemporaryDirectory(prefix="opsporing-bare-") as tmp:
        shutil.copy(FIXTURES / BARE, Path(tmp) / BARE)
        command = [sys.executable, "-m", "voila", "--no-browser", f"--port={port}", tmp]
        with _running(command, tmp, dict(os.environ), Path(tmp) / "voila.log") as process:
            _wait_listening(port, process, timeout)
            yield Room(f"http://localhost:{port}/", process, Path(tmp), [BARE])


@contextmanager
def _running(command: list[str], cwd: str, env: dict[str, str], log: Path) -> Iterator:
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            children = psutil.Process(process.pid).children(recursive=True)
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
            for child in children:
                if child.is_running():
                    child.kill()


def _wait_for(ready, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        if ready():
            return
        time.sleep(0.5)
    raise TimeoutError("the server was not ready")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_listening(port: int, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
            return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError("the server did not start listening")
