"""What the server gives away about a request: no referrer to other sites, no query in its log.

The join link carries the room's token (`?token=…`), and a page's address
carries a participant's place in the app (`?vis=…&case=…`), so neither may
leave the server, nor stay behind in `serve.log` on the trainer's laptop.

Referrer policy: `same-origin`, on every response the server sends (pages,
static files, the login form, errors, the tornado 404 and websocket
handshakes), through a tornado output transform, because Voila's static file
handlers, tornado's 404 and plain tornado websockets are no Jupyter handlers
and ignore Jupyter's `headers` setting. Another site never gets a
`Referer` from the kit. Not `no-referrer`, which would drop it on the kit's own
requests too, and Jupyter Server relies on it there: the film route
(`AuthenticatedFileHandler`) refuses a `<video>`'s GET without a same-site
`Referer` (403), and under `no-referrer` a browser posts the login form with
`Origin: null`, which Jupyter's origin check refuses (measured in Chromium).
Every external link says `noreferrer` itself too (`opsporing.links`).

Log: tornado logs every request it answers with its URI, query and all;
`log_request` logs the method, the path, the status and the time instead,
and `scrub_queries` takes query strings out of every other line the server's
loggers write (tornado's summaries of failed requests, Voila's own lines).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from tornado import web
from tornado.httputil import HTTPHeaders
from tornado.log import access_log

REFERRER_POLICY = "same-origin"
SERVER_LOGGERS = ("tornado.access", "tornado.application", "tornado.general")
"""Tornado's loggers; Jupyter's handlers log on `tornado.application` under Voila."""


class ReferrerPolicy(web.OutputTransform):
    """Adds `Referrer-Policy` to the headers of every response, whichever handler made it."""

    def transform_first_chunk(
        self, status_code: int, headers: HTTPHeaders, chunk: bytes, finishing: bool
    ) -> tuple[int, HTTPHeaders, bytes]:
        headers["Referrer-Policy"] = REFERRER_POLICY
        return status_code, headers, chunk


def transforms(compress: bool) -> list[type[web.OutputTransform]]:
    """The application's output transforms: the policy, then gzip if `compress`.

    Given to `tornado.web.Application` as `transforms`, which replaces its
    default list, so gzip (what `compress_response` would add) is named here.
    """
    return [ReferrerPolicy, *([web.GZipContentEncoding] if compress else [])]


def log_request(handler: web.RequestHandler) -> None:
    """Tornado's `log_function`: the request without its query, at tornado's own levels.

    Tornado logs `handler._request_summary()`, the whole URI; a 404 or 403 of a
    join link or a page address would put its token or place into the log.
    """
    status = handler.get_status()
    level = logging.INFO if status < 400 else logging.WARNING if status < 500 else logging.ERROR
    request = handler.request
    millis = 1000.0 * request.request_time()
    access_log.log(level, "%d %s %s %.2fms", status, request.method, request.path, millis)


_QUERY = re.compile(r"(?<=[\w/.%~-])\?[^\s'\"<>()\[\]{}]+")
"""A `?` right after a path or address, and what follows it up to a space or a quote."""


def without_queries(text: str) -> str:
    return _QUERY.sub("", text)


class QueryScrubber(logging.Filter):
    """Takes query strings out of a log record: its message, and its traceback's text."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = without_queries(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = without_queries(logging.Formatter().formatException(record.exc_info))
        return True


def scrub_queries(*loggers: logging.Logger) -> None:
    """Put a `QueryScrubber` on tornado's loggers and on `loggers` (once each)."""
    for logger in (*map(logging.getLogger, SERVER_LOGGERS), *loggers):
        if not any(isinstance(f, QueryScrubber) for f in logger.filters):
            logger.addFilter(QueryScrubber())


def server_settings(settings: dict[str, Any], app_log: logging.Logger) -> dict[str, Any]:
    """`settings` for the kit's tornado application with the above in place."""
    settings["transforms"] = transforms(bool(settings.get("compress_response")))
    settings["log_function"] = log_request
    scrub_queries(app_log)
    return settings
