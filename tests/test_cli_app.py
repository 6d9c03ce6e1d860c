"""The command line as an installed application: version, the content copy, where content is
found, the certificate options, and bad input answered in Danish (no server started here;
`tests/install/test_wheel.py` runs all of it from a built wheel)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from certificates import self_signed

from opsporing import __version__, cli, paths, serve, texts


def test_version_is_the_packages(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"opsporing {__version__}"


def test_python_dash_m_opsporing_is_the_command(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "opsporing", "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout.strip()) == (0, f"opsporing {__version__}")


def test_content_copy_is_complete_validates_and_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    copy = tmp_path / "kommunens-indhold"
    assert cli.main(["content", "copy", str(copy)]) == 0
    out = capsys.readouterr().out
    assert f"opsporing validate --content {copy}" in out

    for name in paths.CONTENT_FOLDERS:
        shipped = sorted(
            p.relative_to(repo / name)
            for p in (repo / name).rglob("*")
            if p.is_file() and p.suffix != ".mp4"
        )
        copied = sorted(p.relative_to(copy / name) for p in (copy / name).rglob("*") if p.is_file())
        assert copied == shipped
    readme = (copy / "README.md").read_text("utf-8")
    assert "exercises/vignetter/" in readme and f'opsporing validate --content "{copy}"' in readme
    assert (copy / "schema" / "vignet.schema.json").is_file()
    assert not (copy / "notebooks").exists()  # the pages stay the kit's

    assert cli.main(["validate", "--content", str(copy)]) == 0
    assert texts.CLI_VALIDATE_OK.split(":")[0] in capsys.readouterr().out


def test_an_edit_in_the_copy_is_what_validate_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "kopi"
    assert cli.main(["content", "copy", str(copy)]) == 0
    cases = sorted((copy / "exercises" / "vignetter").glob("*.yaml"))
    case = next(c for c in cases if "type: skala" in c.read_text("utf-8"))
    case.write_text(case.read_text("utf-8").replace("type: skala", "type: skalaa", 1), "utf-8")
    capsys.readouterr()
    assert cli.main(["validate", "--content", str(copy)]) == 1
    assert f"{case.name}:" in capsys.readouterr().err


def test_a_copy_never_overwrites_a_folder_with_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "noget.txt").write_text("mit", "utf-8")
    assert cli.main(["content", "copy", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == texts.CONTENT_COPY_NOT_EMPTY.format(path=tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["noget.txt"]


@pytest.mark.parametrize("command", ["serve", "lab"])
def test_a_content_folder_without_content_is_refused_in_danish(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main([command, "--content", str(tmp_path), "--no-browser"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == texts.SERVE_NO_CONTENT.format(root=tmp_path.resolve())
    assert "films/, exercises/ og services/" in err and "Traceback" not in err


def test_validate_of_a_folder_without_content_says_so_in_danish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["validate", "--content", str(tmp_path)]) == 1
    assert "kan ikke finde indholdsmapperne" in capsys.readouterr().err


def test_a_missing_certificate_file_is_said_before_anything_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "kommunen.pem"
    assert cli.main(["serve", "--no-browser", "--certfile", str(missing)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == texts.SERVE_TLS_MISSING.format(option="--certfile", path=missing)
    assert not (paths.data_folder_path() / serve.LOG_FILE).exists()  # no server was started


def test_a_key_without_a_certificate_and_a_certificate_that_is_not_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "key.pem"
    key.write_text("ikke en nøgle", "utf-8")
    assert cli.main(["serve", "--no-browser", "--keyfile", str(key)]) == 1
    assert capsys.readouterr().err.strip() == texts.SERVE_KEY_WITHOUT_CERT
    assert cli.main(["serve", "--no-browser", "--certfile", str(key)]) == 1
    err = capsys.readouterr().err
    assert (
        err.startswith(f"Certifikatet '{key}' kan ikke bruges til HTTPS") and "Traceback" not in err
    )


def test_a_certificate_makes_the_addresses_https_and_reaches_the_server(tmp_path: Path) -> None:
    certfile, keyfile = self_signed(tmp_path)
    assert serve.tls_problem(str(certfile), str(keyfile)) is None
    options = serve.ServeOptions(port=9443, lan=True, certfile=str(certfile), keyfile=str(keyfile))
    launch = serve.launch(options, paths.kit_root())
    assert launch.local_url.startswith("https://localhost:9443/?token=")
    assert launch.join_url is not None and launch.join_url.startswith("https://")
    assert launch.config.OpsporingVoila.certfile == str(certfile.resolve())
    assert launch.config.OpsporingVoila.keyfile == str(keyfile.resolve())
    plain = serve.launch(serve.ServeOptions(), paths.kit_root())
    assert plain.local_url.startswith("http://") and "certfile" not in plain.config.OpsporingVoila


def test_a_copy_without_pages_is_served_with_the_kits_pages(tmp_path: Path) -> None:
    assert cli.main(["content", "copy", str(tmp_path / "kopi")]) == 0
    c = serve.voila_config(serve.ServeOptions(), tmp_path / "kopi", "")
    assert c.Voila.root_dir == str(paths.kit_root() / "notebooks")
    assert c.OpsporingVoila.films_dir == str(tmp_path / "kopi" / "films" / "local")


def test_the_checkout_is_the_kit_when_run_from_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, repo: Path
) -> None:
    """A checkout and an editable install behave as before; the installed kit is the fallback."""
    monkeypatch.delenv(paths.CONTENT_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    assert paths.content_root() == paths.kit_root() == repo
    monkeypatch.setattr(paths, "REPO_ROOT", tmp_path / "ingen-checkout")
    assert paths.content_root() == paths.kit_root() == paths.INSTALLED_KIT
    (tmp_path / "films").mkdir()
    (tmp_path / "exercises").mkdir()
    assert paths.content_root() == tmp_path  # standing in a copy
