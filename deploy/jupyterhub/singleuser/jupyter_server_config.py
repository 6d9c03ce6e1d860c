# ruff: noqa: F821
# (`c` is given to this file by Jupyter's config loader.)
"""A participant's single-user server under JupyterHub: the kit in Voila, and nothing else.

Found through `JUPYTER_CONFIG_PATH` (set by ../jupyterhub_config.py on one
machine) or copied to `/etc/jupyter/` (the image in ../../kubernetes/). The
server is Jupyter Server with Voila's extension; `opsporing serve` is not used
here. What a participant may do is what a page in the browser does: render a
page, talk to its kernel's widgets, leave. Not: JupyterLab, terminals, writing
or uploading files, starting kernels or running code of their own.

The database (`OPSPORING_DB_URL`) and the content (`OPSPORING_CONTENT`) come
from the environment the spawner gives the server; its kernels inherit them.
How the pages look and behave is in `kit_pages.py`, which Binder uses too.
"""

from __future__ import annotations

import sys
from pathlib import Path

from jupyter_server.auth import Authorizer

# `kit_routes.py` next to this file: the kit's own routes (handouts, local films).
sys.path.insert(0, str(Path(__file__).resolve().parent))


class KitOnlyAuthorizer(Authorizer):
    """Read anything, talk to a page's kernel; no writing, no terminals.

    The hub's own check (may this user use this server at all) is done before
    this, by JupyterHub's identity provider. Voila's routes (render a page, the
    shutdown beacon) ask no authorizer; Jupyter Server's REST API does, and
    without this a participant could overwrite the notebooks every participant's
    server runs (on one machine they share the checkout), or start kernels.
    """

    def is_authorized(self, handler, user, action, resource):  # type: ignore[no-untyped-def]
        if resource == "terminals":
            return False
        return action == "read" or (action, resource) == ("execute", "kernels")


c.ServerApp.authorizer_class = KitOnlyAuthorizer
c.ServerApp.terminals_enabled = False
# Only Voila and the kit's routes: no JupyterLab, classic notebook, LSP or nbdime.
c.ServerApp.jpserver_extensions = {
    "voila.server_extension": True,
    "kit_routes": True,
    "jupyterlab": False,
    "notebook": False,
    "notebook_shim": False,
    "nbclassic": False,
    "jupyter_lsp": False,
    "jupyter_server_terminals": False,
    "nbdime": False,
}

# A page's kernel takes widget messages only, as in Voila's own server: no code from outside.
c.MappingKernelManager.allowed_message_types = [
    "comm_open",
    "comm_close",
    "comm_msg",
    "comm_info_request",
    "kernel_info_request",
    "shutdown_request",
]

load_subconfig(str(Path(__file__).with_name("kit_pages.py")))
