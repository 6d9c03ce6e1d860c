from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from opsporing import cli
from opsporing.content import loader


def test_help_and_usage_errors_are_danish(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("brug: opsporing")
    assert "vis denne hjælp og afslut" in out
    with pytest.raises(SystemExit) as exit_:
        cli.main(["valider"])
    assert exit_.value.code == 2
    assert "fejl: argumentet command: ugyldigt valg: 'valider'" in capsys.readouterr().err


def test_schema_writes_one_schema_per_content_kind_with_the_authors_keys(tmp_path: Path) -> None:
    assert cli.main(["schema", "--out", str(tmp_path)]) == 0
    written = {p.name: json.loads(p.read_text("utf-8")) for p in tmp_path.glob("*.json")}
    assert set(written) == {f"{kind.name}.schema.json" for kind in loader.KINDS}
    vignette = written["vignet.schema.json"]
    assert {"titel", "fiktiv", "trin"} <= set(vignette["properties"])
    assert vignette["title"] == "exercises/vignetter/*.yaml"


def test_validate_on_the_shipped_content_succeeds_as_a_module(repo: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "opsporing", "validate", "--content", str(repo)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Alt indhold er gyldigt:")


def test_a_command_on_broken_content_prints_the_errors_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("films", "exercises", "services"):
        (tmp_path / name).mkdir()
    args = ["export", "--content", str(tmp_path), "--hold", "ABCDE", "--pin", "123456"]
    assert cli.main([*args, "--out", str(tmp_path / "hold.csv")]) == 1
    err = capsys.readouterr().err
    assert "filen mangler" in err and "Traceback" not in err
    assert not (tmp_path / "hold.csv").exists()
