"""A participant's answers in the real pages survive reload, kernel death and server restart.

Few, broad tests: each walks the way a participant does, in Debian's Chromium,
against `opsporing serve`, and checks both the screen and the store. A
participant comes back as a person does: in the same browser, which the kit
remembers (its cookie), or on another device with nickname and return code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import psutil
import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect
from server_process import OpsporingServer
from voila_pages import assert_only_server, goto, kernel_id, open_page, wait_rendered

from opsporing import content, paths, store, texts
from opsporing.content.models import Question, QuestionKind
from opsporing.widgets.base import dom_key

pytestmark = pytest.mark.browser

CASE = "aya-sfo"
"""A shipped case whose three stages ask all six kinds of question between them."""
HOLD_PIN = "471100"
RENDER_TIMEOUT_MS = 120_000
"""As patient as the shared context (`conftest.py`): a page may wait for a kernel to start."""


@dataclass(frozen=True)
class Planned:
    """One question: what the participant does, what the store must hold, what the screen shows."""

    key: str
    question: Question
    stored: Any

    def answer(self, q: Locator) -> None:
        kind, value = self.question.kind, self.stored
        if kind is QuestionKind.FREE_TEXT:
            q.locator("textarea").fill(value)
        elif kind is QuestionKind.SINGLE_CHOICE:
            q.get_by_label(value, exact=True).check()
        elif kind in (QuestionKind.MULTIPLE_CHOICE, QuestionKind.ACTION):
            for option in value:
                q.get_by_label(option, exact=True).check()
        else:
            self.position(q).check()

    def expect_shown(self, q: Locator) -> None:
        kind, value = self.question.kind, self.stored
        expect(q.locator(".opsporing-status")).to_have_text(texts.QUESTION_SAVED)
        if kind is QuestionKind.FREE_TEXT:
            expect(q.locator("textarea")).to_have_value(value)
        elif kind is QuestionKind.SINGLE_CHOICE:
            for option in self.question.options:
                box = expect(q.get_by_label(option, exact=True))
                box.to_be_checked() if option == value else box.not_to_be_checked()
        elif kind in (QuestionKind.MULTIPLE_CHOICE, QuestionKind.ACTION):
            for option in self.question.options:
                box = expect(q.get_by_label(option, exact=True))
                box.to_be_checked() if option in value else box.not_to_be_checked()
        else:
            expect(self.position(q)).to_be_checked()
            expect(q.locator("input[type=radio]:checked")).to_have_count(1)

    def position(self, q: Locator) -> Locator:
        """A scale's or traffic light's radio button, found by its label as a person reads it."""
        if self.question.kind is QuestionKind.SCALE:
            return q.get_by_role("radio", name=re.compile(rf"^{self.stored}\b"))
        word = texts.TRAFFIC_LIGHT_WORD[self.stored]
        return q.get_by_role("radio", name=re.compile(rf"^{word}:"))


def plan(question: Question, key: str) -> Planned:
    """A distinct, non-default answer of each kind (never the first option alone)."""
    kind = question.kind
    if kind is QuestionKind.FREE_TEXT:
        return Planned(key, question, f"Mit svar på {key}: æ, ø og å bevares.")
    if kind is QuestionKind.SINGLE_CHOICE:
        return Planned(key, question, question.options[1])
    if kind in (QuestionKind.MULTIPLE_CHOICE, QuestionKind.ACTION):
        return Planned(key, question, [question.options[0], question.options[2]])
    if kind is QuestionKind.SCALE:
        return Planned(key, question, question.high - 1)
    return Planned(key, question, "gul")


@pytest.fixture
def hold_code(opsporing_server: OpsporingServer, monkeypatch: pytest.MonkeyPatch) -> str:
    """A hold in the server's own database, as a trainer would create it."""
    monkeypatch.setenv(paths.DATA_ENV, str(opsporing_server.data_dir))
    db = store.default()
    code = db.create_hold(HOLD_PIN, "Browsertest")
    db.engine.dispose()
    return code


def fill_join(page: Page, code: str, pseudonym: str) -> None:
    """On the start page: type the hold code and a pseudonym, and join."""
    form = page.locator(".opsporing-join-form")
    form.get_by_placeholder(texts.JOIN_CODE_PLACEHOLDER).fill(code)
    form.get_by_placeholder(texts.JOIN_PSEUDONYM_PLACEHOLDER).fill(pseudonym)
    form.get_by_role("button", name=texts.JOIN_BUTTON).click()


