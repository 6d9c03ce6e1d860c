"""Measure what one participant costs on JupyterHub, for the sizing table in deploy/README.md.

Starts the hub from deploy/jupyterhub/ on this machine (as the hub test does:
local spawner, configurable-http-proxy from npm, PostgreSQL from
`OPSPORING_TEST_PG_URL`), lets participants log in one after another, join a
hold on the start page and answer on the film page, and reads from /proc:

- memory (PSS and RSS) of a participant's single-user server and of each page kernel,
- CPU seconds spent by the server and its kernels: starting the server, building
  the two pages, and one idle minute with the pages open.

Run from the checkout, after `make test` has installed the proxy, with a throwaway PostgreSQL:
`bash tests/with_postgres.sh .venv/bin/python deploy/kubernetes/measure_sizing.py [participants]`.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO / "tests"), str(REPO / "tests" / "hub")]

from hub_process import (  # noqa: E402
    START_PAGE,
    Hub,
    Participant,
)
from server_process import page_config  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from test_hub import ACCESS_CODE, ANSWER_VIEW, PIN, _answer, _join  # noqa: E402

from opsporing import content  # noqa: E402
from opsporing.store import Store  # noqa: E402

MiB = 1024 * 1024


def _server_of(hub: Hub, name: str) -> psutil.Process:
    for process in hub.processes():
        try:
            if "jupyterhub-singleuser" in " ".join(process.cmdline()) and (
                process.environ().get("JUPYTERHUB_USER") == name
            ):
                return process
        except psutil.Error:
            continue
    raise LookupError(name)


def _tree(process: psutil.Process) -> list[psutil.Process]:
    return [process, *process.children(recursive=True)]


def _cpu(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
            total += times.user + times.system + times.children_user + times.children_system
        except psutil.Error:
            continue
    return total


def _memory(process: psutil.Process) -> tuple[float, float]:
    info = process.memory_full_info()
    return info.pss / MiB, info.rss / MiB


def main(count: int) -> None:
    server_url = os.environ["OPSPORING_TEST_PG_URL"]
    name = "opsporing_sizing"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db_url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    code = Store(db_url).create_hold(PIN, "Måling")
    film = content.load(REPO).films[0].id
    rows = []
    with tempfile.TemporaryDirectory() as state:
        hub = Hub(state=Path(state), db_url=db_url, access_code=ACCESS_CODE)
        hub.start()
        try:
            for n in range(count):
                participant = Participant(hub)
                started = time.monotonic()
                participant.log_in(ACCESS_CODE)
                _html, kernel = participant.open_start_page()
                ready = time.monotonic() - started
                server = _server_of(hub, participant.name)
                cpu_start_page = _cpu(_tree(server))
                server_alone = _memory(server)
                start_kernel = [_memory(p) for p in server.children(recursive=True)]
                participant_id = asyncio.run(_join(participant, kernel, f"Måler {n}", code))
                before = _cpu(_tree(server))
                query = ANSWER_VIEW.format(film=film, participant=participant_id)
                page = participant.request(f"user/{participant.name}/{START_PAGE}?{query}")
                asyncio.run(_answer(participant, page_config(page.body)["kernelId"]))
                cpu_film_page = _cpu(_tree(server)) - before
                kernels = [_memory(p) for p in server.children(recursive=True)]
                before = _cpu(_tree(server))
                time.sleep(60)
                idle_minute = _cpu(_tree(server)) - before
                rows.append(
                    {
                        "ready s": ready,
                        "server PSS": server_alone[0],
                        "server RSS": server_alone[1],
                        "start kernel PSS": start_kernel[0][0] if start_kernel else 0,
                        "kernels PSS": sum(k[0] for k in kernels),
                        "kernels RSS": sum(k[1] for k in kernels),
                        "all PSS": sum(_memory(p)[0] for p in _tree(server)),
                        "CPU s to first page": cpu_start_page,
                        "CPU s film page": cpu_film_page,
                        "CPU s idle minute": idle_minute,
                    }
                )
                print(n, {k: round(v, 1) for k, v in rows[-1].items()}, flush=True)
            hub_pss = 0.0
            for process in [psutil.Process(hub.process.pid), *hub.processes()]:
                try:
                    line = " ".join(process.cmdline())
                    if "singleuser" not in line and "ipykernel" not in line:
                        hub_pss += _memory(process)[0]
                except psutil.Error:
                    continue
            print("hub, proxy and culler PSS MiB:", round(hub_pss), flush=True)
        finally:
            hub.stop()
    print("median:", {k: round(statistics.median(r[k] for r in rows), 1) for k in rows[0]})
    print("max:", {k: round(max(r[k] for r in rows), 1) for k in rows[0]})
    print("cores:", psutil.cpu_count(), "load:", os.getloadavg())
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 4)
