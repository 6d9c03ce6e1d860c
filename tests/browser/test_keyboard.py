"""Keyboard only: join, open a case, answer one question of every kind, reach the next stage.

Only Tab, Shift+Tab, Enter, Space, the arrow keys and typed text drive the
page. The test reads the DOM only to know when focus has arrived where a
person would stop pressing Tab, and the store to see that the answers are
really saved.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect
from voila_pages import open_page, wait_interactive

from opsporing import browser_key, texts
from opsporing.content.models import QuestionKind, Vignette
from opsporing.widgets.base import dom_key

pytestmark = pytest.mark.browser

TAB_LIMIT = 250
"""More than the number of stops on any page: a focus trap fails instead of looping."""
ALL_KINDS = set(QuestionKind)
WAIT_MS = 30_000
"""A save or a redraw round-trips through a kernel, which a busy CI machine may delay."""


def browser_participant(context: Any, server: Any, store: Any) -> Any:
    """Who the store has bound this browser to, by the cookie the server set in it (HttpOnly:
    the page's scripts cannot read it, the test's browser can)."""
    (cookie,) = [c for c in context.cookies(server.url) if c["name"] == browser_key.COOKIE]
    random_part = cookie["value"].rpartition(".")[0]
    assert cookie["value"] == browser_key.signed(random_part, browser_key.secret(server.data_dir))
    assert cookie["httpOnly"]
    return store.browser_participant(browser_key.key_hash(random_part))


def has_focus(target: Any) -> bool:
    return target.evaluate("el => el === document.activeElement")


def tab_to(page: Any, target: Any, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until `target` has focus, as a keyboard user would."""
    for _ in range(TAB_LIMIT):
        if has_focus(target):
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"{TAB_LIMIT} presses of Tab never reached {target}")


def choose_in_select(page: Any, select: Any, label: str) -> None:
    """Tab to a native <select>, open it with Alt+Down, walk to `label` with Down, Enter."""
    tab_to(page, select)
    labels = select.evaluate("s => [...s.options].map(o => o.text.replace(/\\u00a0/g, ' '))")
    steps = labels.index(label) - select.evaluate("s => s.selectedIndex")
    page.keyboard.press("Alt+ArrowDown")
    for _ in range(steps):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")


def answer(page: Any, question: Any, kind: QuestionKind) -> None:
    """One question by keyboard: type, Space on a box, arrows in a radio group."""
    if kind == QuestionKind.FREE_TEXT:
        tab_to(page, question.locator("textarea"))
        page.keyboard.type("Jeg vil tale med hende i et roligt øjeblik.")
    elif kind in (QuestionKind.MULTIPLE_CHOICE, QuestionKind.ACTION):
        tab_to(page, question.locator("input[type=checkbox]").first)
        page.keyboard.press("Space")
    else:  # enkeltvalg, skala and trafiklys: a radio group, entered by Tab, moved by arrows
        tab_to(page, question.locator("input[type=radio]").first)
        page.keyboard.press("Space")
        page.keyboard.press("ArrowDown")
        expect(question.locator("input[type=radio]").nth(1)).to_be_checked()
    status = question.locator(".opsporing-status")
    expect(status).to_have_text(texts.QUESTION_SAVED, timeout=WAIT_MS)


def stages_covering_every_kind(vignettes: tuple[Vignette, ...]) -> tuple[Vignette, int]:
    """A case whose first n stages hold all six kinds and that has a stage after them."""
    for vignette in vignettes:
        seen: set[QuestionKind] = set()
        for n, stage in enumerate(vignette.stages[:-1], start=1):
            seen |= {q.kind for q in stage.questions}
            if seen == ALL_KINDS:
                return vignette, n
    raise AssertionError("no case asks every kind of question before its last stage")


def test_keyboard_only_join_case_every_kind_next_stage(
    browser_context: Any, opsporing_server: Any, served_store: Any, shipped: Any
) -> None:
    vignette, stages = stages_covering_every_kind(shipped.vignettes)
    page = open_page(browser_context, opsporing_server.page_url("00_start.ipynb"))
    wait_interactive(page)
    tab_to(page, page.get_by_role("textbox", name=texts.JOIN_PSEUDONYM))
    page.keyboard.type("Tastaturbruger")
    tab_to(page, page.get_by_role("button", name=texts.JOIN_ALONE))
    page.keyboard.press("Enter")
    identity = page.locator(".opsporing-identity")
    who = texts.IDENTITY_ALONE.format(pseudonym="Tastaturbruger")
    expect(identity).to_have_text(who, timeout=WAIT_MS)
    cases_link = page.get_by_role("navigation").get_by_role("link", name=texts.NAV_CASES)
    tab_to(page, cases_link, backwards=True)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"[?&]vis=cases(&|$)"))
    expect(page.locator("h1.opsporing-heading")).to_have_text(texts.CASES_TITLE)
    expect(identity).to_have_text(who)
    me = browser_participant(browser_context, opsporing_server, served_store)
    assert me is not None and me.pseudonym == "Tastaturbruger"
    assert me.id not in page.url
    participant = me.id

    choose_in_select(page, page.get_by_role("combobox").first, vignette.title)
    answered = {}
    for number, stage in enumerate(vignette.stages[:stages], start=1):
        for q in stage.questions:
            key = f"{vignette.id}/{number}/{q.id}"
            answer(page, page.locator(f".{dom_key(key)}"), q.kind)
            answered[key] = q.kind
        unfolded = page.locator(f".opsporing-stage-{number + 1}")
        expect(unfolded).to_be_visible(timeout=WAIT_MS)
        # The next stage unfolds below; the person is still where they were.
        last = page.locator(f".{dom_key(key)}")
        assert last.evaluate("q => q.contains(document.activeElement)"), "focus was lost"

    assert set(answered.values()) == ALL_KINDS
    saved = served_store.answers(participant)
    assert set(answered) <= set(saved)
    assert all(saved[key].value not in (None, "", []) for key in answered)
