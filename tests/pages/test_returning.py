"""Coming back on the start page: the browser's participants, the return code, a taken nickname.

Under Voila (`VOILA_PREHEAT` set) the session's browser is the server's name for it; what
the browser has been is in the store, never in the page.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import pytest

from opsporing import identity, store, texts
from opsporing.pages import returning, start
from opsporing.pages.session import Session
from opsporing.store import Participant

from .conftest import html_of, shown


@pytest.fixture(autouse=True)
def under_voila(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOILA_PREHEAT", "False")


def _page(s: Session):
    page = start.build(s)
    kinds = (start.JoinForm, returning.ContinueOffer, start.SwitchParticipant)
    return tuple(next(w for w in page.body if isinstance(w, kind)) for kind in kinds)


def _in_browser(s: Session, browser: str) -> Session:
    s.browser = browser
    return s


def _join(form: start.JoinForm, code: str, nickname: str) -> None:
    form.form.submit("join", {"code": code, "pseudonym": nickname})


def _ugle_is_on_the_hold(
    session_with: Callable[..., Session],
) -> tuple[Session, str, Participant, start.JoinForm]:
    """A hold where "Ugle" has joined, and a new page (someone else) about to join it."""
    s = session_with()
    code = s.store.create_hold("123456")
    ugle = s.store.join("Ugle", code)
    form, _offer, _switch = _page(s)
    return s, code, ugle, form


def test_joining_shows_the_return_code_once_and_the_browser_keeps_the_participant(
    session_with: Callable[..., Session],
) -> None:
    s = _in_browser(session_with(), "browser-a")
    code = s.store.create_hold("123456")
    form, _offer, _switch = _page(s)
    _join(form, code, "Ugle")
    shown_code = identity.show_return_code(s.participant.return_code)
    assert shown_code in form.message.value
    assert s.store.browser_participant("browser-a") == s.participant
    assert s.store.browser_participant("browser-b") is None
    assert s.participant.id not in html_of(start.build(s)), "the id is on no page"


def test_someone_elses_nickname_opens_nothing_and_asks_for_the_return_code(
    session_with: Callable[..., Session],
) -> None:
    s, code, ugle, form = _ugle_is_on_the_hold(session_with)
    _join(form, code.lower() + " ", "ugle ")
    assert s.participant is None
    assert "Kaldenavnet er taget" in form.message.value and shown(form.taken)
    form.taken.form.submit("code", {"return_code": "FORKERT1"})
    assert s.participant is None and "Returkoden passer ikke" in form.message.value

    typed = identity.show_return_code(ugle.return_code)
    form.taken.form.submit("code", {"return_code": typed})
    assert s.participant is not None and s.participant.id == ugle.id
    assert ugle.return_code not in form.message.value, "the code is not shown again"
    assert not shown(form.taken)


def test_a_taken_nickname_offers_a_new_participant_under_a_free_name(
    session_with: Callable[..., Session],
) -> None:
    s, code, ugle, form = _ugle_is_on_the_hold(session_with)
    _join(form, code, "UGLE")
    suggestion = form.taken.form.actions[-1]
    assert suggestion["label"] == texts.TAKE_SUGGESTION.format(suggestion="UGLE 2")
    form.taken.form.submit(suggestion["name"], {"return_code": ""})
    assert s.participant is not None and s.participant.id != ugle.id
    assert s.participant.pseudonym == "UGLE 2"


def test_the_browser_offers_to_continue_as_the_participants_it_has_been(
    session_with: Callable[..., Session],
) -> None:
    s = _in_browser(session_with(), "browser-a")
    code = s.store.create_hold("123456")
    ugle = s.store.join("Ugle", code)
    gone = s.store.join("Ræv")
    strangers = s.store.join("Mus")
    s.store.bind_browser("browser-a", gone.id)
    s.store.bind_browser("browser-a", ugle.id)
    s.store.leave_browser("browser-a")
    s.store.bind_browser("browser-b", strangers.id)
    s.store.delete_participant(gone.id)
    _form, offer, switch = _page(s)
    shown_html = html_of(offer)
    assert texts.CONTINUE_AS.format(pseudonym="Ugle") in shown_html
    assert "Ræv" not in shown_html, "a deleted participant is not offered"
    assert "Mus" not in shown_html, "another browser's participant is not offered"
    assert ugle.id not in shown_html
    assert not s.continue_as(strangers.id), "an id from elsewhere opens nothing"
    assert s.participant is None

    button = next(b for b in offer.children if "opsporing-continue-as" in b._dom_classes)
    button.click()
    assert s.participant == ugle and s.store.browser_participant("browser-a") == ugle
    assert offer.children == () and shown(switch.panel)


def test_switching_participant_keeps_the_answers_and_offers_to_come_back(
    session_with: Callable[..., Session],
) -> None:
    s = _in_browser(session_with(), "browser-a")
    s.join("Ugle", None)
    s.save("film:x:y", "mit svar", False)
    _form, offer, switch = _page(s)
    switch.button.click()
    assert s.participant is None and s.store.browser_participant("browser-a") is None
    assert texts.SWITCHED in switch.message.value
    assert texts.CONTINUE_AS.format(pseudonym="Ugle") in html_of(offer)
    next(b for b in offer.children if isinstance(b, type(switch.button))).click()
    assert s.answers()["film:x:y"].value == "mit svar"


def test_no_offer_once_a_participant_is_chosen(session_with: Callable[..., Session]) -> None:
    s = _in_browser(session_with(), "browser-a")
    s.join("Kim", None)
    other = s.store.join("Ugle")
    s.store.bind_browser("browser-a", other.id)
    s.store.bind_browser("browser-a", s.participant.id)
    _form, offer, _switch = _page(s)
    assert offer.children == ()


def test_the_owners_browser_opens_its_return_code_after_40_wrong_guesses_by_others(
    session_with: Callable[..., Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ugle joined in browser-a and switched away; the room guessed Ugle's return code 40 times.
    Browser-a is Ugle's own and opens it at once; a new browser must wait its turn."""
    s = _in_browser(session_with(), "browser-a")
    code = s.store.create_hold("123456")
    ugle = s.join("Ugle", code)
    s.leave()
    now = store.clock.now()
    monkeypatch.setattr(store.clock, "now", lambda: now)
    for guess in range(40):
        with contextlib.suppress(store.StoreError):
            s.store.join("Ugle", code, return_code=f"FORKERT{guess}", client=f"lan-{guess % 8}")
    form, _offer, _switch = _page(s)
    _join(form, code, "Ugle")
    form.taken.form.submit("code", {"return_code": ugle.return_code})
    assert s.participant == ugle, form.message.value

    stranger = _in_browser(session_with(), "browser-new")
    form, _offer, _switch = _page(stranger)
    _join(form, code, "Ugle")
    form.taken.form.submit("code", {"return_code": ugle.return_code})
    assert stranger.participant is None and "Vent" in form.message.value
