"""The trainer page, driven through its widgets: PIN first, then the room's answers, live."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import escape

import ipywidgets as widgets
import pytest
from plenum_room import SECRET_WORDS, kit, populate
from sqlalchemy import update

from opsporing import plenum, retention, store, texts
from opsporing.pages.underviser import TrainerPage
from opsporing.store import Store
from opsporing.widgets.shared import is_shown

from .conftest import FakeTimer

KIT = kit()


def tree_text(widget: widgets.Widget) -> str:
    """Everything the page's widget tree would put in front of the trainer (not its CSS)."""
    if "opsporing-style" in getattr(widget, "_dom_classes", ()):
        return ""
    parts = []
    for name in ("value", "description", "placeholder"):
        value = getattr(widget, name, None)
        if isinstance(value, str):
            parts.append(value)
    shown = getattr(widget, "shown", None)  # what a form puts in its fields
    if isinstance(shown, dict):
        parts.extend(str(v) for v in shown.values())
    for child in getattr(widget, "children", ()):
        parts.append(tree_text(child))
    return "\n".join(parts)


@pytest.fixture
def room(db: Store):
    return populate(db)


def _page(db: Store, join_url: str | None = None) -> tuple[TrainerPage, FakeTimer]:
    timer = FakeTimer()
    return TrainerPage(db, KIT, join_url, timer=timer), timer


def _open(page: TrainerPage, code: str, pin: str) -> None:
    page.open_form.submit("open", {"code": code, "pin": pin})


@pytest.mark.parametrize("pin", ["", "   ", "forkert-pin"])
def test_a_wrong_or_missing_pin_shows_no_data(db: Store, room, pin: str) -> None:
    page, timer = _page(db)
    _open(page, room.code, pin)
    shown = tree_text(page)
    assert page.view is None and page.view_box.children == ()
    assert "Der vises ingen svar" in page.message.value and 'role="alert"' in page.message.value
    assert "opsporing-chart" not in shown and "Svar nummer" not in shown
    assert "er med på holdet" not in shown and "opsporing-progress" not in shown
    assert timer.pending == [], "no refresh runs for a hold that was never opened"


def test_a_failed_attempt_also_clears_the_hold_shown_before(db: Store, room) -> None:
    page, _timer = _page(db)
    _open(page, room.code, room.pin)
    assert "Svar nummer" in tree_text(page)
    _open(page, room.code, "forkert-pin")
    assert "Svar nummer" not in tree_text(page)
    assert "opsporing-chart" not in tree_text(page)


def test_the_open_hold_shows_counts_shared_text_and_progress_never_private_text(
    db: Store, room
) -> None:
    page, _timer = _page(db)
    _open(page, room.code.lower(), room.pin)
    shown = tree_text(page)
    assert page.open_form.shown["pin"] == "", "the PIN does not linger in the page"
    assert "30 deltagere er med på holdet." in shown
    for word in (*SECRET_WORDS, *room.answers, *room.ids.values()):
        assert word not in shown
    expected = plenum.for_hold(db, room.code, room.pin, KIT)
    for section in expected.sections:
        assert escape(section.title) in shown
        for q in section.questions:
            for text in q.shared_texts:
                assert f'<li dir="auto">{escape(text)}</li>' in shown
            for tally in q.tallies:
                row = (
                    rf'<th scope="row">{re.escape(escape(tally.label))}</th>'
                    rf'<td class="opsporing-bar">.*?</td>'
                    rf'<td class="opsporing-count">{tally.count}</td>'
                )
                assert re.search(row, shown), (q.key, tally)
    films = expected.progress[0]
    assert (
        f"<td>{films.questions}</td><td>{films.not_started}</td>"
        f"<td>{films.started}</td><td>{films.finished}</td>"
    ) in shown


def test_a_traffic_light_says_its_colour_in_words(db: Store, room) -> None:
    page, _timer = _page(db)
    _open(page, room.code, room.pin)
    shown = tree_text(page)
    for word in ("grøn", "gul", "rød"):
        assert f'<th scope="row">{word}</th>' in shown


def test_a_new_answer_reaches_the_screen_on_the_next_tick_and_quiet_ticks_touch_nothing(
    db: Store, room
) -> None:
    page, timer = _page(db)
    _open(page, room.code, room.pin)
    assert len(timer.pending) == 1 and timer.pending[0][0] == 1.0

    changes: list[str] = []
    for part in (page.view.progress, *page.view.sections.children):
        part.observe(lambda change: changes.append(change["owner"]), names="value")
    timer.fire()
    assert changes == [], "nothing changed, so nothing was sent to the browser"
    assert len(timer.pending) == 1, "the refresh keeps going"

    newcomer = db.join("Nykommer", room.code)
    db.save_answer(newcomer.id, "ida/1/lys", "rød")
    before = page.view.plenum.sections[2].questions[0].tallies[2].count
    timer.fire()
    assert page.view.plenum.sections[2].questions[0].tallies[2].count == before + 1
    assert "31 deltagere" in page.view.progress.value
    assert len(changes) == 2, "only the progress and the one section that changed were redrawn"
    page.stop()
    assert timer.pending == []


