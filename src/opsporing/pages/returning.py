"""Coming back: "Fortsæt som <kaldenavn>" in a browser that was here, and the return code.

The start page's join form uses these parts. A browser is its participant
again on every page load (`Session.browser`); after "Skift deltager" it is
offered the participants it has been, from the store. On another device the
nickname alone opens nothing (nicknames are public in a workshop): the return
code shown once when joining does, and `TakenNickname` asks for it or offers
a free nickname.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import ipywidgets as widgets

from opsporing import identity, texts
from opsporing.pages.session import Session
from opsporing.records import NicknameTaken, Participant
from opsporing.widgets.form import Action, Field, Form
from opsporing.widgets.shared import button, html, layout, set_shown


def return_code_html(participant: Participant) -> str:
    """The return code, shown once, large and selected by one click (`user-select: all`)."""
    if not participant.return_code:
        return ""
    code = escape(identity.show_return_code(participant.return_code))
    return (
        '<div class="opsporing-return-code">'
        f"<p>{escape(texts.RETURN_CODE_INTRO)}</p>"
        f'<p><code class="opsporing-return-code-value">{code}</code></p>'
        f"<p>{escape(texts.RETURN_CODE_HELP)}</p></div>"
    )


class ContinueOffer(widgets.VBox):
    """ "Fortsæt som <kaldenavn>" for the participants this browser has been, while no one is.

    Buttons, not links: which participant a button means stays in the kernel,
    so nothing on the page names anyone but by their nickname.
    """

    def __init__(self, session: Session) -> None:
        super().__init__(layout=layout(), _dom_classes=("opsporing-continue",))
        self.session = session
        self.refresh()

    def refresh(self) -> None:
        if self.session.participant is not None:
            self.children = []
            return
        buttons = [self._button(p) for p in self.session.others()]
        heading = html(f"<h2>{escape(texts.CONTINUE_HEADING)}</h2>")
        self.children = [heading, *buttons] if buttons else []

    def _button(self, participant: Participant) -> widgets.Button:
        where = (
            texts.CONTINUE_HOLD.format(code=participant.hold_code)
            if participant.hold_code
            else texts.CONTINUE_ALONE
        )
        name = texts.CONTINUE_AS.format(pseudonym=participant.pseudonym)
        # As wide as its words (up to the page), not ipywidgets' narrow default.
        choice = button(
            description=f"{name} ({where})",
            layout=layout(width="auto", max_width="100%", align_self="flex-start"),
        )
        choice.add_class("opsporing-continue-as")
        choice.on_click(lambda _b, chosen=participant.id: self.session.continue_as(chosen))
        return choice


class TakenNickname(widgets.VBox):
    """Shown when the nickname is taken: the return code, or the free nickname offered."""

    def __init__(self, with_code: Callable[[str], None], with_name: Callable[[str], None]) -> None:
        self.suggestion = ""
        self.form = Form(
            [
                Field(
                    "return_code",
                    texts.RETURN_CODE_FIELD,
                    texts.RETURN_CODE_PLACEHOLDER,
                    capitals=True,
                    css="opsporing-return-code-field",
                )
            ],
            self._actions(),
            lambda action, values: (
                with_code(values["return_code"]) if action == "code" else with_name(self.suggestion)
            ),
        )
        super().__init__([self.form], layout=layout())
        self.add_class("opsporing-taken")
        set_shown(self, False)

    def _actions(self) -> list[Action]:
        code = Action(
            "code", texts.RETURN_CODE_BUTTON, primary=True, css="opsporing-return-code-button"
        )
        if not self.suggestion:
            return [code]
        name = texts.TAKE_SUGGESTION.format(suggestion=self.suggestion)
        return [code, Action("name", name, css="opsporing-take-suggestion")]

    def offer(self, taken: NicknameTaken) -> None:
        self.suggestion = taken.suggestion
        self.form.relabel(self._actions())
        self.form.fill(return_code="")
        set_shown(self, True)

    def hide(self) -> None:
        set_shown(self, False)
