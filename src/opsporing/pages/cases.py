"""02_cases: a fictional case unfolds stage by stage; the expert view follows each answer.

A stage counts as answered when every one of its questions has a saved
answer, so what has unfolded is the same after a reload: it is derived from
the store, not kept in the kernel.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets

from opsporing import texts
from opsporing.content import question_key
from opsporing.content.models import Stage, Vignette
from opsporing.content.naming import film_title
from opsporing.pages import frame, hjaelp, temafilm
from opsporing.pages.session import Session
from opsporing.widgets.filters import ANY, dropdown
from opsporing.widgets.markdown import render
from opsporing.widgets.navigation import page_url
from opsporing.widgets.provenance import checked_note, unverified_marker
from opsporing.widgets.shared import html, layout, set_shown

NOTEBOOK = "02_cases.ipynb"


class StageView(widgets.VBox):
    """One stage: its text and questions, then the perspective once they are answered."""

    def __init__(self, session: Session, vignette: Vignette, number: int, stage: Stage) -> None:
        self.number = number
        owner = f"{vignette.id}/{number}"
        self.questions = [session.question(question_key(owner, q.id), q) for q in stage.questions]
        heading = texts.STAGE_HEADING.format(number=number, title=stage.title)
        self.perspective = html(
            f'<div class="opsporing-perspective" role="region" '
            f'aria-label="{texts.PERSPECTIVE_HEADING}">'
            f"<h4>{texts.PERSPECTIVE_HEADING}</h4>{render(stage.perspective)}</div>"
        )
        self.locked = html(f'<p class="opsporing-hint">{texts.STAGE_LOCKED}</p>')
        super().__init__(
            [
                html(f"<h3>{escape(heading)}</h3>{render(stage.text)}"),
                *self.questions,
                self.locked,
                self.perspective,
            ],
            layout=layout(),
        )
        self.add_class("opsporing-stage")
        self.add_class(f"opsporing-stage-{number}")

    @property
    def answered(self) -> bool:
        return all(q.answered for q in self.questions)


class VignetteView(widgets.VBox):
    """A whole case: stage n+1 and stage n's perspective appear once stage n is answered."""

    def __init__(self, session: Session, vignette: Vignette) -> None:
        self.vignette = vignette
        self.stages = [
            StageView(session, vignette, n, stage)
            for n, stage in enumerate(vignette.stages, start=1)
        ]
        for stage in self.stages:
            for q in stage.questions:
                q.observe(self.update, "answered")
        self.done = html(f'<p role="status">{texts.CASE_DONE}</p>')
        super().__init__(
            [self._intro(vignette), *self.stages, self.done, self._see_also(session, vignette)],
            layout=layout(),
        )
        self.add_class("opsporing-vignette")
        self.update()

    @staticmethod
    def _intro(v: Vignette) -> widgets.HTML:
        meta = texts.CASE_META.format(age=v.age, setting=v.setting)
        return html(
            f"<h2>{escape(v.title)}</h2>"
            f'<p class="opsporing-meta">{escape(meta)}</p>{render(v.intro)}'
        )

    @staticmethod
    def _see_also(session: Session, v: Vignette) -> widgets.HTML:
        c = session.content
        films = escape(page_url(temafilm.NOTEBOOK, session.participant_id))
        services = escape(page_url(hjaelp.NOTEBOOK, session.participant_id))
        items = [f'<a href="{films}">{escape(film_title(c.film(fid)))}</a>' for fid in v.films]
        items += [f'<a href="{services}">{escape(c.service(sid).name)}</a>' for sid in v.services]
        law = []
        for lid in v.law:
            ref = c.legal_reference(lid)
            if ref.verified:
                name = f"{ref.title} ({ref.reference})" if ref.reference else ref.title
                law.append(f"<li>{escape(name)} {checked_note(ref.checked)}</li>")
            else:
                law.append(f"<li>{escape(ref.title)} {unverified_marker(ref.check_at)}</li>")
        markup = ""
        if items:
            markup += f"<h3>{texts.CASE_SEE_ALSO}</h3><ul>"
            markup += "".join(f"<li>{i}</li>" for i in items) + "</ul>"
        if law:
            markup += f"<h3>{texts.CASE_LAW}</h3><ul>{''.join(law)}</ul>"
        return html(markup)

    def update(self, _change: Any = None) -> None:
        open_ = True
        for stage in self.stages:
            set_shown(stage, open_)
            set_shown(stage.perspective, open_ and stage.answered)
            set_shown(stage.locked, open_ and not stage.answered)
            open_ = open_ and stage.answered
        set_shown(self.done, open_)


class CasePicker(widgets.VBox):
    """Choose a case; each case's view is built once, so switching back keeps its state."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.views: dict[str, VignetteView] = {}
        self.choice = dropdown(
            texts.CASE_PICK,
            [(v.title, v.id) for v in session.content.vignettes],
            first=texts.CASE_PICK_NONE,
            layout=widgets.Layout(width="100%", max_width="40rem"),
        )
        self.choice.observe(self._chosen, "value")
        self.area = widgets.VBox()
        super().__init__([self.choice, self.area])

    @property
    def view(self) -> VignetteView | None:
        return self.area.children[0] if self.area.children else None

    def _chosen(self, change: Any) -> None:
        vignette_id = change["new"]
        if vignette_id == ANY:
            self.area.children = []
            return
        if vignette_id not in self.views:
            vignette = self.session.content.vignette(vignette_id)
            self.views[vignette_id] = VignetteView(self.session, vignette)
        self.area.children = [self.views[vignette_id]]


def build(session: Session) -> frame.Page:
    intro = widgets.HTML(f"<p>{texts.CASES_INTRO}</p>")
    return frame.Page(session, NOTEBOOK, texts.CASES_TITLE, [intro, CasePicker(session)])


def show() -> None:
    frame.show(build)
