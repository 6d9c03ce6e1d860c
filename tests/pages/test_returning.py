"""Coming back on the start page: the browser's memory, the return code, a taken nickname."""

from __future__ import annotations

from collections.abc import Callable

from opsporing import identity, texts
from opsporing.pages import returning, start
from opsporing.pages.session import Session
from opsporing.store import Participant
from opsporing.widgets.browser_memory import BrowserMemory

from .conftest import shown


def _page(s: Session):
    page = start.build(s)
    kinds = (start.JoinForm, returning.ContinueOffer, BrowserMemory)
    return tuple(next(w for w in page.body if isinstance(w, kind)) for kind in kinds)


def _join(form: start.JoinForm, code: str, nickname: str) -> None:
    form.form.submit("join", {"code": code, "pseudonym": nickname})


def _ugle_is_on_the_hold(
    session_with: Callable[..., Session],
) -> tuple[Session, str, Participant, start.JoinForm]:
    """A hold where "Ugle" has joined, and a new page (someone else) about to join it."""
    s = session_with()
    code = s.store.create_hold("123456")
    ugle = s.store.join("Ugle", code)
    form, _offer, _memory = _page(s)
    return s, code, ugle, form


def test_joining_shows_the_return_code_once_and_the_browser_keeps_the_participant(
    session_with: Callable[..., Session],
) -> None:
    s = session_with()
    code = s.store.create_hold("123456")
    form, _offer, memory = _page(s)
    _join(form, code, "Ugle")
    shown_code = identity.show_return_code(s.participant.return_code)
    assert shown_code in form.message.value
    assert memory.remember == {"hold": code, "id": s.participant.id}


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


def test_the_browser_offers_to_continue_as_the_participants_that_still_exist(
    session_with: Callable[..., Session],
) -> None:
    s = session_with()
    code = s.store.create_hold("123456")
    ugle = s.store.join("Ugle", code)
    gone = s.store.join("Ræv")
    s.store.delete_participant(gone.id)
    _form, offer, memory = _page(s)
    memory.known = {code: ugle.id, "": gone.id}
    assert texts.CONTINUE_AS.format(pseudonym="Ugle") in offer.value
    assert f"00_start.ipynb?deltager={ugle.id}" in offer.value
    assert "Ræv" not in offer.value
    assert memory.remember == {"hold": "", "id": ""}, "the deleted participant is forgotten"


def test_no_offer_once_a_participant_is_chosen(session_with: Callable[..., Session]) -> None:
    s = session_with("Kim")
    _form, offer, memory = _page(s)
    memory.known = {"": s.participant.id}
    assert offer.value == ""
