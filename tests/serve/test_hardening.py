"""A real server refuses what no page sends: paths out of its folders, and code to run.

Both go through the `opsporing serve` a trainer starts, over HTTP and the page's
own kernel websocket, as anyone on the room's network could.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from server_process import KernelChannel, OpsporingServer, get, login_cookie, page_config

from opsporing import routes

# Each static route, with `..` as typed, percent-encoded, and behind a valid prefix.
TRAVERSALS = [
    "voila/templates/opsporing/static/..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "voila/templates/opsporing/static/../../../../../../etc/passwd",
    "voila/templates/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "voila/templates/..%2Fstatic%2F..%2F..%2Fetc%2Fpasswd",
    "voila/templates/opsporing",
    "voila/templates/opsporing/static/",
    "voila/templates/opsporing/static/%00",
    "voila/templates/%2E%2E/static/conf.json",
    "voila/static/..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "voila/static/%2Fetc%2Fpasswd",
    "voila/labextensions/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "voila/api/themes/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "voila/files/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "voila/files/..%2F..%2F..%2F..%2Fx.png",
    f"{routes.FILM_ROUTE}/..%2F..%2FREADME.md",
]


def test_path_traversal_on_every_static_route_is_not_found(
    opsporing_server: OpsporingServer,
) -> None:
    server = opsporing_server
    logged_before = len(server.log())
    page = {"Cookie": login_cookie(server)}
    for path in TRAVERSALS:
        response = get(server.url + path, headers=page)
        assert response.status == 404, (path, response.status, response.text[:300])
        assert b"root:" not in response.body
    assert get(server.url + "voila/templates/opsporing/static/opsporing.css").status == 200
    new_lines = server.log()[logged_before:]
    assert "Traceback" not in new_lines
    assert " 500 " not in new_lines and "500 GET" not in new_lines


def test_a_page_kernel_refuses_execute_request(
    opsporing_server: OpsporingServer, tmp_path: Path
) -> None:
    """Voila lets only widget messages through: code sent to a page's kernel never runs.

    The code would write a file. A `kernel_info_request` sent after it is
    answered, and the kernel answers shell requests in order, so once that
    reply is in, the code would have run; the file must not exist.
    """
    rendered = get(opsporing_server.page_url("03_hjaelp.ipynb"))
    assert rendered.status == 200
    kernel_id = page_config(rendered.text)["kernelId"]
    marker = tmp_path / "koden-koerte"
    code = f"open({str(marker)!r}, 'w').write('ja')"
    with ThreadPoolExecutor(max_workers=1) as thread:
        replies = thread.submit(
            asyncio.run, _execute_then_ask(opsporing_server, kernel_id, code)
        ).result()
    types = [msg.get("msg_type") for msg in replies]
    assert "kernel_info_reply" in types
    assert not {"execute_reply", "execute_input", "execute_result", "stream", "error"} & set(
        types
    ), types
    assert not marker.exists(), "the kernel ran code sent over the websocket"


async def _execute_then_ask(server: OpsporingServer, kernel_id: str, code: str) -> list[dict]:
    channel = await KernelChannel.open(server, kernel_id)
    execute = {"code": code, "silent": False, "store_history": True, "allow_stdin": False}
    await channel.send("execute_request", execute)
    await channel.send("kernel_info_request", {})
    seen: list[dict] = []
    try:
        async with asyncio.timeout(60):
            while True:
                msg = await channel.receive()
                seen.append(msg)
                if msg.get("msg_type") == "kernel_info_reply":
                    return seen
    finally:
        channel.close()
