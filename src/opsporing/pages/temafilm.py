"""The films view: the film index with filters, a card per film, its questions when opened."""

from __future__ import annotations

from functools import partial
from typing import Any

import ipywidgets as widgets

from opsporing import routes, texts, views
from opsporing.content import question_key
from opsporing.content.models import Film
from opsporing.pages.frame import Place, ViewBody
from opsporing.pages.session import Session
from opsporing.widgets import QuestionField
from opsporing.widgets.cards import FilmCard
from opsporing.widgets.filters import ANY, dropdown
from opsporing.widgets.markdown import render
from opsporing.widgets.shared import html, is_shown, label, layout, set_shown


def _filter(description: str, values: list[Any], word: Any) -> widgets.Dropdown:
    """A dropdown of the values that occur in the content, "Alle" first (no filter)."""
    return dropdown(description, [(word(v), v) for v in values])


def _questions(session: Session, film: Film) -> list[QuestionField]:
    """A film's question fields, made when its card is opened."""
    return [session.question(question_key(film.id, q.id), q) for q in film.questions]


def _capitalised(value: Any) -> str:
    text = str(value.value if hasattr(value, "value") else value)
    return text[:1].upper() + text[1:]


class FilmIndex(widgets.VBox):
    """Filters over the film cards: a change hides cards, it never rebuilds them."""

    def __init__(self, session: Session) -> None:
        c = session.content
        series = c.film_index.series
        self.cards = [
            FilmCard(
                film,
                series,
                partial(_questions, session, film),
                routes.film_url(film.id),
                views.href("temafilm", film=film.id),
            )
            for film in c.films
        ]
        themes = list(dict.fromkeys(t for f in c.films for t in f.themes))
        professions = list(dict.fromkeys(f.profession for f in c.films if f.profession))
        groups = list(dict.fromkeys(f.group for f in c.films))
        self.theme = _filter(texts.FILTER_THEME, themes, _capitalised)
        self.profession = _filter(texts.FILTER_PROFESSION, professions, _capitalised)
        self.group = _filter(texts.FILTER_GROUP, groups, lambda g: texts.GROUP_WORDS[g])
        self.count = label()
        self.count.add_class("opsporing-count")
        filters = widgets.HBox(
            [self.theme, self.profession, self.group], layout=layout(flex_flow="row wrap")
        )
        filters.add_class("opsporing-filters")
        for control in (self.theme, self.profession, self.group):
            control.observe(self.apply, "value")
        super().__init__([filters, self.count, *self.cards], layout=layout())
        self.apply()

    def matches(self, film: Film) -> bool:
        return (
            (self.theme.value == ANY or self.theme.value in film.themes)
            and (self.profession.value == ANY or film.profession == self.profession.value)
            and (self.group.value == ANY or film.group == self.group.value)
        )

    @property
    def visible(self) -> list[FilmCard]:
        return [card for card in self.cards if is_shown(card)]

    def apply(self, _change: Any = None) -> None:
        for card in self.cards:
            set_shown(card, self.matches(card.film))
        self.count.value = texts.FILMS_SHOWN.format(shown=len(self.visible), total=len(self.cards))


class FilmsView(ViewBody):
    """The index; the address names the film whose questions were opened last."""

    def __init__(self, session: Session) -> None:
        series = session.content.film_index.series
        intro = html(render(texts.FILMS_INTRO.format(publisher=series.publisher)))
        self.index = FilmIndex(session)
        self.opened = ""
        """The film whose questions were opened last: the address names it."""
        super().__init__([intro, self.index])

    @property
    def place(self) -> Place:
        return {"film": self.opened} if self.opened else {}

    def arrive(self) -> bool:
        """The same for everyone until a film's questions are opened."""
        return not any(card.opened for card in self.index.cards)

    def open_place(self, place: Place) -> None:
        for card in self.index.cards:
            if card.film.id == place.get("film"):
                card.open_questions()
                self.opened = card.film.id


def build(session: Session) -> FilmsView:
    return FilmsView(session)
