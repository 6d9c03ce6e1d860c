"""The participant's app: one frame around the views, swapped inside one kernel.

A page load opens the app at the view its address names (or its notebook's
view); from then on the navigator moves between views without a page load.
Each view is built on its first visit and kept, so a half-typed answer in a
view left for another is still there on return. Content that fails to load
shows the Danish errors instead of a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from html import escape
from typing import Any

import ipywidgets as widgets
from IPython import get_ipython
from IPython.display import display

from opsporing import texts, views
from opsporing.content import ContentErrors
from opsporing.pages.follow import RoomFollower
from opsporing.pages.session import Session, prepared
from opsporing.request import in_voila, waiting_for_request
from opsporing.widgets import control
from opsporing.widgets.navigator import Navigator
from opsporing.widgets.shared import html, layout
from opsporing.widgets.style import stylesheet

Place = dict[str, str]


def identity_html(session: Session, on_start: bool = False) -> str:
    """Who is answering; or that nobody is, with the way to the start view to join."""
    p = session.participant
    if p is not None:
        pseudonym = escape(p.pseudonym)
        if p.hold_code:
            text = texts.IDENTITY.format(pseudonym=pseudonym, code=escape(p.hold_code))
        else:
            text = texts.IDENTITY_ALONE.format(pseudonym=pseudonym)
        return f'<p class="opsporing-identity">{text}</p>'
    if on_start and not session.notice:
        return ""
    message = session.notice or texts.NOT_JOINED
    link = (
        "" if on_start else f' <a href="{escape(views.href(views.START.id))}">{texts.NAV_START}</a>'
    )
    return f'<p class="opsporing-identity opsporing-message" role="status">{message}{link}</p>'


class ViewBody(widgets.VBox):
    """What a view's `build` returns: its parts, and how it meets the address.

    A view with places (a case and its stage, an opened film) reports a move
    through `report_place`, which the app points at the navigator, opens a
    place it is given in `open_place` (a reload, a shared link, Back), and
    says where it is in `place` (a link to the bare view keeps that place).
    """

    def __init__(self, body: list[widgets.Widget]) -> None:
        self.body = body
        self.report_place: Callable[[Place], None] = lambda _place: None
        super().__init__(body, layout=layout())
        self.add_class("opsporing-view")

    @property
    def place(self) -> Place:
        return {}

    def open_place(self, place: Place) -> None:
        """Go to a place in this view; views without places have nothing to open."""

    def on_show(self) -> None:
        """Called each time the view is shown again; a view that summarises others refreshes."""

    def arrive(self) -> bool:
        """The page's participant is known (a warm kernel built this view for nobody, before
        the page was asked for): show them, and say so (True), or say the view must be built
        again for them (False, the safe default)."""
        return False


class App(widgets.VBox):
    """Stylesheet, heartbeat, navigation with heading, who is answering, then the view."""

    def __init__(self, session: Session, first_view: str) -> None:
        self.session = session
        address = session.address
        start = views.view(address.view_id or first_view)
        self.built: dict[str, ViewBody] = {}
        self.nav = Navigator(
            views.VIEWS,
            {"vis": start.id, **dict(address.place)},
            in_voila(),
        )
        self.identity = html("")
        self.area = widgets.Box(layout=layout())
        self.area.add_class("opsporing-view-area")
        self.follower = RoomFollower(self)
        super().__init__(
            [
                stylesheet(),
                session.connection_guard(),
                self.nav,
                self.identity,
                self.follower.bar,
                self.area,
            ],
            layout=layout(),
        )
        self.add_class("opsporing-page")
        session.on_participant_changed.append(self.participant_changed)
        self.nav.observe(self._moved, "location")
        self._show(start.id, dict(address.place))

    def __repr__(self) -> str:
        """What a notebook's text/plain output says: the regression check compares it."""
        return f"App({self.nav.view!r})"

    @property
    def view(self) -> ViewBody:
        return self.built[self.nav.view]

    def _moved(self, change: dict[str, Any]) -> None:
        old, new = change["old"], change["new"]
        place = {k: str(v) for k, v in new.items() if k != "vis"}
        known = views.view(str(new.get("vis", ""))).id
        if known != new.get("vis"):  # an old or mistyped address: the start view
            self.nav.location = {"vis": known}
        elif old.get("vis") != new.get("vis"):
            self._show(str(new.get("vis", "")), place)
        elif place != self.view.place:
            self._open(self.view, place)

    def _build(self, spec: views.View) -> ViewBody:
        body: ViewBody = spec.build(self.session)
        self.built[spec.id] = body
        body.report_place = partial(self._report, spec.id)
        return body

    def prebuild(self) -> None:
        """Build every view now, for nobody: in a warm kernel, before anyone asks for the page.

        The views are the same for everyone until a participant answers in them, and a
        widget made before the browser connects reaches it in one message with all the
        others; one made later costs a message of its own, forty times over in a room
        that moves together.
        """
        for spec in views.VIEWS:
            if spec.id not in self.built:
                self._build(spec)

    def arrive(self) -> None:
        """The page was asked for (`Session.arrive`): its participant, its notice, its place.

        Views that can show the participant where they are keep what was built; the
        others are built again on their next visit.
        """
        shown = self.nav.view
        self.built = {k: v for k, v in self.built.items() if k == shown or v.arrive()}
        if shown in self.built:
            self.built[shown].on_show()
        self.identity.value = identity_html(self.session, on_start=shown == views.START.id)
        address = self.session.address
        # The room first: its stage locks hold before a case the address names is built.
        # A page opened at a place stays there; one opened bare goes where the room is.
        arrived, self.session.arrived = self.session.arrived, None
        self.follower.arrive(move_now=not (address.view_id or address.place), arrived=arrived)
        wanted = views.view(address.view_id or shown).id
        if address.view_id or address.place:
            self.nav.location = {"vis": wanted, **dict(address.place)}

    def _show(self, view_id: str, place: Place) -> None:
        """Show a view, building it on its first visit; then go to `place` in it."""
        spec = views.view(view_id)
        body = self.built.get(spec.id)
        if body is None:
            body = self._build(spec)
        else:
            body.on_show()
        self.identity.value = identity_html(self.session, on_start=spec is views.START)
        self.area.children = [body]
        self._open(body, place)

    def _open(self, body: ViewBody, place: Place) -> None:
        """A place named opens; no place (the bare view) keeps where the view was."""
        if place:
            body.open_place(place)
        self._report(self.nav.view, body.place)

    def _report(self, view_id: str, place: Place) -> None:
        wanted = {"vis": view_id, **place}
        if view_id == self.nav.view and dict(self.nav.location) != wanted:
            self.nav.location = wanted

    def participant_changed(self) -> None:
        """After joining, switching or deleting in the start view: a new identity line.

        Views built for nobody (their questions disabled) or for the one who left
        are built again on the next visit; the view on screen follows by itself.
        """
        self.built = {k: v for k, v in self.built.items() if k == self.nav.view}
        self.identity.value = identity_html(self.session, on_start=self.nav.view == views.START.id)
        self.follower.arrive(move_now=True)  # a late joiner lands where the room is


