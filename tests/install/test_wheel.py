"""The kit as a new user gets it: a wheel, installed (not editable) into a fresh environment
with the lock, and run from a folder that is not a checkout.

One wheel and one environment for the module (building and installing is the cost); each
test runs the installed `opsporing` from its own temporary folder, with its own data folder
and no `OPSPORING_*` settings, so nothing can come from the checkout. The same test runs on
Linux, macOS and Windows in `.github/workflows/wheel.yml`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import ssl
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.request import Request, urlopen

import psutil
import pytest
from certificates import self_signed
from playwright.sync_api import sync_playwright

from opsporing import browser_key, content, paths, texts
from opsporing.handouts import browser as pdf_browser

REPO = paths.REPO_ROOT
LOCK = REPO / "requirements" / f"lock-py{sys.version_info.major}.{sys.version_info.minor}.txt"
SCRIPTS = "Scripts" if os.name == "nt" else "bin"
INSTALL_TIMEOUT = 1200
"""Seconds to build the wheel and install the lock into an empty environment."""
READY_TIMEOUT = 180
RENDER_TIMEOUT_MS = 120_000


@dataclass
class InstalledKit:
    """A fresh environment with the kit's wheel installed, and a scratch folder to run in."""

    venv: Path
    scratch: Path

    def program(self, name: str) -> str:
        suffix = ".exe" if os.name == "nt" else ""
        return str(self.venv / SCRIPTS / f"{name}{suffix}")

    def folder(self, name: str) -> Path:
        """A new empty folder to stand in, outside any checkout, with its own data folder."""
        folder = self.scratch / name
        (folder / "data").mkdir(parents=True)
        # Jupyter's config for these runs only; CI runs as root, which JupyterLab refuses
        # unless its config allows it (a student's laptop never needs this).
        (folder / "jupyter-config").mkdir()
        server = {"ServerApp": {"allow_root": True}}
        (folder / "jupyter-config" / "jupyter_server_config.json").write_text(json.dumps(server))
        return folder

    def environment(self, folder: Path) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("OPSPORING_", "JUPYTER", "PYTHON", "VIRTUAL_ENV"))
        }
        env[paths.DATA_ENV] = str(folder / "data")
        env["JUPYTER_CONFIG_DIR"] = str(folder / "jupyter-config")  # no user config
        env["PYTHONUNBUFFERED"] = "1"
        return env

    def run(self, folder: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        return subprocess.run(
            [self.program("opsporing"), *args],
            cwd=folder,
            env=self.environment(folder),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
        )

    def python(self, folder: Path, code: str, *args: str) -> str:
        done = subprocess.run(
            [self.program("python"), "-c", code, *args],
            cwd=folder,
            env=self.environment(folder),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def start(self, folder: Path, *args: str) -> subprocess.Popen:
        log = (folder / "terminal.log").open("w", encoding="utf-8")
        return subprocess.Popen(
            [self.program("opsporing"), *args],
            cwd=folder,
            env=self.environment(folder),
            stdout=log,
            stderr=subprocess.STDOUT,
        )


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> InstalledKit:
    """Build the wheel from this checkout and install it with the lock into a new venv."""
    root = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(root), str(REPO)],
        check=True,
        timeout=INSTALL_TIMEOUT,
    )
    (wheel,) = root.glob("opsporing-*.whl")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    installed = InstalledKit(venv=venv, scratch=root / "runs")
    install = [installed.program("python"), "-m", "pip", "install", "--quiet"]
    install += ["--disable-pip-version-check", "--constraint", str(LOCK), str(wheel)]
    subprocess.run(install, check=True, timeout=INSTALL_TIMEOUT)
    return installed


