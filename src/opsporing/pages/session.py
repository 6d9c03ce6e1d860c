"""Who is answering, and the one wiring between the app's widgets and the store.

A participant's kernel holds the app from joining to leaving, but a reload or
a shared link is a new page load and a new kernel. The place in the app
travels in the address (`?vis=<view>&…`, see `opsporing.views`); who is
answering never does. The server names the browser (an HttpOnly cookie, see
`opsporing.browser_key`) and the store knows which participant that browser
is (`Store.browser_participant`), so a link opens a place for whoever opens
it, as themselves. With preheated kernels the request arrives after the
notebook has started running; `opsporing.request` waits for it. In JupyterLab
there is no request: the start view's join form keeps the chosen id in a small
file in the data folder, which every notebook reads. Under Voila that file is
never used, since one server serves a whole room.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from opsporing import content, identity, paths, request, store_client, texts
from opsporing.content import Content
from opsporing.records import (
    Answer,
    Arrival,
    Participant,
    checked_answer,
    normalise_hold_code,
)
from opsporing.request import in_voila, query_string
from opsporing.save_pace import SavePace
from opsporing.store_client import PageStore
from opsporing.views import Address
from opsporing.widgets import FIELD_FOR_KIND, QuestionField, question_field
from opsporing.widgets.base import ViewPayload, dom_key
from opsporing.widgets.connection import ConnectionGuard

IDENTITY_FILE = "deltager"
"""In the data folder: the participant chosen in JupyterLab's start page."""


def requested_address() -> Address:
    """What the page's address asks for under Voila (a place); nothing in JupyterLab."""
    return Address.parse(query_string()) if in_voila() else Address()


def _identity_file() -> Path:
    return paths.data_dir() / IDENTITY_FILE


def remembered_participant_id() -> str | None:
    """The participant chosen in JupyterLab's start page, if any."""
    try:
        return _identity_file().read_text("utf-8").strip() or None
    except FileNotFoundError:
        return None


