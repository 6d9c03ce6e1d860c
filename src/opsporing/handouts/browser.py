"""One warm Chromium per process that turns our HTML into PDF.

nbconvert's `webpdf` starts a browser for every file and cannot be pointed at
the system's Chromium. Here Playwright drives the system browser
(`/usr/bin/chromium`, or `OPSPORING_CHROMIUM`) from one worker thread that
keeps it open: Playwright's sync API is bound to the thread that started it and
refuses to run inside an asyncio loop, which a Jupyter kernel always has.
"""

from __future__ import annotations

import atexit
import os
import queue
import threading
from concurrent.futures import Future
from typing import Any

from opsporing import texts

CHROMIUM_ENV = "OPSPORING_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
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


class PdfRenderer:
    """Renders HTML to A4 PDF in a browser started on first use and kept until exit.

    Each document gets a fresh browser context with JavaScript off and every
    request refused, so a handout can neither run script nor fetch anything.
    """

    def __init__(self, executable: str) -> None:
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
        try:
            return playwright.chromium.launch(
                executable_path=self.executable,
                args=CHROMIUM_ARGS,
                handle_sigint=False,
                handle_sigterm=False,
                handle_sighup=False,
            )
        except Exception as exc:
            raise PdfUnavailable(texts.PDF_NO_CHROMIUM.format(path=self.executable)) from exc

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
        return page.pdf(format="A4", print_background=True, prefer_css_page_size=True, tagged=True)
    finally:
        context.close()


_renderer: PdfRenderer | None = None
_renderer_lock = threading.Lock()


def renderer() -> PdfRenderer:
    """This process's renderer, started on first use and closed at exit."""
    global _renderer
    with _renderer_lock:
        if _renderer is None:
            _renderer = PdfRenderer(os.environ.get(CHROMIUM_ENV) or DEFAULT_CHROMIUM)
            atexit.register(_renderer.close)
        return _renderer


def html_to_pdf(html: str) -> bytes:
    return renderer().pdf(html)
