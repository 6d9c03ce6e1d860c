"""The room's pace: where the trainer has sent a hold and which case stages are locked
(`room_steps`), read by every follower's kernel, and how many follow.
"""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, func, select, update

from opsporing import texts
from opsporing.records import RoomStep, StoreError, normalise_hold_code
from opsporing.store import clock
from opsporing.store.hold_store import HoldStore
from opsporing.store.tables import own_pace, participants, room_steps

_ROOM_VERSION = select(room_steps.c.version).where(room_steps.c.hold_code == bindparam("code"))


class RoomStore(HoldStore):
    """Sending the room, its stage locks, and the counts of who follows (`own_pace`)."""

    def room_step(self, hold_code: str) -> RoomStep:
        """Where the trainer has sent the hold; a hold never sent anywhere is at no place."""
        code = normalise_hold_code(hold_code)
        with self.engine.connect() as conn:
            row = conn.execute(
                select(room_steps.c.place, room_steps.c.locks, room_steps.c.version).where(
                    room_steps.c.hold_code == code
                )
            ).one_or_none()
        if row is None:
            return RoomStep(None, {}, 0)
        return RoomStep(row.place, {k: int(v) for k, v in row.locks.items()}, row.version)

    def room_version(self, hold_code: str) -> int:
        """The one cheap question a follower's kernel asks every look: has the room moved?

        One statement built once (`_ROOM_VERSION`): building and keying a new one each look
        cost a kernel more than the query itself, forty kernels twice a second."""
        with self.engine.connect() as conn:
            found = conn.execute(
                _ROOM_VERSION, {"code": normalise_hold_code(hold_code)}
            ).scalar_one_or_none()
        return found or 0

    def send_room(
        self,
        hold_code: str,
        place: dict[str, str] | None = None,
        locks: dict[str, int] | None = None,
    ) -> RoomStep:
        """Send the hold to `place` and/or set its stage `locks` (None: keep as it is)."""
        code = normalise_hold_code(hold_code)

        def work(conn: Connection) -> RoomStep:
            row = conn.execute(
                select(room_steps.c.place, room_steps.c.locks, room_steps.c.version).where(
                    room_steps.c.hold_code == code
                )
            ).one_or_none()
            step = RoomStep(
                place if place is not None else (row.place if row else None),
                locks if locks is not None else (dict(row.locks) if row else {}),
                (row.version if row else 0) + 1,
            )
            values = {
                "place": step.place,
                "locks": step.locks,
                "version": step.version,
                "updated_at": clock.now(),
            }
            if row is None:
                conn.execute(room_steps.insert().values(hold_code=code, **values))
            else:
                conn.execute(
                    update(room_steps).where(room_steps.c.hold_code == code).values(**values)
                )
            return step

        if not self.hold_exists(code):
            raise StoreError(texts.ROOM_NO_HOLD.format(code=code))
        return self._retry(work)

    def room_following(self, hold_code: str) -> tuple[int, int]:
        """(following the trainer, at their own pace) among the hold's members: counts only."""
        code = normalise_hold_code(hold_code)
        members = select(participants.c.id).where(participants.c.hold_code == code)
        own = select(func.count()).where(own_pace.c.participant_id.in_(members))
        everyone = select(func.count()).where(participants.c.hold_code == code)
        with self.engine.connect() as conn:
            n_own = conn.execute(own).scalar_one()
            n_all = conn.execute(everyone).scalar_one()
        return n_all - n_own, n_own
