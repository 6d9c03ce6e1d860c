"""Plenum refresh: the trainer page's looks at a full room, against a hold nobody has joined.

Every second the trainer page asks the store whether the hold changed
(`Store.hold_version`, one aggregate query) and only then re-reads it
(`plenum.snapshot`: members, every answer, the aggregate over the shipped
content). Both must stay far below the one-second interval when 40
participants have answered every question. The baseline is the same look at
an empty hold: what is left is the cost of the room's answers.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from benchmarks.measure import Row, percentile

PARTICIPANTS = 40
LOOKS = 30


def _fill(store, hold: str, kit) -> None:
    from opsporing import plenum

    rng = random.Random(1)
    refs = list(kit.questions())
    for n in range(PARTICIPANTS):
        me = store.join(f"deltager-{n}", hold)
        for ref in refs:
            labels = plenum.labels(ref.question)
            if not labels:
                value = "Jeg lagde mærke til, at hun var træt og sulten. " * 3
            elif ref.question.kind.value in ("flervalg", "handling"):
                value = rng.sample(list(labels), min(2, len(labels)))
            elif ref.question.kind.value == "skala":
                value = int(rng.choice(labels))
            else:
                value = rng.choice(labels)
            store.save_answer(me.id, ref.key, value, shared=rng.random() < 0.5)


def _looks(look) -> list[float]:
    times = []
    for _ in range(LOOKS):
        t0 = time.perf_counter()
        look()
        times.append(time.perf_counter() - t0)
    return times


def _row(name: str, room: list[float], baseline: list[float], note: str) -> Row:
    return Row(
        name=name,
        value=percentile(room, 50) * 1000,
        baseline=percentile(baseline, 50) * 1000,
        unit="ms",
        p50=percentile(room, 50) * 1000,
        p95=percentile(room, 95) * 1000,
        target="well under the 1 s refresh interval",
        note=note,
    )


def run() -> list[Row]:
    from opsporing import content, paths, plenum
    from opsporing.store import Store

    kit = content.load(paths.content_root())
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        empty = store.create_hold("bench-1")
        full = store.create_hold("bench-2")
        _fill(store, full, kit)
        quiet = _looks(lambda: store.hold_version(full))
        quiet_baseline = _looks(lambda: store.hold_version(empty))
        read = _looks(lambda: plenum.snapshot(store, full, kit))
        read_baseline = _looks(lambda: plenum.snapshot(store, empty, kit))
        store.engine.dispose()
    answers = PARTICIPANTS * sum(1 for _ in kit.questions())
    room = f"{PARTICIPANTS} participants x all questions (SQLite)"
    note = f"{answers} answers; baseline: the same look at an empty hold"
    return [
        _row(f"plenum quiet tick (anything new?), {room}", quiet, quiet_baseline, note),
        _row(f"plenum re-read and aggregate, {room}", read, read_baseline, note),
    ]
