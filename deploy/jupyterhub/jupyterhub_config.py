# ruff: noqa: F821
# (`c` and `load_subconfig` are given to this file by JupyterHub's config loader.)
"""JupyterHub for workshops with many participants: `jupyterhub -f jupyterhub_config.py`.

Every participant gets a single-user Jupyter Server of their own that shows only
the kit: Voila through its Jupyter Server extension, the start page as the
default URL, no JupyterLab, no terminals, no writing to the notebooks and no
running code other than the pages' own (see `singleuser/jupyter_server_config.py`).
All servers write to ONE database, `OPSPORING_DB_URL` (PostgreSQL), so the
trainer's page (`underviser.ipynb`, opened from any server) sees the whole hold,
whichever server or machine each participant landed on.

Read from the hub's environment:

- `OPSPORING_DB_URL` (required on one machine): the shared PostgreSQL, e.g.
  `postgresql+psycopg://opsporing:…@db.example:5432/opsporing`. It is handed
  to every single-user server. On Kubernetes the values file gives it to the
  participants' pods from a Secret instead (deploy/kubernetes/values.yaml).
- `OPSPORING_HUB_ADGANGSKODE` (required with the workshop login): the code the
  trainer writes on the board. Whoever types it gets a temporary user of their
  own in this browser; nobody needs an account.
- `OPSPORING_HUB_IDLE_TIMEOUT` (seconds, default 3600): a server nobody has used
  for that long is stopped and its temporary user removed (jupyterhub-idle-culler).
  The answers stay in the database: a participant who comes back joins the hold
  again under the same nickname and finds them.
- `OPSPORING_HUB_MEM_LIMIT` / `OPSPORING_HUB_CPU_LIMIT` (default 1G / 1.0): the
  ceiling per participant (see the sizing table in deploy/README.md). KubeSpawner,
  DockerSpawner and SystemdSpawner enforce them; the local spawner used on one
  machine only passes them on as MEM_LIMIT / CPU_LIMIT.
- `OPSPORING_CONTENT`: a municipality's own content folder (default: this checkout).
- `OPSPORING_HUB_EKSTRA_CONFIG`: a Python config file loaded last, for what an
  institution changes: its own login, another spawner, ports, TLS. For example,
  an institution's single sign-on instead of the workshop code:

      c.JupyterHub.authenticator_class = "generic-oauth"   # pip install oauthenticator
      c.GenericOAuthenticator.client_id = "…"
      c.GenericOAuthenticator.allowed_groups = {"paedagoger"}

  (`ltiauthenticator` for a learning platform such as Moodle or Canvas; any
  JupyterHub authenticator works, the kit does not care who the user is: the
  hold and the nickname are chosen on the start page.)

On Kubernetes (Zero to JupyterHub) this file is loaded from the hub's
`extraConfig` (see deploy/kubernetes/values.yaml): the spawner, the proxy, the
culler and the limits are then Zero to JupyterHub's, and only the workshop
parts (login, Danish pages, default URL) come from here.
"""

from __future__ import annotations

import hmac
import os
import secrets
import sys
from pathlib import Path

from jupyterhub.auth import Authenticator
from traitlets import Unicode, default

HERE = Path(__file__).resolve().parent
ON_KUBERNETES = "KUBERNETES_SERVICE_HOST" in os.environ
START_VIEW = "/voila/render/00_start.ipynb"
"""The kit's start page, relative to a participant's server (`/user/<name>/`)."""


class WorkshopAuthenticator(Authenticator):
    """A temporary user per browser, for whoever knows the workshop's code.

    jupyterhub-tmpauthenticator gives a user to anyone who opens the address,
    which on the open internet is a server for anyone; this asks for one shared
    code first (on a Danish page, `templates/login.html`). The user name is
    random: the kit never needs to know who someone is.
    """

    access_code = Unicode(
        config=True, help="The code participants type to get a server (the trainer's code)."
    )

    @default("access_code")
    def _access_code_from_environment(self) -> str:
        return os.environ.get("OPSPORING_HUB_ADGANGSKODE", "")

    @default("allow_all")
    def _everyone_with_the_code(self) -> bool:
        return True

    async def authenticate(self, handler, data):  # type: ignore[no-untyped-def]
        typed = (data or {}).get("adgangskode", "").strip()
        if not self.access_code or not hmac.compare_digest(
            typed.encode(), self.access_code.strip().encode()
        ):
            return None
        return {"name": f"deltager-{secrets.token_hex(5)}"}


