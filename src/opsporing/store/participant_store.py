"""Participants (a nickname on a hold, or alone), the browsers that have been them, and who
works at their own pace instead of following the trainer.
"""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import Connection, delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from opsporing import cleaning, identity, texts
from opsporing.records import NicknameTaken, Participant, StoreError, normalise_hold_code
from opsporing.store import clock
from opsporing.store.hold_store import HoldStore
from opsporing.store.tables import answers, attempts, browsers, holds, own_pace, participants


def _participant(row: Any) -> Participant:
    """A participant as read: the pseudonym cleaned again, in case it was stored before cleaning."""
    return Participant(
        row.id, row.hold_code, cleaning.clean(row.pseudonym), row.municipality, row.return_code
    )


def new_participant_id() -> str:
    """A random id for the address (`?deltager=`); never starting with "-", which a
    command line (`opsporing handout --participant …`) would take for an option."""
    while (found := secrets.token_urlsafe(9)).startswith("-"):
        pass
    return found


class ParticipantStore(HoldStore):
    """Joining, coming back with a return code, the browsers a participant has been, and
    their own pace; a taken nickname's return code is counted like a PIN (`HoldStore`)."""

    def join(
        self,
        pseudonym: str,
        hold_code: str | None = None,
        *,
        return_code: str | None = None,
        client: str = "",
        trusted: bool = False,
    ) -> Participant:
        """Join a hold under a nickname of one's own, or come back to it with the return code.

        Nicknames are public in a workshop, so a nickname that is taken on the
        hold (in any case or spacing) opens its participant only with that
        participant's return code; otherwise `NicknameTaken` offers a free
        one. Wrong codes are counted like wrong PINs; `trusted` (this browser
        already is that participant) is never paced by others' guesses, as
        the trainer's machine is for the PIN. Working alone always makes a
        new participant; the page keeps its id in the address.
        """
        try:
            # Checked here, not by the column: SQLite keeps a 1 MB string in a String(60).
            pseudonym = cleaning.pseudonym(pseudonym)
        except cleaning.TooLong as error:
            raise StoreError(str(error)) from None
        if not pseudonym:
            raise StoreError(texts.STORE_PSEUDONYM_MISSING)
        code = normalise_hold_code(hold_code) if hold_code else None
        if code is not None:
            self._refuse_closed_hold(code)
        if code is not None and (found := self._member(code, pseudonym)):
            return self._reclaim(found, pseudonym, return_code, client, trusted)
        new = Participant(
            new_participant_id(),
            code,
            pseudonym,
            None,
            identity.new_return_code() if code is not None else None,
        )
        try:
            self._retry(
                lambda conn: conn.execute(
                    participants.insert().values(
                        id=new.id,
                        hold_code=code,
                        pseudonym=pseudonym,
                        pseudonym_key=identity.nickname_key(pseudonym),
                        return_code=new.return_code,
                        created_at=clock.now(),
                    )
                )
            )
        except IntegrityError:
            # Someone took the same nickname a moment ago: it is theirs now.
            found = self._member(code, pseudonym) if code else None
            if found is None:
                raise
            return self._reclaim(found, pseudonym, return_code, client, trusted)
        return new

    def _refuse_closed_hold(self, code: str) -> None:
        """No hold by that code, or one past its end date (deleted at the next sweep)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(holds.c.ends_at).where(holds.c.code == code)).first()
        if row is None:
            raise StoreError(texts.STORE_HOLD_UNKNOWN.format(code=code))
        if row.ends_at is not None and clock.aware(row.ends_at) <= clock.now():
            raise StoreError(texts.STORE_HOLD_EXPIRED.format(code=code))

    def _reclaim(
        self,
        member: Participant,
        typed: str,
        return_code: str | None,
        client: str,
        trusted: bool = False,
    ) -> Participant:
        """A taken nickname: its participant with the right return code, or `NicknameTaken`
        with the nickname as typed and a free one made from it."""
        secret = f"return:{member.id}"
        if return_code:
            self._refuse_if_locked(secret, client, trusted)
            if identity.return_code_matches(return_code, member.return_code):
                self._forget_failures(secret, client, trusted)
                return member
            self._record_failure(secret, client, trusted)
        taken = {identity.nickname_key(m.pseudonym) for m in self.members(member.hold_code or "")}
        suggestion = identity.free_nickname(typed, taken, cleaning.MAX_PSEUDONYM)
        raise NicknameTaken(typed, suggestion, wrong_code=bool(return_code))

    def _member(self, code: str, pseudonym: str) -> Participant | None:
        """The member of hold `code` whose nickname is `pseudonym` in any case or spacing."""
        key = identity.nickname_key(pseudonym)
        with self.engine.connect() as conn:
            row = conn.execute(
                select(participants)
                .where(
                    participants.c.hold_code == code,
                    or_(
                        participants.c.pseudonym_key == key,
                        participants.c.pseudonym == pseudonym,
                    ),
                )
                .order_by(participants.c.created_at)
            ).first()
        return _participant(row) if row else None

    def participant(self, participant_id: str) -> Participant | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(participants).where(participants.c.id == participant_id)
            ).first()
        return _participant(row) if row else None

    def members(self, hold_code: str) -> list[Participant]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(participants)
                .where(participants.c.hold_code == normalise_hold_code(hold_code))
                .order_by(participants.c.created_at)
            )
            return [_participant(r) for r in rows]

    def set_municipality(self, participant_id: str, code: int | None) -> None:
        self._retry(
            lambda conn: conn.execute(
                update(participants)
                .where(participants.c.id == participant_id)
                .values(municipality=code)
            )
        )

    def delete_participant(self, participant_id: str) -> None:
        """A participant's right to take back everything they gave."""

        def work(conn: Connection) -> None:
            conn.execute(delete(answers).where(answers.c.participant_id == participant_id))
            conn.execute(delete(attempts).where(attempts.c.secret == f"return:{participant_id}"))
            conn.execute(delete(browsers).where(browsers.c.participant_id == participant_id))
            conn.execute(delete(own_pace).where(own_pace.c.participant_id == participant_id))
            conn.execute(delete(participants).where(participants.c.id == participant_id))

        self._retry(work)
        self._checkpoint()

    # --- browsers -------------------------------------------------------------------

    def bind_browser(self, browser: str, participant_id: str) -> None:
        """This browser is this participant now (and stays one it may continue as)."""
        if not browser:
            return

        def work(conn: Connection) -> None:
            conn.execute(
                update(browsers).where(browsers.c.browser == browser).values(current=False)
            )
            found = conn.execute(
                update(browsers)
                .where(browsers.c.browser == browser, browsers.c.participant_id == participant_id)
                .values(current=True, chosen_at=clock.now())
            )
            if not found.rowcount:
                conn.execute(
                    browsers.insert().values(
                        browser=browser,
                        participant_id=participant_id,
                        current=True,
                        chosen_at=clock.now(),
                    )
                )

        self._retry(work)

    def leave_browser(self, browser: str) -> None:
        """ "Skift deltager": the browser is nobody now, but may continue as before."""
        if browser:
            self._retry(
                lambda conn: conn.execute(
                    update(browsers).where(browsers.c.browser == browser).values(current=False)
                )
            )

    def browser_participant(self, browser: str) -> Participant | None:
        """Who this browser is now, or None."""
        if not browser:
            return None
        with self.engine.connect() as conn:
            row = conn.execute(
                select(participants)
                .join(browsers, browsers.c.participant_id == participants.c.id)
                .where(browsers.c.browser == browser, browsers.c.current.is_(True))
            ).first()
        return _participant(row) if row else None

    def browser_participants(self, browser: str) -> list[Participant]:
        """Everyone this browser has been, the most recently chosen first."""
        if not browser:
            return []
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(participants)
                .join(browsers, browsers.c.participant_id == participants.c.id)
                .where(browsers.c.browser == browser)
                .order_by(browsers.c.chosen_at.desc())
            )
            return [_participant(r) for r in rows]

    def set_own_pace(self, participant_id: str, own: bool) -> None:
        """ "Gå i mit eget tempo" (True) or "Følg underviseren igen" (False)."""

        def work(conn: Connection) -> None:
            conn.execute(delete(own_pace).where(own_pace.c.participant_id == participant_id))
            if own:
                conn.execute(own_pace.insert().values(participant_id=participant_id))

        self._retry(work)

    def own_pace(self, participant_id: str) -> bool:
        with self.engine.connect() as conn:
            found = conn.execute(
                select(own_pace.c.participant_id).where(own_pace.c.participant_id == participant_id)
            ).first()
        return found is not None
