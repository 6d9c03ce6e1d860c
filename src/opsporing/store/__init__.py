"""The one place answers are written: holds, participants and answers (SQLAlchemy Core).

Every query lives in this package, and nothing else writes SQL. One part per concern, each a
class that `Store` is made of, so a caller sees one store:

- `tables`: the tables, the schema version and the steps from older schemas;
- `base`: the engine, transactions retried while SQLite is busy, the WAL checkpoint;
- `hold_store`: holds, their PINs, and wrong guesses at a PIN or return code;
- `participant_store`: participants, the browsers that have been them, their own pace;
- `answer_store`: answers, and a hold's "anything new?";
- `room_store`: where the trainer has sent the room, and who follows;
- `clock`: the time every part reads.

The modules are not named after the tables (`store.holds` is the table), and callers import
from `opsporing.store`; what it hands out and refuses lives in `opsporing.records`, which a
participant's page imports instead, since it reaches the store through the server
(`opsporing.store_client`) and never loads SQLAlchemy.
"""

from __future__ import annotations

import os
from functools import cache

from opsporing import paths
from opsporing.records import (
    Answer,
    Arrival,
    NicknameTaken,
    Participant,
    RoomStep,
    StoreError,
    TooManyTries,
    checked_answer,
    normalise_hold_code,
)
from opsporing.store import clock
from opsporing.store.answer_store import AnswerStore
from opsporing.store.hold_store import (
    HOLD_CODE_ALPHABET,
    HOLD_LIFETIME,
    MAX_HOLD_LIFETIME,
    MAX_HOLD_NAME,
    MIN_PIN,
    HoldInfo,
)
from opsporing.store.participant_store import ParticipantStore, new_participant_id
from opsporing.store.room_store import RoomStore
from opsporing.store.tables import (
    CLIENT_CHARS,
    SCHEMA_VERSION,
    answers,
    attempts,
    browsers,
    holds,
    meta,
    metadata,
    own_pace,
    participants,
    room_steps,
)

__all__ = [
    "CLIENT_CHARS",
    "HOLD_CODE_ALPHABET",
    "HOLD_LIFETIME",
    "MAX_HOLD_LIFETIME",
    "MAX_HOLD_NAME",
    "MIN_PIN",
    "SCHEMA_VERSION",
    "Answer",
    "Arrival",
    "HoldInfo",
    "NicknameTaken",
    "Participant",
    "RoomStep",
    "Store",
    "StoreError",
    "TooManyTries",
    "answers",
    "attempts",
    "browsers",
    "checked_answer",
    "clock",
    "default",
    "default_url",
    "holds",
    "meta",
    "metadata",
    "new_participant_id",
    "normalise_hold_code",
    "own_pace",
    "participants",
    "room_steps",
]


class Store(ParticipantStore, AnswerStore, RoomStore):
    """Holds, participants and answers in one database; safe for many kernels at once."""

    def arrival(self, browser: str) -> Arrival:
        """Who this browser is now, with their answers, their pace and their room's step:
        what a page reads when it is opened, asked of the server's store line at once."""
        who = self.browser_participant(browser)
        if who is None:
            return Arrival(None, {}, own_pace=False, room=None)
        room = self.room_step(who.hold_code) if who.hold_code else None
        return Arrival(who, self.answers(who.id), self.own_pace(who.id), room)


def default_url() -> str:
    if url := os.environ.get(paths.DB_URL_ENV):
        return url
    return f"sqlite:///{paths.data_dir() / 'opsporing.sqlite'}"


@cache
def _store_for(url: str) -> Store:
    return Store(url)


def default() -> Store:
    """The store this process uses, opened once per URL."""
    return _store_for(default_url())
