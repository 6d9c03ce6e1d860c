"""Autosave latency: one answer write while 40 kernels write at once, against one kernel alone.

Every Voila page is its own kernel process, and every answer is written the
moment it is given, so in a room of 40 the server's store line is asked by 40
processes at once (`opsporing.store_route`). Each writer here is a separate
process saving through a `RemoteStore` to a real `opsporing serve`, as a kernel
does; all start within the same tenth of a second (the trainer says "go") and then
write with a random pause of at most 0.1 s, far shorter than the debounce of a
person typing, so the crowd writes about 800 answers a second, some twenty times
what a real room does. The baseline is one writer doing the same writes alone;
rounds alternate baseline and crowd.

A second measure puts one participant who saves 1,000 times in 10 s (a script,
or a page stuck in a loop) beside 39 who save as a busy room does, about once a
second each (a quick click through the self-assessment; typing saves less often),
through the pace each participant's kernel keeps (`opsporing.save_pace`): the
others' p99 should be what it is without them. The same flooder saving without the
pace is measured too, to show what the pace is for. Beside the crowd of
the first measure (800 saves a second) a flooder's hundred is lost in the
crowd's own queue for the lock, so that crowd could not tell the three apart.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import random
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import create_engine, make_url, text

from benchmarks.measure import Row, percentile
from benchmarks.server import store_server

if TYPE_CHECKING:
    from opsporing.store_client import PageStore, RemoteStore

PORT = 18854
WRITERS = 40
ROUNDS = 3
WRITES_PER_WRITER = 20
BASELINE_WRITES = 100
MAX_PAUSE_S = 0.1
PG_URL_ENV = "OPSPORING_TEST_PG_URL"
PG_BENCH_DATABASE = "opsporing_bench"
ANSWER = "Hun kommer ofte uden madpakke og virker træt om morgenen. " * 4


def _remote(reach: dict[str, str]) -> RemoteStore:
    """The store as a kernel of the server reaches it (its environment, then the client)."""
    os.environ.update(reach)
    from opsporing.store_client import RemoteStore

    return RemoteStore()


def _writer(reach: dict[str, str], hold: str, index: int, commands: Connection) -> None:
    """A kernel's share of the work: join once, then write answers when told to start."""
    s = _remote(reach)
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


def _hold(url: str, name: str) -> str:
    """The trainer's hold, made straight in the database as the trainer's page does."""
    from opsporing import store

    setup = store.Store(url)
    hold = setup.create_hold("123456", name)
    setup.engine.dispose()
    return hold


def _measure(url: str) -> tuple[list[float], list[float]]:
    """Latencies (s) of the crowd and of the lone writer, rounds interleaved."""
    hold = _hold(url, "benchmark")
    with store_server(PORT, url) as reach:
        return _measure_writers(reach, hold)


def _measure_writers(reach: dict[str, str], hold: str) -> tuple[list[float], list[float]]:
    ctx = mp.get_context("spawn")
    pipes, workers = [], []
    for index in range(WRITERS):
        ours, theirs = ctx.Pipe()
        worker = ctx.Process(target=_writer, args=(reach, hold, index, theirs), daemon=True)
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


FLOOD_SAVES = 1000
FLOOD_SECONDS = 10.0
FLOOD_QUESTIONS = 30
FLOOD_ROUNDS = 6
STEADY_PAUSE_S = (0.5, 1.5)
"""Between two saves of one of the 39 beside the flooder: a second on average."""
FLOOD_MODES = ("none", "paced", "unpaced")
"""Beside the steady writers: no flooder, one saving through its kernel's pace
(`opsporing.save_pace`, as `Session.save` does), and one saving without it."""


def _flood(s: PageStore, participant: str, mode: str, start_at: float, tag: str) -> dict:
    """One participant saving `FLOOD_SAVES` times in `FLOOD_SECONDS`, over `FLOOD_QUESTIONS`
    questions; then whether the newest value of every question is in the store.

    On an event loop, as in a participant's kernel: there the pace's later writes run on
    the kernel's loop (`widgets.debounce.default_timer`), not on a thread beside the saves.
    """
    from opsporing.save_pace import SavePace

    async def flood() -> dict:
        pace = SavePace()
        writes = 0

        def write(key: str, value: str) -> None:
            nonlocal writes
            s.save_answer(participant, key, value)
            writes += 1

        newest: dict[str, str] = {}
        for i in range(FLOOD_SAVES):
            await asyncio.sleep(max(0.0, start_at + i * FLOOD_SECONDS / FLOOD_SAVES - time.time()))
            key, value = f"flood/{i % FLOOD_QUESTIONS}/svar", f"{tag}-{i}"
            newest[key] = value
            if mode == "paced":
                pace.submit(key, lambda k=key, v=value: write(k, v))
            else:
                write(key, value)
        while pace.waiting:
            await asyncio.sleep(0.02)
        stored = s.answers(participant)
        lost = sum(1 for key, value in newest.items() if stored[key].value != value)
        return {"writes": writes, "lost": lost, "done": time.time() - start_at}

    return asyncio.run(flood())


