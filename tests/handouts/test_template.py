"""The template and exporters are found by nbconvert itself, as JupyterLab's export menu uses it."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from opsporing import content, paths
from opsporing.handouts.worksheets import films_worksheet

from .conftest import TODAY, Elements
from .test_worksheets import assert_self_contained

JUPYTER = Path(sys.executable).with_name("jupyter")
TEMPLATE = Path("share/jupyter/nbconvert/templates/opsporing-handout")


def test_the_installed_template_is_the_one_in_the_repository() -> None:
    """The editable install copies share/; a stale copy means `pip install -e .` is due."""
    source = paths.REPO_ROOT / TEMPLATE
    installed = Path(sys.prefix) / TEMPLATE
    for file in (p for p in source.rglob("*") if p.is_file()):
        twin = installed / file.relative_to(source)
        assert twin.is_file() and filecmp.cmp(file, twin, shallow=False), (
            f"{twin} differs from the repository: run pip install -e ."
        )


def _nbconvert(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(JUPYTER), "nbconvert", *args, str(tmp_path / "ark.ipynb")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )


@pytest.fixture
def worksheet_file(tmp_path: Path, shipped: content.Content) -> Path:
    path = tmp_path / "ark.ipynb"
    nbformat.write(films_worksheet(shipped.films, TODAY), path)
    return path


def test_nbconvert_finds_the_template(worksheet_file: Path, tmp_path: Path) -> None:
    done = _nbconvert(tmp_path, "--to", "html", "--template", "opsporing-handout")
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "ark.html").read_text("utf-8")
    assert '<html lang="da">' in page
    header = BeautifulSoup(page, "html.parser").select_one("header.opsporing-header")
    assert header is not None and "Opsporing" in header.text and "23. november 2026" in header.text
    assert_self_contained(page)
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.select(".jp-InputPrompt, .jp-OutputPrompt, .jp-InputArea-editor")


def test_a_plain_notebook_with_code_shows_no_code_and_loads_nothing(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Noter\n\nMatematik: $e^{i\\pi}$"),
        nbformat.v4.new_code_cell("print('hemmelig kode')"),
    ]
    nbformat.write(nb, tmp_path / "ark.ipynb")
    done = _nbconvert(tmp_path, "--to", "html", "--template", "opsporing-handout")
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "ark.html").read_text("utf-8")
    assert "hemmelig kode" not in page
    assert "script" not in Elements(page).names()
    assert_self_contained(page)


@pytest.mark.browser
def test_nbconvert_to_opsporing_pdf(worksheet_file: Path, tmp_path: Path) -> None:
    done = _nbconvert(tmp_path, "--to", "opsporing-pdf")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "ark.pdf").read_bytes().startswith(b"%PDF")
