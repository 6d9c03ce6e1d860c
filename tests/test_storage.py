"""`serve` refuses a data folder or database it cannot use, in Danish, before it starts."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest

from opsporing import cli, paths, serve, storage
from opsporing.store import Store


@pytest.fixture
def never_launched(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if `serve` gets as far as starting Voila."""

    def launch(*_args: object) -> None:
        raise AssertionError("serve started despite the storage problem")

    monkeypatch.setattr(serve, "launch", launch)
    monkeypatch.setattr(serve, "port_is_free", lambda *a, **k: True)


def _serve_refuses(capsys: pytest.CaptureFixture[str]) -> str:
    assert cli.main(["serve", "--no-browser"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


def _data(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Path:
    monkeypatch.setenv(paths.DATA_ENV, str(folder))
    monkeypatch.delenv(paths.DB_URL_ENV, raising=False)
    return folder


def test_a_data_dir_that_is_a_file_is_refused_by_every_command(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    never_launched: None,
) -> None:
    a_file = tmp_path / "data"
    a_file.write_text("ikke en mappe")
    _data(monkeypatch, a_file)
    assert f"datamappen {a_file} er en fil, ikke en mappe" in _serve_refuses(capsys)
    assert cli.main(["create-hold", "--pin", "123456"]) == 1
    err = capsys.readouterr().err
    assert "er en fil, ikke en mappe" in err and "Traceback" not in err


def test_a_data_dir_under_a_file_cannot_be_made(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    never_launched: None,
) -> None:
    a_file = tmp_path / "fil"
    a_file.write_text("x")
    _data(monkeypatch, a_file / "data")
    assert "kan ikke oprettes" in _serve_refuses(capsys)


def test_a_read_only_data_dir_is_refused(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    never_launched: None,
) -> None:
    """Writing is tried, not guessed from permission bits; the disk says no here."""
    folder = _data(monkeypatch, tmp_path / "data")

    def read_only(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(storage.tempfile, "TemporaryFile", read_only)
    err = _serve_refuses(capsys)
    assert f"der kan ikke skrives i datamappen {folder} (Read-only file system)" in err


def test_a_full_disk_is_refused(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    never_launched: None,
) -> None:
    _data(monkeypatch, tmp_path / "data")
    monkeypatch.setattr(
        storage.shutil, "disk_usage", lambda _p: storage.shutil._ntuple_diskusage(10**9, 10**9, 3)
    )
    assert "der er kun 0 MB fri plads" in _serve_refuses(capsys)


def _damaged(folder: Path) -> tuple[Path, bytes]:
    """A real database with an answer, then a page in the middle overwritten."""
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / storage.DB_FILE
    db = Store(f"sqlite:///{database}")
    me = db.join("Ugle")
    for n in range(300):
        db.save_answer(me.id, f"anna/f{n}", "et svar " * 50)
    db.engine.dispose()
    with sqlite3.connect(database) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(database.read_bytes())
    page = 4096
    data[3 * page : 5 * page] = b"\xff" * (2 * page)
    database.write_bytes(bytes(data))
    return database, bytes(data)


@pytest.mark.parametrize("kind", ["not-a-database", "damaged-pages"])
def test_a_damaged_database_is_named_and_never_overwritten(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    never_launched: None,
    kind: str,
) -> None:
    folder = _data(monkeypatch, tmp_path / "data")
    if kind == "not-a-database":
        folder.mkdir()
        database = folder / storage.DB_FILE
        before = b"dette er ikke en database " * 100
        database.write_bytes(before)
    else:
        database, before = _damaged(folder)
    err = _serve_refuses(capsys)
    assert f"databasen {database} er beskadiget" in err
    assert "Den er ikke ændret. Flyt den til side" in err
    assert database.read_bytes() == before
    if kind == "not-a-database":
        # Commands that open the store say the same, and leave the file alone too.
        assert cli.main(["create-hold", "--pin", "123456"]) == 1
        assert f"databasen {database} er beskadiget" in capsys.readouterr().err
        assert database.read_bytes() == before


def test_a_sound_data_dir_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _data(monkeypatch, tmp_path / "ny" / "data")
    storage.check()
    assert folder.is_dir(), "a missing data folder is made"
    Store(f"sqlite:///{folder / storage.DB_FILE}").join("Ugle")
    storage.check()
