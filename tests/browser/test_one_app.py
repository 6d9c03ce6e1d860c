"""One participant, one kernel: the navigation swaps views in the page; the address follows.

A participant clicks through every view as in a workshop. No click may load
a page (a marker set on the window survives) or start a kernel (the page's
kernel stays the same and alive). The address names the view, the case and
the stage, so a reload opens them again, and the browser's Back returns to the
view before.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from playwright.sync_api import expect
from test_keyboard import WAIT_MS, answer, choose_in_select
from voila_pages import kernel_id, open_page, sign_in, wait_interactive

from opsporing import texts, views
from opsporing.widgets.base import dom_key


def query(page: Any) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(page.url).query))


def heading(page: Any) -> Any:
    return page.locator("h1.opsporing-heading")


def nav_link(page: Any, label: str) -> Any:
    return page.get_by_role("navigation").get_by_role("link", name=label, exact=True)


def test_every_view_in_one_kernel_reload_and_back(
    browser_context: Any, opsporing_server: Any, served_store: Any, shipped: Any
) -> None:
    me = served_store.join("Vandrer", None)
    sign_in(browser_context, opsporing_server, served_store, me)
    page = open_page(browser_context, opsporing_server.page_url("00_start.ipynb"))
    wait_interactive(page)
    identity = page.locator(".opsporing-identity")
    who = texts.IDENTITY_ALONE.format(pseudonym="Vandrer")
    kernel = kernel_id(page)
    page.evaluate("window.opsporingSamePage = true")

    for view in (*views.VIEWS[1:], views.START):
        nav_link(page, view.nav_label).click()
        expect(heading(page)).to_have_text(view.title, timeout=WAIT_MS)
        expect(page).to_have_url(re.compile(rf"[?&]vis={view.id}(&|$)"))
        expect(identity).to_have_text(who)
        assert me.id not in page.url, "who the participant is never rides in the address"
        assert page.evaluate("window.opsporingSamePage === true"), f"{view.id}: a page load"
        assert kernel_id(page) == kernel
        assert kernel in opsporing_server.kernel_pids(), "the page's kernel is still running"
        expect(heading(page)).to_be_focused()

    # A case, answered until its second stage unfolds: the address names both.
    vignette = shipped.vignettes[0]
    nav_link(page, texts.NAV_CASES).click()
    choose_in_select(page, page.get_by_role("combobox", name=texts.CASE_PICK), vignette.title)
    expect(page).to_have_url(re.compile(rf"case={vignette.id}&trin=1"), timeout=WAIT_MS)
    for q in vignette.stages[0].questions:
        answer(page, page.locator(f".{dom_key(f'{vignette.id}/1/{q.id}')}"), q.kind)
    expect(page).to_have_url(re.compile(rf"case={vignette.id}&trin=2"), timeout=WAIT_MS)
    assert page.evaluate("window.opsporingSamePage === true")

    page.reload()
    wait_interactive(page)
    assert kernel_id(page) != kernel, "a reload is a new page load, with a kernel of its own"
    expect(heading(page)).to_have_text(texts.CASES_TITLE, timeout=WAIT_MS)
    expect(page.get_by_role("heading", name=vignette.title)).to_be_visible(timeout=WAIT_MS)
    expect(page.locator(".opsporing-vignette .opsporing-stage-2")).to_be_visible(timeout=WAIT_MS)
    expect(page.locator(".opsporing-vignette .opsporing-stage-3")).to_be_hidden()
    expect(identity).to_have_text(who)

    nav_link(page, texts.NAV_HELP).click()
    expect(heading(page)).to_have_text(texts.HELP_TITLE, timeout=WAIT_MS)
    page.go_back()
    expect(heading(page)).to_have_text(texts.CASES_TITLE, timeout=WAIT_MS)
    expect(page).to_have_url(re.compile(r"[?&]vis=cases(&|$)"))
    assert query(page) == {"vis": "cases", "case": vignette.id, "trin": "2"}
    expect(identity).to_have_text(who)
