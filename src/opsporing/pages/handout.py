"""04_handout: the participant's answers to take home (the handout builder adds downloads)."""

from __future__ import annotations

import ipywidgets as widgets

from opsporing import texts
from opsporing.handouts.download import HandoutDownloads
from opsporing.pages import frame
from opsporing.pages.session import Session

NOTEBOOK = "04_handout.ipynb"


def build(session: Session) -> frame.Page:
    body: list[widgets.Widget] = [widgets.HTML(f"<p>{texts.HANDOUT_COMING}</p>")]
    if session.participant is not None:
        body = [
            widgets.HTML(f"<p>{texts.DOWNLOAD_INTRO}</p>"),
            HandoutDownloads(session.store, session.content, session.participant),
        ]
    return frame.Page(session, NOTEBOOK, texts.HANDOUT_TITLE, body)


def show() -> None:
    frame.show(build)
