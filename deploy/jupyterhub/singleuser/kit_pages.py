# ruff: noqa: F821
# (`c` is given to this file by Jupyter's config loader.)
"""The kit's pages in Jupyter Server's Voila extension, as `opsporing serve` shows them.

Loaded by `jupyter_server_config.py` here (participants' servers under
JupyterHub) and by deploy/binder/ (Binder and repo2docker): the Danish
template, no code shown, and page kernels nobody looks at freed after ten
minutes. Where the start page is (the default URL) is the hub's or Binder's.
"""

from __future__ import annotations

from opsporing import texts

TEMPLATE = "opsporing"

c.VoilaConfiguration.template = TEMPLATE
c.VoilaConfiguration.allow_template_override = "NO"
c.VoilaConfiguration.allow_theme_override = "NO"
c.VoilaConfiguration.strip_sources = True
c.VoilaConfiguration.extension_denylist = ["nbdime-jupyterlab"]
c.VoilaConfiguration.resources = {TEMPLATE: texts.TEMPLATE_TEXTS}
c.VoilaExporter.language_code = "da"
c.VoilaExecutor.cell_error_instruction = texts.SERVE_PAGE_ERROR
c.VoilaExecutor.cell_timeout_instruction = texts.SERVE_PAGE_TIMEOUT

# Kernels of pages nobody has open are freed after 10 minutes, as `opsporing serve` does.
c.MappingKernelManager.cull_idle_timeout = 600
c.MappingKernelManager.cull_interval = 30
c.MappingKernelManager.cull_connected = False
c.MappingKernelManager.cull_busy = False
