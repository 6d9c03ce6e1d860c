"""`opsporing handout`, `handouts` and `worksheets`: handouts from the command line."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from opsporing import cli, content, store

from .conftest import DANISH


def test_handout_by_participant_id_needs_no_pin(
    participant: tuple[store.Store, store.Participant], tmp_path: Path
) -> None:
    """The id is the participant's own key (it is in their page's address), like on the page."""
    _, p = participant
    args = ["handout", "--participant", p.id, "--format", "html", "--out", str(tmp_path)]
    assert cli.main(args) == 0
    page = (tmp_path / "mine-svar-Søs-Ågård.html").read_text("utf-8")
    assert DANISH in page and "Workshop i Ærøskøbing" in page


def test_handout_by_pseudonym_needs_the_holds_pin(
    participant: tuple[store.Store, store.Participant],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, p = participant
    base = ["handout", "--hold", p.hold_code.lower(), "--participant", "Søs Ågård"]
    base += ["--format", "html", "--out", str(tmp_path)]
    assert cli.main([*base, "--pin", "000000"]) == 1
    assert "PIN-koden passer ikke" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
    assert cli.main([*base, "--pin", "471100"]) == 0
    assert (tmp_path / "mine-svar-Søs-Ågård.html").is_file()


def test_an_unknown_participant_is_named(
    participant: tuple[store.Store, store.Participant],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, p = participant
    args = ["handout", "--hold", p.hold_code, "--participant", "Ingen", "--pin", "471100"]
    assert cli.main([*args, "--out", str(tmp_path)]) == 1
    assert f"'Ingen' på hold {p.hold_code}" in capsys.readouterr().err
    assert cli.main(["handout", "--participant", "ikke-et-id", "--out", str(tmp_path)]) == 1


def test_handouts_zip_needs_the_pin_and_holds_every_participant(
    participant: tuple[store.Store, store.Participant], tmp_path: Path
) -> None:
    s, p = participant
    s.join("Anna!", p.hold_code)
    s.join("Anna?", p.hold_code)  # the same file name: the second gets a number
    target = tmp_path / "hold.zip"
    args = ["handouts", "--hold", p.hold_code, "--format", "html", "--out", str(target)]
    assert cli.main([*args, "--pin", "forkert"]) == 1
    assert not target.exists()
    assert cli.main([*args, "--pin", "471100"]) == 0
    with zipfile.ZipFile(target) as archive:
        names = set(archive.namelist())
        assert names == {"mine-svar-Søs-Ågård.html", "mine-svar-Anna.html", "mine-svar-Anna-2.html"}
        assert DANISH in archive.read("mine-svar-Søs-Ågård.html").decode("utf-8")


@pytest.mark.browser
def test_handouts_zip_in_both_formats(
    participant: tuple[store.Store, store.Participant], tmp_path: Path
) -> None:
    _, p = participant
    target = tmp_path / "hold.zip"
    args = ["handouts", "--hold", p.hold_code, "--pin", "471100", "--out", str(target)]
    assert cli.main(args) == 0
    with zipfile.ZipFile(target) as archive:
        assert archive.read("mine-svar-Søs-Ågård.pdf").startswith(b"%PDF")
        assert "mine-svar-Søs-Ågård.html" in archive.namelist()


def test_worksheets_writes_one_file_per_sheet(shipped: content.Content, tmp_path: Path) -> None:
    assert cli.main(["worksheets", "--format", "html", "--out", str(tmp_path)]) == 0
    expected = {"arbejdsark-film.html"} | {
        f"arbejdsark-case-{v.id}.html" for v in shipped.vignettes
    }
    assert {p.name for p in tmp_path.iterdir()} == expected
    assert cli.main(["worksheets", "--trainer", "--format", "html", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "arbejdsark-film-underviser.html").is_file()


def test_worksheets_without_chromium_say_what_to_install_and_still_write_the_html(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from opsporing.handouts import browser

    missing = browser.PdfRenderer(str(tmp_path / "ingen-chromium"))
    monkeypatch.setattr(browser, "_renderer", missing)
    try:
        assert cli.main(["worksheets", "--out", str(tmp_path / "ark")]) == 0
    finally:
        missing.close()
    err = capsys.readouterr().err
    assert "apt install chromium" in err and "HTML-filerne er skrevet" in err
    assert "Traceback" not in err
    written = sorted(p.suffix for p in (tmp_path / "ark").iterdir())
    assert written and set(written) == {".html"}


def test_an_answer_stored_with_a_lone_surrogate_blocks_no_one(
    participant: tuple[store.Store, store.Participant],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Written before answers were cleaned on save (a websocket can send one): still printed."""
    from datetime import UTC, datetime

    s, p = participant
    other = s.join("Ugle", p.hold_code)
    with s.engine.begin() as conn:
        conn.execute(
            store.answers.insert().values(
                participant_id=other.id,
                question_key="anna/tavshed",
                value="før \ud800 efter",
                shared=True,
                updated_at=datetime.now(UTC),
            )
        )
    target = tmp_path / "hold.zip"
    args = ["handouts", "--hold", p.hold_code, "--pin", "471100", "--format", "html"]
    assert cli.main([*args, "--out", str(target)]) == 0
    with zipfile.ZipFile(target) as archive:
        assert set(archive.namelist()) == {"mine-svar-Søs-Ågård.html", "mine-svar-Ugle.html"}
    one = ["handout", "--participant", other.id, "--format", "html", "--out", str(tmp_path)]
    assert cli.main(one) == 0
    assert "Traceback" not in capsys.readouterr().err
