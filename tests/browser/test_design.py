"""The kit's one design, measured on every view at 390 and 1280 px, and the projector at 1920.

What a participant and a trainer see, judged as a person would judge it: no
text smaller than 16 px, every control at least 44 px tall on a phone, nothing
that scrolls sideways, no control left in the browser's own grey look (each is
drawn by the kit's design tokens, `share/jupyter/voila/templates/opsporing/
static/tokens.css`), and no serious or critical axe finding. Each view is also
photographed into the gallery (`build/galleri/`, or `docs/billeder/` with
`make screenshots`), so a person can look at what the numbers say.

One served kit for the module, as a room runs it (`--lan`, so the projector shows
its QR code and the room's address), one browser context per width, and the
views in a loop: a failure names the view, and all failures of a width are
reported together.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from server_process import OpsporingServer
from test_accessibility import blocking_violations
from voila_pages import ANSWER_BY_KIND, goto, sign_in, wait_interactive

from opsporing import paths, plenum, texts
from opsporing.store import Participant, Store

pytestmark = pytest.mark.browser

GALLERY = Path(os.environ.get("OPSPORING_GALLERY") or paths.REPO_ROOT / "build" / "galleri")
"""Where the screenshots go: `make screenshots` points this at `docs/billeder/`."""
WIDTHS = {"390": {"width": 390, "height": 844}, "1280": {"width": 1280, "height": 800}}
FULL_HD = {"width": 1920, "height": 1080}
MIN_TEXT_PX = 16
MIN_TARGET_PX = 44
PIN = "galleri-1"


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpsporingServer]:
    folder = tmp_path_factory.mktemp("galleri")
    server = OpsporingServer(
        data_dir=folder / "data", log_path=folder / "serve.log", participants=2, lan=True
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def room_store(room: OpsporingServer) -> Iterator[Store]:
    room.data_dir.mkdir(parents=True, exist_ok=True)
    db = Store(f"sqlite:///{room.data_dir / 'opsporing.sqlite'}")
    yield db
    db.engine.dispose()


@pytest.fixture(scope="module")
def everyone(room_store: Store, shipped: Any) -> Participant:
    """A participant who answered every shipped question (shared), on a hold with `PIN`;
    three more on the hold, so the trainer's charts have something to show."""
    hold = room_store.create_hold(PIN, "Galleri")
    participant = room_store.join("Ugle", hold)
    for n, name in enumerate(["Ugle", "Solsort", "Musvit", "Rødhals"]):
        member = participant if n == 0 else room_store.join(name, hold)
        for ref in shipped.questions():
            question = ref.question
            value = ANSWER_BY_KIND[question.kind.value](question)
            if n and question.kind.value in ("enkeltvalg", "flervalg", "handling"):
                pick = question.options[n % len(question.options)]
                value = pick if question.kind.value == "enkeltvalg" else [pick]
            room_store.save_answer(member.id, ref.key, value, shared=True)
    return participant


def address(server: OpsporingServer, notebook: str) -> str:
    """A page of the room, with the key the room's QR code carries."""
    return server.page_url(notebook, f"token={server.token}")


SMALL_TEXT = """(floor) => {
  // Every text a reader can see, by the size it is drawn in: below `floor` is a finding.
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || !el.checkVisibility({visibilityProperty: true})) {
      continue;
    }
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.bottom < -1) continue;  // the unfocused skip link
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < floor) found.push(`${size}px <${el.tagName.toLowerCase()}.${el.className}> `
      + node.textContent.trim().slice(0, 40));
  }
  return [...new Set(found)];
}"""

CONTROLS = """() => {
  // Everything a finger presses, with the box it presses: a radio or checkbox is pressed
  // through its label, so the label is its target.
  const selector = 'button, select, textarea, input:not([type=hidden]), '
    + 'a.opsporing-film-open, a.opsporing-download, .opsporing-nav a, .opsporing-masthead a';
  return [...document.querySelectorAll(selector)]
    .filter((el) => el.checkVisibility({visibilityProperty: true})
      && el.getBoundingClientRect().width > 0)
    .map((el) => {
      const choice = el.matches('input[type=radio], input[type=checkbox]');
      const target = choice ? (el.closest('label') || el) : el;
      const r = target.getBoundingClientRect();
      const s = getComputedStyle(el);
      return {
        what: `<${el.tagName.toLowerCase()} ${el.type || ''}> `
          + (el.textContent || el.getAttribute('aria-label') || el.name || '').trim().slice(0, 30),
        tag: el.tagName.toLowerCase(), type: el.type || '', choice,
        width: r.width, height: r.height,
        appearance: s.appearance, radius: s.borderTopLeftRadius, font: s.fontFamily,
        accent: s.accentColor,
      };
    });
}"""

