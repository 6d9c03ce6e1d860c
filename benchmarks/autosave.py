"""Autosave latency: one answer write while 40 kernels write at once, against one kernel alone.

Every Voila page is its own kernel process, and every answer is written the
moment it is given, so in a room of 40 the store sees 40 processes writing at
once. Each writer here is a separate process with its own `Store`, as a kernel
is; all start within the same tenth of a second (the trainer says "go") and then
write with a random pause of at most 0.1 s, far shorter than the debounce of a
person typing, so the crowd writes about 800 answers a second, some twenty times
what a real room does. The baseline is one writer doing the same writes alone;
rounds alternate baseline and crowd.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import random
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from benchmarks.measure import Row, percentile

WRITERS = 40
ROUNDS = 3
WRITES_PER_WRITER = 20
BASELINE_WRITES = 100
MAX_PAUSE_S = 0.1
PG_URL_ENV = "OPSPORING_TEST_PG_URL"
PG_BENCH_DATABASE = "opsporing_bench"
ANSWER = "Hun kommer ofte uden madpakke og virker træt om morgenen. " * 4


def _writer(url: str, hold: str, index: int, commands: Connection) -> None:
    """A kernel's share of the work: join once, then write answers when told to start."""
    from opsporing import store

    s = store.Store(url)
    me = s.join(f"skriver-{index}", hold)
    commands.send("ready")
    while (order := commands.recv()) is not None:
        writes, start_at = order
        rng = random.Random(index)
        time.sleep(max(0.0, start_at - time.time()) + rng.uniform(0, MAX_PAUSE_S))
        latencies = []
        for i in range(writes):
            t0 = time.perf_counter()
            s.save_answer(me.id, f"benchmark/{i % 7}/svar", f"{ANSWER}{i}")
            latencies.append(time.perf_counter() - t0)
            time.sleep(rng.uniform(0, MAX_PAUSE_S))
        commands.send(latencies)
    s.engine.dispose()


def _measure(url: str) -> tuple[list[float], list[float]]:
    """Latencies (s) of the crowd and of the lone writer, rounds interleaved."""
    from opsporing import store

    setup = store.Store(url)
    hold = setup.create_hold("123456", "benchmark")
    setup.engine.dispose()
    ctx = mp.get_context("spawn")
    pipes, workers = [], []
    for index in range(WRITERS):
        ours, theirs = ctx.Pipe()
        worker = ctx.Process(target=_writer, args=(url, hold, index, theirs), daemon=True)
        worker.start()
        pipes.append(ours)
        workers.append(worker)
    for pipe in pipes:
        if pipe.recv() != "ready":
            raise RuntimeError("a writer did not start")
    crowd: list[float] = []
    alone: list[float] = []
    try:
        for _round in range(ROUNDS):
            pipes[0].send((BASELINE_WRITES, time.time() + 0.1))
            alone.extend(pipes[0].recv())
            start_at = time.time() + 0.3
            for pipe in pipes:
                pipe.send((WRITES_PER_WRITER, start_at))
            for pipe in pipes:
                crowd.extend(pipe.recv())
    finally:
        for pipe in pipes:
            pipe.send(None)
        for worker in workers:
            worker.join(timeout=10)
    return crowd, alone


def _rows(database: str, crowd: list[float], alone: list[float]) -> list[Row]:
    ms = [x * 1000 for x in crowd]
    base = [x * 1000 for x in alone]
    return [
        {
            "name": f"autosave p50, {WRITERS} writers ({database})",
            "value": percentile(ms, 50),
            "baseline": percentile(base, 50),
            "unit": "ms",
        },
        {
            "name": f"autosave p99, {WRITERS} writers ({database})",
            "value": percentile(ms, 99),
            "baseline": percentile(base, 99),
            "unit": "ms",
            "target": "p99 ≤ 20 ms",
        },
    ]


def _postgres_url() -> str | None:
    """A throwaway database on the configured server, so no one else's tables are touched."""
    url = os.environ.get(PG_URL_ENV)
    if not url:
        return None
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {PG_BENCH_DATABASE} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {PG_BENCH_DATABASE}"))
    admin.dispose()
    return make_url(url).set(database=PG_BENCH_DATABASE).render_as_string(hide_password=False)


def _drop_postgres() -> None:
    admin = create_engine(os.environ[PG_URL_ENV], isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {PG_BENCH_DATABASE} WITH (FORCE)"))
    admin.dispose()


def run() -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        rows += _rows("SQLite", *_measure(url))
    pg_url = _postgres_url()
    if pg_url is None:
        print(f"autosave: PostgreSQL skipped, set {PG_URL_ENV} to measure it")
        return rows
    try:
        rows += _rows("PostgreSQL", *_measure(pg_url))
    finally:
        _drop_postgres()
    return rows
