"""The server's handout route: a participant's answers as HTML or PDF, made once for the room.

A participant's kernel holds no exporter and no browser (each would cost tens
of megabytes forty times over). The server holds one warm nbconvert exporter
per format and one shared Chromium (`opsporing.handouts.browser`), and makes
each file in a worker thread, so the event loop that carries every
participant's widgets never waits for a PDF.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import cache
from urllib.parse import quote

from jupyter_server.base.handlers import JupyterHandler
from tornado import web
from tornado.ioloop import IOLoop

from opsporing import content, paths, store, texts
from opsporing.handouts.browser import PdfUnavailable
from opsporing.handouts.build import Format, convert, handout_name, handout_notebook
from opsporing.kernel_access import browser_of

WORKERS = 2
"""Two files in the making at once: on two cores more only queue for the CPU."""

_pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="opsporing-handout")


@cache
def _content() -> content.Content:
    """The content, validated once in the server for every handout it makes."""
    return content.load(paths.content_root())


def make(browser: str, fmt: Format) -> tuple[str, bytes] | None:
    """The file's name and bytes for the browser's participant, or None when it is nobody."""
    s = store.default()
    participant = s.browser_participant(browser)
    if participant is None:
        return None
    nb = handout_notebook(s, _content(), participant)
    return handout_name(participant, fmt), convert(nb, fmt)


class HandoutHandler(JupyterHandler):
    """`GET <base>/opsporing/handout.<html|pdf>`: the asking browser's own answers, to download.

    Whose answers is the browser's cookie's to say (`opsporing.kernel_access.browser_of`),
    never the address's: there is no route that takes a participant id.
    """

    @web.authenticated
    async def get(self, extension: str) -> None:
        fmt = Format(extension)
        browser = browser_of(self)
        if browser.new_cookie is not None:  # no cookie, or one the server did not sign
            self._fail(404, texts.HANDOUT_UNKNOWN_PARTICIPANT)
            return
        try:
            made = await IOLoop.current().run_in_executor(_pool, make, browser.key, fmt)
        except PdfUnavailable:
            self._fail(503, texts.DOWNLOAD_PDF_UNAVAILABLE)
            return
        if made is None:
            self._fail(404, texts.HANDOUT_UNKNOWN_PARTICIPANT)
            return
        name, body = made
        self.set_header("Content-Type", "application/pdf" if fmt == Format.PDF else "text/html")
        self.set_header(
            "Content-Disposition", f"attachment; filename*=UTF-8''{quote(name, safe='')}"
        )
        # Someone's answers: never kept by a shared computer's browser or a proxy.
        self.set_header("Cache-Control", "no-store")
        self.finish(body)

    def _fail(self, status: int, message: str) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(message)
