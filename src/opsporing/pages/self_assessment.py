"""The self-assessment on the start page: the same statements at the start and at the end.

A participant rates the kit's statements (exercises/selvvurdering.yaml) when
they join and again at the end of the workshop; the trainer's plenum shows the
room's shift and the handout each participant's own before and after. The
questions are ordinary scale questions, saved and shown like every other.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from opsporing import texts
from opsporing.content.catalogue import BEFORE
from opsporing.pages.session import Session
from opsporing.widgets.markdown import render


class SelfAssessmentBlock(widgets.VBox):
    """One round (`BEFORE` or `AFTER`) of the self-assessment, once someone has joined."""

    def __init__(self, session: Session, moment: str) -> None:
        super().__init__()
        self.session = session
        self.moment = moment
        self.add_class(f"opsporing-self-assessment-{moment}")
        self.refresh()

    def refresh(self) -> None:
        """Built again after joining, so the questions are enabled and show stored answers."""
        assessment = self.session.content.self_assessment
        refs = self.session.content.self_assessment_questions(self.moment)
        if assessment is None or self.session.participant is None:
            self.children = ()
            return
        before = self.moment == BEFORE
        heading = texts.SELF_BEFORE_HEADING if before else texts.SELF_AFTER_HEADING
        intro = render(assessment.before if before else assessment.after)
        self.children = (
            widgets.HTML(f"<h2>{escape(heading)}</h2>{intro}"),
            *(self.session.question(ref.key, ref.question) for ref in refs),
        )
