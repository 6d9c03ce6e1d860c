"""`opsporing serve --lan`: the room's network may reach the kit, but only with the token."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlencode, urlsplit

import psutil
import pytest
from server_process import OpsporingServer, Response, get, page_config, post

from opsporing import routes, serve


@pytest.fixture(scope="module")
def lan_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpsporingServer]:
    """Without a warm pool: this test needs one page, not a fast room."""
    folder = tmp_path_factory.mktemp("lan")
    server = OpsporingServer(
        data_dir=folder / "data", log_path=folder / "serve.log", participants=0, lan=True
    )
    server.start()
    yield server
    server.stop()


def listening_addresses(pid: int) -> set[str]:
    connections = psutil.Process(pid).net_connections(kind="tcp")
    return {c.laddr.ip for c in connections if c.status == psutil.CONN_LISTEN}


def test_lan_needs_the_token(lan_server: OpsporingServer) -> None:
    server = lan_server
    assert server.token, "no token printed"
    assert server.join_url is not None
    join = urlsplit(server.join_url)
    assert join.port == server.port
    assert parse_qs(join.query)["token"] == [server.token]
    assert join.hostname == serve.lan_address()

    # Every interface, so the room can reach it.
    assert listening_addresses(server.process.pid) & {"0.0.0.0", "::"}

    # Without the token: no page, no kernel, no film.
    page = server.page_url("00_start.ipynb")
    refused = get(page)
    assert refused.status in (302, 403)
    if refused.status == 302:
        assert urlsplit(refused.headers["Location"]).path == "/login"
    assert "jupyter-config-data" not in refused.text
    assert get(server.url).status in (302, 403)
    assert urlsplit(get(server.url).headers.get("Location", "/login")).path == "/login"
    wrong = get(page + "?token=" + "x" * len(server.token))
    assert wrong.status in (302, 403)

    # With it: the start page, and the kernel knows the join URL for the QR code.
    landing = get(server.url + f"?token={server.token}")
    assert landing.status == 302
    assert landing.headers["Location"] == "/voila/render/00_start.ipynb"
    rendered = get(page + f"?token={server.token}")
    assert rendered.status == 200
    kernel_id = page_config(rendered.text)["kernelId"]
    assert get(server.url + f"api/kernels/{kernel_id}").status == 403
    # The token alone is the room's: the kernel answers only the browser it was given to.
    assert get(server.url + f"api/kernels/{kernel_id}?token={server.token}").status == 404
    own = {"Cookie": "; ".join(rendered.cookies)}
    assert (
        get(server.url + f"api/kernels/{kernel_id}?token={server.token}", headers=own).status == 200
    )
    kernel = psutil.Process(server.kernel_pids()[kernel_id])
    assert kernel.environ()[routes.JOIN_URL_ENV] == server.join_url


def test_without_lan_only_this_machine_can_connect(opsporing_server: OpsporingServer) -> None:
    addresses = listening_addresses(opsporing_server.process.pid)
    assert addresses
    assert all(ipaddress.ip_address(a).is_loopback for a in addresses), addresses
    assert opsporing_server.token == ""
    rendered = get(opsporing_server.page_url("04_handout.ipynb"))
    assert rendered.status == 200
    kernel_id = page_config(rendered.text)["kernelId"]
    kernel = psutil.Process(opsporing_server.kernel_pids()[kernel_id])
    assert routes.JOIN_URL_ENV not in kernel.environ()


def test_login_page_is_danish_and_takes_the_token(lan_server: OpsporingServer) -> None:
    """Whoever typed the address without the token gets a Danish form, not Jupyter's."""
    login = get(lan_server.url + "login?next=%2F")
    assert login.status == 200
    assert '<html lang="da">' in login.text
    assert "Adgangsnøgle" in login.text
    assert not re.search(r"https?://", login.text)
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', login.text)
    assert xsrf
    cookie = {"Cookie": f"_xsrf={xsrf.group(1)}"}

    def log_in(password: str) -> Response:
        form = urlencode({"_xsrf": xsrf.group(1), "password": password}).encode()
        return post(lan_server.url + "login?next=%2F", form, cookie)

    wrong = log_in("forkert")
    assert wrong.status == 401
    assert "Nøglen passer ikke" in wrong.text
    right = log_in(lan_server.token)
    assert right.status == 302
    assert right.headers["Location"] == "/"
