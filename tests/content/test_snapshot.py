"""The content a kernel gets: validated once, then read from the snapshot the first load left.

A kernel that finds a snapshot of unchanged files takes it without importing the
schema (pydantic, PyYAML); an author's edit, a new file, a removed file or a
snapshot that cannot be read makes the next load validate the files again.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from opsporing import cli, content, paths, serve, texts
from opsporing.content import snapshot

REPO = paths.REPO_ROOT
FILM_INDEX = "films/rettidig-omsorg.yaml"


@pytest.fixture
def kit(tmp_path: Path) -> Path:
    """A copy of the shipped content that a test may edit."""
    root = tmp_path / "kit"
    for name in paths.CONTENT_FOLDERS:
        shutil.copytree(REPO / name, root / name)
    return root


@pytest.fixture(autouse=True)
def _fresh_loads() -> Iterator[None]:
    """`load` keeps what it loaded for the process; each test starts as a new kernel would."""
    content.load.cache_clear()
    yield
    content.load.cache_clear()


def load_in_a_new_process(root: Path) -> dict[str, object]:
    """What a kernel starting now gets: the first film's summary, and whether it needed
    the schema (and with it pydantic and PyYAML) to get it."""
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from opsporing import content\n"
        f"loaded = content.load(Path({str(root)!r}))\n"
        "print(json.dumps({'summary': loaded.films[0].summary,\n"
        "    'schema': [m for m in ('pydantic', 'yaml', 'opsporing.content.schema')\n"
        "               if m in sys.modules]}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=os.environ, check=True
    )
    return json.loads(done.stdout)


def test_the_first_load_leaves_a_snapshot_the_next_kernel_reads_without_the_schema(
    kit: Path,
) -> None:
    assert load_in_a_new_process(kit)["schema"] == ["pydantic", "yaml", "opsporing.content.schema"]
    found = load_in_a_new_process(kit)
    assert found["schema"] == [], "the second kernel read the snapshot"
    assert found["summary"] == content.validate(kit)[0].films[0].summary


def test_the_snapshot_holds_the_same_content_the_files_validate_to(kit: Path) -> None:
    validated, errors = content.validate(kit)
    assert errors == []
    content.load(kit)
    assert snapshot.read(kit) == validated


def test_an_authors_edit_is_read_from_the_files_not_from_an_old_snapshot(kit: Path) -> None:
    first = content.load(kit).films[0].summary
    index = kit / FILM_INDEX
    text = index.read_text("utf-8")
    old, new = "Anna blev slået derhjemme", "Rettet af kommunen: Anna blev slået"
    edited = text.replace(old, new, 1)
    assert edited != text
    index.write_text(edited, "utf-8")
    assert snapshot.read(kit) is None
    found = load_in_a_new_process(kit)["summary"]
    assert found == first.replace(
        "Anna blev slået derhjemme", "Rettet af kommunen: Anna blev slået"
    )
    assert load_in_a_new_process(kit)["schema"] == [], "the edit left a new snapshot"


def test_a_new_or_removed_file_makes_the_snapshot_stale(kit: Path) -> None:
    content.load(kit)
    stray = kit / "services" / "tjenester" / "ny.yaml"
    stray.write_text("tjenester: []\n", "utf-8")
    assert snapshot.read(kit) is None, "a new file"
    stray.unlink()
    assert snapshot.read(kit) is not None, "the files are as they were"
    (kit / "exercises" / "evaluering.yaml").unlink()
    assert snapshot.read(kit) is None, "a removed file"


def test_content_with_errors_leaves_no_snapshot_and_says_so(kit: Path) -> None:
    index = kit / FILM_INDEX
    index.write_text(index.read_text("utf-8").replace("resumé:", "resume:", 1), "utf-8")
    with pytest.raises(content.ContentErrors) as caught:
        content.load(kit)
    assert FILM_INDEX in str(caught.value)
    assert not (paths.data_folder_path() / snapshot.FOLDER).exists()


def test_a_damaged_snapshot_is_validated_afresh(kit: Path) -> None:
    content.load(kit)
    [kept] = (paths.data_folder_path() / snapshot.FOLDER).iterdir()
    kept.write_bytes(b"ikke en snapshot")
    content.load.cache_clear()
    assert content.load(kit) == content.validate(kit)[0]
    assert snapshot.read(kit) is not None, "and written again"


def test_a_data_folder_that_cannot_be_written_costs_memory_not_the_content(
    kit: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "fil"
    blocked.write_text("en fil, ikke en mappe", "utf-8")
    monkeypatch.setenv(paths.DATA_ENV, str(blocked))
    assert content.load(kit).films, "the content loads"
    assert snapshot.read(kit) is None


class _Launched(Exception):
    """Raised where `serve` would start Voila: these tests stop there."""


@pytest.fixture
def serve_until_launch(monkeypatch: pytest.MonkeyPatch) -> None:
    def launch(*_args: object) -> None:
        raise _Launched

    monkeypatch.setattr(serve, "launch", launch)
    monkeypatch.setattr(serve, "port_is_free", lambda *a, **k: True)


def test_serve_validates_before_its_first_kernel_and_leaves_the_snapshot(
    kit: Path, serve_until_launch: None
) -> None:
    with pytest.raises(_Launched):
        cli.main(["serve", "--no-browser", "--content", str(kit)])
    assert snapshot.read(kit) == content.validate(kit)[0]


def test_serve_with_content_errors_says_so_in_danish_and_still_starts(
    kit: Path, serve_until_launch: None, capsys: pytest.CaptureFixture[str]
) -> None:
    index = kit / FILM_INDEX
    index.write_text(index.read_text("utf-8").replace("resumé:", "resume:", 1), "utf-8")
    with pytest.raises(_Launched):
        cli.main(["serve", "--no-browser", "--content", str(kit)])
    n = len(content.validate(kit)[1])
    assert capsys.readouterr().err.strip() == texts.SERVE_CONTENT_ERRORS.format(n=n)
    assert snapshot.read(kit) is None


def test_a_snapshot_that_cannot_be_written_leaves_no_half_file(
    kit: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise pickle.PicklingError("kan ikke")

    monkeypatch.setattr(snapshot.pickle, "dump", refuse)
    assert content.load(kit).films, "the content loads"
    assert list((paths.data_folder_path() / snapshot.FOLDER).iterdir()) == []
