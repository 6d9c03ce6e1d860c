"""A real `opsporing serve --lan` keeps a page's address to itself: in no referrer, in no log.

The join link holds the room's token and a page's address a participant's
place in the app. Every response tells the browser not to send them to
another site (`Referrer-Policy`), and `serve.log` on the trainer's laptop
holds the paths that were asked for, never their query.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator

import pytest
from server_process import OpsporingServer, Response, content_with_local_film, get, page_config

from opsporing import content, paths, privacy, routes, serve

PLACE = "sted=Vejle-Sygehus"
"""A query a participant's page address could carry; it must not reach the log."""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpsporingServer]:
    """On the LAN (so there is a token to leak), no warm pool, and a local film."""
    folder = tmp_path_factory.mktemp("privacy")
    film = content.load(paths.REPO_ROOT).films[0].id
    served = OpsporingServer(
        data_dir=folder / "data",
        log_path=folder / "terminal.log",
        content_root=content_with_local_film(folder / "content", film),
        participants=0,
        lan=True,
    )
    served.start()
    yield served
    served.stop()


def cookies_of(response: Response) -> str:
    return "; ".join(
        value.split(";", 1)[0]
        for key, value in response.headers.items()
        if key.lower() == "set-cookie"
    )


def handshake(server: OpsporingServer, path: str, cookie: str) -> tuple[int, dict[str, str]]:
    """A websocket handshake as a browser sends it; the status and headers of the answer."""
    request = (
        f"GET /{path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        f"Origin: http://127.0.0.1:{server.port}\r\nCookie: {cookie}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", server.port), timeout=60) as sock:
        sock.sendall(request.encode())
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    status_line, *lines = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines if ": " in line)
    return int(status_line.split()[1]), headers


def test_every_kind_of_response_keeps_the_referrer_home(server: OpsporingServer) -> None:
    token = f"token={server.token}"
    page = get(server.page_url("01_temafilm.ipynb", token))
    assert page.status == 200
    cookie = cookies_of(page)
    as_page = {"Cookie": cookie, "Referer": server.page_url("01_temafilm.ipynb")}
    film = next((server.content_root / "films" / "local").glob("*.mp4")).name
    responses = {
        "page": page,
        "start redirect": get(server.url + f"?{token}"),
        "login redirect": get(server.page_url("00_start.ipynb")),
        "login page": get(server.url + "login?next=%2F"),
        "template static": get(server.url + "voila/templates/opsporing/static/opsporing.css"),
        "voila static": get(server.url + "voila/static/voila-style.js"),
        "not found": get(server.url + "findes-ikke"),
        "page not found": get(server.page_url("findes-ikke.ipynb"), headers=as_page),
        "refused api": get(server.url + "api/kernels/00000000-0000-0000-0000-000000000000"),
        "film": get(server.url + f"{routes.FILM_ROUTE}/{film}", headers=as_page),
        "handout": get(server.url + f"{routes.HANDOUT_ROUTE}/ukendt.html", headers=as_page),
    }
    expected = {
        "page": 200,
        "start redirect": 302,
        "login redirect": 302,
        "login page": 200,
        "template static": 200,
        "voila static": 200,
        "not found": 404,
        "page not found": 404,
        "refused api": 403,
        "film": 200,
        "handout": 404,
    }
    assert {kind: r.status for kind, r in responses.items()} == expected
    missing = {
        kind: r.headers.get("Referrer-Policy")
        for kind, r in responses.items()
        if r.headers.get("Referrer-Policy") != privacy.REFERRER_POLICY
    }
    assert not missing, missing

    kernel_id = page_config(page.text)["kernelId"]
    status, headers = handshake(
        server, f"api/kernels/{kernel_id}/channels?session_id=privacy&{token}", cookie
    )
    # Accepted for the kernel's own browser, refused to anyone else: either way the
    # answer says it (the 101 of an accepted handshake: `tests/test_privacy.py`).
    assert status in (101, 403, 404)
    assert headers.get("Referrer-Policy") == privacy.REFERRER_POLICY

    meta = f'<meta name="referrer" content="{privacy.REFERRER_POLICY}">'
    for kind in ("page", "login page", "page not found"):
        assert meta in responses[kind].text, kind


def test_the_waiting_pages_say_it_too() -> None:
    from opsporing import voila_app

    meta = f'<meta name="referrer" content="{privacy.REFERRER_POLICY}">'
    assert meta in voila_app.waiting_page("Der er fuldt", "Prøv igen", 5)


def test_the_log_has_paths_but_no_token_and_no_query(
    server: OpsporingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = f"token={server.token}"
    asked = {
        "/voila/render/00_start.ipynb": (f"?{token}&{PLACE}", 200),
        "/findes-ikke-med-noegle": (f"?{token}&{PLACE}", 404),
        "/voila/render/findes-ikke.ipynb": (f"?{token}&vis=hjaelp&{PLACE}", 404),
        "/api/kernels/00000000-0000-0000-0000-000000000000": (f"?{PLACE}", 403),
        "/login": (f"?next=%2Fvoila%2Frender%2F00_start.ipynb%3F{PLACE}", 200),
    }
    for path, (query, status) in asked.items():
        assert get(server.url + path.lstrip("/") + query).status == status, path
    monkeypatch.setenv(paths.DATA_ENV, str(server.data_dir))
    log = serve.log_path().read_text("utf-8")

    assert server.token not in log
    assert "Vejle" not in log
    assert "token=" not in log
    assert not re.search(r"\?\S", log), [line for line in log.splitlines() if "?" in line]
    # What went wrong is still there, by path: a trainer can see what was asked for.
    assert "404 GET /findes-ikke-med-noegle " in log
    assert "404 GET /voila/render/findes-ikke.ipynb " in log
    assert "403 GET /api/kernels/00000000-0000-0000-0000-000000000000 " in log
