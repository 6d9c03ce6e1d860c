"""Every page notebook runs headless, and its deterministic outputs match the expected ones.

The expected outputs live in copies under `expected/` (the shipped notebooks
stay without outputs). Widget model ids change on every run, so the widget
state and the widget-view outputs (with their text repr) are ignored; what is
kept catches the rest: an error, a warning on stderr, a missing or extra
output. Regenerate after a deliberate change with `pytest --nb-force-regen`.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from pytest_notebook.nb_regression import NBRegressionFixture

from opsporing import paths

NOTEBOOKS = paths.REPO_ROOT / "notebooks"
EXPECTED = Path(__file__).parent / "expected"
PAGES = ["00_start", "01_temafilm", "02_cases", "03_hjaelp", "04_handout"]
WIDGET_OUTPUT_IGNORE = (
    "/metadata/widgets",
    "/metadata/language_info",
    "/cells/*/outputs/*/data/application/vnd.jupyter.widget-view+json",
    "/cells/*/outputs/*/data/text/plain",
    "/cells/*/outputs/*/traceback",
)


@pytest.fixture
def regression(nb_regression: NBRegressionFixture, monkeypatch: pytest.MonkeyPatch):
    """Run where Voila runs the pages (notebooks/), on the shipped content, no participant."""
    monkeypatch.delenv(paths.CONTENT_ENV, raising=False)
    nb_regression.exec_cwd = str(NOTEBOOKS)
    nb_regression.exec_timeout = 120
    nb_regression.diff_ignore = WIDGET_OUTPUT_IGNORE
    return nb_regression


def _cells(path: Path) -> list[tuple[str, str]]:
    return [(c.cell_type, c.source) for c in nbformat.read(path, as_version=4).cells]


@pytest.mark.parametrize("page", PAGES)
def test_page_notebook_runs_and_matches_its_expected_outputs(
    regression: NBRegressionFixture, page: str
) -> None:
    expected = EXPECTED / f"{page}.ipynb"
    assert _cells(expected) == _cells(NOTEBOOKS / f"{page}.ipynb"), (
        f"{expected.name} no longer has the notebook's code; copy it and regenerate"
    )
    regression.check(str(expected))


@pytest.mark.parametrize("page", PAGES)
def test_page_notebook_is_one_thin_cell_without_outputs(page: str) -> None:
    nb = nbformat.read(NOTEBOOKS / f"{page}.ipynb", as_version=4)
    (cell,) = nb.cells
    assert cell.outputs == [] and cell.execution_count is None
    assert cell.source.endswith(".show()")
