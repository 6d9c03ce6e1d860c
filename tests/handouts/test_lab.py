"""A kit notebook saved in JupyterLab keeps no answers, so JupyterLab's own exports print none.

The notebook is saved through the contents manager of a real Jupyter server of
this environment, with its extensions loaded from the environment's config,
as JupyterLab saves it: with the page's output and, had the student switched
on "save widget state", every widget's value in the metadata.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
from nbconvert.exporters import get_exporter
from nbformat.v4 import new_markdown_cell, new_output

from opsporing import paths

SECRET = "Kims hemmelige svar om Aya"

SAVE_AS_JUPYTERLAB = """
import asyncio, inspect, json, sys
from jupyter_server.serverapp import ServerApp

app = ServerApp()
app.initialize(argv=["--ServerApp.root_dir=" + sys.argv[1]], new_httpserver=False)
for path, model in json.load(sys.stdin).items():
    saved = app.contents_manager.save(model, path)
    if inspect.isawaitable(saved):
        asyncio.run(saved)
"""


def _as_left_by_a_page(nb: nbformat.NotebookNode) -> dict:
    """`nb` as JupyterLab would save it after the page ran: output, count and widget state."""
    (cell,) = [c for c in nb.cells if c.cell_type == "code"]
    cell.execution_count = 1
    cell.outputs = [
        new_output(
            "display_data",
            data={
                "text/plain": "Page('02_cases.ipynb')",
                "application/vnd.jupyter.widget-view+json": {
                    "model_id": "abc",
                    "version_major": 2,
                    "version_minor": 0,
                },
            },
        )
    ]
    state = {"abc": {"model_name": "TextareaModel", "state": {"value": SECRET}}}
    nb.metadata["widgets"] = {
        "application/vnd.jupyter.widget-state+json": {
            "state": state,
            "version_major": 2,
            "version_minor": 0,
        }
    }
    return {"type": "notebook", "format": "json", "content": nb}


def _save_in_a_jupyter_server(root: Path, models: dict[str, dict]) -> None:
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(root / ".config")}  # no user config
    done = subprocess.run(
        [sys.executable, "-c", SAVE_AS_JUPYTERLAB, str(root)],
        input=json.dumps(models),
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr


def test_jupyterlab_saves_a_kit_notebook_without_the_page_and_its_html_export_shows_none(
    tmp_path: Path,
) -> None:
    kit_page = nbformat.read(paths.REPO_ROOT / "notebooks" / "02_cases.ipynb", as_version=4)
    own = nbformat.read(paths.REPO_ROOT / "notebooks" / "02_cases.ipynb", as_version=4)
    del own.metadata["opsporing"]  # a student's own notebook, whatever its name
    own.cells.append(new_markdown_cell("Mine noter"))
    _save_in_a_jupyter_server(
        tmp_path,
        {"02_cases.ipynb": _as_left_by_a_page(kit_page), "noter.ipynb": _as_left_by_a_page(own)},
    )

    saved = (tmp_path / "02_cases.ipynb").read_text("utf-8")
    assert SECRET not in saved
    nb = nbformat.reads(saved, as_version=4)
    assert "widgets" not in nb.metadata and nb.metadata["opsporing"] == {"view": "cases"}
    assert all(c.outputs == [] and c.execution_count is None for c in nb.cells if "outputs" in c)
    html, _resources = get_exporter("html")().from_filename(str(tmp_path / "02_cases.ipynb"))
    assert SECRET not in html and "Page(" not in html

    assert SECRET in (tmp_path / "noter.ipynb").read_text("utf-8")  # saved as it is


def test_the_environment_enables_the_extension_as_the_repository_says() -> None:
    """The editable install copies etc/; a stale copy means `pip install -e .` is due."""
    config = Path("etc/jupyter/jupyter_server_config.d/opsporing.json")
    installed = Path(sys.prefix) / config
    assert installed.read_text("utf-8") == (paths.REPO_ROOT / config).read_text("utf-8")
    extensions = json.loads(installed.read_text("utf-8"))["ServerApp"]["jpserver_extensions"]
    assert extensions == {"opsporing.handouts.lab": True}
