"""Which browser makes the PDFs: each candidate provided in turn, and none at all.

A Windows laptop has Edge, a Mac usually Chrome, Debian its Chromium; the kit
finds whichever is there and never downloads one. Presence is faked with temp
executables, PATH and a stand-in for Playwright that records what it is told,
except once, where Debian's real Chromium is found on PATH and makes a PDF.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest

from opsporing import cli, texts
from opsporing.handouts import browser
from opsporing.handouts.browser import BrowserChoice

CHANNELS = [BrowserChoice(channel="chrome"), BrowserChoice(channel="msedge")]


@pytest.fixture
def bare_system(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A system with no browser: no variable, an empty PATH, nothing at Debian's path.
    Returns the PATH folder, where a test may put one."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.delenv(browser.CHROMIUM_ENV, raising=False)
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.setattr(browser, "DEBIAN_CHROMIUM", str(tmp_path / "usr-bin-chromium"))
    return folder


def _program(path: Path) -> Path:
    """An executable file at `path` (a stand-in: only its presence is looked at)."""
    path.write_text("#!/bin/sh\nexit 1\n", "utf-8")
    path.chmod(0o755)
    return path


class FakePlaywright:
    """Records every `chromium.launch`; starts only what `starts` accepts."""

    def __init__(self, starts: Any = lambda options: False) -> None:
        self.launched: list[dict[str, Any]] = []
        self.starts = starts
        self.chromium = self

    def launch(self, **options: Any) -> str:
        self.launched.append(options)
        if not self.starts(options):
            raise RuntimeError("not installed")
        return "a browser"


def test_the_variable_is_the_only_candidate_when_set(
    bare_system: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _program(bare_system / "chromium")
    monkeypatch.setenv(browser.CHROMIUM_ENV, "/et/sted/min-chromium")
    assert browser.candidates() == [BrowserChoice(executable="/et/sted/min-chromium")]


def test_chromium_on_path_comes_first_then_the_channels(bare_system: Path) -> None:
    found = _program(bare_system / "chromium")
    assert browser.candidates() == [BrowserChoice(executable=str(found)), *CHANNELS]


def test_ubuntus_name_on_path_is_found_too(bare_system: Path) -> None:
    found = _program(bare_system / "chromium-browser")
    assert browser.candidates() == [BrowserChoice(executable=str(found)), *CHANNELS]


def test_debians_path_is_found_without_path(
    bare_system: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    debian = _program(tmp_path / "usr-bin-chromium")
    assert browser.candidates() == [BrowserChoice(executable=str(debian)), *CHANNELS]


def test_one_program_under_two_names_is_tried_once(bare_system: Path, tmp_path: Path) -> None:
    debian = _program(tmp_path / "usr-bin-chromium")
    (bare_system / "chromium").symlink_to(debian)
    assert [c.executable for c in browser.candidates() if c.executable] == [
        str(bare_system / "chromium")
    ]


def test_with_no_chromium_chrome_then_edge_are_asked_of_playwright_by_channel(
    bare_system: Path,
) -> None:
    assert browser.candidates() == CHANNELS
    playwright = FakePlaywright(starts=lambda options: options.get("channel") == "msedge")

    assert browser.launch(playwright) == "a browser"

    told = [
        {k: v for k, v in o.items() if k in ("channel", "executable_path")}
        for o in playwright.launched
    ]
    assert told == [{"channel": "chrome"}, {"channel": "msedge"}]
    assert all(o["args"] == browser.CHROMIUM_ARGS for o in playwright.launched)


def test_chrome_is_used_when_it_starts(bare_system: Path) -> None:
    playwright = FakePlaywright(starts=lambda options: True)
    browser.launch(playwright)
    assert [o.get("channel") for o in playwright.launched] == ["chrome"]


@pytest.mark.parametrize(
    ("platform", "names"),
    [
        ("win32", ["Microsoft Edge", "Google Chrome", "msedge.exe"]),
        ("darwin", ["Google Chrome", "Microsoft Edge", "Programmer"]),
        ("linux", ["sudo apt install chromium", "Google Chrome", "Microsoft Edge"]),
    ],
)
def test_with_no_browser_at_all_the_message_names_what_to_install_on_that_system(
    bare_system: Path, monkeypatch: pytest.MonkeyPatch, platform: str, names: list[str]
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    playwright = FakePlaywright()
    with pytest.raises(browser.PdfUnavailable) as raised:
        browser.launch(playwright)
    message = str(raised.value)
    assert message.startswith("fandt ingen browser at lave PDF med")
    assert all(name in message for name in names), message
    assert len(playwright.launched) == 2  # both channels tried, nothing downloaded


def test_a_wrong_variable_is_said_not_replaced(
    bare_system: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _program(bare_system / "chromium")
    monkeypatch.setenv(browser.CHROMIUM_ENV, "/forkert/sti")
    playwright = FakePlaywright(starts=lambda options: "channel" in options)
    with pytest.raises(browser.PdfUnavailable) as raised:
        browser.launch(playwright)
    assert "'/forkert/sti'" in str(raised.value) and "OPSPORING_CHROMIUM" in str(raised.value)
    assert [o.get("executable_path") for o in playwright.launched] == ["/forkert/sti"]


def test_debians_chromium_found_on_path_makes_a_real_pdf(
    bare_system: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real thing once: Chromium only on PATH (as on a Linux that is not Debian)."""
    (bare_system / "chromium").symlink_to(browser.DEFAULT_CHROMIUM)
    # Chromium's own launcher script calls programs it expects on PATH.
    monkeypatch.setenv("PATH", os.pathsep.join([str(bare_system), "/usr/bin", "/bin"]))
    monkeypatch.setattr(browser, "DEBIAN_CHROMIUM", str(bare_system / "ingen"))
    assert browser.candidates()[0] == BrowserChoice(executable=str(bare_system / "chromium"))
    renderer = browser.PdfRenderer()
    try:
        assert renderer.pdf("<p>Hej</p>").startswith(b"%PDF")
    finally:
        renderer.close()


def test_with_no_browser_the_worksheets_say_what_to_install_and_the_html_is_written(
    bare_system: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Through real Playwright: no Chromium anywhere and channels that are not installed."""
    monkeypatch.setattr(browser, "CHANNELS", ("opsporing-ingen-kanal",))
    renderer = browser.PdfRenderer()
    monkeypatch.setattr(browser, "_renderer", renderer)
    try:
        assert cli.main(["worksheets", "--out", str(tmp_path / "ark")]) == 0
    finally:
        renderer.close()
    err = capsys.readouterr().err
    assert texts.PDF_NO_BROWSER.format(install=browser.install_hint()) in err
    assert texts.HANDOUT_HTML_ONLY in err and "Traceback" not in err
    assert {p.suffix for p in (tmp_path / "ark").iterdir()} == {".html"}
