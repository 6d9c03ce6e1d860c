"""The Voila launch configuration for a workshop room: `opsporing serve`.

Everything Voila needs is passed as traitlets config built here, so the
settings are data that a test can read and a trainer can override in a
`voila.json`. What Voila has no setting for lives in `opsporing.voila_app`;
what kernels need at run time (addresses of the server's routes) in
`opsporing.routes`, so no kernel imports this module.

Sizing for a room on a 2-core laptop: each participant holds one kernel
from joining to leaving (the views are swapped inside it), so a room of N is N
kernels. `--participants N` keeps N of them warm before anyone arrives and
prints when they are; the default, 30, is a typical workshop (a staff room,
a class of students), and warming it takes well under a minute.
A room may grow by a fifth (late arrivals, a reload whose old kernel is still
closing) before new participants are asked to wait; `benchmarks/RESULTS.md`
has what one kernel costs.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import ssl
import sys
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from traitlets.config import Config

from opsporing import paths, retention, store, texts
from opsporing.request import REQUEST_HEADERS
from opsporing.routes import JOIN_URL_ENV, local_films_dir

DEFAULT_PORT = 8866
TEMPLATE = "opsporing"
DEFAULT_PARTICIPANTS = 30
HEADROOM = 0.2
"""How far beyond `--participants` a room may grow before "der er fuldt"."""
DEFAULT_IDLE_TIMEOUT = 600
"""Seconds a kernel with no browser attached lives on; long enough to survive a
reconnecting laptop, short enough that a day of workshops does not pile up."""
CULL_INTERVAL = 30
LOG_FILE = "serve.log"
DENIED_LAB_EXTENSIONS = ("nbdime-jupyterlab",)
"""pytest-notebook pulls in nbdime, whose lab extension fails inside Voila."""


@dataclass(frozen=True)
class ServeOptions:
    """What `opsporing serve` was asked for on the command line."""

    port: int = DEFAULT_PORT
    open_browser: bool = True
    lan: bool = False
    participants: int = DEFAULT_PARTICIPANTS
    """Warm kernels kept for the room; 0 starts each participant's kernel on arrival."""
    idle_timeout: int = DEFAULT_IDLE_TIMEOUT
    certfile: str = ""
    """The certificate IT provides (PEM); with it the kit answers over HTTPS only."""
    keyfile: str = ""
    """Its private key, when the certificate file does not hold it."""

    @property
    def scheme(self) -> str:
        return "https" if self.certfile else "http"


@dataclass(frozen=True)
class Launch:
    """A resolved launch: the traitlets config plus what the trainer must be told."""

    config: Config
    environment: dict[str, str]
    """What the server and every kernel it starts need in their environment."""
    local_url: str
    join_url: str | None


def capacity(participants: int) -> int:
    """Pages open at once before a newcomer is asked to wait (0: no limit, no warm pool)."""
    if participants <= 0:
        return 0
    return participants + max(2, round(participants * HEADROOM))


def lan_address() -> str:
    """This machine's address on the room's network.

    Connecting a UDP socket sends no packet; it only asks the OS which local
    address would route outwards. Without any network that is the loopback.
    """
    with closing(socket.socket(socket.AF_INET, socket.SOCK_DGRAM)) as probe:
        try:
            probe.connect(("10.254.254.254", 1))
            address: str = probe.getsockname()[0]
            return address
        except OSError:
            return "127.0.0.1"


