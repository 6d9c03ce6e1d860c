"""Every `--out` is checked while parsing (Danish, exit 2); output whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from opsporing import cli, outfiles, plenum


def _refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_:
        cli.main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "fejl: argumentet" in err
    return err


def _bad_outs(tmp_path: Path) -> dict[str, tuple[str, str]]:
    """(a bad --out, what the message must say) for each kind of mistake."""
    a_file = tmp_path / "en-fil.txt"
    a_file.write_text("x")
    return {
        "folder": (str(tmp_path), "er en mappe"),
        "missing-parent": (str(tmp_path / "findes-ikke" / "hold.csv"), "findes ikke"),
        "under-a-file": (str(a_file / "hold.csv"), "for det er en fil og ikke en mappe"),
        "empty": ("", "angiv en sti"),
    }


@pytest.mark.parametrize("case", ["folder", "missing-parent", "under-a-file", "empty"])
@pytest.mark.parametrize("command", ["export", "handouts"])
def test_a_bad_file_out_is_refused_before_anything_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str, command: str
) -> None:
    out, message = _bad_outs(tmp_path)[case]
    err = _refused([command, "--hold", "ABCDE", "--pin", "123456", "--out", out], capsys)
    assert message in err


@pytest.mark.parametrize("command", ["worksheets", "handout", "schema"])
def test_a_folder_out_that_is_a_file_or_under_one_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    a_file = tmp_path / "ark.pdf"
    a_file.write_text("x")
    extra = ["--participant", "x"] if command == "handout" else []
    err = _refused([command, *extra, "--out", str(a_file)], capsys)
    assert "er en fil; angiv en mappe" in err
    err = _refused([command, *extra, "--out", str(a_file / "ark")], capsys)
    assert "for det er en fil og ikke en mappe" in err


def test_a_folder_without_write_access_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`os.access` is what decides (root may write anywhere, so the test asks it to say no)."""
    locked = tmp_path / "låst"
    locked.mkdir()
    monkeypatch.setattr(outfiles.os, "access", lambda path, mode: Path(path) != locked)
    err = _refused(["export", "--hold", "ABCDE", "--out", str(locked / "hold.csv")], capsys)
    assert f"der er ikke skriveadgang til {locked}" in err
    err = _refused(["worksheets", "--out", str(locked / "ark")], capsys)
    assert "der er ikke skriveadgang" in err


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--port", "99999", "'99999' er ikke et portnummer; brug et tal fra 1 til 65535"),
        ("--port", "0", "er ikke et portnummer"),
        ("--port", "otte", "'otte' er ikke et portnummer"),
        ("--participants", "-1", "'-1' skal være et helt tal fra 0 til 500"),
        ("--idle-timeout", "en time", "skal være et helt tal"),
    ],
)
def test_a_bad_serve_option_is_refused_in_danish(
    capsys: pytest.CaptureFixture[str], option: str, value: str, message: str
) -> None:
    assert message in _refused(["serve", option, value], capsys)


def test_replacing_leaves_the_old_file_and_no_part_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "hold.csv"
    target.write_text("forrige eksport")
    with pytest.raises(OSError), outfiles.replacing(target) as temporary:
        temporary.write_text("halvdelen af")
        raise OSError(28, "No space left on device")
    assert target.read_text() == "forrige eksport"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hold.csv"]


def test_replacing_writes_a_readable_file(tmp_path: Path) -> None:
    target = tmp_path / "ark.html"
    outfiles.write_bytes(target, b"<p>ark</p>")
    assert target.read_bytes() == b"<p>ark</p>"
    assert os.stat(target).st_mode & 0o444, "readable like any other file, not a 0600 temp"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ark.html"]


def test_an_export_that_fails_midway_leaves_no_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli.content, "load", lambda root: None)
    monkeypatch.setattr(cli.plenum, "for_hold", lambda *a, **k: plenum.Plenum(0, (), ()))

    def half(_plenum: object, stream) -> int:  # type: ignore[no-untyped-def]
        stream.write("del;nøgle\n")
        stream.flush()
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli.plenum, "write_csv", half)
    out = tmp_path / "hold.csv"
    assert cli.main(["export", "--hold", "ABCDE", "--pin", "123456", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"kunne ikke skrive {out}: No space left on device. Intet er skrevet" in err
    assert list(tmp_path.iterdir()) == []
