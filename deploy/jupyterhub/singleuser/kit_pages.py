# ruff: noqa: F821
# (`c` is given to this file by Jupyter's config loader.)
"""The kit's pages in Jupyter Server's Voila extension, as `opsporing serve` shows them.

Loaded by `jupyter_server_config.py` here (participants' servers under
JupyterHub) and by deploy/binder/ (Binder and repo2docker): the Danish
template, no code shown, and page kernels nobody looks at freed after ten
minutes. Where the start page is (the default URL) is the hub's or Binder's.
"""

from __future__ import annotations

from opsporing.serve import configure_pages

configure_pages(c)
