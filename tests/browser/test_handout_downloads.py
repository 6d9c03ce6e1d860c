"""The handout view: both downloads are files the kit's server makes; nothing from outside."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import BrowserContext
from server_process import OpsporingServer
from voila_pages import assert_only_server, open_page, sign_in

from opsporing import content, paths, texts
from opsporing.content.models import QuestionKind
from opsporing.store import Store

pytestmark = pytest.mark.browser

ANSWER = '<script>alert("x")</script> Åse så bøgen – $\\LaTeX$'


def test_the_handout_page_downloads_html_and_pdf(
    opsporing_server: OpsporingServer,
    served_store: Store,
    browser_context: BrowserContext,
    request_log: list[str],
    tmp_path: Path,
) -> None:
    shipped = content.load(paths.REPO_ROOT)
    hold = served_store.create_hold("471100", "Handout-test")
    me = served_store.join("Bølle", hold)
    free_text = next(r for r in shipped.questions() if r.question.kind == QuestionKind.FREE_TEXT)
    served_store.save_answer(me.id, free_text.key, ANSWER)

    sign_in(browser_context, opsporing_server, served_store, me)
    page = open_page(browser_context, opsporing_server.page_url("04_handout.ipynb"))
    with page.expect_download() as html_download:
        page.get_by_role("link", name=texts.DOWNLOAD_HTML).click()
    html_file = tmp_path / html_download.value.suggested_filename
    html_download.value.save_as(html_file)
    assert html_file.name == "mine-svar-Bølle.html"
    shown = BeautifulSoup(html_file.read_text("utf-8"), "html.parser")
    assert ANSWER in shown.get_text() and shown.find("script") is None

    # One click on a plain link: the server makes the PDF (its one Chromium) and sends it.
    with page.expect_download(timeout=120_000) as pdf_download:
        page.get_by_role("link", name=texts.DOWNLOAD_PDF).click()
    pdf_file = tmp_path / pdf_download.value.suggested_filename
    pdf_download.value.save_as(pdf_file)
    assert pdf_file.name == "mine-svar-Bølle.pdf"
    assert pdf_file.read_bytes().startswith(b"%PDF")
    assert_only_server(request_log, opsporing_server)