def _kit_files(kit: InstalledKit, folder: Path) -> tuple[Path, dict[str, str]]:
    """The installed kit's folder and a hash of every file in it."""
    where = Path(
        kit.python(folder, "from opsporing import paths; print(paths.INSTALLED_KIT)").strip()
    )
    return where, {
        str(p.relative_to(where)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(where.rglob("*"))
        if p.is_file()
    }


def test_the_wheel_is_installed_not_linked_and_finds_its_own_content(kit: InstalledKit) -> None:
    here = kit.folder("where")
    found = kit.python(
        here,
        "import opsporing; from opsporing import paths; "
        "print(opsporing.__file__); print(paths.content_root()); print(paths.kit_root())",
    ).splitlines()
    package, content_root, kit_root = (Path(line) for line in found)
    assert kit.venv.resolve() in package.resolve().parents  # not the checkout's src/
    assert content_root == kit_root and kit.venv.resolve() in content_root.resolve().parents
    assert sorted(p.name for p in (kit_root / "notebooks").glob("*.ipynb")) == sorted(
        p.name for p in (REPO / "notebooks").glob("*.ipynb")
    )
    assert not list((kit_root / "films" / "local").glob("*.mp4"))  # local films never ship

    version = kit.run(here, "--version")
    module = subprocess.run(
        [kit.program("python"), "-m", "opsporing", "--version"],
        cwd=here,
        capture_output=True,
        text=True,
        timeout=60,
    )
    from opsporing import __version__

    assert version.stdout.strip() == module.stdout.strip() == f"opsporing {__version__}"


def test_validate_and_the_worksheets_from_any_folder(kit: InstalledKit) -> None:
    here = kit.folder("validate")
    shipped = content.load(REPO)
    done = kit.run(here, "validate")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == texts.CLI_VALIDATE_OK.format(
        films=len(shipped.films),
        vignettes=len(shipped.vignettes),
        questions=sum(1 for _ in shipped.questions()),
        services=len(shipped.services),
        municipalities=len(shipped.municipalities),
    )

    done = kit.run(here, "worksheets", "--format", "html", "--out", "ark")
    assert done.returncode == 0, done.stderr
    expected = {"arbejdsark-film.html"} | {
        f"arbejdsark-case-{v.id}.html" for v in shipped.vignettes
    }
    assert {p.name for p in (here / "ark").iterdir()} == expected
    sheet = (here / "ark" / f"arbejdsark-case-{shipped.vignettes[0].id}.html").read_text("utf-8")
    assert shipped.vignettes[0].title in sheet and 'lang="da"' in sheet


JOIN_AND_ANSWER = """
import sys
from opsporing import store
s = store.default()
participant = s.join("Kim", s.create_hold("135790", "Prøvehold"))
s.save_answer(participant.id, sys.argv[1], sys.argv[2], shared=False)
print(participant.id)
"""


def test_one_pdf_handout(kit: InstalledKit) -> None:
    here = kit.folder("handout")
    shipped = content.load(REPO)
    key = next(ref.key for ref in shipped.questions() if ref.question.kind.value == "fritekst")
    participant = kit.python(here, JOIN_AND_ANSWER, key, "Jeg taler med Aya i dag.").strip()

    done = kit.run(here, "handout", "--participant", participant, "--format", "pdf", "--out", "ud")
    assert done.returncode == 0, done.stderr
    (pdf,) = (here / "ud").glob("*.pdf")
    assert pdf.name.startswith("mine-svar-Kim") and pdf.read_bytes().startswith(b"%PDF")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(folder: Path, process: subprocess.Popen, pattern: str) -> re.Match[str]:
    """Until the terminal shows `pattern` (a regular expression); the server's exit fails."""
    deadline = time.monotonic() + READY_TIMEOUT
    log = folder / "terminal.log"
    while time.monotonic() < deadline:
        shown = log.read_text("utf-8") if log.exists() else ""
        if match := re.search(pattern, shown):
            return match
        if process.poll() is not None:
            raise AssertionError(f"exited with {process.returncode}:\n{shown}")
        time.sleep(0.5)
    raise TimeoutError(f"never showed {pattern!r}:\n{log.read_text('utf-8')}")


def _stop(process: subprocess.Popen) -> None:
    """Stop a server and every kernel it started (on Windows too: no process groups)."""
    try:
        family = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        family = []
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    for child in family:
        if child.is_running():
            child.kill()


def _page_text(url: str, control: str, https: bool = False) -> tuple[str, list[dict]]:
    """The rendered page's text once its widgets are drawn and `control` can be used, and
    the browser's cookies, in the browser the kit itself would use for PDFs (Debian's
    Chromium on Linux). Playwright's sync API runs in a thread of its own: a test earlier
    in the session may have left an event loop running in this one, which it refuses."""

    def look() -> tuple[str, list[dict]]:
        with sync_playwright() as playwright:
            browser = pdf_browser.launch(playwright)
            context = browser.new_context(locale="da-DK", ignore_https_errors=https)
            context.set_default_timeout(RENDER_TIMEOUT_MS)
            try:
                page = context.new_page()
                page.goto(url)
                page.wait_for_selector("#rendered_cells .jupyter-widgets", state="visible")
                page.wait_for_selector(f"#rendered_cells .jupyter-widgets {control}:visible")
                return page.inner_text("#rendered_cells"), context.cookies()
            finally:
                context.close()
                browser.close()

    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(look).result()


def test_serve_over_https_shows_the_start_page_with_its_widgets(kit: InstalledKit) -> None:
    """`opsporing serve` from a folder of its own, with a certificate from IT: the start
    page's widgets draw in Chromium over HTTPS and the identity cookie is Secure."""
    here = kit.folder("serve")
    certfile, keyfile = self_signed(here)
    port = _free_port()
    server = kit.start(
        here,
        *("serve", "--no-browser", "--port", str(port), "--participants", "0"),
        *("--certfile", str(certfile), "--keyfile", str(keyfile)),
    )
    try:
        _wait_for(
            here, server, re.escape(texts.SERVE_RUNNING.format(url=f"https://localhost:{port}/"))
        )
        start = f"https://localhost:{port}/voila/render/00_start.ipynb"
        text, cookies = _page_text(start, "button", https=True)
        plain = ssl.create_default_context()
        plain.check_hostname, plain.verify_mode = False, ssl.CERT_NONE
        with urlopen(f"https://localhost:{port}/", context=plain, timeout=60) as landing:
            assert landing.status == 200
    finally:
        _stop(server)
    assert texts.START_TITLE in text and texts.JOIN_BUTTON in text
    (cookie,) = [c for c in cookies if c["name"] == browser_key.COOKIE]
    assert cookie["secure"] is True and cookie["httpOnly"] is True


def test_a_municipalitys_copy_is_validated_and_served(kit: InstalledKit) -> None:
    here = kit.folder("copy")
    done = kit.run(here, "content", "copy", "kommunen")
    assert done.returncode == 0, done.stderr
    assert (here / "kommunen" / "README.md").is_file()
    films = here / "kommunen" / "films" / "rettidig-omsorg.yaml"
    films.write_text(
        films.read_text("utf-8").replace("udgiver: Børnerådet", "udgiver: Kommunens Filmhold", 1),
        "utf-8",
    )
    done = kit.run(here, "validate", "--content", "kommunen")
    assert done.returncode == 0, done.stderr

    port = _free_port()
    server = kit.start(
        here,
        "serve",
        "--no-browser",
        "--port",
        str(port),
        "--participants",
        "0",
        "--content",
        "kommunen",
    )
    try:
        _wait_for(
            here, server, re.escape(texts.SERVE_RUNNING.format(url=f"http://localhost:{port}/"))
        )
        films = f"http://localhost:{port}/voila/render/01_temafilm.ipynb"
        text, _cookies = _page_text(films, "select")
    finally:
        _stop(server)
    assert "Kommunens Filmhold" in text  # only the copy says so


def test_lab_opens_the_notebooks_in_the_students_folder_and_exports_the_kits_handout(
    kit: InstalledKit,
) -> None:
    here = kit.folder("lab")
    installed, before = _kit_files(kit, here)
    port = _free_port()
    lab = kit.start(here, "lab", "--no-browser", "--port", str(port), "--folder", "mine")
    try:
        token = _wait_for(here, lab, rf":{port}/lab\?token=(\w+)").group(1)
        base = f"http://127.0.0.1:{port}"
        auth = {"Authorization": f"token {token}"}
        with urlopen(Request(f"{base}/api/contents", headers=auth), timeout=60) as listing:
            names = sorted(item["name"] for item in json.load(listing)["content"])
        # JupyterLab's export menu asks the server for this (File > Save and Export As).
        export = Request(
            f"{base}/nbconvert/opsporing_html/02_cases.ipynb?download=false", headers=auth
        )
        with urlopen(export, timeout=300) as exported:
            handout = exported.read().decode("utf-8")
        # A save as JupyterLab makes it: into the student's folder.
        model = json.loads((here / "mine" / "02_cases.ipynb").read_text("utf-8"))
        model["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "Mine noter"})
        save = Request(
            f"{base}/api/contents/02_cases.ipynb",
            data=json.dumps({"type": "notebook", "format": "json", "content": model}).encode(),
            headers={**auth, "Content-Type": "application/json"},
            method="PUT",
        )
        with urlopen(save, timeout=60) as saved:
            assert saved.status == 200
    finally:
        _stop(lab)
    assert names == sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
    assert texts.WORKSHEET_INTRO in handout and 'lang="da"' in handout
    assert "Mine noter" in (here / "mine" / "02_cases.ipynb").read_text("utf-8")
    assert _kit_files(kit, here) == (installed, before)  # the installed kit is untouched
