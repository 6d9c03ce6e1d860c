# ruff: noqa: F821
# (`c` and `load_subconfig` are given to this file by Jupyter's config loader.)
"""Binder and repo2docker: the repository opens as the kit's start page in Voila.

The root's `start` script puts this folder on JUPYTER_CONFIG_PATH; repo2docker
installs the kit from `environment.yml` (the locked versions). Each Binder user
has a container of their own with the kit's SQLite database in it: answers last
as long as the session, and a trainer's page sees only that one container.
For a room, use deploy/jupyterhub/.
"""

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SINGLEUSER = REPO / "deploy" / "jupyterhub" / "singleuser"

c.ServerApp.default_url = "/voila/render/notebooks/00_start.ipynb"
load_subconfig(str(SINGLEUSER / "kit_pages.py"))
# The kit's own routes ("Dine svar" as HTML and PDF, local films), as under JupyterHub.
sys.path.insert(0, str(SINGLEUSER))
c.ServerApp.jpserver_extensions = {"kit_routes": True}
