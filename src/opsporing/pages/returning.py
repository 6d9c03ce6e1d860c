"""Coming back: "Fortsæt som <kaldenavn>" in a browser that was here, and the return code.

The start page's join form uses these parts. A participant who opens the
kit's address again in the same browser is offered the participants this
browser remembers (`widgets.browser_memory`), after the store confirms they
still exist. On another device the nickname alone opens nothing (nicknames are
public in a workshop): the return code shown once when joining does, and
`TakenNickname` asks for it or offers a free nickname.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import ipywidgets as widgets

from opsporing import identity, texts, views
from opsporing.pages.session import Session
from opsporing.store import NicknameTaken, Participant
from opsporing.widgets.browser_memory import ALONE, BrowserMemory
from opsporing.widgets.form import Action, Field, Form
from opsporing.widgets.shared import set_shown


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


class ContinueOffer(widgets.HTML):
    """Links to continue as the participants this browser remembers, while no one is chosen."""

    def __init__(self, session: Session, memory: BrowserMemory) -> None:
        super().__init__()
        self.session = session
        self.memory = memory
        self.add_class("opsporing-continue")
        memory.observe(lambda _change: self.refresh(), names="known")
        self.refresh()

    def refresh(self) -> None:
        if self.session.participant is not None:
            self.value = ""
            return
        items = []
        for hold, participant_id in sorted(self.memory.known.items()):
            found = self.session.store.participant(str(participant_id))
            if found is None or (found.hold_code or ALONE) != hold:
                self.memory.forget(hold or None)  # deleted, or the database was replaced
                continue
            where = (
                texts.CONTINUE_HOLD.format(code=escape(found.hold_code))
                if found.hold_code
                else texts.CONTINUE_ALONE
            )
            link = escape(views.as_participant(found.id))
            name = escape(texts.CONTINUE_AS.format(pseudonym=found.pseudonym))
            items.append(f'<li><a href="{link}">{name}</a> ({where})</li>')
        if not items:
            self.value = ""
            return
        self.value = f"<h2>{escape(texts.CONTINUE_HEADING)}</h2><ul>{''.join(items)}</ul>"


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
        super().__init__([self.form])
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
