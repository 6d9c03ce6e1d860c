"""The handout page's downloads: the HTML at once, the PDF with one click.

Voila cannot export a page and serves no files we write, so each file travels
inside the page: the HTML (made when the page opens, a fraction of a second)
as a `data:` link with a `download` name; the PDF, which needs a browser and
so is made only when asked for, as the bytes of a message to the button's
browser half (`pdf_button.js`), which saves it. Nothing is fetched from
anywhere, and it works without internet. The PDF is made off the kernel's
event loop, so the page's heartbeat keeps answering while it is made.
"""

from __future__ import annotations

import asyncio
import base64
from functools import cache
from html import escape
from importlib.resources import files
from pathlib import Path
from typing import Any

import anywidget
import ipywidgets as widgets
import traitlets

from opsporing import texts
from opsporing.content import Content
from opsporing.handouts.browser import PdfUnavailable
from opsporing.handouts.build import Format, convert, handout_name, handout_notebook
from opsporing.store import Participant, Store


@cache
def _css() -> str:
    return files("opsporing.handouts").joinpath("download.css").read_text("utf-8")


def _link(name: str, data: bytes) -> str:
    url = f"data:text/html;charset=utf-8;base64,{base64.b64encode(data).decode('ascii')}"
    return (
        f'<a class="opsporing-download" download="{escape(name)}" href="{url}">'
        f"{escape(texts.DOWNLOAD_HTML)}</a>"
    )


class PdfButton(anywidget.AnyWidget):
    """A button that makes the handout's PDF and hands it to the browser to save."""

    _esm = Path(__file__).with_name("pdf_button.js")
    texts = traitlets.Dict().tag(sync=True)

    def __init__(self, notebook: Any, name: str) -> None:
        super().__init__(
            texts={
                "idle": texts.DOWNLOAD_PDF,
                "busy": texts.DOWNLOAD_MAKING_PDF,
                "done": texts.DOWNLOAD_PDF_DONE,
            }
        )
        self.notebook = notebook
        self.name = name
        self.on_msg(self._received)

    def _received(self, _widget: Any, content: dict[str, Any], _buffers: Any) -> None:
        if content.get("type") != "make":
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no kernel loop (a script, a test): make it here
            self._deliver(self._make())
            return
        loop.run_in_executor(None, self._make).add_done_callback(
            lambda done: loop.call_soon_threadsafe(self._deliver, done.result())
        )

    def _make(self) -> bytes | None:
        try:
            return convert(self.notebook, Format.PDF)
        except PdfUnavailable:
            return None

    def _deliver(self, pdf: bytes | None) -> None:
        if pdf is None:
            self.send({"type": "failed", "text": texts.DOWNLOAD_PDF_UNAVAILABLE})
        else:
            self.send({"type": "pdf", "name": self.name}, buffers=[pdf])


class HandoutDownloads(widgets.HBox):
    """The HTML handout as a download link, and the PDF button beside it."""

    def __init__(self, store: Store, content: Content, participant: Participant) -> None:
        self.participant = participant
        self.notebook = handout_notebook(store, content, participant)
        html = convert(self.notebook, Format.HTML)
        link = _link(handout_name(participant, Format.HTML), html)
        self.html_link = widgets.HTML(f"<style>{_css()}</style>{link}")
        self.pdf = PdfButton(self.notebook, handout_name(participant, Format.PDF))
        super().__init__([self.html_link, self.pdf])
        self.add_class("opsporing-downloads")