def template_search_path() -> list[str]:
    """JUPYTER_PATH with the checkout's `share/jupyter` first, when run from a checkout.

    The editable install copies templates into the venv at install time; putting
    the checkout first makes template edits live without reinstalling.
    """
    current = [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    checkout = paths.REPO_ROOT / "share" / "jupyter"
    if (checkout / "voila" / "templates" / TEMPLATE).is_dir() and str(checkout) not in current:
        current.insert(0, str(checkout))
    return current


def configure_pages(c: Config, idle_timeout: int = DEFAULT_IDLE_TIMEOUT) -> Config:
    """How the kit's pages are shown, wherever Voila runs them (our server, JupyterHub, Binder):
    the Danish template, no code, and kernels of pages nobody has open freed after a while."""
    c.VoilaConfiguration.template = TEMPLATE
    c.VoilaConfiguration.allow_template_override = "NO"
    c.VoilaConfiguration.allow_theme_override = "NO"
    c.VoilaConfiguration.strip_sources = True
    c.VoilaConfiguration.extension_denylist = list(DENIED_LAB_EXTENSIONS)
    c.VoilaConfiguration.resources = {TEMPLATE: texts.TEMPLATE_TEXTS}
    c.VoilaExporter.language_code = "da"
    c.VoilaExecutor.cell_error_instruction = texts.SERVE_PAGE_ERROR
    c.VoilaExecutor.cell_timeout_instruction = texts.SERVE_PAGE_TIMEOUT
    c.MappingKernelManager.cull_idle_timeout = idle_timeout
    c.MappingKernelManager.cull_interval = min(CULL_INTERVAL, max(1, idle_timeout // 2))
    # A page that is open (its websocket connected) is someone reading; keep it.
    c.MappingKernelManager.cull_connected = False
    c.MappingKernelManager.cull_busy = False
    return c


def voila_config(options: ServeOptions, content_root: Path, token: str) -> Config:
    """The whole Voila configuration for a room, as traitlets config."""
    c = configure_pages(Config(), options.idle_timeout)
    c.Voila.root_dir = str(paths.notebooks_dir(content_root))
    c.Voila.port = options.port
    # Preheated kernels are told the port before the server listens; a server
    # that wandered to another port would leave them unable to get their request.
    c.Voila.port_retries = 0
    c.Voila.ip = "" if options.lan else "localhost"
    c.Voila.open_browser = options.open_browser
    c.Voila.token = token
    c.OpsporingVoila.films_dir = str(local_films_dir(content_root))
    c.VoilaConfiguration.preheat_kernel = options.participants > 0
    # The pool is the entry notebook's alone, sized by `OpsporingVoila` (see voila_app).
    c.VoilaConfiguration.default_pool_size = 0
    c.OpsporingVoila.participants = options.participants
    c.OpsporingVoila.capacity = capacity(options.participants)
    # The kit's page handler puts who asks into these (never what a client sent under them).
    c.VoilaConfiguration.http_header_envs = list(REQUEST_HEADERS)
    if options.certfile:
        c.OpsporingVoila.certfile = str(Path(options.certfile).resolve())
        if options.keyfile:
            c.OpsporingVoila.keyfile = str(Path(options.keyfile).resolve())
    return c


def tls_problem(certfile: str, keyfile: str) -> str | None:
    """Why the certificate and key cannot serve HTTPS, in Danish; None when they can.

    Checked before the server starts, so a mistyped path or a key that does not
    fit its certificate is one clear line instead of a traceback from the server.
    """
    if not certfile:
        return texts.SERVE_KEY_WITHOUT_CERT if keyfile else None
    for name, path in (("--certfile", certfile), ("--keyfile", keyfile)):
        if path and not Path(path).is_file():
            return texts.SERVE_TLS_MISSING.format(option=name, path=path)
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(
            certfile, keyfile or None
        )
    except (OSError, ssl.SSLError) as error:
        problem = getattr(error, "reason", None) or error.strerror or error
        return texts.SERVE_TLS_UNUSABLE.format(certfile=certfile, problem=problem)
    return None


def launch(options: ServeOptions, content_root: Path) -> Launch:
    """Resolve the options into config, a token (only on the LAN) and the URLs to print."""
    content_root = content_root.resolve()
    token = secrets.token_urlsafe(16) if options.lan else ""
    local_url = f"{options.scheme}://localhost:{options.port}/"
    lan_url = None
    if options.lan:
        local_url += f"?token={token}"
        lan_url = f"{options.scheme}://{lan_address()}:{options.port}/?token={token}"
    config = voila_config(options, content_root, token)
    config.OpsporingVoila.start_url = local_url
    environment = {
        "JUPYTER_PATH": os.pathsep.join(template_search_path()),
        # Kernels find the content the server was started with, whatever their cwd.
        paths.CONTENT_ENV: str(content_root),
    }
    if lan_url:
        environment[JOIN_URL_ENV] = lan_url
    return Launch(config=config, environment=environment, local_url=local_url, join_url=lan_url)


def port_is_free(port: int, lan: bool) -> bool:
    """Whether the server can listen on `port` (Voila would otherwise exit in English)."""
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        # As Tornado does, so a port left in TIME_WAIT by a stopped server counts as free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("" if lan else "127.0.0.1", port))
        except OSError:
            return False
    return True


def log_path() -> Path:
    """The server's own log (Voila's, Jupyter's and the kernels' lines), in the data folder."""
    return paths.data_dir() / LOG_FILE


def _quiet_terminal(log: Path) -> None:
    """Send everything written to stderr, by this process and the kernels it starts, to `log`.

    A trainer's terminal should hold what the trainer needs (the address, "klar",
    errors in Danish on stdout), not Voila's and Jupyter's routine English lines
    ("Notebook … is not trusted", "Kernel is running over TCP without encryption").
    The kernels inherit the redirected descriptor, so their warnings land there too.
    """
    stream = log.open("a", encoding="utf-8")
    os.dup2(stream.fileno(), sys.stderr.fileno())


READY_CHECK_MS = 500


def _say(line: str) -> None:
    print(line, flush=True)


def run(
    launch: Launch,
    announce: Callable[[], None] = lambda: None,
    warm: Callable[[int], None] = lambda _n: None,
    say: Callable[[str], None] = _say,
) -> None:
    """Run the server in this process until Ctrl+C (or SIGTERM) stops it cleanly.

    `announce` runs once the server listens, `warm(n)` once the n warm kernels
    of the room's pool have started. Ctrl+C stops the server as SIGTERM does
    (`OpsporingVoila._handle_signal_stop`: the kernels first, so what waits for its
    save is written), instead of raising KeyboardInterrupt wherever the loop happens
    to be, which printed tracebacks.

    Holds past their end date are deleted before the server listens, so no
    page ever shows one, and again once a day while it runs (`opsporing.retention`);
    `say` tells the trainer's terminal which, and which holds end soon.
    """
    os.environ.pop(JOIN_URL_ENV, None)
    os.environ.update(launch.environment)
    _quiet_terminal(log_path())
    retention.sweep_and_tell(store.default, say)
    from tornado.ioloop import IOLoop, PeriodicCallback

    from opsporing.voila_app import OpsporingVoila  # Voila takes 1.5 s to import

    app = OpsporingVoila(config=launch.config)
    app.initialize([])
    loop = IOLoop.current()
    signal.signal(signal.SIGINT, app._handle_signal_stop)
    loop.add_callback(announce)
    if app.participants:

        def check() -> None:
            if app.warm_kernels() >= app.participants:
                watch.stop()
                warm(app.participants)

        watch = PeriodicCallback(check, READY_CHECK_MS)
        watch.start()

    def sweep() -> None:
        retention.sweep_and_tell(store.default, say)

    daily = PeriodicCallback(sweep, retention.SWEEP_INTERVAL / timedelta(milliseconds=1))
    daily.start()
    app.start()
