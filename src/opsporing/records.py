"""What the store hands out and what it refuses, without the database that keeps them.

A participant's page reads and writes through the server (`opsporing.store_client`),
so its kernel never imports SQLAlchemy: these values and errors are all the page needs,
and `opsporing.store` re-exports them for everyone else. The server turns them into JSON
with `to_wire`; the kernel reads them back with `participant_from_wire` and its kin.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from datetime import datetime
from typing import Any

from opsporing import cleaning, texts


class StoreError(Exception):
    """A problem a user can act on, worded in Danish."""


class TooManyTries(StoreError):
    """A PIN or return code locked after too many wrong guesses (`opsporing.throttle`)."""


class NicknameTaken(StoreError):
    """Someone on the hold has this nickname: their return code, or a nickname of one's own."""

    def __init__(self, pseudonym: str, suggestion: str, wrong_code: bool) -> None:
        self.pseudonym = pseudonym
        self.suggestion = suggestion
        self.wrong_code = wrong_code
        template = texts.NICKNAME_WRONG_CODE if wrong_code else texts.NICKNAME_TAKEN
        super().__init__(template.format(pseudonym=pseudonym, suggestion=suggestion))


@dataclass(frozen=True)
class Participant:
    id: str
    hold_code: str | None
    pseudonym: str
    municipality: int | None
    return_code: str | None = None
    """What opens this participant on another device (`opsporing.identity`); None alone."""


@dataclass(frozen=True)
class Answer:
    participant_id: str
    question_key: str
    value: Any
    shared: bool
    updated_at: datetime


@dataclass(frozen=True)
class RoomStep:
    """Where the trainer has sent a hold, and which case stages it may read."""

    place: dict[str, str] | None
    """`{"vis": view, "case"/"trin"/"film": …}`, or None before the trainer's first step."""
    locks: dict[str, int]
    """Case id to the last stage the room may read; a case not named is open."""
    version: int


@dataclass(frozen=True)
class Arrival:
    """What a page needs of the store when its browser's participant arrives, read in one
    call (`Store.arrival`): a warm kernel asks it while its participant waits, and a room
    joins at once, each question a round trip through a busy server."""

    participant: Participant | None
    answers: dict[str, Answer]
    """The participant's stored answers (none when nobody is here)."""
    own_pace: bool
    """Whether they walk alone ("Gå i mit eget tempo")."""
    room: RoomStep | None
    """Where the trainer has sent their hold; None without a participant or a hold."""


def normalise_hold_code(code: str) -> str:
    return code.strip().upper()


def checked_answer(value: Any) -> Any:
    """An answer as `Store.save_answer` writes it, or its Danish refusal (`StoreError`): for
    a caller that must refuse at once a save it will only write later (`opsporing.save_pace`)."""
    try:
        return cleaning.answer(value)
    except cleaning.TooLong as error:
        raise StoreError(str(error)) from None


# --- The wire: what the server's store line sends back -----------------------------------


def to_wire(value: Any) -> Any:
    """A store method's result as JSON can carry it: records as objects, times as ISO text."""
    if is_dataclass(value) and not isinstance(value, type):
        # Field by field, not `asdict`, which deep-copies every answer's value first.
        return {f.name: to_wire(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {key: to_wire(item) for key, item in value.items()}
    if isinstance(value, list):
        return [to_wire(item) for item in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def participant_from_wire(data: dict[str, Any] | None) -> Participant | None:
    return None if data is None else Participant(**data)


def answer_from_wire(data: dict[str, Any]) -> Answer:
    return Answer(**{**data, "updated_at": datetime.fromisoformat(data["updated_at"])})


def room_step_from_wire(data: dict[str, Any]) -> RoomStep:
    return RoomStep(**data)


def arrival_from_wire(data: dict[str, Any]) -> Arrival:
    room = data["room"]
    return Arrival(
        participant=participant_from_wire(data["participant"]),
        answers={key: answer_from_wire(found) for key, found in data["answers"].items()},
        own_pace=bool(data["own_pace"]),
        room=None if room is None else room_step_from_wire(room),
    )


def error_to_wire(error: StoreError) -> dict[str, Any]:
    """A refusal as the store line sends it: its kind, its Danish words, and what a taken
    nickname needs to be asked again."""
    found: dict[str, Any] = {"kind": type(error).__name__, "message": str(error)}
    if isinstance(error, NicknameTaken):
        found.update(
            pseudonym=error.pseudonym, suggestion=error.suggestion, wrong_code=error.wrong_code
        )
    return found


def error_from_wire(data: dict[str, Any]) -> StoreError:
    if data.get("kind") == "NicknameTaken":
        return NicknameTaken(data["pseudonym"], data["suggestion"], data["wrong_code"])
    if data.get("kind") == "TooManyTries":
        return TooManyTries(data["message"])
    return StoreError(data["message"])
