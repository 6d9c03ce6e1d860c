"""The cases view: a fictional case unfolds stage by stage; the expert view follows each answer.

A stage counts as answered when every one of its questions has a saved
answer, so what has unfolded is the same after a reload: it is derived from
the store, not kept in the kernel.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from html import escape
from typing import Any

import ipywidgets as widgets

from opsporing import texts, views
from opsporing.content import question_key
from opsporing.content.models import Stage, Vignette
from opsporing.content.naming import film_title
from opsporing.pages.frame import Place, ViewBody
from opsporing.pages.session import Session
from opsporing.widgets import Part, QuestionBlock
from opsporing.widgets.filters import ANY, dropdown
from opsporing.widgets.markdown import render
from opsporing.widgets.provenance import checked_note, unverified_marker
from opsporing.widgets.shared import html, layout


class StagePart:
    """One stage as its part of the case: its text and questions, then the perspective once
    they are answered (until then, a line saying so)."""

    def __init__(self, session: Session, vignette: Vignette, number: int, stage: Stage) -> None:
        self.number = number
        owner = f"{vignette.id}/{number}"
        self.questions = [session.question(question_key(owner, q.id), q) for q in stage.questions]
        heading = texts.STAGE_HEADING.format(number=number, title=stage.title)
        self.before = f"<h3>{escape(heading)}</h3>{render(stage.text)}"
        self.perspective = (
            f'<div class="opsporing-perspective" role="region" '
            f'aria-label="{texts.PERSPECTIVE_HEADING}">'
            f"<h4>{texts.PERSPECTIVE_HEADING}</h4>{render(stage.perspective)}</div>"
        )
        """The expert's perspective, rendered once: shown below the questions once answered."""
        self.after = self._after()

    @property
    def answered(self) -> bool:
        return all(q.answered for q in self.questions)

    @property
    def perspective_shown(self) -> bool:
        """The expert's perspective is in the page (the stage is answered)."""
        return self.after == self.perspective

    def _after(self) -> str:
        if self.answered:
            return self.perspective
        return f'<p class="opsporing-hint">{texts.STAGE_LOCKED}</p>'

    def part(self) -> Part:
        """The stage as the case block draws it, the perspective shown once it is answered."""
        self.after = self._after()
        classes = ("opsporing-stage", f"opsporing-stage-{self.number}")
        return Part(self.questions, before=self.before, after=self.after, classes=classes)


WAITS = (
    f'<p class="opsporing-hint opsporing-stage-waits" role="status">'
    f"{texts.STAGE_WAITS_FOR_TRAINER}</p>"
)
DONE = f'<p role="status">{texts.CASE_DONE}</p>'


class VignetteView(QuestionBlock):
    """A whole case as one model: stage n+1 and stage n's perspective appear once stage n is
    answered, each stage a part of the block between the introduction and what to read next.

    A stage is built when it unfolds, not before: a stage that has not unfolded is
    nowhere in the page, not even hidden, so a trainer's lock (`Session.room_locks`)
    keeps its text from the room until the trainer opens it. The trainer's step to a
    stage (`Session.room_opened`) unfolds the stages up to it for those who follow.
    Opening a case is one new model for the browser; a stage unfolding is one message.
    """

    def __init__(self, session: Session, vignette: Vignette) -> None:
        self.session = session
        self.vignette = vignette
        self.on_stage: Callable[[int], None] = lambda _stage: None
        self.stages: list[StagePart] = []
        """The stages built so far (those that have unfolded), in order."""
        self.see_also = self._see_also(session, vignette)
        self.unfolded, self.said = self._unfold()
        """The stages in the page now (a lock set later can fold some away again), and below
        them that the next one waits for the trainer, that the case is done, or nothing."""
        super().__init__(
            [stage.part() for stage in self.unfolded],
            before=self._intro(vignette),
            after=self.said + self.see_also,
            classes=("opsporing-vignette",),
        )

    @staticmethod
    def _intro(v: Vignette) -> str:
        meta = texts.CASE_META.format(age=v.age, setting=v.setting)
        return (
            f"<h2>{escape(v.title)}</h2>"
            f'<p class="opsporing-meta">{escape(meta)}</p>{render(v.intro)}'
        )

    @staticmethod
    def _see_also(session: Session, v: Vignette) -> str:
        c = session.content
        services = escape(views.href("hjaelp"))
        items = [
            f'<a href="{escape(views.href("temafilm", film=fid))}">'
            f"{escape(film_title(c.film(fid)))}</a>"
            for fid in v.films
        ]
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
        return markup

    @property
    def reached(self) -> int:
        """The number of the last stage that has unfolded."""
        return len(self.unfolded)

    @property
    def lock(self) -> int | None:
        """The last stage the trainer lets the room read, if the case is locked."""
        return self.session.room_locks.get(self.vignette.id)

    def _stage(self, number: int) -> StagePart:
        """Stage `number`, built on its first unfolding."""
        while len(self.stages) < number:
            n = len(self.stages) + 1
            stage = StagePart(self.session, self.vignette, n, self.vignette.stages[n - 1])
            for q in stage.questions:
                q.observe(self.update, "answered")
            self.stages.append(stage)
        return self.stages[number - 1]

    def _unfold(self) -> tuple[list[StagePart], str]:
        """The stages to show now, and what to say below them."""
        total = len(self.vignette.stages)
        cap = total if self.lock is None else min(self.lock, total)
        opened = self.session.room_opened.get(self.vignette.id, 0)
        reach = 1
        while reach < cap and (self._stage(reach).answered or reach < opened):
            reach += 1
        shown = [self._stage(n) for n in range(1, reach + 1)]
        if reach == cap < total:
            return shown, WAITS
        if reach == total and all(stage.answered for stage in shown):
            return shown, DONE
        return shown, ""

    def update(self, _change: Any = None) -> None:
        """Unfold (or fold, under a new lock) after an answer or the trainer's step."""
        self.unfolded, self.said = self._unfold()
        with self.hold_sync():  # the stages and the line below them in one message
            self.show_parts([stage.part() for stage in self.unfolded])
            self.after = self.said + self.see_also
        self.on_stage(self.reached)

    @property
    def waiting(self) -> bool:
        """The next stage waits for the trainer, and the page says so."""
        return self.said == WAITS

    @property
    def finished(self) -> bool:
        """Every stage is answered, and the page says the case is done."""
        return self.said == DONE