def join(page: Page, code: str, pseudonym: str) -> str:
    """Join as a new participant; return the return code the page shows (once)."""
    fill_join(page, code, pseudonym)
    expect(page.get_by_role("status").filter(has_text=texts.JOINED)).to_be_visible()
    shown = page.locator(".opsporing-return-code-value")
    expect(shown).to_be_visible()
    return shown.inner_text().strip()


def come_back(page: Page, code: str, pseudonym: str, return_code: str) -> None:
    """On another device: the nickname is taken, the return code opens the participant."""
    fill_join(page, code, pseudonym)
    expect(page.get_by_role("alert")).to_contain_text(texts.NICKNAME_TAKEN.split(":", 1)[0])
    taken = page.locator(".opsporing-taken")
    taken.get_by_placeholder(texts.RETURN_CODE_PLACEHOLDER).fill(return_code)
    taken.get_by_role("button", name=texts.RETURN_CODE_BUTTON).click()


def open_case(page: Page, title: str) -> None:
    page.get_by_label(texts.CASE_PICK).select_option(label=title)


def question(page: Page, key: str) -> Locator:
    return page.locator(f".{dom_key(key)}")


def loaded_sqlalchemy(process: psutil.Process) -> bool:
    """Whether a process has SQLAlchemy in memory: its compiled parts are mapped files."""
    return any("/sqlalchemy/" in m.path.replace("\\", "/") for m in process.memory_maps())


def test_answers_survive_reload_kernel_death_and_restart(
    opsporing_server: OpsporingServer,
    browser_context: BrowserContext,
    request_log: list[str],
    hold_code: str,
    shipped: content.Content,
) -> None:
    server = opsporing_server
    vignette = shipped.vignette(CASE)
    planned = [
        plan(q, f"{CASE}/{number}/{q.id}")
        for number, stage in enumerate(vignette.stages, start=1)
        for q in stage.questions
    ]
    assert {p.question.kind for p in planned} == set(QuestionKind), "the case lost a kind"
    db = store.default()  # the server's database (see `hold_code`)

    # Join on the landing page, then follow the navigation bar: the identity goes along,
    # in the browser and never in the address.
    page = open_page(browser_context, server.url)
    assert urlsplit(page.url).path == "/voila/render/00_start.ipynb"
    return_code = join(page, hold_code, "Browser-Birte")
    (me,) = [m for m in db.members(hold_code) if m.pseudonym == "Browser-Birte"]
    participant = me.id
    who = texts.IDENTITY.format(pseudonym="Browser-Birte", code=hold_code)
    with page.expect_navigation():
        page.locator(".opsporing-nav").get_by_role("link", name=texts.NAV_CASES).click()
    wait_rendered(page)
    expect(page.locator(".opsporing-identity")).to_have_text(who)
    assert participant not in page.url

    # Answer every question; each stage unfolds once the one before is answered.
    open_case(page, vignette.title)
    for p in planned:
        q = question(page, p.key)
        p.answer(q)
        expect(q.locator(".opsporing-status")).to_have_text(texts.QUESTION_SAVED)
    expect(page.get_by_text(texts.CASE_DONE)).to_be_visible()

    def expect_restored(page: Page, how: str) -> None:
        expect(page.locator(".opsporing-identity")).to_have_text(who)
        assert participant not in page.url, how
        open_case(page, vignette.title)
        for p in planned:
            p.expect_shown(question(page, p.key))
        saved = db.answers(participant)
        assert {k: a.value for k, a in saved.items()} == {p.key: p.stored for p in planned}, how

    expect_restored(page, "after answering")
    page_url = page.url

    # The page read and wrote through the server (`opsporing.store_client`): its kernel never
    # loaded SQLAlchemy, some 15 MiB forty times over; the server, which holds the store, did.
    assert not loaded_sqlalchemy(psutil.Process(server.kernel_pids()[kernel_id(page)]))
    assert server.process is not None and loaded_sqlalchemy(psutil.Process(server.process.pid))

    # The same browser reloads: it is still Browser-Birte (the kit's cookie), answers and all.
    page.reload()
    wait_rendered(page)
    expect_restored(page, "after a reload")

    # The kernel behind the page dies (out of memory, a crash): a reload brings all back.
    kernel = psutil.Process(server.kernel_pids()[kernel_id(page)])
    kernel.kill()
    kernel.wait(timeout=30)
    page.reload()
    wait_rendered(page)
    expect_restored(page, "after the kernel was killed")

    # The trainer restarts the server (same data folder): the same browser is still known,
    server.restart()
    goto(page, page_url)
    expect_restored(page, "after a server restart")

    # and on another device the nickname and the return code open the same answers.
    device = browser_context.browser.new_context(locale="da-DK")
    try:
        device.set_default_timeout(RENDER_TIMEOUT_MS)
        device.on("request", lambda request: request_log.append(request.url))
        other = open_page(device, server.page_url("00_start.ipynb"))
        expect(other.locator(".opsporing-identity")).to_have_count(0)
        come_back(other, hold_code, "Browser-Birte", return_code)
        expect(other.locator(".opsporing-identity")).to_have_text(who)
        goto(other, page_url)
        expect_restored(other, "on another device after a server restart")
    finally:
        device.close()

    assert_only_server(request_log, server)


