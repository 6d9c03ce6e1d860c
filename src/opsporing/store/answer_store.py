"""Answers: one value per participant and question, with the consent to show free text in
plenum, cleaned when written and again when read.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.dialects import postgresql, sqlite

from opsporing import cleaning
from opsporing.records import Answer, checked_answer, normalise_hold_code
from opsporing.store import clock
from opsporing.store.base import StoreBase
from opsporing.store.tables import answers, participants


def _answer(row: Any) -> Answer:
    """An answer as read, cleaned again: a value stored before cleaning must not break a handout."""
    fields = dict(row._mapping)
    fields["value"] = cleaning.clean_value(fields["value"])
    return Answer(**fields)


def _upsert(dialect: Any) -> Any:
    """Insert an answer, or replace the one stored for the same participant and question."""
    statement = dialect.insert(answers)
    return statement.on_conflict_do_update(
        index_elements=[answers.c.participant_id, answers.c.question_key],
        set_={
            "value": statement.excluded.value,
            "shared": statement.excluded.shared,
            "updated_at": statement.excluded.updated_at,
        },
    )


_UPSERT = {"sqlite": _upsert(sqlite), "postgresql": _upsert(postgresql)}
"""Built once: the room saves hundreds of answers a second through one server, and building
the statement each time cost more of the server's CPU than SQLite's own work."""


class AnswerStore(StoreBase):
    """Saving and reading answers, and the cheap "anything new?" of a hold's answers."""

    def save_answer(
        self, participant_id: str, question_key: str, value: Any, shared: bool = False
    ) -> None:
        """Insert or replace one answer; `shared` is the consent to show free text in plenum.

        The value is cleaned first (see `opsporing.cleaning`) and refused in Danish
        when it is longer than a participant could mean to write.
        """
        value = checked_answer(value)
        upsert = _UPSERT[self.engine.dialect.name]

        def write(conn: Connection) -> None:
            # Stamped inside the transaction, each attempt anew: with SQLite's write lock
            # held from its start, stamps then follow the order answers commit in, and a
            # save that waited for the lock is not stamped with when it began to wait
            # (`plenum.LiveHold` reads what was stamped since its last look).
            row = {
                "participant_id": participant_id,
                "question_key": question_key,
                "value": value,
                "shared": shared,
                "updated_at": clock.now(),
            }
            conn.execute(upsert, row)

        self._retry(write)

    def answers(self, participant_id: str) -> dict[str, Answer]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(answers).where(answers.c.participant_id == participant_id))
            return {r.question_key: _answer(r) for r in rows}

    def hold_answers(self, hold_code: str, since: datetime | None = None) -> list[Answer]:
        """Every answer in a hold, for the plenum view (which decides what may be shown);
        with `since`, only those saved at or after it (`plenum.LiveHold`)."""
        members = select(participants.c.id).where(
            participants.c.hold_code == normalise_hold_code(hold_code)
        )
        query = select(answers).where(answers.c.participant_id.in_(members))
        if since is not None:
            query = query.where(answers.c.updated_at >= since)
        with self.engine.connect() as conn:
            return [_answer(r) for r in conn.execute(query)]

    def hold_version(self, hold_code: str) -> tuple[int, int, datetime | None]:
        """(members, answers, latest change) of a hold: one cheap query for "anything new?".

        The trainer page asks every second; reading and aggregating every
        answer only when this changes keeps a quiet room from costing anything.
        """
        code = normalise_hold_code(hold_code)
        members = select(participants.c.id).where(participants.c.hold_code == code)
        n_members = select(func.count()).select_from(members.subquery()).scalar_subquery()
        query = select(n_members, func.count(), func.max(answers.c.updated_at)).where(
            answers.c.participant_id.in_(members)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).one()
        return (row[0], row[1], row[2])