@dataclass
class Session:
    """One participant's app: the store, the content, and the participant (if known).

    `browser` is the server's name for the browser (empty in JupyterLab): a
    join, a return code or "Fortsæt som" binds the participant to it in the
    store, so the next page load in this browser is that participant again.
    `notice` is what the page must say about how it was opened (an old
    personal link, a browser the server did not recognise).
    """

    store: PageStore
    content: Content = field(repr=False)
    participant: Participant | None = None
    notice: str | None = None
    browser: str = ""
    _answers: dict[str, Answer] | None = field(default=None, repr=False)
    address: Address = field(default_factory=Address)
    """What the page's address asked for when the app was opened."""
    _fields_by_key: dict[str, QuestionField] = field(default_factory=dict, repr=False)
    """The question fields built so far, by key: what a restored answer must update."""
    _pace: SavePace = field(default_factory=SavePace, repr=False)
    """This participant's saves, paced (`opsporing.save_pace`)."""
    guard: ConnectionGuard | None = field(default=None, repr=False)
    on_participant_changed: list[Callable[[], None]] = field(default_factory=list, repr=False)
    """Told after a join or a deletion: the app's addresses and every view that shows who."""
    room_locks: dict[str, int] = field(default_factory=dict)
    """Case id to the last stage the trainer lets the hold read (`opsporing.pages.follow`)."""
    room_opened: dict[str, int] = field(default_factory=dict)
    """Case id to the stage the trainer sent the room to: it unfolds for those who follow."""
    arrived: Arrival | None = field(default=None, repr=False)
    """What the store told `arrive` under Voila, until the app has taken it in (`App.arrive`
    hands the participant's pace and room to the follower)."""

    @property
    def participant_id(self) -> str | None:
        return self.participant.id if self.participant else None

    def answers(self) -> dict[str, Answer]:
        """The participant's stored answers, read once and again after each save."""
        if self._answers is None:
            self._answers = self.store.answers(self.participant.id) if self.participant else {}
        return self._answers

    def save(self, key: str, value: Any, shared: bool) -> None:
        """The save callback question fields get: bound to this participant, and paced
        (`opsporing.save_pace`), so one participant saving in a tight loop waits alone.

        An answer too long for the store is refused here and now, in Danish, even
        when its write would have had to wait.
        """
        if self.participant is None:
            raise RuntimeError("no participant to save for")
        participant_id = self.participant.id
        checked_answer(value)
        self._pace.submit(key, lambda: self._write(participant_id, key, value, shared))

    def _write(self, participant_id: str, key: str, value: Any, shared: bool) -> None:
        """Write one answer, then tell the browser it may stop keeping it."""
        self.store.save_answer(participant_id, key, value, shared)
        self._answers = None
        if self.guard is not None and (ref := self._question_refs.get(dom_key(key))):
            payload = FIELD_FOR_KIND[ref.question.kind].view_payload(ref.question, value, shared)
            self.guard.confirm(dom_key(key), payload)

    @cached_property
    def _question_refs(self) -> dict[str, Any]:
        """Every question in the content by its key on the page (`dom_key`)."""
        return {dom_key(ref.key): ref for ref in self.content.questions()}

    def restore_from_view(self, key_on_page: str, payload: ViewPayload) -> None:
        """Save what the browser kept while no kernel could (see `widgets/connection.py`),
        and show it in this page's field for that question, if it has one."""
        ref = self._question_refs.get(key_on_page)
        if ref is None or self.participant is None:
            return
        value, shared = FIELD_FOR_KIND[ref.question.kind].from_view(ref.question, payload)
        try:
            self.save(ref.key, value, shared)
        except Exception:
            return  # the browser keeps it and offers it again
        if (shown := self._fields_by_key.get(ref.key)) is not None:
            shown.restore(value, shared)

    def arrive(self) -> None:
        """The page's request is here (in a warm kernel: waited for): its place, and who
        the browser is. Sets who answers without telling the views (`App.arrive` does)."""
        self.address = requested_address()
        if in_voila():  # one question of the server's store, while the participant waits
            self.browser = request.browser()
            self.arrived = self.store.arrival(self.browser)
            self.participant, self._answers = self.arrived.participant, self.arrived.answers
        else:
            wanted = remembered_participant_id()
            self.participant = self.store.participant(wanted) if wanted else None
            self.arrived, self._answers = None, None
        self.notice = None
        if self.participant is None and self.address.old_link:
            self.notice = texts.OLD_LINK
        elif self.participant is None and request.browser_forged():
            self.notice = texts.BROWSER_NOT_RECOGNISED
        if self.guard is not None:
            self.guard.participant = guard_key(self.participant)

    def connection_guard(self) -> ConnectionGuard:
        """The page's heartbeat and the browser's keeping of unsaved answers."""
        self.guard = ConnectionGuard(self.restore_from_view, guard_key(self.participant))
        return self.guard

    def question(self, key: str, question: Any) -> QuestionField:
        """A question's field, wired to save here and showing the stored answer (a page
        shows it in a `QuestionBlock`)."""
        stored = self.answers().get(key) if self.participant is not None else None
        made = question_field(
            key,
            question,
            self.save,
            answer=None if stored is None else (stored.value, stored.shared),
            disabled=self.participant is None,
        )
        self._fields_by_key[key] = made
        return made

    def show_stored(self, shown: QuestionField) -> None:
        """A question built for nobody (in a warm kernel) now answers for this participant,
        showing what they stored: the same field, no new model for the browser."""
        if self.participant is None:
            shown.disable()
            return
        answer = self.answers().get(shown.key)
        with shown.hold_sync():
            shown.disabled = False
            if answer is not None:
                shown.restore(answer.value, answer.shared)
            else:
                shown.restore(None)

    def join(
        self,
        pseudonym: str,
        hold_code: str | None,
        return_code: str | None = None,
        client: str = "",
    ) -> Participant:
        """Join a hold (or work alone) and make this session that participant.

        A nickname taken on the hold needs its `return_code` (see `Store.join`);
        `client` names the browser for counting wrong codes.
        """
        participant = self.store.join(
            pseudonym,
            hold_code,
            return_code=return_code,
            client=client or self.browser,
            trusted=self._has_been(pseudonym, hold_code),
        )
        self._become(participant)
        return participant

    def _has_been(self, pseudonym: str, hold_code: str | None) -> bool:
        """Whether this browser already was that nickname on that hold: its own return code
        is then never slowed by others' guesses at it (`opsporing.throttle`)."""
        if not hold_code:
            return False
        code, key = normalise_hold_code(hold_code), identity.nickname_key(pseudonym)
        return any(
            p.hold_code == code and identity.nickname_key(p.pseudonym) == key
            for p in self.store.browser_participants(self.browser)
        )

    def others(self) -> list[Participant]:
        """The participants this browser has been besides the current one ("Fortsæt som")."""
        current = self.participant_id
        return [p for p in self.store.browser_participants(self.browser) if p.id != current]

    def continue_as(self, participant_id: str) -> bool:
        """Become one of the participants this browser has been; False for any other id."""
        found = next((p for p in self.others() if p.id == participant_id), None)
        if found is None:
            return False
        self._become(found)
        return True

    def leave(self) -> None:
        """ "Skift deltager": nobody answers in this browser now; the answers stay."""
        if self.participant is None:
            return
        if in_voila():
            self.store.leave_browser(self.browser)
        else:
            _identity_file().unlink(missing_ok=True)
        self._set(None)

    def _become(self, participant: Participant) -> None:
        if in_voila():
            self.store.bind_browser(self.browser, participant.id)
        else:
            _identity_file().write_text(participant.id, "utf-8")
        self.notice = None
        self._set(participant)

    def _set(self, participant: Participant | None) -> None:
        self.participant = participant
        self._answers = None
        if self.guard is not None:
            self.guard.participant = guard_key(participant)
        self._participant_changed()

    def delete_participant(self) -> None:
        """Take back everything this participant gave, and forget who they were."""
        if self.participant is None:
            return
        self.store.delete_participant(self.participant.id)
        if not in_voila() and remembered_participant_id() == self.participant.id:
            _identity_file().unlink(missing_ok=True)
        self._set(None)

    def _participant_changed(self) -> None:
        for listener in self.on_participant_changed:
            listener()


def guard_key(participant: Participant | None) -> str:
    """The name under which the browser keeps unsaved answers while the kernel is away:
    the same for a participant on every page load, but not their id (which no script on
    the page may read)."""
    if participant is None:
        return ""
    return hashlib.sha256(f"opsporing-ikke-gemt:{participant.id}".encode()).hexdigest()[:24]


def prepared() -> Session:
    """The session before its page is asked for: the store and the content, nobody yet.

    A warm kernel builds the app for it while it waits (`opsporing.pages.frame`), so
    what is the same for everyone costs nothing when a participant's page is asked for.
    """
    return Session(store_client.for_page(), content.load(paths.content_root()))


def current() -> Session:
    """The session for this page load: the browser's participant, or JupyterLab's choice."""
    session = prepared()
    session.arrive()
    return session
