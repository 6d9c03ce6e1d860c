"""The handout page's download buttons: the handout as HTML and as PDF, made when the page opens.

Voila cannot export a page and serves no files we write, so each file travels
inside the page as a `data:` link with a `download` name: nothing is fetched
from anywhere, and it works without internet. Voila runs a fresh kernel per
page load, so the files hold the answers as they are when the page opens.
"""

from __future__ import annotations

import base64
from functools import cache
from html import escape
from importlib.resources import files

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


def download_buttons(store: Store, content: Content, participant: Participant) -> widgets.HTML:
    """Two download links drawn as buttons; where no PDF can be made, HTML and a note."""
    nb = handout_notebook(store, content, participant)
    parts = []
    for fmt in Format:
        try:
            data = convert(nb, fmt)
        except PdfUnavailable:
            parts.append(f'<p role="status">{escape(texts.DOWNLOAD_PDF_UNAVAILABLE)}</p>')
            continue
        parts.append(_link(handout_name(participant, fmt), data, fmt))
    return widgets.HTML(
        f'<style>{_css()}</style><div class="opsporing-downloads">{"".join(parts)}</div>'
    )
