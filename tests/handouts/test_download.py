"""The handout page's downloads carry the files themselves, so they work offline."""

from __future__ import annotations

import base64
import re

import pytest
from bs4 import BeautifulSoup

from opsporing import content, store
from opsporing.handouts import browser
from opsporing.handouts.download import HandoutDownloads

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
    assert downloads.pdf_link.value == ""


@pytest.mark.browser
def test_the_pdf_button_makes_the_pdf_and_links_it(
    shipped: content.Content, participant: tuple[store.Store, store.Participant]
) -> None:
    s, p = participant
    downloads = HandoutDownloads(s, shipped, p)
    downloads.pdf_button.click()
    files = _links(downloads.pdf_link.value)
    assert files["mine-svar-Søs-Ågård.pdf"].startswith(b"%PDF")
    assert downloads.pdf_button.layout.display == "none"


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
        downloads.pdf_button.click()
    finally:
        missing.close()
    assert _links(downloads.pdf_link.value) == {}
    assert "PDF'en kan ikke laves" in BeautifulSoup(downloads.pdf_link.value, "html.parser").text


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
