"""The start page's questions outside films and cases: the self-assessment at the start
and at the end, and the workshop's evaluation.

A participant rates the kit's statements (exercises/selvvurdering.yaml) when
they join and again at the end of the workshop; the trainer's plenum shows the
room's shift and the handout each participant's own before and after. The
evaluation (exercises/evaluering.yaml) comes last; the trainer sees it only
aggregated, and the export carries it. All are ordinary questions, saved and
shown like every other.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from opsporing import texts
from opsporing.content import Content, QuestionRef
from opsporing.content.catalogue import AFTER, BEFORE, EVALUATION
from opsporing.pages.session import Session
from opsporing.widgets.markdown import render

HEADINGS = {
    BEFORE: texts.SELF_BEFORE_HEADING,
    AFTER: texts.SELF_AFTER_HEADING,
    EVALUATION: texts.EVALUATION_HEADING,
}


def _round(content: Content, moment: str) -> tuple[str, list[QuestionRef]] | None:
    """The introduction (Markdown) and the questions of one moment, if the kit has them."""
    if moment == EVALUATION:
        if content.evaluation is None:
            return None
        return content.evaluation.intro, content.evaluation_questions()
    if content.self_assessment is None:
        return None
    intro = content.self_assessment.before if moment == BEFORE else content.self_assessment.after
    return intro, content.self_assessment_questions(moment)


class MomentBlock(widgets.VBox):
    """One moment's questions (`BEFORE`, `AFTER` or `EVALUATION`), once someone has joined."""

    def __init__(self, session: Session, moment: str) -> None:
        super().__init__()
        self.session = session
        self.moment = moment
        self.add_class(f"opsporing-moment-{moment}")
        self.refresh()

    def refresh(self) -> None:
        """Built again after joining, so the questions are enabled and show stored answers."""
        found = _round(self.session.content, self.moment)
        if found is None or self.session.participant is None:
            self.children = ()
            return
        intro, refs = found
        self.children = (
            widgets.HTML(f"<h2>{escape(HEADINGS[self.moment])}</h2>{render(intro)}"),
            *(self.session.question(ref.key, ref.question) for ref in refs),
        )