TOKENS = """() => {
  const root = getComputedStyle(document.documentElement);
  const probe = document.createElement('div');
  document.body.append(probe);
  const colour = (name) => {
    probe.style.color = `var(${name})`;
    return getComputedStyle(probe).color;
  };
  const found = {
    radius: root.getPropertyValue('--ops-radius').trim(),
    font: getComputedStyle(document.body).fontFamily,
    accent: colour('--ops-color-primary'),
  };
  probe.remove();
  return found;
}"""

SIDEWAYS = """() => ({
  document: document.documentElement.scrollWidth,
  viewport: document.documentElement.clientWidth,
})"""


def default_looks(controls: list[dict[str, Any]], tokens: dict[str, str]) -> list[str]:
    """Controls the browser still draws its own way, or in a font or corner not the kit's."""
    found = []
    for c in controls:
        if c["choice"]:
            if c["accent"] != tokens["accent"]:
                found.append(f"{c['what']}: accent {c['accent']}, not the kit's")
            continue
        if c["tag"] == "a":
            continue
        if c["appearance"] != "none":
            found.append(f"{c['what']}: the browser's own look (appearance {c['appearance']})")
        if c["font"] != tokens["font"]:
            found.append(f"{c['what']}: font {c['font']}")
        if c["radius"] != tokens["radius"]:
            found.append(f"{c['what']}: corner {c['radius']}, not --ops-radius")
    return found


def judge(page: Page, width: str) -> list[str]:
    """Every finding on the page as it stands, one line each."""
    findings = [f"text under {MIN_TEXT_PX} px: {t}" for t in page.evaluate(SMALL_TEXT, MIN_TEXT_PX)]
    side = page.evaluate(SIDEWAYS)
    if side["document"] > side["viewport"]:
        findings.append(f"scrolls sideways: {side['document']} px in {side['viewport']} px")
    controls = page.evaluate(CONTROLS)
    assert controls, "no control found: the page did not draw"
    if width == "390":
        findings += [
            f"target under {MIN_TARGET_PX} px: {c['what']} ({c['width']:.0f}×{c['height']:.0f})"
            for c in controls
            if c["height"] < MIN_TARGET_PX - 0.5 or c["width"] < MIN_TARGET_PX - 0.5
        ]
    findings += default_looks(controls, page.evaluate(TOKENS))
    findings += blocking_violations(page)
    return findings


GALLERY_HEAD = """# Galleri

Hver visning i kittet ved 390 px (telefon) og 1280 px (bærbar), og projektoren ved 1920 px.
Billederne tages af `make screenshots` (`tests/browser/test_design.py`), mens testen måler
tekststørrelse, knapstørrelse, rulning til siden og tilgængelighed på de samme sider.
"""


def photograph(page: Page, name: str) -> None:
    """The page as it stands into the gallery, and the gallery's index written again."""
    GALLERY.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(GALLERY / f"{name}.png"))
    shots = sorted(GALLERY.glob("*.png"))
    entries = [f"## {shot.stem}\n\n![{shot.stem}]({shot.name})\n" for shot in shots]
    (GALLERY / "README.md").write_text("\n".join([GALLERY_HEAD, *entries]), "utf-8")


def scroll_to(page: Page, selector: str) -> None:
    page.locator(selector).first.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.evaluate("window.scrollBy(0, -16)")
    page.wait_for_timeout(300)


def open_trainer(page: Page, server: Any, code: str, pin: str) -> None:
    goto(page, address(server, "underviser.ipynb"))
    wait_interactive(page)
    fill_in_pin(page, code, pin)


def fill_in_pin(page: Page, code: str, pin: str) -> None:
    """On the trainer's form: the hold's code and its PIN typed, the hold opened."""
    page.locator(".opsporing-trainer-code input").fill(code)
    page.locator(".opsporing-trainer-pin input").fill(pin)
    page.locator(".opsporing-trainer-open").click()
    page.locator(".opsporing-plenum").wait_for(state="visible")


Step = Callable[[Page], None]


