"""Every page notebook runs headless, and its deterministic outputs match the expected ones.

The expected outputs live in copies under `expected/` (the shipped notebooks
stay without outputs). Widget model ids change on every run, so the widget
state and the widget-view output's model id are ignored. Each page's text repr
is kept: it names the app's view (`App('temafilm')`), so a page that shows
the content-error notice instead (`ContentErrorNotice(3 fejl)`) fails the check,
as do an error, a warning on stderr, and a missing or extra output.
Regenerate after a deliberate change with `pytest --nb-force-regen`.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from pytest_notebook.nb_regression import NBRegressionFixture

from opsporing import paths, texts

NOTEBOOKS = paths.REPO_ROOT / "notebooks"
EXPECTED = Path(__file__).parent / "expected"
PAGES = ["00_start", "01_temafilm", "02_cases", "03_hjaelp", "04_handout", "underviser"]
WIDGET_OUTPUT_IGNORE = (
    "/metadata/widgets",
    "/metadata/language_info",
    "/cells/*/outputs/*/data/application/vnd.jupyter.widget-view+json",
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
    assert ".show(" in cell.source and cell.source.endswith(")")


def test_in_jupyterlab_the_next_notebook_knows_who_joined_on_the_start_page() -> None:
    """No address in JupyterLab: the film notebook, run in its own kernel, finds the
    participant chosen on the start page and carries them in the app."""
    from opsporing import content as content_module
    from opsporing import store
    from opsporing.pages import session

    s = session.Session(store.default(), content_module.load(paths.REPO_ROOT))
    kim = s.join("Kim", None)

    nb = nbformat.read(NOTEBOOKS / "01_temafilm.ipynb", as_version=4)
    NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    state = nb.metadata.widgets["application/vnd.jupyter.widget-state+json"]["state"]
    navigator = next(m["state"] for m in state.values() if "views" in m["state"])
    assert navigator["location"] == {"vis": "temafilm"}
    who = texts.IDENTITY_ALONE.format(pseudonym="Kim")
    assert any(who in str(m["state"].get("value", "")) for m in state.values())
    assert kim.id not in json.dumps(state), "no widget state names the participant's id"
    assert not navigator["address"], "JupyterLab's address bar is not the app's"
    values = [str(m["state"].get("value")) for m in state.values()]
    assert any("Kim" in v and "opsporing-identity" in v for v in values)
