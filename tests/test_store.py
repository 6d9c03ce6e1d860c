from __future__ import annotations

import secrets
from concurrent.futures import ThreadPoolExecutor
from multiprocessing import get_context

import pytest
from sqlalchemy import event, func, inspect, select

from opsporing import store
from opsporing.store import Store, StoreError


def test_answers_round_trip_every_value_shape(db: Store) -> None:
    code = db.create_hold("123456", "Skole A")
    me = db.join("Ræv", code)
    values = {
        "anna/f1": "Jeg lagde mærke til æ, ø og å",
        "anna/f2": "Enig",
        "mads/1/q1": ["Tale med barnet", "Underrette kommunen"],
        "mads/1/q2": 4,
        "mads/2/q1": "gul",
    }
    for key, value in values.items():
        db.save_answer(me.id, key, value)
    got = {k: a.value for k, a in db.answers(me.id).items()}
    assert got == values


def test_saving_again_replaces_the_answer_and_keeps_consent_per_answer(db: Store) -> None:
    me = db.join("Alene")
    db.save_answer(me.id, "anna/f1", "første udkast")
    db.save_answer(me.id, "anna/f1", "rettet", shared=True)
    answer = db.answers(me.id)["anna/f1"]
    assert (answer.value, answer.shared) == ("rettet", True)


def test_a_pseudonym_in_a_hold_comes_back_only_with_its_return_code(db: Store) -> None:
    code = db.create_hold("123456")
    first = db.join("Ugle", code.lower())
    assert first.return_code, "a hold member gets a return code when joining"
    again = db.join(" Ugle ", code, return_code=first.return_code)
    assert first.id == again.id
    assert db.join("Ugle").id != first.id, "working alone never reuses a hold member"


def test_unknown_hold_and_empty_pseudonym_are_refused_in_danish(db: Store) -> None:
    with pytest.raises(StoreError, match="intet hold med koden"):
        db.join("Ugle", "ZZZZZ")
    with pytest.raises(StoreError, match="kaldenavn"):
        db.join("   ")


def test_pin_is_kept_only_as_a_salted_hash(db: Store) -> None:
    code = db.create_hold("hemmelig-4711")
    assert db.check_pin(code, "hemmelig-4711")
    assert not db.check_pin(code, "hemmelig-4712")
    assert not db.check_pin(code, "")
    with db.engine.connect() as conn:
        row = conn.execute(select(store.holds)).one()
    assert "hemmelig-4711" not in repr(tuple(row))


def test_delete_hold_leaves_no_row_of_it_and_spares_other_holds(db: Store) -> None:
    gone, kept = db.create_hold("111111"), db.create_hold("222222")
    for code in (gone, kept):
        for name in ("A", "B"):
            db.save_answer(db.join(name, code).id, "anna/f1", "svar")
    db.delete_hold(gone)
    with db.engine.connect() as conn:
        holds = conn.execute(select(store.holds.c.code)).scalars().all()
        members = conn.execute(select(store.participants.c.hold_code)).scalars().all()
        n_answers = conn.execute(select(func.count()).select_from(store.answers)).scalar()
    assert holds == [kept]
    assert set(members) == {kept}
    assert n_answers == 2


def test_delete_participant_removes_their_answers_only(db: Store) -> None:
    code = db.create_hold("123456")
    me, other = db.join("A", code), db.join("B", code)
    db.save_answer(me.id, "anna/f1", "mit")
    db.save_answer(other.id, "anna/f1", "dit")
    db.delete_participant(me.id)
    assert db.participant(me.id) is None
    assert [a.value for a in db.hold_answers(code)] == ["dit"]


def test_a_page_opened_reads_who_it_is_their_answers_pace_and_room_at_once(db: Store) -> None:
    assert db.arrival("a-new-browser") == store.Arrival(None, {}, own_pace=False, room=None)
    hold = db.create_hold("135790", "Ankomst")
    ann = db.join("Ann", hold)
    db.bind_browser("anns-browser", ann.id)
    db.save_answer(ann.id, "aya-sfo/1/tanker", "Hun virker træt", True)
    db.set_own_pace(ann.id, True)
    step = db.send_room(hold, {"vis": "cases", "case": "aya-sfo"}, {"aya-sfo": 2})
    arrived = db.arrival("anns-browser")
    assert arrived.participant == db.browser_participant("anns-browser")
    assert arrived.answers == db.answers(ann.id) and len(arrived.answers) == 1
    assert arrived.own_pace and arrived.room == step
    alone = db.join("Alene")
    db.bind_browser("alones-browser", alone.id)
    assert db.arrival("alones-browser") == store.Arrival(alone, {}, own_pace=False, room=None)


