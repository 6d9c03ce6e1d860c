"""A page whose kernel dies as it starts says so in Danish and opens once a kernel can start.

A kernel can die before it answers: a port another process took in the moment
it started, a laptop out of memory. Voila then kept the page loading for ever
(its heartbeat kept the request alive), so the participant watched "Siden
gøres klar …" with no end. Here every kernel dies at once while a flag file
exists: the person sees a notice over the whole window, no spinner, and when
kernels start again the page opens by itself, without anyone reloading.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, expect
from server_process import OpsporingServer
from voila_pages import wait_interactive

from opsporing import page_render, texts

pytestmark = pytest.mark.browser

LAUNCHER = """\
import os, sys
if os.path.exists({flag!r}):
    sys.exit(3)  # dies before it answers, as a kernel whose port was taken does
if sys.path[0] == "":
    del sys.path[0]
from ipykernel import kernelapp
kernelapp.launch_new_instance()
"""


@pytest.fixture
def dying_kernels(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The flag file: while it exists, every kernel a server started after this starts dies
    at once (its launcher comes first on the path the server hands its kernels)."""
    flag = tmp_path / "kernels-die"
    flag.touch()
    launchers = tmp_path / "launchers"
    launchers.mkdir()
    (launchers / "ipykernel_launcher.py").write_text(LAUNCHER.format(flag=str(flag)), "utf-8")
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [str(launchers), os.environ.get("PYTHONPATH")]))
    )
    yield flag


def test_a_page_whose_kernel_dies_says_so_and_opens_when_kernels_start_again(
    browser_context: BrowserContext, dying_kernels: Path, tmp_path: Path
) -> None:
    # No warm pool: each page starts its own kernel, the path Voila never ended.
    server = OpsporingServer(
        data_dir=tmp_path / "data", log_path=tmp_path / "serve.log", participants=0
    )
    server.start()
    try:
        page = browser_context.new_page()
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(server.page_url("00_start.ipynb"))

        notice = page.get_by_role("alert").filter(has_text=texts.PAGE_FAILED_TITLE)
        expect(notice).to_be_visible(timeout=60_000)
        expect(notice).to_contain_text(texts.PAGE_FAILED.format(seconds=page_render.RETRY_SECONDS))
        expect(page.locator("#loading")).to_have_count(0)
        box = notice.bounding_box()
        assert box is not None and box["width"] <= 390, "the notice fits a phone"
        if gallery := os.environ.get("OPSPORING_GALLERY"):
            page.screenshot(path=str(Path(gallery) / "side-kunne-ikke-starte-390.png"))

        dying_kernels.unlink()  # kernels start again; nobody touches the page
        wait_interactive(page)
        expect(notice).to_have_count(0)
    finally:
        server.stop()
