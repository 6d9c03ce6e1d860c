"""The start view: what the kit is, joining a hold (or working alone), progress, and deletion."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import ipywidgets as widgets

from opsporing import identity, texts, views
from opsporing.content.catalogue import AFTER, BEFORE, EVALUATION
from opsporing.pages import returning
from opsporing.pages.frame import ViewBody
from opsporing.pages.moments import MomentBlock
from opsporing.pages.session import Session
from opsporing.records import NicknameTaken, StoreError, normalise_hold_code
from opsporing.request import in_voila
from opsporing.widgets import has_answer
from opsporing.widgets.form import Action, Field, Form
from opsporing.widgets.markdown import render
from opsporing.widgets.progress import ProgressRow
from opsporing.widgets.shared import button, html, layout, set_shown


class JoinForm(widgets.VBox):
    """Hold code and pseudonym; "Arbejd alene" needs only the pseudonym."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.form = Form(
            [
                Field("code", texts.JOIN_CODE, texts.JOIN_CODE_PLACEHOLDER, capitals=True),
                Field("pseudonym", texts.JOIN_PSEUDONYM, texts.JOIN_PSEUDONYM_PLACEHOLDER),
            ],
            [Action("join", texts.JOIN_BUTTON, primary=True), Action("alone", texts.JOIN_ALONE)],
            lambda action, _values: self.join(with_hold=action == "join"),
        )
        self.message = html("")
        self.taken = returning.TakenNickname(self._with_return_code, self._with_nickname)
        super().__init__(
            [
                html(f"<h2>{texts.JOIN_HEADING}</h2><p>{texts.JOIN_HELP}</p>"),
                self.form,
                self.message,
                self.taken,
            ],
            layout=layout(),
        )
        self.add_class("opsporing-join-form")

    def join(self, with_hold: bool, return_code: str | None = None) -> None:
        code = self.form.values["code"].strip() if with_hold else None
        if with_hold and not code:
            self._say(texts.JOIN_CODE_MISSING, alert=True)
            return
        if self._joined_as(self.form.values["pseudonym"], code):
            return  # the same join again (a second click while the first was on its way)
        try:
            participant = self.session.join(self.form.values["pseudonym"], code, return_code)
        except NicknameTaken as taken:
            self._say(str(taken), alert=True)
            self.taken.offer(taken)
            return
        except StoreError as error:
            self._say(str(error)[:1].upper() + str(error)[1:], alert=True)
            return
        self.taken.hide()
        films = escape(views.href("temafilm"))
        self.message.value = (
            f'<p role="status">{escape(texts.JOINED)}</p>'
            + ("" if return_code else returning.return_code_html(participant))
            + f'<p><a href="{films}">{texts.JOINED_NEXT}</a></p>'
        )

    def _joined_as(self, pseudonym: str, code: str | None) -> bool:
        joined = self.session.participant
        return (
            joined is not None
            and identity.nickname_key(joined.pseudonym) == identity.nickname_key(pseudonym)
            and joined.hold_code == (normalise_hold_code(code) if code else None)
        )

    def _with_return_code(self, typed: str) -> None:
        if not typed.strip():
            self._say(texts.RETURN_CODE_MISSING, alert=True)
            return
        self.join(with_hold=True, return_code=typed)

    def _with_nickname(self, suggestion: str) -> None:
        self.form.fill(pseudonym=suggestion)
        self.join(with_hold=True)

    def _say(self, text: str, alert: bool) -> None:
        role = "alert" if alert else "status"
        self.message.value = (
            f'<p role="{role}" class="opsporing-message">{escape(text, quote=False)}</p>'
        )


class Progress(widgets.VBox):
    """Answered questions per module, counted from the store."""

    children: Sequence[widgets.Widget]  # the VBox's trait, declared for mypy

    def __init__(self, session: Session) -> None:
        self.session = session
        super().__init__(layout=layout(), _dom_classes=("opsporing-progress-panel",))
        self.refresh()

    def counts(self) -> dict[str, tuple[int, int]]:
        answers = self.session.answers()
        modules = {texts.PROGRESS_FILMS: [0, 0], texts.PROGRESS_CASES: [0, 0]}
        for ref in self.session.content.questions():
            if ref.moment is not None:
                continue  # the self-assessment and evaluation are not modules to get through
            module = modules[texts.PROGRESS_FILMS if ref.film else texts.PROGRESS_CASES]
            module[1] += 1
            answer = answers.get(ref.key)
            module[0] += answer is not None and has_answer(answer.value)
        return {name: (done, total) for name, (done, total) in modules.items()}

    def refresh(self) -> None:
        """The counts, in rows built once (for nobody, in a warm kernel) and updated after."""
        counts = self.counts()  # nobody has answered nothing
        if not self.children:
            rows = [ProgressRow(name, done, total) for name, (done, total) in counts.items()]
            self.children = [html(f"<h2>{texts.PROGRESS_HEADING}</h2>"), *rows]
        else:
            for row, (done, total) in zip(self.children[1:], counts.values(), strict=True):
                row.show(done, total)
        set_shown(self, self.session.participant is not None)


