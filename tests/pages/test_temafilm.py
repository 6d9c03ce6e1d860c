"""The film page: filters reduce the cards, provenance shows, questions save and return."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from opsporing import content, paths, texts
from opsporing.content.models import FilmGroup, Profession, Theme
from opsporing.pages import frame, temafilm
from opsporing.pages.session import Session
from opsporing.widgets.filters import ANY

from .conftest import FIXTURE_CONTENT, html_of


def index_of(view: temafilm.FilmsView) -> temafilm.FilmIndex:
    """The index with every film's questions opened, as a participant would open them."""
    for card in view.index.cards:
        card.open_questions()
    return view.index


def ids(index: temafilm.FilmIndex) -> list[str]:
    return [card.film.id for card in index.visible]


def test_filters_reduce_the_film_list(session_with: Callable[..., Session]) -> None:
    index = index_of(temafilm.build(session_with("Kim")))
    assert ids(index) == ["test-ung", "test-laerer", "test-ubekraeftet"]
    index.group.value = FilmGroup.PROFESSIONAL
    assert ids(index) == ["test-laerer", "test-ubekraeftet"]
    index.theme.value = Theme.CROSS_DISCIPLINARY
    assert ids(index) == ["test-laerer"]
    assert index.count.value == texts.FILMS_SHOWN.format(shown=1, total=3)
    index.theme.value = ANY
    index.profession.value = Profession.DENTIST
    assert ids(index) == ["test-ubekraeftet"]
    index.group.value = FilmGroup.YOUNG
    assert ids(index) == []


def test_profession_filter_offers_only_professions_with_films(
    session_with: Callable[..., Session],
) -> None:
    index = index_of(temafilm.build(session_with()))
    assert [value for _label, value in index.profession.options] == [
        ANY,
        Profession.TEACHER,
        Profession.DENTIST,
    ]


def test_unverified_films_are_marked_and_verified_ones_dated(
    session_with: Callable[..., Session],
) -> None:
    index = index_of(temafilm.build(session_with()))
    cards = {card.film.id: html_of(card) for card in index.cards}
    unverified = cards["test-ubekraeftet"]
    assert texts.UNVERIFIED_TITLE in unverified
    assert 'href="https://example.org/serie"' in unverified
    assert "Film med en tandlæge (titlen er ikke bekræftet)" in unverified
    verified = cards["test-laerer"]
    assert "Testfilm med en lærer" in verified
    assert texts.CHECKED_ON.format(date="15. januar 2026") in verified
    assert texts.UNVERIFIED_TITLE not in verified
    link = '<a href="https://example.org/film-laerer" target="_blank" rel="noreferrer noopener">'
    assert link in verified


def test_a_local_copy_plays_in_the_page(
    session_with: Callable[..., Session], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, root)
    (root / "films" / "local").mkdir()
    (root / "films" / "local" / "test-laerer.mp4").write_bytes(b"\0")
    monkeypatch.setenv(paths.CONTENT_ENV, str(root))
    monkeypatch.setenv("VOILA_BASE_URL", "/")
    index = index_of(temafilm.build(session_with(loaded=content.load(root))))
    videos = {card.film.id: "<video" in html_of(card) for card in index.cards}
    assert videos == {"test-ung": False, "test-laerer": True, "test-ubekraeftet": False}
    assert 'src="/opsporing/film/test-laerer.mp4"' in html_of(index.cards[1])


def test_answers_survive_a_new_page_load(session_with: Callable[..., Session]) -> None:
    s = session_with("Kim")
    card = index_of(temafilm.build(s)).cards[1]
    scale = next(q for q in card.questions if q.key == "test-laerer/tryg")
    scale.value = 2
    scale.flush()
    reloaded = Session(s.store, s.content, s.participant)
    card = index_of(temafilm.build(reloaded)).cards[1]
    scale = next(q for q in card.questions if q.key == "test-laerer/tryg")
    assert scale.value == 2
    assert scale.status == texts.QUESTION_SAVED


def test_without_a_participant_questions_cannot_be_answered(
    session_with: Callable[..., Session],
) -> None:
    app = frame.App(session_with(), "temafilm")
    question = index_of(app.view).cards[0].questions[0]
    assert question.disabled
    assert texts.NOT_JOINED in app.identity.value


def test_a_films_questions_are_built_when_it_is_opened(
    session_with: Callable[..., Session],
) -> None:
    """The room opening the film page waits for no question nobody has reached yet."""
    app = frame.App(session_with("Kim"), "temafilm")
    cards = app.view.index.cards
    assert all(card.questions == [] for card in cards)
    assert 'href="00_start.ipynb?vis=temafilm' in html_of(cards[1])
    app.nav.location = {"vis": "temafilm", "film": "test-laerer"}  # a link, Back, a reload
    assert [len(card.questions) for card in cards] == [0, len(cards[1].film.questions), 0]
    assert texts.FILM_QUESTIONS in html_of(cards[1]) and "opsporing-film-open" not in html_of(
        cards[1]
    )


def test_the_shipped_films_all_get_a_card(shipped: content.Content, db) -> None:
    index = index_of(temafilm.build(Session(db, shipped)))
    assert len(index.cards) == len(shipped.films) == 16
    assert len(index.visible) == 16
    unverified = [c for c in index.cards if not c.film.verified]
    assert unverified and all(texts.UNVERIFIED_TITLE in html_of(c) for c in unverified)