def views(
    server: Any, participant: Participant, shipped: Any
) -> list[tuple[str, bool, bool, Step]]:
    """(gallery name, as the participant?, on the page of the view before?, how to get there),
    in the order a day goes: a film's or a case's questions are opened on the film or case
    view, and the trainer types a wrong PIN and then the right one on the trainer's form, as
    a person does, with no page loaded again between them."""

    def participant_view(notebook: str) -> Step:
        def go(page: Page) -> None:
            goto(page, address(server, notebook))
            wait_interactive(page)
            expect(page.locator(".opsporing-identity")).to_contain_text(participant.pseudonym)

        return go

    def join_form(page: Page) -> None:
        goto(page, address(server, "00_start.ipynb"))
        wait_interactive(page)

    def case_questions(page: Page) -> None:
        vignette = shipped.vignettes[0]
        page.get_by_label(texts.CASE_PICK).select_option(label=vignette.title)
        page.locator(f".opsporing-stage-{len(vignette.stages)}").wait_for(state="visible")
        scroll_to(page, ".opsporing-stage")  # a stage as it is read: its text, then questions

    def film_questions(page: Page) -> None:
        page.locator("a.opsporing-film-open").first.click()
        page.locator("fieldset.opsporing-question").first.wait_for(state="visible")
        scroll_to(page, "fieldset.opsporing-question")

    def trainer_form(page: Page) -> None:
        goto(page, address(server, "underviser.ipynb"))
        wait_interactive(page)

    def trainer_wrong_pin(page: Page) -> None:
        page.locator(".opsporing-trainer-code input").fill(participant.hold_code or "")
        page.locator(".opsporing-trainer-pin input").fill("forkert-pin")
        page.locator(".opsporing-trainer-open").click()
        expect(page.locator(".opsporing-trainer-message")).to_contain_text(texts.TRAINER_WRONG_PIN)

    def trainer_hold(page: Page) -> None:
        fill_in_pin(page, participant.hold_code or "", PIN)

    return [
        ("start-deltag", False, False, join_form),
        ("start", True, False, participant_view("00_start.ipynb")),
        ("temafilm", True, False, participant_view("01_temafilm.ipynb")),
        ("temafilm-spoergsmaal", True, True, film_questions),
        ("cases", True, False, participant_view("02_cases.ipynb")),
        ("cases-spoergsmaal", True, True, case_questions),
        ("hjaelp", True, False, participant_view("03_hjaelp.ipynb")),
        ("dine-svar", True, False, participant_view("04_handout.ipynb")),
        ("underviser", False, False, trainer_form),
        ("underviser-forkert-pin", False, True, trainer_wrong_pin),
        ("underviser-hold", False, True, trainer_hold),
    ]


def context_for(browser: Browser, width: str) -> BrowserContext:
    phone = width == "390"
    context = browser.new_context(
        locale="da-DK", viewport=WIDTHS[width], has_touch=phone, is_mobile=phone
    )
    context.set_default_timeout(120_000)
    return context


@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_view_is_drawn_in_the_kits_design(
    browser: Browser,
    room: OpsporingServer,
    room_store: Store,
    everyone: Participant,
    shipped: Any,
    width: str,
) -> None:
    findings: dict[str, list[str]] = {}
    signed_in = context_for(browser, width)
    anonymous = context_for(browser, width)
    sign_in(signed_in, room, room_store, everyone)
    page: Page | None = None
    try:
        for name, as_participant, same_page, go in views(room, everyone, shipped):
            if page is None or not same_page:
                if page is not None:
                    page.close(run_before_unload=True)  # as a person leaves: the kernel goes
                page = (signed_in if as_participant else anonymous).new_page()
            go(page)
            if not name.endswith("spoergsmaal"):
                page.evaluate("window.scrollTo(0, 0)")
            photograph(page, f"{name}-{width}")
            if found := judge(page, width):
                findings[name] = found
        if page is not None:
            page.close(run_before_unload=True)
    finally:
        signed_in.close()
        anonymous.close()
    report = [f"{view}: {line}" for view, lines in findings.items() for line in lines]
    assert report == [], f"{len(report)} findings at {width} px:\n" + "\n".join(report)


def test_the_footer_opens_the_statement_and_sources_from_the_kit_itself(
    browser: Browser, room: OpsporingServer
) -> None:
    """The accessibility statement and the sources are pages of the kit (no internet), in
    the same design, measured as the views are."""
    context = context_for(browser, "390")
    offsite: list[str] = []
    context.on("request", lambda r: offsite.append(r.url) if room.url not in r.url else None)
    try:
        page = context.new_page()
        goto(page, address(room, "00_start.ipynb"))
        links = page.locator(".opsporing-footer a")
        expect(links).to_have_count(2)
        for href in [links.nth(i).evaluate("a => a.href") for i in range(2)]:
            answer = page.goto(href)
            assert answer is not None and answer.ok, href
            expect(page.locator("h1")).to_be_visible()
            photograph(page, f"{Path(href).stem}-390")
            assert judge(page, "390") == []
        assert offsite == []
    finally:
        context.close()


