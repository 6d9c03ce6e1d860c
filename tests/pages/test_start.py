"""The start page: join a hold or work alone, see progress, take everything back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from html import escape

from sqlalchemy import update

from opsporing import store, texts
from opsporing.pages import frame, start
from opsporing.pages.session import Session

from .conftest import html_of, shown


def parts(s: Session):
    """The app opened at the start view, and the start view's three parts."""
    page = frame.App(s, "start")
    return page, *(
        next(w for w in page.view.body if isinstance(w, kind))
        for kind in (start.JoinForm, start.Progress, start.DeleteAnswers)
    )


def test_joining_a_hold_shows_who_and_puts_no_id_in_any_link(
    session_with: Callable[..., Session],
) -> None:
    s = session_with()
    code = s.store.create_hold("123456", "Skole A")
    page, join, progress, delete = parts(s)
    assert not shown(delete) and not shown(progress)
    join.form.submit("join", {"code": code.lower(), "pseudonym": "Ræven"})
    assert s.participant is not None and s.participant.hold_code == code
    assert texts.IDENTITY.format(pseudonym="Ræven", code=code) in page.identity.value
    assert texts.JOINED in join.message.value
    assert 'href="00_start.ipynb?vis=temafilm"' in join.message.value
    assert s.participant.id not in html_of(page)
    assert shown(delete) and shown(progress) and len(progress.children) == 3


def test_a_wrong_hold_code_is_explained_in_danish(session_with: Callable[..., Session]) -> None:
    s = session_with()
    _page, join, _progress, _delete = parts(s)
    join.form.submit("join", {"code": "ZZZZZ", "pseudonym": "Ræven"})
    assert s.participant is None
    unknown = texts.STORE_HOLD_UNKNOWN.format(code="ZZZZZ")
    assert unknown[0].upper() + unknown[1:] in join.message.value
    join.form.submit("join", {"code": "", "pseudonym": "Ræven"})
    assert texts.JOIN_CODE_MISSING in join.message.value


def test_an_expired_hold_s_code_is_explained_in_danish_and_nothing_is_lost(
    session_with: Callable[..., Session],
) -> None:
    s = session_with()
    code = s.store.create_hold("123456", "Skole A")
    member = s.store.join("Ugle", code)
    s.store.save_answer(member.id, "test-ung/hvad", "noter")
    past = datetime.now(UTC) - timedelta(minutes=1)
    with s.store.engine.begin() as conn:
        conn.execute(update(store.holds).where(store.holds.c.code == code).values(ends_at=past))
    _page, join, _progress, _delete = parts(s)
    join.form.submit("join", {"code": code.lower(), "pseudonym": "Ræven"})
    assert s.participant is None
    expired = texts.STORE_HOLD_EXPIRED.format(code=code)
    assert escape(expired[0].upper() + expired[1:], quote=False) in join.message.value
    assert 'role="alert"' in join.message.value
    assert join.form.values == {"code": code.lower(), "pseudonym": "Ræven"}, "nothing typed is lost"
    assert [m.pseudonym for m in s.store.members(code)] == ["Ugle"]
    assert s.store.answers(member.id)["test-ung/hvad"].value == "noter"


def test_working_alone(session_with: Callable[..., Session]) -> None:
    s = session_with()
    page, join, _progress, _delete = parts(s)
    join.form.submit("alone", {"code": "", "pseudonym": "Ugle"})
    assert s.participant is not None and s.participant.hold_code is None
    assert texts.IDENTITY_ALONE.format(pseudonym="Ugle") in page.identity.value


def test_the_same_join_sent_twice_makes_one_participant(
    session_with: Callable[..., Session],
) -> None:
    """A second click while the first was on its way: no "Kaldenavnet er taget", no twin."""
    s = session_with()
    code = s.store.create_hold("123456")
    _page, join, _progress, _delete = parts(s)
    join.form.submit("join", {"code": code, "pseudonym": "Ræven"})
    first = s.participant
    shown = join.message.value
    join.form.submit("join", {"code": code.lower() + " ", "pseudonym": "ræven "})
    assert s.participant == first and join.message.value == shown
    assert [m.pseudonym for m in s.store.members(code)] == ["Ræven"]
    join.form.submit("join", {"code": code, "pseudonym": "Grævlingen"})
    assert s.participant is not None and s.participant.pseudonym == "Grævlingen"


def test_progress_counts_answered_questions_per_module(
    session_with: Callable[..., Session],
) -> None:
    s = session_with("Kim")
    s.save("test-ung/hvad", "noter", False)
    s.save("test-ung/hvem", "Læreren", False)
    s.save("test-laerer/tegn", [], False)  # emptied again: not answered
    s.save("test-case/1/lys", "gul", False)
    _page, _join, progress, _delete = parts(s)
    assert progress.counts() == {texts.PROGRESS_FILMS: (2, 9), texts.PROGRESS_CASES: (1, 6)}
    assert texts.PROGRESS_COUNT.format(answered=2, total=9) in html_of(progress)


def test_deleting_my_answers_asks_first(session_with: Callable[..., Session]) -> None:
    s = session_with("Kim")
    pid = s.participant.id
    s.save("test-ung/hvad", "noter", False)
    _page, _join, progress, delete = parts(s)
    delete.delete_button.click()
    assert shown(delete.confirm)
    delete.no.click()
    assert not shown(delete.confirm) and s.store.participant(pid) is not None

    delete.delete_button.click()
    delete.yes.click()
    assert s.store.participant(pid) is None and s.store.answers(pid) == {}
    assert s.participant is None
    assert texts.DELETED in delete.message.value and shown(delete)
    assert not shown(progress)


def test_a_pseudonym_is_shown_as_text_never_as_html(session_with: Callable[..., Session]) -> None:
    s = session_with()
    page, join, _progress, _delete = parts(s)
    join.form.submit("alone", {"pseudonym": '<img src=x onerror="alert(1)">'})
    assert "<img" not in page.identity.value
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page.identity.value


def test_in_jupyterlab_the_start_view_says_where_a_students_handout_comes_from(
    session_with: Callable[..., Session], monkeypatch
) -> None:
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    assert texts.HANDOUT_IN_LAB in html_of(start.build(session_with()))
    monkeypatch.setenv("VOILA_PREHEAT", "False")  # under Voila the server makes handouts
    assert texts.HANDOUT_IN_LAB not in html_of(start.build(session_with()))