class ContentErrorNotice(widgets.HTML):
    """Shown instead of the app when its content does not load: the errors, in Danish."""

    def __init__(self, errors: ContentErrors) -> None:
        self.count = len(errors.errors)
        lines = "".join(f"<li>{escape(str(e))}</li>" for e in errors.errors)
        super().__init__(f'<p role="alert">{texts.CONTENT_FAILED}</p><ul>{lines}</ul>')
        self.add_class("opsporing-content-errors")

    def __repr__(self) -> str:
        return f"ContentErrorNotice({self.count} fejl)"


def app_for(view_id: str) -> widgets.Widget:
    """The app for this page load, or the content's errors in Danish if it does not load.

    Built before the page's request is known: in a warm kernel that is while it waits in
    the room's pool, so a page that is asked for only needs its participant and place.
    """
    control.answer_requests_once()
    try:
        session = prepared()
        app = App(session, view_id)
    except ContentErrors as errors:
        return ContentErrorNotice(errors)
    if not waiting_for_request():
        session.arrive()
        app.arrive()
        return app
    with _unsent():
        app.prebuild()
        _formatted_once(app)
        session.arrive()
        app.arrive()
    return app


@contextmanager
def _unsent() -> Iterator[None]:
    """Widget changes are made here but not sent: in a warm kernel, while it builds the app
    for nobody and then personalises it.

    The page is not in any browser yet: Voila sends the page once this cell has run, and its
    browser then asks for every widget's state at once (ipywidgets' control channel), which a
    kernel answers only after this cell. Sent now, each change (about 120 while the views are
    built, about 30 when a participant arrives: their answers, progress, identity) would be a
    message the server decodes twice (activity tracking and Voila's notebook client) with no
    browser to read it. New widgets still announce themselves (their `comm_open`).
    """
    send_state = widgets.Widget.send_state
    widgets.Widget.send_state = lambda self, key=None: None
    try:
        yield
    finally:
        widgets.Widget.send_state = send_state


def _formatted_once(app: App) -> None:
    """Format the app once as its display will, while the warm kernel waits.

    IPython makes its display formatters the first time anything is displayed, and
    looks up each type's formatter the first time it meets it: a few milliseconds of a
    joining participant's wait, forty times over when a room joins at once. Formatting
    sends nothing; the display itself, after the page's request, finds them made.
    """
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.format(app)


def show(view_id: str) -> None:
    """A notebook's one line: open the app at `view_id` (unless its address names another)."""
    display(app_for(view_id))