def _required(name: str, why: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        sys.exit(f"opsporing: {name} mangler i miljøet. {why}")
    return value


c.JupyterHub.authenticator_class = WorkshopAuthenticator
# Danish login and waiting pages; the rest of JupyterHub's pages are only for the operator.
c.JupyterHub.template_paths = [str(HERE / "templates")]
c.Spawner.default_url = START_VIEW
# A room starts at once: spawning is limited by the machines, not by the hub.
c.JupyterHub.concurrent_spawn_limit = 200
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 120
c.Spawner.mem_limit = os.environ.get("OPSPORING_HUB_MEM_LIMIT", "1G")
c.Spawner.cpu_limit = float(os.environ.get("OPSPORING_HUB_CPU_LIMIT", "1.0"))

if not ON_KUBERNETES:
    # One machine: each participant's server is a process of the hub's own user,
    # running this checkout's kit from the hub's Python environment.
    content = Path(os.environ.get("OPSPORING_CONTENT") or HERE.parents[1]).resolve()
    db_url = _required(
        "OPSPORING_DB_URL",
        "Alle deltageres servere skal bruge den samme database, for at underviseren kan se "
        "hele holdet (fx postgresql+psycopg://bruger:kode@vaert:5432/opsporing).",
    )
    c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
    c.Spawner.cmd = [str(Path(sys.executable).with_name("jupyterhub-singleuser"))]
    c.Spawner.notebook_dir = str(content / "notebooks")
    c.SimpleLocalProcessSpawner.home_dir_template = os.environ.get(
        "OPSPORING_HUB_HOME", "/tmp/opsporing-hub/{username}"
    )
    c.Spawner.environment = {
        "OPSPORING_DB_URL": db_url,
        "OPSPORING_CONTENT": str(content),
        # The participant's server reads the kit's settings from singleuser/.
        "JUPYTER_CONFIG_PATH": str(HERE / "singleuser"),
    }
    # The checkout's Voila template first, as `opsporing serve` does: edits apply at once.
    templates = HERE.parents[1] / "share" / "jupyter"
    if (templates / "voila" / "templates" / "opsporing").is_dir():
        c.Spawner.environment["JUPYTER_PATH"] = str(templates)
    # configurable-http-proxy from npm, installed next to this file by `npm ci`.
    proxy = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
    if proxy.exists():
        c.ConfigurableHTTPProxy.command = [str(proxy)]

    idle_timeout = int(os.environ.get("OPSPORING_HUB_IDLE_TIMEOUT", "3600"))
    c.JupyterHub.services = [
        {
            "name": "idle-culler",
            "command": [
                sys.executable,
                "-m",
                "jupyterhub_idle_culler",
                f"--timeout={idle_timeout}",
                f"--cull-every={max(10, min(300, idle_timeout // 4))}",
                # Temporary users are removed with their server; answers stay in the database.
                "--cull-users=true",
            ],
        }
    ]
    c.JupyterHub.load_roles = [
        {
            "name": "idle-culler",
            "scopes": [
                "list:users",
                "read:users:activity",
                "read:servers",
                "delete:servers",
                "admin:users",
            ],
            "services": ["idle-culler"],
        }
    ]

if extra := os.environ.get("OPSPORING_HUB_EKSTRA_CONFIG"):
    load_subconfig(extra)

if c.JupyterHub.authenticator_class is WorkshopAuthenticator:
    _required(
        "OPSPORING_HUB_ADGANGSKODE",
        "Sæt den kode, deltagerne skal skrive for at komme ind (den står på tavlen).",
    )
