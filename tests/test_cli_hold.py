"""`opsporing create-hold`, `delete-hold` and `export`: a trainer's data from the command line."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from plenum_room import SECRET_WORDS, kit, populate
from sqlalchemy import select, update

from opsporing import cli, paths, retention, store, texts
from opsporing.store import Store


@pytest.fixture
def cli_db(db: Store, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The CLI's default store is the test database (SQLite and PostgreSQL)."""
    monkeypatch.setenv(paths.DB_URL_ENV, db_url)
    return db


def _rows_of(db: Store, code: str, participant_ids: set[str]) -> list[tuple]:
    """Every row in every table that belongs to the hold."""
    found = []
    with db.engine.connect() as conn:
        for table in store.metadata.sorted_tables:
            for row in conn.execute(select(table)):
                values = {v for v in row._mapping.values() if isinstance(v, str)}
                if code in values or values & participant_ids:
                    found.append((table.name, tuple(row)))
    return found


def test_create_hold_prints_the_code_and_keeps_no_clear_pin(
    cli_db: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["create-hold", "--pin", "rum-4711", "--name", "Skole A"]) == 0
    out = capsys.readouterr().out
    code = out.split("Holdkode: ")[1].split()[0]
    assert cli_db.hold_name(code) == "Skole A"
    assert cli_db.check_pin(code, "rum-4711")
    with cli_db.engine.connect() as conn:
        assert "rum-4711" not in repr(conn.execute(select(store.holds)).all())


