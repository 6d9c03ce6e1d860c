"""The handout view: links to the participant's answers as HTML and PDF.

The server makes the files (`opsporing.handout_route`: one warm exporter and
one shared Chromium for the whole room), so a participant's kernel never loads
nbconvert or a browser. In JupyterLab there is no such server; a student uses
the export menu, and the view says how.
"""

from __future__ import annotations

from html import escape

from opsporing import routes, texts
from opsporing.pages.frame import ViewBody
from opsporing.pages.session import Session
from opsporing.widgets.shared import html


def downloads_html() -> str | None:
    """The two download links, or None where the kit's server makes no handouts.

    The same address for everyone: the server makes the handout of the browser's
    own participant (`opsporing.handout_route`), so a shared link shows nobody's answers.
    """
    html_url = routes.handout_url("html")
    pdf_url = routes.handout_url("pdf")
    if html_url is None or pdf_url is None:
        return None
    return (
        '<p class="opsporing-downloads">'
        f'<a class="opsporing-download" href="{escape(html_url)}" download>'
        f"{texts.DOWNLOAD_HTML}</a>"
        f'<a class="opsporing-download" href="{escape(pdf_url)}" download>'
        f"{texts.DOWNLOAD_PDF}</a></p>"
    )


class HandoutView(ViewBody):
    """The links follow the participant: none before joining, new ones after."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.links = html("")
        super().__init__([html(f"<p>{texts.DOWNLOAD_INTRO}</p>"), self.links])
        session.on_participant_changed.append(self.on_show)
        self.on_show()

    def on_show(self) -> None:
        participant = self.session.participant
        if participant is None:
            self.links.value = f"<p>{texts.HANDOUT_NOT_JOINED}</p>"
        else:
            self.links.value = downloads_html() or f"<p>{texts.HANDOUT_IN_LAB}</p>"

    def arrive(self) -> bool:
        self.on_show()
        return True


def build(session: Session) -> HandoutView:
    return HandoutView(session)