def _crowd_member(reach: dict[str, str], hold: str, index: int, commands: Connection) -> None:
    """Writer 0 floods (or not, by the round); the others write as the crowd above does."""
    s = _remote(reach)
    me = s.join(f"skriver-{index}", hold)
    commands.send("ready")
    while (order := commands.recv()) is not None:
        mode, start_at, tag = order
        if index == 0:
            if mode == "none":
                time.sleep(max(0.0, start_at + FLOOD_SECONDS - time.time()))
                commands.send({"writes": 0, "lost": 0, "done": FLOOD_SECONDS})
            else:
                commands.send(_flood(s, me.id, mode, start_at, tag))
            continue
        rng = random.Random(f"{index}-{tag}")
        time.sleep(max(0.0, start_at - time.time()) + rng.uniform(0, STEADY_PAUSE_S[1]))
        latencies, i = [], 0
        while time.time() < start_at + FLOOD_SECONDS:
            t0 = time.perf_counter()
            s.save_answer(me.id, f"benchmark/{i % 7}/svar", f"{ANSWER}{i}")
            latencies.append(time.perf_counter() - t0)
            i += 1
            time.sleep(rng.uniform(*STEADY_PAUSE_S))
        commands.send(latencies)


def _measure_flood(url: str) -> tuple[dict[str, list[list[float]]], list[dict]]:
    """The steady writers' latencies (s) by flood mode, one list per round, rounds
    interleaved; the paced flooder's own figures."""
    hold = _hold(url, "benchmark-flood")
    with store_server(PORT, url) as reach:
        return _measure_crowd(reach, hold)


def _measure_crowd(
    reach: dict[str, str], hold: str
) -> tuple[dict[str, list[list[float]]], list[dict]]:
    ctx = mp.get_context("spawn")
    pipes, workers = [], []
    for index in range(WRITERS):
        ours, theirs = ctx.Pipe()
        worker = ctx.Process(target=_crowd_member, args=(reach, hold, index, theirs), daemon=True)
        worker.start()
        pipes.append(ours)
        workers.append(worker)
    for pipe in pipes:
        if pipe.recv() != "ready":
            raise RuntimeError("a writer did not start")
    steady: dict[str, list[list[float]]] = {mode: [] for mode in FLOOD_MODES}
    floods: list[dict] = []
    try:
        for round_ in range(FLOOD_ROUNDS):
            # Each mode in each place of the round in turn: a busy machine's spells even out.
            turn = round_ % len(FLOOD_MODES)
            for mode in FLOOD_MODES[turn:] + FLOOD_MODES[:turn]:
                start_at = time.time() + 0.5
                for pipe in pipes:
                    pipe.send((mode, start_at, f"{round_}-{mode}"))
                flood = pipes[0].recv()
                if mode == "paced":
                    floods.append(flood)
                steady[mode].append([x for pipe in pipes[1:] for x in pipe.recv()])
    finally:
        for pipe in pipes:
            pipe.send(None)
        for worker in workers:
            worker.join(timeout=10)
    return steady, floods


def _flood_rows(
    database: str, steady: dict[str, list[list[float]]], floods: list[dict]
) -> list[Row]:
    p99 = {
        mode: percentile([x * 1000 for round_ in steady[mode] for x in round_], 99)
        for mode in FLOOD_MODES
    }
    # The spread of a round's p99 without a flooder: what "usual" is on this machine.
    usual = sorted(percentile([x * 1000 for x in round_], 99) for round_ in steady["none"])
    saves = sum(len(round_) for round_ in steady["none"])
    writes = max(f["writes"] for f in floods)
    lost = sum(f["lost"] for f in floods)
    done = max(f["done"] for f in floods)
    print(
        f"autosave ({database}): the other {WRITERS - 1} writers' p99 "
        f"{p99['none']:.1f} ms alone, {p99['paced']:.1f} ms beside a paced flooder, "
        f"{p99['unpaced']:.1f} ms beside an unpaced one; one round's p99 without a flooder "
        f"{usual[0]:.1f}-{usual[-1]:.1f} ms ({saves} saves in {len(usual)} rounds)"
    )
    return [
        {
            "name": (
                f"autosave p99 of {WRITERS - 1} saving once a second beside one saving "
                f"{FLOOD_SAVES:,} times in {FLOOD_SECONDS:.0f} s ({database})"
            ),
            "value": p99["paced"],
            "baseline": p99["none"],
            "unit": "ms",
            "target": "not beyond the usual p99",
            "note": (
                f"baseline: no flooder (one round's p99 {usual[0]:.3g}-{usual[-1]:.3g} ms); "
                f"flooder unpaced: {p99['unpaced']:.3g} ms; "
                f"the paced flooder wrote {writes} of {FLOOD_SAVES:,} saves in {done:.1f} s, "
                f"{lost} of its questions' newest answers lost"
            ),
        }
    ]


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
        rows += _flood_rows("SQLite", *_measure_flood(url))
    pg_url = _postgres_url()
    if pg_url is None:
        print(f"autosave: PostgreSQL skipped, set {PG_URL_ENV} to measure it")
        return rows
    try:
        rows += _rows("PostgreSQL", *_measure(pg_url))
        rows += _flood_rows("PostgreSQL", *_measure_flood(pg_url))
    finally:
        _drop_postgres()
    return rows
