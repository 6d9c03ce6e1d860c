"""Every broken content file is rejected with a Danish message naming file, line and field.

Each file in `broken/` is a content file with one mistake. Its first two lines
say where it goes (`# mål:`) and what the error must say (`# fejl: line:
field: message`). The test drops it into a copy of the shipped content, so the
error can only come from that file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from opsporing import cli, content
from opsporing.paths import CONTENT_FOLDERS

BROKEN = Path(__file__).parent / "broken"
CASES = sorted(BROKEN.glob("*.yaml"))


def _header(path: Path) -> tuple[str, int, str, str]:
    target_line, error_line = path.read_text("utf-8").splitlines()[:2]
    target = target_line.removeprefix("# mål: ").strip()
    line, field, message = error_line.removeprefix("# fejl: ").split(": ", 2)
    return target, int(line), field, message


@pytest.fixture
def tree(tmp_path: Path, repo: Path) -> Path:
    """A copy of the shipped content (notebooks and code are not needed)."""
    for name in CONTENT_FOLDERS:
        shutil.copytree(repo / name, tmp_path / name)
    return tmp_path


def _errors(root: Path) -> list[content.ContentError]:
    loaded, errors = content.validate(root)
    assert loaded is None, "broken content was accepted"
    return errors


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 25


def test_the_untouched_copy_is_valid(tree: Path) -> None:
    """Otherwise an error below could come from the shipped content, not the broken file."""
    loaded, errors = content.validate(tree)
    assert errors == []
    assert loaded is not None


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_broken_file_is_rejected_at_its_line_and_field(tree: Path, case: Path) -> None:
    target, line, field, message = _header(case)
    (tree / target).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(case, tree / target)
    errors = _errors(tree)
    hits = [e for e in errors if e.file == target and message in e.message]
    assert hits, f"expected '{message}' in {target}; got:\n" + "\n".join(map(str, errors))
    assert (hits[0].line, hits[0].field) == (line, field), str(hits[0])
    assert str(hits[0]).startswith(f"{target}:{line}: {field + ': ' if field else ''}")


def test_a_reflection_without_its_flag_is_refused_at_its_first_option(tree: Path) -> None:
    """Only `refleksion: true` lets options go without a verdict: drop the flag from a
    shipped reflection, and its first option is named, with the way out in Danish."""
    target = tree / "films" / "rettidig-omsorg.yaml"
    lines = target.read_text("utf-8").splitlines(keepends=True)
    flags = [n for n, line in enumerate(lines) if line.strip() == "refleksion: true"]
    assert flags, "the shipped films have reflections"
    del lines[flags[0]]
    target.write_text("".join(lines), "utf-8")
    errors = [e for e in _errors(tree) if e.file == "films/rettidig-omsorg.yaml"]
    [error] = errors
    assert error.field.endswith(".valg[0].vurdering"), error
    assert lines[error.line - 1].lstrip().startswith("- tekst:"), "the first option's line"
    assert "hvert valg skal have vurdering" in error.message
    assert "'refleksion: true'" in error.message


def _vignette(tree: Path) -> Path:
    return next((tree / "exercises" / "vignetter").glob("*.yaml"))


def test_non_utf8_bytes_are_named_with_their_line(tree: Path) -> None:
    target = _vignette(tree)
    lines = target.read_bytes().split(b"\n")
    lines[3] = "titel: Søren".encode("latin-1")
    target.write_bytes(b"\n".join(lines))
    shown = target.relative_to(tree).as_posix()
    [error] = [e for e in _errors(tree) if e.file == shown]
    assert (error.line, error.message) == (
        4,
        "filen er ikke gemt som UTF-8; gem den igen som UTF-8 (æ, ø og å)",
    )


def test_a_10_mb_file_is_refused_before_it_is_parsed(tree: Path) -> None:
    target = tree / "exercises" / "vignetter" / "stor.yaml"
    target.write_text("# " + "x" * 10_000_000 + "\n", "utf-8")
    [error] = [e for e in _errors(tree) if e.file == "exercises/vignetter/stor.yaml"]
    assert error.line == 1
    assert "for stor (10.0 MB)" in error.message


@pytest.mark.parametrize("text", ["", "\n\n   \n", "# kun en kommentar\n"])
def test_an_empty_file_is_named(tree: Path, text: str) -> None:
    (tree / "exercises" / "vignetter" / "tom.yaml").write_text(text, "utf-8")
    [error] = [e for e in _errors(tree) if e.file == "exercises/vignetter/tom.yaml"]
    assert (error.line, error.message) == (1, "filen er tom")


def test_a_missing_required_file_is_named(tree: Path) -> None:
    (tree / "services" / "kommuner.yaml").unlink()
    errors = _errors(tree)
    assert any(e.file == "services/kommuner.yaml" and e.message == "filen mangler" for e in errors)


def test_the_same_vignette_id_in_two_files_is_named_in_the_second(tree: Path) -> None:
    first = _vignette(tree)
    shutil.copy(first, first.with_name("zz-kopi.yaml"))
    errors = _errors(tree)
    [error] = [e for e in errors if e.file == "exercises/vignetter/zz-kopi.yaml"]
    assert error.field == "id"
    assert f"er brugt før ({first.relative_to(tree).as_posix()}:" in error.message


def test_validate_command_prints_every_error_in_danish_without_traceback(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for case in CASES[:3]:
        target, *_ = _header(case)
        shutil.copy(case, tree / target.replace("brudt", case.stem))
    assert cli.main(["validate", "--content", str(tree)]) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    assert out.err.count("\n") >= 4
    assert out.err.rstrip().endswith("fejl i indholdet.")


def billion_laughs() -> str:
    """Nine lines that expand to a billion values if aliases are followed."""
    lines = ['a0: &a0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    for n in range(1, 9):
        refs = ", ".join([f"*a{n - 1}"] * 10)
        lines.append(f"a{n}: &a{n} [{refs}]")
    return "\n".join(lines) + "\n"


def test_a_billion_laughs_file_is_refused_at_its_first_anchor(tree: Path) -> None:
    """Refused while parsing, before any alias is followed: the file never expands."""
    target = tree / "services" / "hvem-kontakter-jeg.yaml"
    target.write_text(billion_laughs(), "utf-8")
    [error] = [e for e in _errors(tree) if e.file == "services/hvem-kontakter-jeg.yaml"]
    assert (error.line, error.field) == (1, "")
    assert error.message.startswith("YAML-ankre (&a0) bruges ikke")


@pytest.mark.parametrize(
    "text",
    ["x: " + "[" * 999_000 + "\n", "x: " + "[" * 50 + "]" * 50 + "\n"],
    ids=["unclosed-1mb", "closed"],
)
def test_deep_nesting_is_refused_without_recursion(tree: Path, text: str) -> None:
    target = tree / "services" / "hvem-kontakter-jeg.yaml"
    target.write_text(text, "utf-8")
    [error] = [e for e in _errors(tree) if e.file == "services/hvem-kontakter-jeg.yaml"]
    assert error.line == 1
    assert "indlejret for dybt" in error.message or "ugyldig YAML" in error.message


def test_a_megabyte_of_values_is_refused_before_they_are_built(tree: Path) -> None:
    """330,000 tiny values: refused while counting events, not after building each one."""
    target = tree / "services" / "hvem-kontakter-jeg.yaml"
    target.write_text("titel: x\nsituationer: [" + "a, " * 330_000 + "]\n", "utf-8")
    [error] = [e for e in _errors(tree) if e.file == "services/hvem-kontakter-jeg.yaml"]
    assert error.line == 2
    assert error.message.startswith("filen har for mange værdier (mere end 20.000)")
