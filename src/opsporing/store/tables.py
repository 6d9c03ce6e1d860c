"""The store's tables (SQLAlchemy Core), its schema version, and the steps from older schemas.

`StoreBase._migrate` creates what is missing and runs the steps; nothing here opens a
connection of its own.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    select,
    update,
)

from opsporing import cleaning, identity

SCHEMA_VERSION = 5
"""1: holds, participants, answers. 2: a participant's nickname key and return code,
and the count of wrong guesses at a PIN or return code (`attempts`). 3: a hold's end
date (`holds.ends_at`) and which participants a browser is (`browsers`). 4: where the
trainer has sent the room and which case stages are locked (`room_steps`), and who
works at their own pace (`own_pace`). 5: each participant's answers indexed by when they were
saved (`answers_in_time`)."""

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("value", String(200), nullable=False),
)

holds = Table(
    "holds",
    metadata,
    Column("code", String(12), primary_key=True),
    Column("name", String(200), nullable=False, default=""),
    Column("pin_salt", String(64), nullable=False),
    Column("pin_hash", String(128), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("ends_at", DateTime(timezone=True), nullable=True),
)
"""`ends_at`: when the hold and everything in it is deleted (None: holds made before
schema 3, kept until the trainer deletes them)."""

participants = Table(
    "participants",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("hold_code", String(12), ForeignKey("holds.code", ondelete="CASCADE"), nullable=True),
    Column("pseudonym", String(60), nullable=False),
    Column("municipality", Integer, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("pseudonym_key", String(60), nullable=True, index=True),
    Column("return_code", String(16), nullable=True),
    UniqueConstraint("hold_code", "pseudonym"),
)

CLIENT_CHARS = 64
"""The longest `attempts.client`; a longer client name is cut to it (`hold_store._counted_as`)."""

attempts = Table(
    "attempts",
    metadata,
    Column("secret", String(40), primary_key=True),
    Column("client", String(CLIENT_CHARS), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failure", DateTime(timezone=True), nullable=False),
)
"""Wrong guesses at one secret (`pin:<hold>` or `return:<participant>`): in a row by one
client (`local:<name>` when trusted, `room:<name>` otherwise, see `hold_store._counted_as`); by all
untrusted clients together under `throttle.ALL_CLIENTS`, whose `last_failure` is then the
time of the room's last checked guess (the pace, see `opsporing.throttle`); and that count
as the owner last saw it, under `throttle.ALL_CLIENTS_SEEN`."""

answers = Table(
    "answers",
    metadata,
    Column(
        "participant_id",
        String(32),
        ForeignKey("participants.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("question_key", String(200), primary_key=True),
    Column("value", JSON, nullable=True),
    Column("shared", Boolean, nullable=False, default=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

answers_in_time = Index(
    "ix_answers_participant_updated", answers.c.participant_id, answers.c.updated_at
)
"""Each participant's answers in the order they were saved. The trainer page asks each second
how many answers its hold has and when the newest was saved (`Store.hold_version`), and then
reads only those saved since its last look (`plenum.LiveHold`): both read this index, not the
answers' texts, so a full room costs a look about what an empty one does."""


browsers = Table(
    "browsers",
    metadata,
    Column("browser", String(64), primary_key=True),
    Column(
        "participant_id",
        String(32),
        ForeignKey("participants.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("current", Boolean, nullable=False, default=False),
    Column("chosen_at", DateTime(timezone=True), nullable=False),
)
"""Which participants a browser has been (`browser`: the hash of its cookie, see
`opsporing.browser_key`), and which of them it is now (`current`, at most one)."""


room_steps = Table(
    "room_steps",
    metadata,
    Column("hold_code", String(12), ForeignKey("holds.code", ondelete="CASCADE"), primary_key=True),
    Column("place", JSON, nullable=True),
    Column("locks", JSON, nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
"""Where the trainer sent the room (`place`: the view and a place in it, as in an address)
and how far each case may be read (`locks`: case id to the last readable stage). `version`
grows with every change, so a participant's kernel asks one cheap question per look."""


own_pace = Table(
    "own_pace",
    metadata,
    Column(
        "participant_id",
        String(32),
        ForeignKey("participants.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)
"""Participants who chose "Gå i mit eget tempo"; everyone else follows the trainer."""


def migrate_1_to_2(conn: Connection) -> None:
    """Give every participant a nickname key, and hold members a return code.

    Participants who joined before return codes existed find theirs on their
    handout (their personal link still opens it). Two old members whose
    nicknames differ only in case keep both; new ones cannot.
    """
    conn.exec_driver_sql("ALTER TABLE participants ADD COLUMN pseudonym_key VARCHAR(60)")
    conn.exec_driver_sql("ALTER TABLE participants ADD COLUMN return_code VARCHAR(16)")
    conn.exec_driver_sql(
        "CREATE INDEX ix_participants_pseudonym_key ON participants (pseudonym_key)"
    )
    for row in conn.execute(
        select(participants.c.id, participants.c.pseudonym, participants.c.hold_code)
    ):
        values = {"pseudonym_key": identity.nickname_key(cleaning.clean(row.pseudonym))}
        if row.hold_code is not None:
            values["return_code"] = identity.new_return_code()
        conn.execute(update(participants).where(participants.c.id == row.id).values(**values))
    conn.execute(update(meta).where(meta.c.key == "schema_version").values(value="2"))


def migrate_2_to_3(conn: Connection) -> None:
    """Holds get an end date column (existing holds keep none); `browsers` is created by
    `create_all`, empty: a browser that was here before joins or uses its return code."""
    conn.exec_driver_sql("ALTER TABLE holds ADD COLUMN ends_at TIMESTAMP WITH TIME ZONE")
    conn.execute(update(meta).where(meta.c.key == "schema_version").values(value="3"))


def migrate_4_to_5(conn: Connection) -> None:
    """Index the answers by participant and time saved (`answers_in_time`); `create_all`
    makes it only with a new table."""
    answers_in_time.create(conn, checkfirst=True)
    conn.execute(update(meta).where(meta.c.key == "schema_version").values(value="5"))