def test_closed_pages_free_their_kernels(
    opsporing_server: OpsporingServer, browser_context: BrowserContext, request_log: list[str]
) -> None:
    """Closing a tab or leaving a page shuts its kernel down at once (not by culling)."""
    server = opsporing_server
    assert server.wait_for_kernel_count(server.pool_total, timeout=120) == server.pool_total

    notebooks = ("01_temafilm.ipynb", "03_hjaelp.ipynb", "04_handout.ipynb")
    pages = [open_page(browser_context, server.page_url(nb)) for nb in notebooks]
    used = [kernel_id(page) for page in pages]
    assert set(used) <= set(server.kernel_pids())

    leave: list[Callable[[], Any]] = [
        lambda: pages[0].close(run_before_unload=True),
        lambda: pages[1].close(run_before_unload=True),
        lambda: pages[2].goto("about:blank"),
    ]
    for action in leave:
        action()

    assert server.wait_for_kernel_count(server.pool_total, timeout=60) == server.pool_total
    assert not set(used) & set(server.kernel_pids())
    # Shut down on the page's request, before the culler could have taken it (a cull
    # pass that started just before may still try to, after the fact).
    log = server.log()
    for kid in used:
        shutdown = log.find(f"Kernel shutdown: {kid}")
        culled = re.search(rf"Culling .*{kid}", log)
        assert shutdown >= 0
        assert culled is None or shutdown < culled.start(), f"{kid} was culled, not shut down"

    assert_only_server(request_log, server)


def test_what_waits_for_its_save_when_the_trainer_stops_the_server_is_saved(
    opsporing_server: OpsporingServer,
    browser_context: BrowserContext,
    hold_code: str,
    shipped: content.Content,
) -> None:
    """The trainer presses Ctrl+C a moment after a participant typed: the kernel writes what
    waited for its save on its way out, through the server, which answers until then."""
    server = opsporing_server
    vignette = shipped.vignette(CASE)
    first = vignette.stages[0].questions
    free = next(q for q in first if q.kind is QuestionKind.FREE_TEXT)
    key, typed = f"{CASE}/1/{free.id}", "Skrevet lige før serveren blev stoppet."
    db = store.default()

    page = open_page(browser_context, server.url)
    join(page, hold_code, "Browser-Bo")
    (me,) = [m for m in db.members(hold_code) if m.pseudonym == "Browser-Bo"]
    page.locator(".opsporing-nav").get_by_role("link", name=texts.NAV_CASES).click()
    wait_rendered(page)
    open_case(page, vignette.title)
    q = question(page, key)
    q.locator("textarea").fill(typed)
    expect(q.locator(".opsporing-status")).to_have_text(texts.QUESTION_SAVING)

    server.stop()  # SIGTERM, as Ctrl+C in the trainer's terminal
    page.close()  # nothing the browser kept can be given back: only the kernel wrote it
    try:
        assert key in db.answers(me.id), "what waited for its save was lost"
        assert db.answers(me.id)[key].value == typed
    finally:
        server.restart()