def test_creating_a_hold_opens_it_and_keeps_only_a_hash_of_the_pin(db: Store) -> None:
    page, _timer = _page(db)
    page.create_form.submit("create", {"name": "", "pin": "12"})
    assert "mindst 6 tegn" in page.message.value and page.view is None
    page.create_form.submit("create", {"name": "Skole B", "pin": "rum-4711"})
    code = page.view.code
    assert db.check_pin(code, "rum-4711") and db.hold_name(code) == "Skole B"
    shown = tree_text(page)
    assert f"Hold {code}: Skole B" in shown
    assert "0 deltagere er med på holdet." in shown
    assert "rum-4711" not in shown


def test_the_join_address_is_a_qr_code_with_lan_and_a_hint_without(db: Store, room) -> None:
    url = "http://192.168.1.20:8866/?token=abc123"
    page, _timer = _page(db, join_url=url)
    _open(page, room.code, room.pin)
    shown = tree_text(page)
    svg = re.search(r'<svg[^>]*class="opsporing-qr".*?</svg>', shown, re.S)
    assert svg and f"QR-kode til adressen {url}" in svg.group(0)
    assert f"<code>{url}</code>" in shown

    page, _timer = _page(db, join_url=None)
    _open(page, room.code, room.pin)
    shown = tree_text(page)
    assert "<svg" not in shown.split("Hvor langt")[0]
    assert "opsporing serve --lan" in shown


def test_the_picker_narrows_the_view_to_answered_parts_or_one_part(db: Store) -> None:
    page, _timer = _page(db)
    code = db.create_hold("rum-4711")
    _open(page, code, "rum-4711")
    view = page.view

    def visible() -> list[str]:
        return [
            key for key, widget in view._section_widgets.items() if widget.layout.display != "none"
        ]

    assert visible() == [] and view.nothing.layout.display is None
    db.save_answer(db.join("Ugle", code).id, "ida/2/sikker", 3)
    page.refresh()
    assert visible() == ["ida/2"] and view.nothing.layout.display == "none"
    view.picker.value = "film-a"
    assert visible() == ["film-a"]
    assert ("Ida, 8 år, trin 2: Samtalen", "ida/2") in view.picker.options


def test_closing_the_hold_takes_it_off_the_screen(db: Store, room) -> None:
    page, _timer = _page(db)
    _open(page, room.code, room.pin)
    assert not is_shown(page.login)
    page.close_button.click()
    assert page.view is None and is_shown(page.login)
    assert "opsporing-chart" not in tree_text(page)
    assert page.refresh() is False


def test_the_trainer_picks_how_many_days_the_new_hold_is_kept(db: Store) -> None:
    page, _timer = _page(db)
    assert page.create_form.shown["days"] == str(store.HOLD_LIFETIME.days)
    for typed in ("0", "366", "en måned"):
        page.create_form.submit("create", {"name": "Skole C", "pin": "rum-4711", "days": typed})
        assert texts.TRAINER_DAYS_INVALID.format(max=365) in page.message.value
        assert page.view is None and db.holds() == []
        assert page.create_form.values["pin"] == "rum-4711", "what was typed is kept"
    page.create_form.submit("create", {"name": "Skole C", "pin": "rum-4711", "days": "60"})
    code = page.view.code
    ends = db.hold_ends_at(code)
    assert ends is not None
    assert timedelta(days=59, hours=23) < ends - datetime.now(UTC) <= timedelta(days=60)
    assert texts.TRAINER_ENDS.format(when=retention.when(ends)) in page.ends.value
    assert page.create_form.shown["days"] == "30", "the next hold starts from the default"


def test_an_open_hold_shows_its_end_and_warns_a_week_before(db: Store) -> None:
    page, _timer = _page(db)
    page.create_form.submit("create", {"name": "", "pin": "rum-4711", "days": "7"})
    code = page.view.code
    ends = db.hold_ends_at(code)
    assert ends is not None
    assert 'role="alert"' in page.ends.value
    assert escape(f"(om {retention.left(ends)})") in page.ends.value
    assert escape(f"opsporing export --hold {code}") in page.ends.value
    page.close_hold()

    with db.engine.begin() as conn:
        conn.execute(update(store.holds).where(store.holds.c.code == code).values(ends_at=None))
    _open(page, code, "rum-4711")
    assert escape(texts.TRAINER_NO_END.format(code=code)) in page.ends.value

    past = datetime.now(UTC) - timedelta(hours=1)
    with db.engine.begin() as conn:
        conn.execute(update(store.holds).where(store.holds.c.code == code).values(ends_at=past))
    _open(page, code, "rum-4711")
    expired = texts.TRAINER_EXPIRED.format(when=retention.when(past))
    assert escape(expired) in page.ends.value and 'role="alert"' in page.ends.value
    page.close_hold()
    assert page.ends not in page.view_box.children


def test_the_trainer_page_shows_how_full_the_room_is_as_the_server_counts_it(db: Store) -> None:
    rooms = iter([{"capacity": 36, "open": 31, "warm": 4}, {"capacity": 36, "open": 40, "warm": 0}])
    page = TrainerPage(db, kit(), None, timer=lambda *_: None, room=lambda: next(rooms))
    shown = texts.TRAINER_ROOM.format(open=31, capacity=36, free=5, warm=4)
    assert shown in page.room.value and 'role="status"' in page.room.value
    page.show_room()
    assert texts.TRAINER_ROOM.format(open=40, capacity=36, free=0, warm=0) in page.room.value
    quiet = TrainerPage(db, kit(), None, timer=lambda *_: None, room=lambda: None)
    assert quiet.room.value == "", "nothing where the server cannot say"
