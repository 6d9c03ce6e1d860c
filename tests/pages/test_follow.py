"""The trainer moves the room; followers' apps go there in the same kernel, others stay."""

from __future__ import annotations

import asyncio
import threading

import pytest
from server_process import run_in_own_loop

from opsporing import content, room_places, texts
from opsporing.content import question_key
from opsporing.pages import follow, frame
from opsporing.pages.pace_panel import PacePanel
from opsporing.pages.session import Session
from opsporing.records import StoreError
from opsporing.store import Store
from opsporing.views import Address

from .conftest import FakeTimer, answer, html_of, shown

CASE = "test-case"


def _app(db: Store, kit: content.Content, code: str, name: str, **session: object) -> frame.App:
    """A participant's app on hold `code`, its looks at the store moved by hand."""
    s = Session(db, kit, db.join(name, code), **session)  # type: ignore[arg-type]
    app = frame.App(s, "start")
    app.follower._timer = FakeTimer()
    app.arrive()
    return app


@pytest.fixture
def hold(db: Store) -> str:
    return db.create_hold("246810", "Torsdagsholdet")


def test_followers_go_where_the_trainer_sends_the_room_and_others_stay(
    db: Store, small: content.Content, hold: str
) -> None:
    ada, bo = _app(db, small, hold, "Ada"), _app(db, small, hold, "Bo")
    assert shown(ada.follower.bar) and texts.FOLLOW_FOLLOWING in html_of(ada.follower.bar)
    bo.follower.switch()
    assert db.own_pace(bo.session.participant.id)
    assert texts.FOLLOW_STEP_IN in html_of(bo.follower.bar)

    film = small.films[1].id
    db.send_room(hold, {"vis": "temafilm", "film": film})
    for app in (ada, bo):
        app.follower.look()
    assert ada.nav.location == {"vis": "temafilm", "film": film}
    name = room_places.describe(small, {"vis": "temafilm", "film": film})
    assert texts.FOLLOW_MOVED.format(place=name) in html_of(ada.follower.bar)
    assert bo.nav.view == "start", "at their own pace, Bo stays"
    assert texts.FOLLOW_OWN.format(place=name) in html_of(bo.follower.bar)
    assert db.room_following(hold) == (1, 1)

    bo.follower.switch()  # "Følg underviseren igen": to where the room is, at once
    assert bo.nav.location == {"vis": "temafilm", "film": film}
    assert db.room_following(hold) == (2, 0)


def test_a_late_joiner_and_a_page_opened_bare_land_where_the_room_is(
    db: Store, small: content.Content, hold: str
) -> None:
    db.send_room(hold, {"vis": "cases", "case": CASE, "trin": "2"})
    late = Session(db, small)
    app = frame.App(late, "start")
    app.follower._timer = FakeTimer()
    app.arrive()
    assert app.nav.view == "start" and not shown(app.follower.bar), "nobody yet"
    late.join("Cy", hold)
    assert app.nav.location == {"vis": "cases", "case": CASE, "trin": "2"}
    assert app.view.picker.view.reached == 2, "the trainer's stage unfolds for a follower"

    reloaded = _app(db, small, hold, "Di", address=Address("hjaelp"))
    assert reloaded.nav.view == "hjaelp", "a page opened at a place stays there"


def test_what_was_typed_is_saved_before_the_room_moves(
    db: Store, small: content.Content, hold: str
) -> None:
    app = _app(db, small, hold, "Ada")
    app.nav.location = {"vis": "cases", "case": CASE}
    question = app.view.picker.view.stages[0].questions[0]
    question.value = "Hun kom uden madpakke igen"  # typed; its save is still counting down
    db.send_room(hold, {"vis": "hjaelp"})
    app.follower.look()
    assert app.nav.view == "hjaelp"
    key = question_key(f"{CASE}/1", small.vignette(CASE).stages[0].questions[0].id)
    saved = db.answers(app.session.participant.id)[key]
    assert saved.value == "Hun kom uden madpakke igen"


def test_a_locked_stage_stays_out_of_the_page_for_everyone_on_the_hold(
    db: Store, small: content.Content, hold: str
) -> None:
    follower, alone = _app(db, small, hold, "Ada"), _app(db, small, hold, "Bo")
    alone.follower.switch()
    db.send_room(hold, {"vis": "cases", "case": CASE, "trin": "1"}, {CASE: 1})
    for app in (follower, alone):
        app.follower.look()
        app.nav.location = {"vis": "cases", "case": CASE}
        vignette = app.view.picker.view
        for q in vignette.stages[0].questions:
            answer(q)
        assert vignette.reached == 1 and vignette.waiting
        assert small.vignette(CASE).stages[1].title not in html_of(app)

    db.send_room(hold, {"vis": "cases", "case": CASE, "trin": "2"}, {CASE: 2})
    for app in (follower, alone):
        app.follower.look()
        assert app.view.picker.view.reached == 2
        assert small.vignette(CASE).stages[1].title in html_of(app)