def test_a_newer_schema_is_refused(db_url: str) -> None:
    first = Store(db_url)
    with first.engine.begin() as conn:
        conn.execute(store.meta.update().values(value=str(store.SCHEMA_VERSION + 1)))
    with pytest.raises(StoreError, match="nyere version"):
        Store(db_url)


def test_a_version_4_database_gets_the_answers_time_index(db_url: str) -> None:
    old = Store(db_url)
    with old.engine.begin() as conn:
        conn.exec_driver_sql("DROP INDEX ix_answers_participant_updated")
        conn.execute(store.meta.update().values(value="4"))
    old.engine.dispose()
    migrated = Store(db_url)
    indexes = inspect(migrated.engine).get_indexes("answers")
    assert ["participant_id", "updated_at"] in [index["column_names"] for index in indexes]
    with migrated.engine.connect() as conn:
        assert conn.execute(select(store.meta.c.value)).scalar_one() == "5"
    migrated.engine.dispose()


def test_the_trainers_tick_reads_the_time_index_not_the_answers(tmp_path) -> None:
    """`hold_version` (each second) reads the index alone, and `hold_answers(since=…)`
    (each look) finds the answers saved since in it: neither reads a full room's texts."""
    db = Store(f"sqlite:///{tmp_path / 'plan.sqlite'}")
    code = db.create_hold("123456")
    me = db.join("Ugle", code)
    db.save_answer(me.id, "anna/f1", "mit")
    statements: list[tuple[str, object]] = []

    def seen(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if statement.startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", seen)
    db.hold_version(code)
    db.hold_answers(code, since=store.clock.now())
    event.remove(db.engine, "before_cursor_execute", seen)
    plans = []
    with db.engine.connect() as conn:
        for statement, parameters in statements:
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
            plans.append([row[3] for row in rows if " answers " in row[3]])
    index = "ix_answers_participant_updated"
    assert plans == [
        [f"SEARCH answers USING COVERING INDEX {index} (participant_id=?)"],
        [f"SEARCH answers USING INDEX {index} (participant_id=? AND updated_at>?)"],
    ]
    db.engine.dispose()


def _write_many(url: str, participant_id: str, n: int) -> None:
    s = Store(url)
    for i in range(n):
        s.save_answer(participant_id, f"q/{i}", {"i": i, "text": "æøå " * 20})
    s.engine.dispose()


def test_40_concurrent_writers_lose_nothing(db: Store, db_url: str) -> None:
    """40 kernels (processes) × 50 answers: every answer must be there afterwards."""
    code = db.create_hold("123456")
    ids = [db.join(f"Deltager {n}", code).id for n in range(40)]
    with ThreadPoolExecutor(40) as pool, get_context("spawn").Pool(8) as procs:
        # Processes stand in for kernels; threads add pressure inside each one.
        results = [procs.apply_async(_write_many, (db_url, pid, 50)) for pid in ids[:20]]
        futures = [pool.submit(_write_many, db_url, pid, 50) for pid in ids[20:]]
        for r in results:
            r.get(timeout=300)
        for f in futures:
            f.result(timeout=300)
    answers = db.hold_answers(code)
    assert len(answers) == 40 * 50
    assert {(a.participant_id, a.question_key) for a in answers} == {
        (pid, f"q/{i}") for pid in ids for i in range(50)
    }


def test_a_participant_id_never_looks_like_an_option(monkeypatch: pytest.MonkeyPatch) -> None:
    """`opsporing handout --participant <id>`: an id starting with "-" was read as an option."""
    drawn = iter(["-abcdefghijk", "Zabcdefghijk"])
    monkeypatch.setattr(secrets, "token_urlsafe", lambda _n: next(drawn))
    assert store.new_participant_id() == "Zabcdefghijk"
