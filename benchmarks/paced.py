"""The trainer moves a room of 40: how long until every follower is there, and what it costs.

The kit is served as a trainer starts it (`opsporing serve --participants 40`);
40 protocol-level participants (`benchmarks/participant.py`) join one hold and
follow the trainer. The trainer's step is the one write the trainer page makes
(`Store.send_room`), made here from the benchmark's process; a participant has
arrived when its kernel says so (`Navigator.announce_move`, sent after the new
view and its place). Three steps: Hjælp, a film, a case's first stage with the
later stages locked. The baseline, in the same run: the same 40 moving to Hjælp
by their own click (`Participant.move`), which is what a trainer saying "open
Hjælp now" costs without the step.

CPU comes from the processes' own counters (server and every kernel): per step,
and per second while 40 followers only look for the next step.
"""

from __future__ import annotations

import asyncio
import math
import os
import time

from benchmarks.measure import Row, percentile
from benchmarks.participant import Participant
from benchmarks.room import TIMEOUT, all_at_once, leave_all, seat
from benchmarks.server import Room, cpu_seconds, room
from opsporing import content, paths, store, views
from opsporing.store_client import WATCH_WAIT

PORT = 18853
CROWD = int(os.environ.get("OPSPORING_BENCH_CROWD", 40))
LOOKING = 10.0
"""Seconds over which the followers' looking is measured, the room otherwise at rest."""
ARRIVAL_TIMEOUT = 30.0


async def _step(
    served: Room, db: store.Store, hold: str, crowd: list[Participant], place: dict, locks: dict
) -> tuple[list[float], float]:
    """One trainer step: each follower's seconds until arrived (inf if not), and its CPU."""
    cpu_before = await asyncio.to_thread(cpu_seconds, served)
    waiting = [asyncio.ensure_future(m.until_moved()) for m in crowd]
    started = time.perf_counter()
    await asyncio.to_thread(db.send_room, hold, place, locks)
    done, pending = await asyncio.wait(waiting, timeout=ARRIVAL_TIMEOUT)
    for task in pending:
        task.cancel()
    arrived = [
        task.result() - started if task in done and task.exception() is None else math.inf
        for task in waiting
    ]
    await asyncio.sleep(0.5)  # the moves' last messages
    cpu = await asyncio.to_thread(cpu_seconds, served) - cpu_before
    return arrived, cpu


async def _measure(served: Room, kit: content.Content) -> dict:
    hold, cookies = await asyncio.to_thread(seat, served, kit, CROWD)
    db = store.Store(f"sqlite:///{served.data_dir / 'opsporing.sqlite'}")
    crowd = [Participant(served.base_url, cookie=cookie) for cookie in cookies]
    joined, errors = await all_at_once(lambda m: m.join(views.ENTRY_NOTEBOOK, "", TIMEOUT), crowd)
    await asyncio.to_thread(served.settle)

    before = await asyncio.to_thread(cpu_seconds, served)
    await asyncio.sleep(LOOKING)
    looking = (await asyncio.to_thread(cpu_seconds, served) - before) / LOOKING

    case = kit.vignettes[0].id
    steps = [
        ({"vis": "hjaelp"}, {}),
        ({"vis": "temafilm", "film": kit.films[0].id}, {}),
        ({"vis": "cases", "case": case, "trin": "1"}, {case: 1}),
    ]
    arrivals, cpus = [], []
    for place, locks in steps:
        arrived, cpu = await _step(served, db, hold, crowd, place, locks)
        arrivals.append(arrived)
        cpus.append(cpu)
        print(
            f"   step to {place}: {sum(map(math.isfinite, arrived))}/{len(crowd)} arrived, "
            f"p95 {percentile(arrived, 95):.3f} s, CPU {cpu:.2f} s",
            flush=True,
        )
        await asyncio.to_thread(served.settle)

    # The baseline: everyone at their own pace, stepping out, then clicking to Hjælp.
    await asyncio.to_thread(_every_one_at_own_pace, db, hold)
    await asyncio.sleep(1.0)
    await all_at_once(lambda m: m.move("start"), crowd)
    clicked, click_errors = await all_at_once(lambda m: m.move("hjaelp"), crowd)
    await leave_all(crowd)
    db.engine.dispose()
    return {
        "joined": joined,
        "errors": errors + click_errors,
        "looking": looking,
        "arrivals": arrivals,
        "cpus": cpus,
        "clicked": clicked,
    }


def _every_one_at_own_pace(db: store.Store, hold: str) -> None:
    for member in db.members(hold):
        db.set_own_pace(member.id, True)


def run() -> list[Row]:
    kit = content.load(paths.REPO_ROOT)
    with room(PORT, CROWD) as served:
        found = asyncio.run(_measure(served, kit))
    everyone = [t for step in found["arrivals"] for t in step]
    arrived = [sum(map(math.isfinite, step)) for step in found["arrivals"]]
    errors = found["errors"]
    failed = f"; {len(errors)} errors ({errors[0]})" if errors else ""
    p95 = percentile(everyone, 95)
    per_step = sum(found["cpus"]) / len(found["cpus"])
    return [
        {
            "name": f"{CROWD} following the trainer, p95",
            "value": p95,
            "baseline": percentile(found["clicked"], 95),
            "unit": "s",
            "p50": percentile(everyone, 50),
            "p95": p95,
            "target": f"all {CROWD} arrived, p95 ≤ 1 s",
            "note": (
                f"arrived {' / '.join(map(str, arrived))} of {CROWD} in 3 steps (Hjælp, a film, "
                f"a locked case stage); baseline: the same {CROWD} clicking to Hjælp{failed}"
            ),
        },
        {
            "name": f"CPU of one trainer step, {CROWD} following",
            "value": per_step,
            "baseline": math.nan,
            "unit": "s",
            "note": (
                "server and every kernel, from their own counters; per follower "
                f"{per_step / CROWD * 1000:.1f} ms"
            ),
        },
        {
            "name": f"CPU of {CROWD} followers looking for the next step",
            "value": found["looking"],
            "baseline": math.nan,
            "unit": "cores",
            "note": (
                f"the room at rest for {LOOKING:.0f} s; each follower holds one question "
                f"open, answered after {WATCH_WAIT:.0f} s or when the room moves"
            ),
        },
    ]