def test_a_reload_at_a_case_builds_no_locked_stage(
    db: Store, small: content.Content, hold: str
) -> None:
    """The address names the case (a reload, a shared link) and stage 1 is answered: the
    lock is read before the case is built, so stage 2 is never made, not even for a moment."""
    first = _app(db, small, hold, "Ada")
    first.nav.location = {"vis": "cases", "case": CASE}
    for q in first.view.picker.view.stages[0].questions:
        answer(q)
    db.send_room(hold, None, {CASE: 1})
    again = Session(db, small)  # a warm kernel's app, built before its page was asked for
    reloaded = frame.App(again, "start")
    reloaded.follower._timer = FakeTimer()
    # The request has come, as `Session.arrive` takes it in:
    again.participant, again._answers = first.session.participant, None
    again.address = Address("cases", (("case", CASE),))
    reloaded.arrive()
    vignette = reloaded.view.picker.view
    assert len(vignette.stages) == 1 and vignette.waiting


def test_working_alone_shows_nothing_of_a_room(db: Store, small: content.Content) -> None:
    s = Session(db, small, db.join("Eli"))
    app = frame.App(s, "start")
    app.follower._timer = timer = FakeTimer()
    app.arrive()
    assert not shown(app.follower.bar) and not timer.pending


def test_the_trainer_sends_locks_and_opens_the_next_stage(
    db: Store, small: content.Content, hold: str
) -> None:
    panel = PacePanel(db, small, hold)
    assert texts.PACE_NOWHERE in html_of(panel)
    panel.choice.value = room_places.key({"vis": "cases", "case": CASE, "trin": "1"})
    panel.lock.value = True
    panel.send_room()
    step = db.room_step(hold)
    assert step.place == {"vis": "cases", "case": CASE, "trin": "1"} and step.locks == {CASE: 1}
    assert shown(panel.next_stage) and shown(panel.unlock)

    panel.open_next_stage()
    step = db.room_step(hold)
    assert step.place["trin"] == "2" and step.locks == {CASE: 2}, "the lock moves with the room"
    panel.unlock_all()
    assert db.room_step(hold).locks == {} and not shown(panel.unlock)
    assert Store(db.url).room_step(hold).place["trin"] == "2", "kept across a restart"


def test_a_step_or_lock_the_content_no_longer_has_is_said_in_danish(
    db: Store, small: content.Content, hold: str
) -> None:
    db.send_room(hold, {"vis": "cases", "case": "slettet-case"}, {"slettet-case": 2, CASE: 9})
    panel = PacePanel(db, small, hold)
    said = html_of(panel)
    assert texts.ROOM_LOCK_GONE.format(case="slettet-case") in said
    assert "passer ikke længere" in said and db.room_step(hold).locks == {CASE: 3}
    assert texts.ROOM_PLACE_GONE.format(what="slettet-case") in said
    assert texts.PACE_NOWHERE in said

    app = _app(db, small, hold, "Ada")
    assert app.nav.view == "start", "a follower is not sent to a place that is gone"

    db.delete_hold(hold)
    panel.unlock_all()
    assert texts.ROOM_NO_HOLD.format(code=hold) in html_of(panel.message)


def test_deleting_the_hold_deletes_its_step_and_paces(
    db: Store, small: content.Content, hold: str
) -> None:
    app = _app(db, small, hold, "Ada")
    app.follower.switch()
    db.send_room(hold, {"vis": "hjaelp"}, {CASE: 1})
    db.delete_hold(hold)
    assert db.room_step(hold).place is None and db.room_version(hold) == 0
    assert not db.own_pace(app.session.participant.id)


def test_the_places_cover_every_view_film_case_and_stage(small: content.Content) -> None:
    keys = {option.key for option in room_places.places(small)}
    assert "vis=start" in keys and "vis=handout" in keys
    assert all(f"vis=temafilm&film={f.id}" in keys for f in small.films)
    stages = len(small.vignette(CASE).stages)
    assert {f"vis=cases&case={CASE}&trin={n}" for n in range(1, stages + 1)} <= keys
    assert all(room_places.problem(small, o.place) is None for o in room_places.places(small))
    gone = {"vis": "temafilm", "film": "ingen-film"}
    assert room_places.problem(small, gone) == texts.ROOM_PLACE_GONE.format(what="ingen-film")
    too_far = {"vis": "cases", "case": CASE, "trin": str(stages + 1)}
    assert room_places.problem(small, too_far) is not None


def test_a_served_followers_held_question_moves_the_app_on_the_kernels_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Under the kit's server a follower waits in a thread for the server's answer; the look
    that follows runs on the kernel's event loop (widgets are changed there only), not once
    the follower stopped, and a server that did not answer is asked again."""
    monkeypatch.setattr(follow, "WATCH_AGAIN_AFTER", 0.1)

    async def scenario() -> tuple[int, list[object]]:
        ran: list[object] = []
        answer = threading.Event()

        def held() -> int:
            answer.wait(5)
            return 7

        def away() -> int:
            raise StoreError(texts.STORE_AWAY)

        follow._Watch(held, lambda: ran.append(threading.get_ident()))
        await asyncio.sleep(0.3)
        assert ran == [], "the room has not moved: no look yet"
        answer.set()
        follow._Watch(away, lambda: ran.append("again"))
        follow._Watch(lambda: 7, lambda: ran.append("stopped")).cancel()
        await asyncio.sleep(0.6)
        return threading.get_ident(), ran

    loop_thread, ran = run_in_own_loop(scenario())
    assert ran == [loop_thread, "again"]
