"""A room full of guessers cannot keep the trainer out, and stays slowed itself.

With `--lan` the room reaches the kit over the network; the trainer sits at the
machine the kit runs on. Here the server is told that the trainer's browser is
the one on `::1` (`OpsporingVoila.trainer_addresses`, as a trainer's `voila.json`
could), so the room's browsers, on 127.0.0.1, are the room; the trainer's command
line runs on the same machine. Forty wrong PINs from eight browsers, then the trainer's
browser and command line open the hold at once, and a new browser in the room
is still slowed, in Danish, with the right PIN.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from server_process import OpsporingServer
from voila_pages import open_page, wait_interactive

from opsporing import paths, store, throttle

SCREENSHOTS = paths.REPO_ROOT / "build" / "screenshots"
PIN = "531864"
WRONG = [f"{n:06d}" for n in range(100000, 100040)]
ROOM_BROWSERS = 8
KERNEL_MS = 60_000

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def lan_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpsporingServer]:
    folder = tmp_path_factory.mktemp("lan-pin")
    server = OpsporingServer(
        data_dir=folder / "data",
        log_path=folder / "serve.log",
        participants=0,
        lan=True,
        voila_config={"OpsporingVoila": {"trainer_addresses": ["::1"]}},
    )
    server.start()
    yield server
    server.stop()


def _trainer_page(context: BrowserContext, server: OpsporingServer, host: str) -> Page:
    url = f"http://{host}:{server.port}/voila/render/underviser.ipynb?token={server.token}"
    page = open_page(context, url)
    wait_interactive(page)
    return page


def _try(page: Page, code: str, pin: str) -> str:
    """Type the hold code and a PIN as a person does, press the button, read the answer."""
    return _try_at_once([page], code, [pin])[0]


def _try_at_once(pages: list[Page], code: str, pins: list[str]) -> list[str]:
    """Several people in the room type the hold code and a PIN and press the button, one
    page each, at the same moment; then each reads the answer on their page.

    The PIN field empties when the kernel takes the attempt, and its answer follows on the
    same websocket (a message the same as the last attempt's is not sent again), so each
    answer is read half a second after its page's PIN field emptied.
    """
    for page, pin in zip(pages, pins, strict=True):
        page.locator(".opsporing-trainer-code input").fill(code)
        page.locator(".opsporing-trainer-pin input").fill(pin)
        page.locator(".opsporing-trainer-open").click()
    for page in pages:
        expect(page.locator(".opsporing-trainer-pin input")).to_have_value("", timeout=KERNEL_MS)
        page.wait_for_function(
            """() => document.querySelector('.opsporing-trainer-message').innerText.trim() ||
                document.querySelector('.opsporing-plenum')""",
            timeout=KERNEL_MS,
        )
    pages[-1].wait_for_timeout(500)
    answers = []
    for page in pages:
        plenum = page.locator(".opsporing-plenum")
        if plenum.count() and plenum.first.is_visible():
            answers.append("open")
        else:
            answers.append(page.locator(".opsporing-trainer-message").inner_text())
    return answers


def _new_context(browser: Browser) -> BrowserContext:
    context = browser.new_context(locale="da-DK")
    context.set_default_timeout(KERNEL_MS)
    return context


def test_forty_wrong_pins_from_the_room_never_keep_the_trainer_out(
    browser: Browser, lan_server: OpsporingServer, tmp_path: Any
) -> None:
    server = lan_server
    db = store.Store(f"sqlite:///{server.data_dir / 'opsporing.sqlite'}")
    code = db.create_hold(PIN, "Rummet gætter")
    contexts = [_new_context(browser) for _ in range(ROOM_BROWSERS + 3)]
    try:
        room = [_trainer_page(c, server, "127.0.0.1") for c in contexts[:ROOM_BROWSERS]]
        newcomer = _trainer_page(contexts[ROOM_BROWSERS], server, "127.0.0.1")
        trainer = _trainer_page(contexts[ROOM_BROWSERS + 1], server, "[::1]")
        still_guessing = _trainer_page(contexts[ROOM_BROWSERS + 2], server, "127.0.0.1")

        # The room guesses together: each of its browsers tries a wrong PIN, all at once,
        # until forty were tried.
        answers = []
        for start in range(0, len(WRONG), ROOM_BROWSERS):
            pins = WRONG[start : start + ROOM_BROWSERS]
            answers += _try_at_once(room[: len(pins)], code, pins)
        assert "open" not in answers
        assert all(a.strip() for a in answers), answers
        paced = [a for a in answers if "Vent" in a]
        assert paced, answers
        assert db.wrong_pins(code) >= throttle.FREE_TRIES_ALL_CLIENTS

        # The last wrong guess was just now: the room must wait, the trainer need not.
        cli = subprocess.run(
            [
                sys.executable,
                "-m",
                "opsporing",
                "export",
                "--hold",
                code,
                "--pin",
                PIN,
                "--out",
                str(tmp_path / "svar.csv"),
            ],
            env=server.environment(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert cli.returncode == 0, cli.stderr
        assert _try(trainer, code, PIN) == "open", "the trainer's own browser opens at once"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        trainer.screenshot(path=str(SCREENSHOTS / "underviser-efter-gaet.png"), full_page=True)

        # The room keeps guessing; the moment one of its guesses is checked (and wrong), a
        # newcomer with the right PIN must wait its turn.
        for again in range(20):  # a new PIN each time: the form sends a repeat only once
            if "passer ikke" in _try(still_guessing, code, f"2{again:05d}"):
                break
        refused = _try(newcomer, code, PIN)
        assert refused != "open" and "Vent" in refused, refused
        newcomer.screenshot(path=str(SCREENSHOTS / "underviser-rummet-venter.png"), full_page=True)
        expect(newcomer.get_by_role("alert")).to_contain_text("Vent")
    finally:
        for context in contexts:
            context.close()
        db.engine.dispose()
