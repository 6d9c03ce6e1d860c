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
from opsporing.widgets import Part, QuestionBlock, QuestionField
from opsporing.widgets.markdown import render
from opsporing.widgets.shared import layout, set_shown

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
    """One moment's questions (`BEFORE`, `AFTER` or `EVALUATION`), once someone has joined.

    A warm kernel builds them for nobody (disabled, hidden); the participant who
    arrives gets the same widgets with their answers, so a page load opens no new
    models. Another participant in the same page (after "Skift deltager") gets new
    ones: nothing of the one who left stays in the page, not even hidden.
    """

    def __init__(self, session: Session, moment: str) -> None:
        super().__init__(layout=layout())
        self.session = session
        self.moment = moment
        self.questions: list[QuestionField] = []
        self._for: str | None = None
        self.add_class(f"opsporing-moment-{moment}")
        self._build()
        self.refresh()

    def _build(self) -> None:
        found = _round(self.session.content, self.moment)
        if found is None:
            self.questions, self.children = [], []
            return
        intro, refs = found
        self.questions = [self.session.question(ref.key, ref.question) for ref in refs]
        heading = f"<h2>{escape(HEADINGS[self.moment])}</h2>{render(intro)}"
        self.children = [QuestionBlock([Part(self.questions)], before=heading)]
        self._for = self.session.participant_id

    def refresh(self) -> None:
        """After a page load, a join, "Fortsæt som" or "Skift deltager": whose answers show."""
        who = self.session.participant_id
        if who != self._for:
            if self._for is None and who is not None:  # built for nobody: theirs now
                for question in self.questions:
                    self.session.show_stored(question)
                self._for = who
            else:
                self._build()
        set_shown(self, who is not None and bool(self.questions))
