"""What every page has around its own content: style, navigation, heading, identity.

Pages are thin: each builds its body from content and the session, and
`show()` puts it in this frame. Content that fails to load shows the Danish
errors instead of a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import ipywidgets as widgets
from IPython.display import display

from opsporing import texts
from opsporing.content import ContentErrors
from opsporing.pages.session import Session, current
from opsporing.widgets.navigation import NavigationBar, page_url
from opsporing.widgets.style import stylesheet

START = "00_start.ipynb"


def identity_html(session: Session, on_start_page: bool = False) -> str:
    p = session.participant
    if p is not None:
        pseudonym = escape(p.pseudonym)
        if p.hold_code:
            text = texts.IDENTITY.format(pseudonym=pseudonym, code=escape(p.hold_code))
        else:
            text = texts.IDENTITY_ALONE.format(pseudonym=pseudonym)
        return f'<p class="opsporing-identity">{text}</p>'
    message = texts.UNKNOWN_PARTICIPANT if session.link_id else texts.NOT_JOINED
    if on_start_page and not session.link_id:
        return ""
    link = "" if on_start_page else f' <a href="{page_url(START, None)}">{texts.NAV_START}</a>'
    return f'<p class="opsporing-identity opsporing-message" role="status">{message}{link}</p>'


class Page(widgets.VBox):
    """A page: stylesheet, navigation bar, h1, who is answering, then the body."""

    def __init__(
        self, session: Session, notebook: str, title: str, body: list[widgets.Widget]
    ) -> None:
        self.session = session
        self.nav = NavigationBar(notebook, session.participant_id)
        self.heading = widgets.HTML(f"<h1>{escape(title)}</h1>")
        self.identity = widgets.HTML(identity_html(session, on_start_page=notebook == START))
        self.body = body
        self.notebook = notebook
        super().__init__(
            [
                stylesheet(),
                session.connection_guard(),
                self.nav,
                self.heading,
                self.identity,
                *body,
            ]
        )
        self.add_class("opsporing-page")

    def __repr__(self) -> str:
        """What a notebook's text/plain output says: the regression check compares it."""
        return f"Page({self.notebook!r})"

    def refresh_identity(self) -> None:
        """After joining or deleting on the start page: new links, new identity line."""
        self.nav.set_participant(self.session.participant_id)
        self.identity.value = identity_html(self.session, on_start_page=True)


class ContentErrorNotice(widgets.HTML):
    """Shown instead of a page whose content does not load: the errors, in Danish."""

    def __init__(self, errors: ContentErrors) -> None:
        self.count = len(errors.errors)
        lines = "".join(f"<li>{escape(str(e))}</li>" for e in errors.errors)
        super().__init__(f'<p role="alert">{texts.CONTENT_FAILED}</p><ul>{lines}</ul>')
        self.add_class("opsporing-content-errors")

    def __repr__(self) -> str:
        return f"ContentErrorNotice({self.count} fejl)"


def page_for(build: Callable[[Session], widgets.Widget]) -> widgets.Widget:
    """The page for this page load, or the content's errors in Danish if it does not load."""
    try:
        return build(current())
    except ContentErrors as errors:
        return ContentErrorNotice(errors)


def show(build: Callable[[Session], widgets.Widget]) -> None:
    display(page_for(build))
