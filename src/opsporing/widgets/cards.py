"""The content cards pages are made of: a film card and a row of the support directory.

Each card keeps the content it shows (`film`, `service`), so a page filters
cards by hiding them rather than rebuilding them, and a half-typed answer in a
hidden card survives a change of filter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

import ipywidgets as widgets

from opsporing import texts
from opsporing.content.models import AgeRange, Detail, Film, Series, Service
from opsporing.content.naming import film_title
from opsporing.widgets.base import QuestionField
from opsporing.widgets.block import Part, QuestionBlock
from opsporing.widgets.markdown import render
from opsporing.widgets.provenance import (
    checked_note,
    external_link,
    unverified_marker,
)
from opsporing.widgets.shared import html, layout, style


class FilmCard(widgets.VBox):
    """One film: title, who speaks, summary, where to watch it; its questions when opened.

    The questions are built only when the participant opens them: a room that
    opens the film page should not wait for 50 questions nobody has reached yet.
    """

    def __init__(
        self,
        film: Film,
        series: Series,
        make_questions: Callable[[], Sequence[QuestionField]],
        video_url: str | None = None,
        open_href: str | None = None,
    ) -> None:
        self.film = film
        self.series = series
        self.video_url = video_url
        self.open_href = open_href
        self.questions: list[QuestionField] = []
        self._make_questions = make_questions
        self.header = html(self._header(film, series, video_url, self._opener()))
        super().__init__([self.header], layout=layout(width="100%"))
        self.add_class("opsporing-film-card")
        self.add_class(f"opsporing-film-{film.id}")

    def _opener(self) -> str:
        """The link that opens the questions: an address, so Back and a reload find the film."""
        if not self.film.questions or self.opened or self.open_href is None:
            return ""
        label = texts.FILM_OPEN.format(n=len(self.film.questions))
        return f'<p><a class="opsporing-film-open" href="{escape(self.open_href)}">{label}</a></p>'

    @property
    def opened(self) -> bool:
        return bool(self.questions)

    def open_questions(self) -> None:
        """Build and show the film's questions (once)."""
        if self.opened or not self.film.questions:
            return
        self.questions = list(self._make_questions())
        self.header.value = self._header(self.film, self.series, self.video_url, "")
        heading = f'<h4 class="opsporing-questions-heading">{texts.FILM_QUESTIONS}</h4>'
        self.children = [self.header, QuestionBlock([Part(self.questions)], before=heading)]

    @staticmethod
    def _header(film: Film, series: Series, video_url: str | None, opener: str) -> str:
        meta = [texts.GROUP_WORDS[film.group]]
        if film.profession:
            meta.append(film.profession.value.capitalize())
        if film.people:
            meta.append(texts.FILM_PEOPLE.format(people=", ".join(film.people)))
        meta.append(texts.FILM_THEMES.format(themes=", ".join(t.value for t in film.themes)))
        title = escape(film_title(film))
        if film.verified:
            provenance = checked_note(film.checked)
        else:
            provenance = unverified_marker(film.check_at or film.source, texts.UNVERIFIED_TITLE)
        publisher = series.publisher
        if film.page:
            watch = external_link(film.page, texts.FILM_WATCH.format(publisher=publisher))
        else:
            watch = external_link(series.page, texts.FILM_SERIES_PAGE.format(publisher=publisher))
        video = ""
        if video_url:
            video = (
                f'<video class="opsporing-video" controls preload="metadata" '
                f'src="{escape(video_url)}" aria-label="{escape(texts.FILM_VIDEO)}"></video>'
            )
        return (
            f"<h3>{title}</h3>"
            f'<p class="opsporing-meta">{escape(" · ".join(meta))}</p>'
            f'<p class="opsporing-provenance">{provenance}</p>'
            f'<div class="opsporing-summary">{render(film.summary)}</div>'
            f"{video}<p>{watch}</p>{opener}"
        )


def age_text(ages: AgeRange | None) -> str:
    if ages is None or (ages.low is None and ages.high is None):
        return ""
    if ages.low is not None and ages.high is not None:
        return texts.SERVICE_AGES.format(low=ages.low, high=ages.high)
    if ages.low is not None:
        return texts.SERVICE_AGES_FROM.format(low=ages.low)
    return texts.SERVICE_AGES_TO.format(high=ages.high)


class ServiceRow(widgets.HTML):
    """One service of the directory, each unconfirmed detail marked as such."""

    def __init__(self, service: Service) -> None:
        self.service = service
        super().__init__(self._html(service), layout=layout(), style=style(widgets.HTML))
        self.add_class("opsporing-service")
        self.add_class(f"opsporing-service-{service.id}")

    @staticmethod
    def _html(s: Service) -> str:
        facts = [
            texts.SERVICE_FOR.format(groups=", ".join(g.value for g in s.target_groups)),
            texts.SERVICE_CHANNELS.format(channels=", ".join(c.value for c in s.channels)),
        ]
        if ages := age_text(s.ages):
            facts.append(ages)
        details = []
        for detail, value in (
            (Detail.PHONE, s.phone),
            (Detail.SMS, s.sms),
            (Detail.EMAIL, s.email),
            (Detail.WEB, s.web),
            (Detail.HOURS, s.hours),
        ):
            if value is None:
                continue
            shown = external_link(value, str(value)) if detail is Detail.WEB else escape(str(value))
            unconfirmed = not s.verified or detail in s.unconfirmed
            mark = " " + unverified_marker(s.check_at or s.source) if unconfirmed else ""
            details.append(f"<li>{texts.DETAIL_WORDS[detail]}: {shown}{mark}</li>")
        if s.verified:
            provenance = checked_note(s.checked)
        else:
            provenance = unverified_marker(s.check_at or s.source)
        return (
            f"<h3>{escape(s.name)}</h3>"
            f'<p class="opsporing-meta">{escape(texts.SERVICE_RUN_BY.format(name=s.run_by))}</p>'
            f'<div class="opsporing-summary">{render(s.description)}</div>'
            f'<p class="opsporing-meta">{escape(" · ".join(facts))}</p>'
            f"<ul>{''.join(details)}</ul>"
            f'<p class="opsporing-provenance">{provenance}</p>'
        )
