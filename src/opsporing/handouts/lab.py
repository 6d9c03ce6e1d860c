"""In a student's JupyterLab, the kit's notebooks are saved without what their pages showed.

A page's outputs are a participant's page, and with JupyterLab's setting to
save widget state the notebook's metadata would hold every widget's value:
answers, pseudonym, hold code. They belong in the store, not in a file in the
checkout that JupyterLab's own exports (HTML, WebPDF) print as it is. This
Jupyter server extension, enabled by the file the package installs in
`etc/jupyter/jupyter_server_config.d/`, strips them whenever a kit notebook
is saved. The open notebook keeps showing the page; other notebooks are saved
as they are.
"""

from __future__ import annotations

from typing import Any

from opsporing.handouts import kit


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": __name__}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    serverapp.contents_manager.register_pre_save_hook(forget_page_state)


def forget_page_state(model: dict[str, Any], **_context: Any) -> None:
    """Pre-save hook: a kit notebook is written without outputs, counts or widget state."""
    nb = model.get("content")
    if model.get("type") != "notebook" or not isinstance(nb, dict) or kit.view(nb) is None:
        return
    nb.get("metadata", {}).pop("widgets", None)
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
