"""One warm Chromium per process that turns our HTML into PDF.

nbconvert's `webpdf` starts a browser for every file and cannot be pointed at
the system's Chromium. Here Playwright drives a browser the system already has
from one worker thread that keeps it open: Playwright's sync API is bound to
the thread that started it and refuses to run inside an asyncio loop, which a
Jupyter kernel always has.

Which browser (`candidates`): `OPSPORING_CHROMIUM` alone when it is set (the
trainer chose); otherwise Chromium on PATH or at Debian's path, then Google
Chrome and Microsoft Edge where Playwright's `channel` finds them installed
(every Windows has Edge, most Macs have Chrome). Nothing is ever downloaded:
with none of them, `PdfUnavailable` says in Danish what to install on this
system, and the HTML handout still works.
"""

from __future__ import annotations

import atexit
import os
import queue
import shutil
import sys
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from opsporing import texts

CHROMIUM_ENV = "OPSPORING_CHROMIUM"
DEBIAN_CHROMIUM = "/usr/bin/chromium"
DEFAULT_CHROMIUM = DEBIAN_CHROMIUM
"""Debian's Chromium, which the browser tests and benchmarks drive (CONTRIBUTING.md)."""
CHROMIUM_NAMES = ("chromium", "chromium-browser")
"""Chromium's command on PATH: Debian and Fedora call it `chromium`, Ubuntu `chromium-browser`."""
CHANNELS = ("chrome", "msedge")
"""Installed browsers Playwright finds by name on Windows, macOS and Linux, in this order."""
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class PdfUnavailable(RuntimeError):
    """No PDF can be made here: Playwright (the `pdf` extra) or the browser is missing."""


@dataclass(frozen=True)
class BrowserChoice:
    """One browser to try: a program file, or an installed browser by Playwright's channel."""

    executable: str | None = None
    channel: str | None = None

    def launch_options(self) -> dict[str, str]:
        """What Playwright's `chromium.launch` is told to start."""
        if self.executable:
            return {"executable_path": self.executable}
        return {"channel": self.channel or ""}


def candidates() -> list[BrowserChoice]:
    """The browsers to try for PDFs, in order; none of them is ever downloaded.

    `OPSPORING_CHROMIUM` is the only one when set: a wrong path should be said,
    not quietly replaced by another browser. Chrome and Edge are always listed,
    since only Playwright knows where each system installs them; a missing one
    fails at once when launched.
    """
    if explicit := os.environ.get(CHROMIUM_ENV):
        return [BrowserChoice(executable=explicit)]
    found: dict[str, str] = {}  # the same program under two names is tried once
    on_path = [shutil.which(name) for name in CHROMIUM_NAMES]
    for path in [*on_path, DEBIAN_CHROMIUM]:
        if path and os.path.isfile(path):
            found.setdefault(os.path.realpath(path), path)
    executables = [BrowserChoice(executable=path) for path in found.values()]
    return executables + [BrowserChoice(channel=channel) for channel in CHANNELS]


def system_name(platform: str | None = None) -> str:
    """`windows`, `macos` or `linux`: which advice `PDF_INSTALL` gives."""
    platform = platform or sys.platform
    if platform.startswith(("win", "cygwin")):
        return "windows"
    return "macos" if platform == "darwin" else "linux"


def install_hint(platform: str | None = None) -> str:
    """What to install for PDFs on this system, in Danish."""
    return texts.PDF_INSTALL[system_name(platform)]


def launch(playwright: Any, choices: list[BrowserChoice] | None = None) -> Any:
    """The first of `choices` (default: `candidates()`) that starts, headless.

    Raises `PdfUnavailable` naming what to install when none does.
    """
    tried = candidates() if choices is None else choices
    for choice in tried:
        try:
            return playwright.chromium.launch(
                **choice.launch_options(),
                args=CHROMIUM_ARGS,
                handle_sigint=False,
                handle_sigterm=False,
                handle_sighup=False,
            )
        except Exception:  # missing, or will not start: try the next
            continue
    explicit = next((c.executable for c in tried if c.executable), None)
    if len(tried) == 1 and explicit:
        raise PdfUnavailable(texts.PDF_NO_CHROMIUM.format(path=explicit, install=install_hint()))
    raise PdfUnavailable(texts.PDF_NO_BROWSER.format(install=install_hint()))


class PdfRenderer:
    """Renders HTML to A4 PDF in a browser started on first use and kept until exit.

    Each document gets a fresh browser context with JavaScript off and every
    request refused, so a handout can neither run script nor fetch anything.
    """

    def __init__(self, executable: str | None = None) -> None:
        """`executable`: this browser only; None looks for one on first use (`candidates`)."""
        self.executable = executable
        self._jobs: queue.Queue[tuple[str, Future[bytes]] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._work, name="opsporing-pdf", daemon=True)
        self._thread.start()

    def pdf(self, html: str) -> bytes:
        done: Future[bytes] = Future()
        self._jobs.put((html, done))
        return done.result()

    def close(self) -> None:
        self._jobs.put(None)
        self._thread.join(timeout=10)

    def _launch(self, playwright: Any) -> Any:
        chosen = [BrowserChoice(executable=self.executable)] if self.executable else None
        return launch(playwright, chosen)

    def _work(self) -> None:
        playwright: Any = None
        browser: Any = None
        try:
            while (job := self._jobs.get()) is not None:
                html, done = job
                try:
                    if playwright is None:
                        playwright = _start_playwright()
                    if browser is None or not browser.is_connected():
                        browser = self._launch(playwright)
                    done.set_result(_render(browser, html))
                except Exception as exc:  # the caller gets it; the worker lives on
                    done.set_exception(exc)
        finally:
            if browser is not None:
                browser.close()
            if playwright is not None:
                playwright.stop()


def _start_playwright() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise PdfUnavailable(texts.PDF_NO_PLAYWRIGHT) from exc
    return sync_playwright().start()


def _render(browser: Any, html: str) -> bytes:
    context = browser.new_context(java_script_enabled=False, offline=True)
    try:
        page = context.new_page()
        page.route("**/*", lambda route: route.abort())
        page.set_content(html, wait_until="load")
        pdf: bytes = page.pdf(
            format="A4", print_background=True, prefer_css_page_size=True, tagged=True
        )
        return pdf
    finally:
        context.close()


_renderer: PdfRenderer | None = None
_renderer_lock = threading.Lock()


def renderer() -> PdfRenderer:
    """This process's renderer, started on first use and closed at exit."""
    global _renderer
    with _renderer_lock:
        if _renderer is None:
            _renderer = PdfRenderer()
            atexit.register(_renderer.close)
        return _renderer


def html_to_pdf(html: str) -> bytes:
    return renderer().pdf(html)
