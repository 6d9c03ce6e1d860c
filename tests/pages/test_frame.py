"""The app around the views: one kernel, views swapped and kept; broken content shows errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import ipywidgets as widgets
import pytest

from opsporing import paths, texts, views
from opsporing.pages import cases, frame, hjaelp, start, temafilm
from opsporing.pages.session import Session
from opsporing.request import BROWSER_HEADER, header_env
from opsporing.views import Address

from .conftest import FIXTURE_CONTENT, FakeTimer, shown


def test_broken_content_shows_the_danish_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, root)
    (root / "services" / "hjerteforaeldre.yaml").unlink()
    monkeypatch.setenv(paths.CONTENT_ENV, str(root))
    shown = frame.app_for("cases")
    assert texts.CONTENT_FAILED in shown.value
    assert "services/hjerteforaeldre.yaml" in shown.value
    assert texts.ERR_MISSING_FILE in shown.value


def test_sound_content_shows_the_app_at_the_notebooks_view(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(paths.CONTENT_ENV, str(FIXTURE_CONTENT))
    app = frame.app_for("cases")
    assert isinstance(app, frame.App)
    assert app.nav.view == "cases" and isinstance(app.view, cases.CasesView)
    assert {"id": "cases", "label": texts.NAV_CASES, "title": texts.CASES_TITLE} in app.nav.views


def test_the_address_wins_over_the_notebook(db, small) -> None:
    """A reload of `00_start.ipynb?vis=cases&case=…` opens that case, not the start view."""
    vignette = small.vignettes[0].id
    s = Session(db, small, address=Address("cases", (("case", vignette),)))
    app = frame.App(s, "start")
    assert app.nav.view == "cases"
    assert app.view.picker.choice.value == vignette
    assert app.nav.place == {"case": vignette, "trin": "1"}


def test_views_are_built_once_and_kept(db, small) -> None:
    """Moving away and back keeps a view (and what was typed in it), in the same kernel."""
    s = Session(db, small, db.join("Kim"))
    app = frame.App(s, "start")
    app.nav.location = {"vis": "cases"}
    first = app.view
    app.view.picker.pick(small.vignettes[0].id)
    app.nav.location = {"vis": "hjaelp"}
    assert app.area.children == (app.built["hjaelp"],)
    app.nav.location = {"vis": "cases"}
    assert app.view is first and first.picker.choice.value == small.vignettes[0].id


def test_an_unknown_view_in_the_address_opens_the_start_view(db, small) -> None:
    app = frame.App(Session(db, small, address=Address("findes-ikke")), "cases")
    assert app.nav.view == "start"


def test_views_built_before_joining_are_built_again_for_the_participant(db, small) -> None:
    """Questions seen before joining were disabled; after joining they must take answers."""
    s = Session(db, small)
    app = frame.App(s, "cases")
    app.view.picker.pick(small.vignettes[0].id)
    question = app.view.picker.view.stages[0].questions[0]
    assert question.disabled
    app.nav.location = {"vis": "start"}
    s.join("Kim", None)
    app.nav.location = {"vis": "cases"}
    app.view.picker.pick(small.vignettes[0].id)
    assert not app.view.picker.view.stages[0].questions[0].disabled


@pytest.mark.parametrize("module", [start, temafilm, cases, hjaelp])
def test_every_dropdown_shows_its_first_word_not_an_empty_box(module, db, shipped) -> None:
    """ipywidgets shows an empty box for the value None; "Alle" must be visible."""
    found = []

    def walk(w) -> None:
        if isinstance(w, widgets.Dropdown):
            found.append(w)
        for child in getattr(w, "children", ()):
            walk(child)

    walk(module.build(Session(db, shipped)))
    assert found or module is start
    for dropdown in found:
        assert dropdown.index == 0 and dropdown.label


def test_a_view_and_its_place_arrive_together_and_a_bare_view_keeps_its_place(db, small) -> None:
    """Leaving a case for Hjælp must not close it; coming back by the menu finds it open,
    and the address says so again (Back and a reload then open it too)."""
    vignette = small.vignettes[0].id
    app = frame.App(Session(db, small, db.join("Kim")), "start")
    app.nav.location = {"vis": "cases", "case": vignette}
    assert app.nav.location == {"vis": "cases", "case": vignette, "trin": "1"}
    app.nav.location = {"vis": "hjaelp"}
    assert app.built["cases"].picker.choice.value == vignette
    app.nav.location = {"vis": "cases"}
    assert app.nav.location == {"vis": "cases", "case": vignette, "trin": "1"}


def _page_request(monkeypatch: pytest.MonkeyPatch, query: str, browser: str) -> None:
    """What the server tells a kernel when its page is asked for (no preheating here)."""
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    monkeypatch.setenv("QUERY_STRING", query)
    monkeypatch.setenv(header_env(BROWSER_HEADER), browser)


def test_a_warm_app_built_for_nobody_shows_the_arriving_participant_where_the_address_says(
    db, small, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm kernel builds every view before its page is asked for; the participant and
    the place arrive with the request, and views that are the same for everyone are kept."""
    kim = db.join("Kim", None)
    municipality = small.municipalities[0]
    db.set_municipality(kim.id, municipality.code)
    db.bind_browser("kims-browser", kim.id)
    kim = db.participant(kim.id)
    s = Session(db, small)
    app = frame.App(s, "start")
    app.prebuild()
    before = dict(app.built)
    assert set(before) == {v.id for v in views.VIEWS}
    assert texts.IDENTITY_ALONE.format(pseudonym="Kim") not in app.identity.value

    _page_request(monkeypatch, "vis=hjaelp", "kims-browser")
    s.arrive()
    app.arrive()
    assert s.participant == kim
    assert app.nav.view == "hjaelp" and app.area.children == (before["hjaelp"],)
    for kept in ("temafilm", "cases", "handout", "hjaelp", "start"):
        assert app.built[kept] is before[kept], f"{kept} was built again"
    assert app.built["hjaelp"].municipality.choice.value == municipality.code
    assert texts.IDENTITY_ALONE.format(pseudonym="Kim") in app.identity.value
    start_view = app.built["start"]
    assert start_view.progress.children, "the start view shows Kim's progress"
    assert db.participant(kim.id).municipality == municipality.code, "shown, not saved again"