HANDOUT_FONT = """() => ({
  font: getComputedStyle(document.body).fontFamily,
  accent: getComputedStyle(document.documentElement).getPropertyValue('--ops-color-primary'),
})"""


def test_the_handout_wears_the_same_tokens(
    browser: Browser, room: OpsporingServer, room_store: Store, everyone: Participant
) -> None:
    """The HTML handout, as the served kit makes it, carries the kit's tokens and type."""
    context = context_for(browser, "1280")
    sign_in(context, room, room_store, everyone)
    try:
        page = context.new_page()
        goto(page, address(room, "04_handout.ipynb"))
        wait_interactive(page)
        kit_font = page.evaluate("getComputedStyle(document.body).fontFamily")
        href = page.locator("a.opsporing-download").first.evaluate("a => a.href")
        answer = page.request.get(href)
        assert answer.ok, answer.status
        handout = context.new_page()
        handout.set_content(answer.text())
        photograph(handout, "handout-1280")
        seen = handout.evaluate(HANDOUT_FONT)
        assert seen["accent"].strip(), "the handout has no design tokens"
        assert seen["font"] == kit_font
        assert blocking_violations(handout) == []
    finally:
        context.close()


PROJECTED_SIZES = """() => {
  const size = (sel) => {
    const el = document.querySelector(sel);
    return el && el.checkVisibility() ? parseFloat(getComputedStyle(el).fontSize) : 0;
  };
  const bars = [...document.querySelectorAll('.opsporing-projector .opsporing-chart svg')]
    .map((el) => el.getBoundingClientRect().height);
  const qr = document.querySelector('.opsporing-projector-join svg');
  return {
    question: size('.opsporing-projector-stage h4'),
    count: size('.opsporing-projector .opsporing-count'),
    code: size('.opsporing-projector-join .opsporing-hold-code'),
    address: size('.opsporing-projector-join code'),
    bar: bars.length ? Math.min(...bars) : 0,
    qr: qr ? qr.getBoundingClientRect().width : 0,
    scrolls: document.documentElement.scrollHeight > window.innerHeight + 1,
  };
}"""


def test_the_projector_reads_from_the_back_of_the_room(
    browser: Browser, room: OpsporingServer, everyone: Participant, shipped: Any
) -> None:
    """Mentimeter's scale on 1920×1080: the question at 48 px or more, results as thick bars
    with their numbers, the hold code, QR code and address large; photographed for the
    gallery."""
    film = shipped.films[0]
    choice = next(q for q in film.questions if q.kind.value == "flervalg")
    context = browser.new_context(locale="da-DK", viewport=FULL_HD)
    context.set_default_timeout(120_000)
    try:
        page = context.new_page()
        open_trainer(page, room, everyone.hold_code or "", PIN)
        page.get_by_role("button", name=texts.PROJECTOR_OPEN).click()
        page.locator(".opsporing-projector-picker select").select_option(
            label=plenum.film_section(film)
        )
        page.mouse.click(5, 5)
        for _ in range(film.questions.index(choice)):
            page.keyboard.press("ArrowRight")
        stage = page.locator(".opsporing-projector-stage")
        expect(stage).to_contain_text(choice.text)
        page.wait_for_timeout(300)
        photograph(page, "projektor-spoergsmaal-1920")
        asked = page.evaluate(PROJECTED_SIZES)
        page.get_by_role("button", name=texts.PROJECTOR_SHOW).click()
        expect(page.locator(".opsporing-projector .opsporing-chart")).to_be_visible()
        page.wait_for_timeout(300)
        photograph(page, "projektor-resultat-1920")
        shown = page.evaluate(PROJECTED_SIZES)
        assert asked["question"] >= 48, asked
        assert shown["count"] >= 48 and shown["bar"] >= 48, shown
        assert shown["code"] >= 96 and shown["address"] >= 32 and shown["qr"] >= 400, shown
        assert not asked["scrolls"] and not shown["scrolls"], "the projector view scrolls"
        assert blocking_violations(page) == []
    finally:
        context.close()
