"""The handout page's download buttons: the handout as HTML at once, as PDF on request.

Voila cannot export a page and serves no files we write, so each file travels
inside the page as a `data:` link with a `download` name: nothing is fetched
from anywhere, and it works without internet. The HTML is made when the page
opens (a fraction of a second); the PDF needs a browser, so it is made when
asked for, which spares a room of forty kernels forty browsers at once.
"""

from __future__ import annotations

import base64
from functools import cache
from html import escape
from importlib.resources import files
from typing import Any

import ipywidgets as widgets

from opsporing import texts
from opsporing.content import Content
from opsporing.handouts.browser import PdfUnavailable
from opsporing.handouts.build import Format, convert, handout_name, handout_notebook
from opsporing.store import Participant, Store

MIME_TYPES = {Format.HTML: "text/html;charset=utf-8", Format.PDF: "application/pdf"}
LABELS = {Format.HTML: texts.DOWNLOAD_HTML, Format.PDF: texts.DOWNLOAD_PDF}


@cache
def _css() -> str:
    return files("opsporing.handouts").joinpath("download.css").read_text("utf-8")


def _link(name: str, data: bytes, fmt: Format) -> str:
    url = f"data:{MIME_TYPES[fmt]};base64,{base64.b64encode(data).decode('ascii')}"
    return (
        f'<a class="opsporing-download" download="{escape(name)}" href="{url}">'
        f"{escape(LABELS[fmt])}</a>"
    )


class HandoutDownloads(widgets.HBox):
    """A download link for the HTML handout, and a button that makes the PDF and links it."""

    def __init__(self, store: Store, content: Content, participant: Participant) -> None:
        self.participant = participant
        self.notebook = handout_notebook(store, content, participant)
        html = convert(self.notebook, Format.HTML)
        link = _link(handout_name(participant, Format.HTML), html, Format.HTML)
        self.html_link = widgets.HTML(f"<style>{_css()}</style>{link}")
        self.pdf_button = widgets.Button(description=texts.DOWNLOAD_MAKE_PDF)
        self.pdf_button.add_class("opsporing-download-button")
        self.pdf_button.on_click(self.make_pdf)
        self.pdf_link = widgets.HTML()
        super().__init__([self.html_link, self.pdf_button, self.pdf_link])
        self.add_class("opsporing-downloads")

    def make_pdf(self, _button: Any = None) -> None:
        self.pdf_button.disabled = True
        self.pdf_button.description = texts.DOWNLOAD_MAKING_PDF
        try:
            pdf = convert(self.notebook, Format.PDF)
        except PdfUnavailable:
            self.pdf_link.value = f'<p role="status">{escape(texts.DOWNLOAD_PDF_UNAVAILABLE)}</p>'
        else:
            name = handout_name(self.participant, Format.PDF)
            self.pdf_link.value = _link(name, pdf, Format.PDF)
        self.pdf_button.layout.display = "none"
