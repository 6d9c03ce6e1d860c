"""Who a participant is stays between their browser and the server: the curious neighbour.

A workshop is public: the projector shows the address bar, links are shared,
a neighbour may learn an id (here, from the database). The participant's id
must be in no address, link, page, widget state or log line, and knowing it
must open nothing: not the answers, not the handouts, not the kernel.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page, expect
from server_process import page_config, widget_states, widget_text
from voila_pages import open_page, wait_interactive, wait_rendered

from opsporing import browser_key, texts, views
from opsporing.store import Store

SCREENSHOTS = Path("build/screenshots")
SECRET_ANSWER = "Mit hemmelige svar om Anna"


def _type(page: Page, selector: str, text: str) -> None:
    page.locator(selector).click()
    page.keyboard.type(text)


def _browser_cookie(context: BrowserContext) -> dict[str, Any]:
    return next(c for c in context.cookies() if c["name"] == browser_key.COOKIE)


def test_the_id_is_in_no_address_link_page_state_or_log_and_opens_nothing_for_a_neighbour(
    browser: Any,
    browser_context: BrowserContext,
    request_log: list[str],
    opsporing_server: Any,
    served_store: Store,
    shipped: Any,
) -> None:
    server = opsporing_server
    page = open_page(browser_context, server.page_url("00_start.ipynb"))
    wait_interactive(page)
    _type(page, ".opsporing-join-form input >> nth=1", "Lærke")
    page.get_by_role("button", name=texts.JOIN_ALONE).click()
    expect(page.locator(".opsporing-identity")).to_contain_text("Lærke")

    cookie = _browser_cookie(browser_context)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert browser_key.COOKIE not in page.evaluate("document.cookie"), "no script reads it"
    me = served_store.browser_participant(browser_key.key_hash(cookie["value"].rpartition(".")[0]))
    assert me is not None and me.pseudonym == "Lærke"
    free_text = next(r for r in shipped.questions() if r.question.kind == "fritekst")
    served_store.save_answer(me.id, free_text.key, SECRET_ANSWER)

    # Every view, as a person moves: the navigation, then a reload (a new kernel).
    seen: list[str] = []
    for view in views.VIEWS:
        page.locator(".opsporing-nav").get_by_role("link", name=view.nav_label).click()
        expect(page.locator("h1.opsporing-heading")).to_have_text(view.title)
        page.wait_for_timeout(300)
        seen.append(page.content())
        seen += page.eval_on_selector_all(
            "[href], [src], [action]",
            "els => els.flatMap(e => ['href', 'src', 'action'].map(a => e.getAttribute(a) || ''))",
        )
        seen.append(page.url)
    page.reload()
    wait_rendered(page)
    expect(page.locator(".opsporing-identity")).to_contain_text("Lærke")
    kernel = page_config(page.content())["kernelId"]
    own = f"{browser_key.COOKIE}={cookie['value']}"
    states = widget_states(server, kernel, cookie=own)
    assert "Lærke" in widget_text(states), "the state is the page's own"

    for fmt in ("html", "pdf"):
        made = browser_context.request.get(server.url + f"opsporing/handout.{fmt}")
        assert made.status == 200, made.text()[:300]
    assert (
        SECRET_ANSWER in browser_context.request.get(server.url + "opsporing/handout.html").text()
    )

    assert me.id not in json.dumps(states), "no widget state the browser receives"
    for found in [*request_log, *seen]:
        assert me.id not in found, found[:200]
    assert me.id not in server.log()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "identitet-privat-deltager.png"), full_page=True)

    # The neighbour knows the id: an old-style link, the handouts, the kernel.
    neighbour = browser.new_context(locale="da-DK")
    try:
        other = open_page(
            neighbour, server.page_url("00_start.ipynb", f"deltager={me.id}&vis=start")
        )
        wait_rendered(other)
        assert me.id not in other.url and "vis=start" in other.url
        expect(other.locator(".opsporing-identity")).to_contain_text(texts.OLD_LINK[:40])
        assert "Lærke" not in other.locator(".opsporing-page").inner_text()
        other.screenshot(path=str(SCREENSHOTS / "identitet-privat-nabo.png"), full_page=True)

        for path in (
            "opsporing/handout.html",
            "opsporing/handout.pdf",
            f"opsporing/handout/{me.id}.html",
        ):
            got = neighbour.request.get(server.url + path)
            assert got.status == 404, path
            assert SECRET_ANSWER not in got.text()

        channels = server.url.replace("http", "ws", 1) + f"api/kernels/{kernel}/channels"
        outcome = other.evaluate(
            """url => new Promise(done => {
                const ws = new WebSocket(url);
                ws.onopen = () => { done("open"); ws.close(); };
                ws.onerror = () => done("refused");
                setTimeout(() => done("no answer"), 10000);
            })""",
            channels,
        )
        assert outcome == "refused", "another browser cannot attach to Lærke's kernel"
        expect(page.locator(".opsporing-identity")).to_contain_text("Lærke")
    finally:
        neighbour.close()
