"""`opsporing.privacy` on a bare tornado application: the header, a handshake, the log lines."""

from __future__ import annotations

import logging

import pytest
from server_process import run_in_own_loop
from tornado import web
from tornado.websocket import WebSocketHandler, websocket_connect

from opsporing import privacy


class Echo(WebSocketHandler):
    def on_message(self, message: str | bytes) -> None:
        self.write_message(message)


class Fails(web.RequestHandler):
    def get(self) -> None:
        raise RuntimeError("boom")


def application() -> web.Application:
    settings = privacy.server_settings({"compress_response": True}, logging.getLogger("test"))
    return web.Application([(r"/ws", Echo), (r"/fails", Fails)], **settings)


async def _handshake_headers() -> dict[str, str]:
    app = application()
    server = app.listen(0, "127.0.0.1")
    port = next(iter(server._sockets.values())).getsockname()[1]
    try:
        connection = await websocket_connect(f"ws://127.0.0.1:{port}/ws?token=hemmelig")
        await connection.write_message("hej")
        assert await connection.read_message() == "hej"
        headers = dict(connection.headers.get_all())
        connection.close()
        return headers
    finally:
        server.stop()


def test_a_websocket_handshake_carries_the_policy() -> None:
    headers = run_in_own_loop(_handshake_headers())
    assert headers["Referrer-Policy"] == privacy.REFERRER_POLICY


def test_gzip_stays_when_asked_for() -> None:
    assert privacy.transforms(compress=True) == [privacy.ReferrerPolicy, web.GZipContentEncoding]
    assert privacy.transforms(compress=False) == [privacy.ReferrerPolicy]


@pytest.mark.parametrize(
    ("line", "clean"),
    [
        ("404 GET /nope?token=abc&sted=Vejle (127.0.0.1) 0.5ms", "404 GET /nope (127.0.0.1) 0.5ms"),
        ("Uncaught exception GET /a/b?token=x (::1)", "Uncaught exception GET /a/b (::1)"),
        (
            "HTTPServerRequest(uri='/a?token=x', version='HTTP/1.1')",
            "HTTPServerRequest(uri='/a', version='HTTP/1.1')",
        ),
        (
            "Voilà is running at:\nhttp://vm:8866/?token=...",
            "Voilà is running at:\nhttp://vm:8866/",
        ),
        ("Er der et spørgsmål? Ja.", "Er der et spørgsmål? Ja."),
    ],
)
def test_queries_leave_log_lines(line: str, clean: str) -> None:
    assert privacy.without_queries(line) == clean


def test_a_logger_with_the_scrubber_writes_no_query(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("opsporing.test-privacy")
    privacy.scrub_queries(logger)
    privacy.scrub_queries(logger)
    assert sum(isinstance(f, privacy.QueryScrubber) for f in logger.filters) == 1
    with caplog.at_level(logging.INFO, logger=logger.name):
        logger.warning("%d %s", 403, "GET /api/kernels/x?token=hemmelig")
        try:
            raise ValueError("/voila/render/a.ipynb?sted=Vejle")
        except ValueError:
            logger.exception("failed")
    assert "hemmelig" not in caplog.text and "Vejle" not in caplog.text
    assert "403 GET /api/kernels/x" in caplog.text
