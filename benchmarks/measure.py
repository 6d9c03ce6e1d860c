"""The row every benchmark returns, and the few statistics the benchmarks share."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Sequence
from typing import Any, NotRequired, TypedDict


class Row(TypedDict):
    """One figure beside its baseline; `target` says what the issue asked for, in words."""

    name: str
    value: float
    baseline: float
    unit: str
    p50: NotRequired[float]
    p95: NotRequired[float]
    target: NotRequired[str]
    note: NotRequired[str]


def percentile(samples: Sequence[float], q: float) -> float:
    """The nearest-rank percentile: a real observed sample, never an interpolated one."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def ratio(row: Row) -> float:
    return row["value"] / row["baseline"] if row["baseline"] else math.nan


def an_answer(question: Any) -> Any:
    """A plausible answer to any question, as the benchmarks' participants give it."""
    options = list(getattr(question, "options", []))
    return {
        "fritekst": "Hun virker træt og sulten om morgenen.",
        "enkeltvalg": options[0] if options else None,
        "flervalg": options[:2],
        "handling": options[:2],
        "skala": getattr(question, "low", 1),
        "trafiklys": "gul",
    }[str(getattr(question.kind, "value", question.kind))]


class WireCounter:
    """A TCP relay between a browser and the server that counts the bytes it carries to the
    browser: pages, files and websocket frames, as they travel (compressed or not). A
    browser's own network log counts HTTP responses only, not what the websocket brings."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.received = 0
        self._server: asyncio.Server | None = None

    async def start(self) -> int:
        """Listen on a free loopback port, which is returned."""
        self._server = await asyncio.start_server(self._relay, "127.0.0.1", 0)
        return int(self._server.sockets[0].getsockname()[1])

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()

    async def _relay(
        self, browser_in: asyncio.StreamReader, browser_out: asyncio.StreamWriter
    ) -> None:
        server_in, server_out = await asyncio.open_connection(self.host, self.port)

        async def pump(
            source: asyncio.StreamReader, sink: asyncio.StreamWriter, counted: bool
        ) -> None:
            try:
                while chunk := await source.read(65536):
                    if counted:
                        self.received += len(chunk)
                    sink.write(chunk)
                    await sink.drain()
            except (ConnectionError, asyncio.CancelledError):
                pass
            finally:
                sink.close()

        await asyncio.gather(
            pump(browser_in, server_out, False), pump(server_in, browser_out, True)
        )
