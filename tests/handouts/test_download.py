"""The handout page's downloads carry the files themselves, so they work offline."""

from __future__ import annotations

import asyncio
import base64
import re
import threading

import pytest
from bs4 import BeautifulSoup

from opsporing import content, store, texts
from opsporing.handouts import browser
from opsporing.handouts.download import HandoutDownloads, PdfButton

from .conftest import DANISH


def _links(widget_html: str) -> dict[str, bytes]:
    soup = BeautifulSoup(widget_html, "html.parser")
    found = {}
    for a in soup.select("a.opsporing-download"):
        match = re.fullmatch(r"data:[^;]+(?:;charset=utf-8)?;base64,(.+)", a["href"])
        assert match, a["href"][:60]
        found[a["download"]] = base64.b64decode(match.group(1))
    return found


def test_the_html_is_ready_when_the_page_opens(
    shipped: content.Content, participant: tuple[store.Store, store.Participant]
) -> None:
    s, p = participant
    downloads = HandoutDownloads(s, shipped, p)
    files = _links(downloads.html_link.value)
    assert set(files) == {"mine-svar-Søs-Ågård.html"}
    assert DANISH in files["mine-svar-Søs-Ågård.html"].decode("utf-8")


def _press(button: PdfButton, monkeypatch: pytest.MonkeyPatch) -> list[tuple[dict, list]]:
    """Click the PDF button as its browser half does, inside a running event loop as in a
    kernel, and collect what it sends back once the PDF is made off the loop."""
    sent: list[tuple[dict, list]] = []
    monkeypatch.setattr(
        button, "send", lambda content, buffers=None: sent.append((content, buffers or []))
    )

    async def click_and_wait() -> None:
        button._received(button, {"type": "make"}, [])
        for _ in range(900):
            if sent:
                return
            await asyncio.sleep(0.1)

    # A thread of its own: Playwright's sync API may leave a loop on this one.
    worker = threading.Thread(target=lambda: asyncio.run(click_and_wait()))
    worker.start()
    worker.join(timeout=120)
    return sent


@pytest.mark.browser
def test_one_click_sends_the_pdf_to_the_browser(
    shipped: content.Content,
    participant: tuple[store.Store, store.Participant],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    s, p = participant
    downloads = HandoutDownloads(s, shipped, p)
    ((message, buffers),) = _press(downloads.pdf, monkeypatch)
    assert message == {"type": "pdf", "name": "mine-svar-Søs-Ågård.pdf"}
    assert bytes(buffers[0]).startswith(b"%PDF")


def test_without_a_browser_the_button_says_to_print_the_html(
    shipped: content.Content,
    participant: tuple[store.Store, store.Participant],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    missing = browser.PdfRenderer("/findes/ikke/chromium")
    monkeypatch.setattr(browser, "_renderer", missing)
    s, p = participant
    downloads = HandoutDownloads(s, shipped, p)
    try:
        sent = _press(downloads.pdf, monkeypatch)
    finally:
        missing.close()
    assert sent == [({"type": "failed", "text": texts.DOWNLOAD_PDF_UNAVAILABLE}, [])]
    assert "udskriv" in texts.DOWNLOAD_PDF_UNAVAILABLE


def test_the_handout_page_offers_the_downloads_to_a_known_participant(
    shipped: content.Content, participant: tuple[store.Store, store.Participant]
) -> None:
    from opsporing.pages import handout
    from opsporing.pages.session import Session

    s, p = participant
    with_participant = handout.build(Session(s, shipped, p))
    assert any(isinstance(w, HandoutDownloads) for w in with_participant.body)
    without = handout.build(Session(s, shipped, None))
    assert not any(isinstance(w, HandoutDownloads) for w in without.body)