class CasePicker(widgets.VBox):
    """Choose a case; each case's view is built once, so switching back keeps its state."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.views: dict[str, VignetteView] = {}
        self.on_place: Callable[[Place], None] = lambda _place: None
        self.choice = dropdown(
            texts.CASE_PICK,
            [(v.title, v.id) for v in session.content.vignettes],
            first=texts.CASE_PICK_NONE,
            layout=widgets.Layout(width="100%", max_width="40rem"),
        )
        self.choice.observe(self._chosen, "value")
        for vignette in session.content.vignettes:
            # The same for everyone, so rendered while a warm kernel waits, not as a room of
            # participants opens a case at once.
            stages = vignette.stages
            for text in (vignette.intro, *(t for s in stages for t in (s.text, s.perspective))):
                render(text)
        self.area = widgets.VBox(layout=layout())
        super().__init__([self.choice, self.area], layout=layout())

    @property
    def view(self) -> VignetteView | None:
        return self.area.children[0] if self.area.children else None

    def pick(self, vignette_id: str) -> None:
        """Open a case by id (an unknown id, from an old link, closes the case)."""
        known = {v.id for v in self.session.content.vignettes}
        self.choice.value = vignette_id if vignette_id in known else ANY

    def _chosen(self, change: Any) -> None:
        vignette_id = change["new"]
        if vignette_id == ANY:
            self.area.children = []
            self.on_place({})
            return
        if vignette_id not in self.views:
            vignette = self.session.content.vignette(vignette_id)
            view = self.views[vignette_id] = VignetteView(self.session, vignette)
            view.on_stage = partial(self._report, vignette_id)
        self.area.children = [self.views[vignette_id]]
        self._report(vignette_id, self.views[vignette_id].reached)

    def _report(self, vignette_id: str, stage: int) -> None:
        if self.choice.value == vignette_id:
            self.on_place({"case": vignette_id, "trin": str(stage)})


class CasesView(ViewBody):
    """The address names the open case and the stage it has reached."""

    def __init__(self, session: Session) -> None:
        self.picker = CasePicker(session)
        self.picker.on_place = lambda place: self.report_place(place)
        super().__init__([html(f"<p>{texts.CASES_INTRO}</p>"), self.picker])

    @property
    def place(self) -> Place:
        vignette = self.picker.view
        if vignette is None:
            return {}
        return {"case": vignette.vignette.id, "trin": str(vignette.reached)}

    def open_place(self, place: Place) -> None:
        if "case" in place:
            self.picker.pick(place["case"])

    def arrive(self) -> bool:
        """The same for everyone until a case is opened (its stages follow the answers)."""
        return not self.picker.views

    def room_changed(self) -> None:
        """The trainer moved or locked the room: every case built so far unfolds anew."""
        for view in self.picker.views.values():
            view.update()


def build(session: Session) -> CasesView:
    return CasesView(session)