class DeleteAnswers(widgets.VBox):
    """The right to take it all back, behind one confirmation."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.delete_button = button(
            description=texts.DELETE_BUTTON, button_style="danger", tooltip=texts.DELETE_HELP
        )
        self.yes = button(description=texts.DELETE_YES, button_style="danger")
        self.no = button(description=texts.DELETE_NO)
        self.confirm = widgets.VBox(
            [
                html(f'<p role="alert">{texts.DELETE_CONFIRM}</p>'),
                widgets.HBox([self.yes, self.no], layout=layout()),
            ],
            layout=layout(),
        )
        set_shown(self.confirm, False)
        self.message = html("")
        self.delete_button.on_click(lambda _b: self._ask())
        self.no.on_click(lambda _b: self._cancel())
        self.yes.on_click(lambda _b: self.delete())
        super().__init__(
            [
                html(f"<h2>{texts.DELETE_HEADING}</h2><p>{texts.DELETE_HELP}</p>"),
                self.delete_button,
                self.confirm,
                self.message,
            ],
            layout=layout(),
        )
        self.add_class("opsporing-delete")
        self.refresh()

    def refresh(self) -> None:
        joined = self.session.participant is not None
        if joined:
            self.message.value = ""
        set_shown(self.delete_button, joined)
        set_shown(self, joined or bool(self.message.value))

    def _ask(self) -> None:
        set_shown(self.confirm, True)
        self.delete_button.disabled = True

    def _cancel(self) -> None:
        set_shown(self.confirm, False)
        self.delete_button.disabled = False

    def delete(self) -> None:
        self.session.delete_participant()
        self._cancel()
        self.message.value = f'<p role="status">{texts.DELETED}</p>'
        self.refresh()


class SwitchParticipant(widgets.VBox):
    """ "Skift deltager": the browser is nobody now (a shared computer), and the answers stay."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.button = button(description=texts.SWITCH_BUTTON)
        self.button.add_class("opsporing-switch")
        self.button.on_click(lambda _b: self.switch())
        self.message = html("")
        self.panel = widgets.VBox(
            [
                html(f"<h2>{texts.SWITCH_HEADING}</h2><p>{texts.SWITCH_HELP}</p>"),
                self.button,
            ],
            layout=layout(),
        )
        super().__init__([self.panel, self.message], layout=layout())
        self.refresh()

    def switch(self) -> None:
        self.session.leave()
        self.message.value = f'<p role="status">{texts.SWITCHED}</p>'

    def refresh(self) -> None:
        joined = self.session.participant is not None
        if joined:
            self.message.value = ""
        set_shown(self.panel, joined)


class StartView(ViewBody):
    """Everything here follows the participant: after joining, deleting, and other views."""

    def __init__(self, session: Session) -> None:
        self.offer = returning.ContinueOffer(session)
        self.join = JoinForm(session)
        self.switch = SwitchParticipant(session)
        self.progress = Progress(session)
        self.delete = DeleteAnswers(session)
        self.moments = [MomentBlock(session, m) for m in (BEFORE, AFTER, EVALUATION)]
        before, after, evaluation = self.moments
        trainer = html(
            '<p class="opsporing-trainer-link">'
            f'<a href="underviser.ipynb">{texts.START_TRAINER_LINK}</a></p>'
        )
        intro = html(render(texts.START_INTRO))
        parts = [intro, self.offer, self.join, before, self.progress, after]
        parts += [evaluation, self.switch, self.delete, trainer]
        if not in_voila():  # a student in JupyterLab: where their handout comes from
            parts.append(html(f'<p class="opsporing-hint">{texts.HANDOUT_IN_LAB}</p>'))
        super().__init__(parts)
        session.on_participant_changed.append(self.on_show)

    def on_show(self) -> None:
        self.progress.refresh()
        self.delete.refresh()
        self.switch.refresh()
        self.offer.refresh()
        if self.join.session.participant is None:
            self.join.message.value = ""  # a return code shown to the one who left
        for block in self.moments:
            block.refresh()

    def arrive(self) -> bool:
        self.on_show()
        return True


def build(session: Session) -> StartView:
    return StartView(session)