class Asked:
    """A store that notes each method a page asks of it."""

    def __init__(self, db: object) -> None:
        self.db, self.asked = db, []

    def __getattr__(self, name: str) -> object:
        self.asked.append(name)
        return getattr(self.db, name)


def test_a_page_asks_the_store_one_question_when_its_participant_arrives(
    db, small, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under the kit's server each question is a round trip through a server that a room
    of forty is joining at once, while the participant waits for the page."""
    hold = db.create_hold("246813", "Ankomst")
    kim = db.join("Kim", hold)
    db.bind_browser("kims-browser", kim.id)
    typed = next(r for r in small.questions() if r.film and r.question.kind == "fritekst")
    db.save_answer(kim.id, typed.key, "Et svar", False)
    db.send_room(hold, {"vis": "hjaelp"}, {})
    asked = Asked(db)
    s = Session(asked, small)  # type: ignore[arg-type]
    app = frame.App(s, "start")
    app.follower._timer = FakeTimer()
    app.prebuild()
    asked.asked.clear()
    _page_request(monkeypatch, "", "kims-browser")
    s.arrive()
    app.arrive()
    assert asked.asked == ["arrival"]
    assert s.participant == db.participant(kim.id) and shown(app.follower.bar)
    assert app.nav.view == "hjaelp", "opened bare, the page goes where the room is"
    assert app.built["start"].progress.children[1].bar.value == 1, "Kim's answer counts"


def test_a_view_with_something_opened_is_built_again_for_the_arriving_participant(
    db, small
) -> None:
    s = Session(db, small)
    films = temafilm.build(s)
    assert films.arrive()
    films.index.cards[0].open_questions()
    assert not films.arrive(), "its questions were built for nobody"
    chosen = cases.build(s)
    assert chosen.arrive()
    chosen.picker.pick(small.vignettes[0].id)
    assert not chosen.arrive()


def test_an_old_link_arriving_at_a_warm_app_is_explained(
    db, small, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = Session(db, small)
    app = frame.App(s, "start")
    app.prebuild()
    _page_request(monkeypatch, "vis=start&gammelt-link=1", "a-new-browser")
    s.arrive()
    app.arrive()
    assert s.participant is None and texts.OLD_LINK in app.identity.value


def test_a_warm_kernel_personalises_without_sending_and_then_sends_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """While a warm kernel fills in its participant, no browser has the page yet: the
    changes stay in the widgets (the browser asks for every state when it connects), and
    nothing is sent; afterwards a change is sent as before."""
    sent: list[dict] = []
    monkeypatch.setattr(widgets.Widget, "_send", lambda self, msg, buffers=None: sent.append(msg))
    label = widgets.HTML("for nobody")
    with frame._unsent():
        label.value = "Du deltager som Kim"
        with label.hold_sync():
            label.description = "Kim"
    assert sent == [] and label.get_state()["value"] == "Du deltager som Kim"
    label.value = "Du deltager som Bo"
    assert [m["state"] for m in sent] == [{"value": "Du deltager som Bo"}]