def test_create_hold_refuses_a_short_or_missing_pin_in_danish(
    cli_db: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli.main(["create-hold", "--pin", "12"]) == 1
    assert "mindst 6 tegn" in capsys.readouterr().err

    def no_terminal(prompt: str) -> str:
        raise EOFError

    monkeypatch.setattr("getpass.getpass", no_terminal)
    assert cli.main(["create-hold"]) == 1
    assert "mindst 6 tegn" in capsys.readouterr().err
    with cli_db.engine.connect() as conn:
        assert conn.execute(select(store.holds)).all() == []


def test_delete_hold_needs_the_pin_then_leaves_no_row_of_the_hold(
    cli_db: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    room = populate(cli_db, n=5)
    other = populate(cli_db, seed=7, n=2)
    ids = set(room.ids.values())
    before = _rows_of(cli_db, room.code, ids)
    assert len(before) > 5

    assert cli.main(["delete-hold", room.code, "--pin", "forkert"]) == 1
    assert "Intet er ændret" in capsys.readouterr().err
    monkeypatch.setattr("getpass.getpass", lambda prompt: "")  # a script without --pin
    assert cli.main(["delete-hold", room.code]) == 1
    assert _rows_of(cli_db, room.code, ids) == before

    asked = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or room.pin)
    assert cli.main(["delete-hold", room.code.lower()]) == 0
    assert asked == [f"PIN-kode for hold {room.code}: "]
    out = capsys.readouterr().out
    assert out.strip() == (
        f"Hold {room.code} er slettet: {len(before)} rækker "
        "(holdet, deltagerne og deres svar) er fjernet."
    )
    assert _rows_of(cli_db, room.code, ids) == []
    assert len(cli_db.members(other.code)) == 2, "another hold is untouched"


def test_export_writes_counts_without_private_text_or_pseudonyms(
    cli_db: Store,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cli.content, "load", lambda root: kit())
    room = populate(cli_db)
    out = tmp_path / "hold.csv"

    assert cli.main(["export", "--hold", room.code, "--pin", "forkert", "--out", str(out)]) == 1
    assert not out.exists()

    assert cli.main(["export", "--hold", room.code, "--pin", room.pin, "--out", str(out)]) == 0
    assert f"til {out}" in capsys.readouterr().out
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a BOM so spreadsheets read æ, ø and å"
    text = raw.decode("utf-8-sig")
    for word in (*SECRET_WORDS, *room.answers, *room.ids.values()):
        assert word not in text
    rows = list(csv.reader(text.splitlines(), delimiter=";"))
    assert rows[0] == ["del", "nøgle", "spørgsmål", "type", "svar", "antal"]
    shared = [r for r in rows if r[3] == "fritekst" and r[4] != "antal besvarelser"]
    assert shared and all(r[4].startswith("Svar nummer") for r in shared)
    light = {r[4]: int(r[5]) for r in rows if r[1] == "ida/1/lys"}
    expected = {"grøn": 0, "gul": 0, "rød": 0}
    for answers in room.answers.values():
        if "ida/1/lys" in answers:
            expected[answers["ida/1/lys"][0]] += 1
    assert light == {**expected, "antal besvarelser": sum(expected.values())}


def test_export_of_the_shipped_content_counts_a_film_answer(
    cli_db: Store, tmp_path: Path, repo: Path
) -> None:
    """End to end through the real content loader, as a trainer runs it after a workshop."""
    code = cli_db.create_hold("rum-4711")
    for name, picked in (
        ("Ugle", ["At tro på barnet"]),
        ("Ræv", ["At tro på barnet", "At handle bagefter"]),
    ):
        cli_db.save_answer(cli_db.join(name, code).id, "anna/trovaerdig", picked)
    out = tmp_path / "hold.csv"
    args = ["export", "--content", str(repo), "--hold", code, "--pin", "rum-4711"]
    assert cli.main([*args, "--out", str(out)]) == 0
    rows = list(csv.reader(out.read_text("utf-8-sig").splitlines(), delimiter=";"))
    counts = {r[4]: r[5] for r in rows if r[1] == "anna/trovaerdig"}
    assert counts["At tro på barnet"] == "2"
    assert counts["At handle bagefter"] == "1"
    assert counts["At holde det, man lover"] == "0"
    assert counts["antal besvarelser"] == "2"


def test_create_hold_days_sets_the_end_and_holds_lists_it_marked_when_near(
    cli_db: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["create-hold", "--pin", "rum-4711", "--name", "Skole A", "--days", "3"]) == 0
    out = capsys.readouterr().out
    soon = out.split("Holdkode: ")[1].split()[0]
    ends = cli_db.hold_ends_at(soon)
    assert ends is not None
    assert texts.CLI_HOLD_ENDS.format(when=retention.when(ends)) in out
    assert timedelta(days=2, hours=23) < ends - datetime.now(UTC) <= timedelta(days=3)
    later = cli_db.create_hold("rum-4711", "Skole B")
    cli_db.join("Ugle", later)
    cli_db.join("Ræv", later)

    assert cli.main(["holds"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == list(texts.CLI_HOLDS_COLUMNS)
    near = next(line for line in lines if line.startswith(soon))
    assert "Skole A" in near and " 0 " in near and "om 3 dage (!)" in near
    far = next(line for line in lines if line.startswith(later))
    later_ends = cli_db.hold_ends_at(later)
    assert later_ends is not None
    assert " 2 " in far and far.endswith(retention.when(later_ends)) and "(!)" not in far
    warning = [line for line in lines if line.startswith(f"Hold {soon} slettes")]
    assert len(warning) == 1 and "opsporing export" in warning[0]


def test_holds_shows_an_old_hold_without_end_and_an_expired_one(
    cli_db: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["holds"]) == 0
    assert capsys.readouterr().out.strip() == texts.CLI_HOLDS_NONE
    old, ended = cli_db.create_hold("rum-4711"), cli_db.create_hold("rum-4711")
    past = datetime.now(UTC) - timedelta(days=1)
    with cli_db.engine.begin() as conn:
        conn.execute(update(store.holds).where(store.holds.c.code == old).values(ends_at=None))
        conn.execute(update(store.holds).where(store.holds.c.code == ended).values(ends_at=past))
    assert cli.main(["holds"]) == 0
    out = capsys.readouterr().out
    assert texts.CLI_HOLDS_NO_END in next(line for line in out.splitlines() if old in line)
    expired = texts.CLI_HOLDS_EXPIRED.format(when=retention.when(past))
    assert expired in next(line for line in out.splitlines() if ended in line)


@pytest.mark.parametrize("days", ["0", "366", "tre"])
def test_create_hold_refuses_days_out_of_range_in_danish_and_makes_nothing(
    cli_db: Store, capsys: pytest.CaptureFixture[str], days: str
) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.main(["create-hold", "--pin", "rum-4711", "--days", days])
    assert stopped.value.code == 2
    assert f"'{days}' skal være et helt tal fra 1 til 365" in capsys.readouterr().err
    assert cli_db.holds() == []
