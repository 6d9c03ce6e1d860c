"""Plenum refresh: the trainer page's looks at a full room, against a hold nobody has joined.

Every second the trainer page asks the store whether the hold changed
(`Store.hold_version`, one aggregate query) and only then looks again
(`plenum.LiveHold`: members, the answers saved since its last look, the summaries of
the questions they answer). Both must stay far below the one-second interval when
40 participants have answered every question. The baseline of the quiet tick and
of reading the hold whole (`plenum.snapshot`, as `opsporing export` does) is the
same look at an empty hold; the baseline of the trainer's look after one new
answer is that whole read. The room's answers are stamped over the hour before,
as a workshop's are, not all in the moment before the measure.
"""

from __future__ import annotations

import random
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from benchmarks.measure import Row, percentile

PARTICIPANTS = 40
LOOKS = 30


def _fill(store, hold: str, kit) -> None:
    from opsporing import plenum
    from opsporing.store import clock

    rng = random.Random(1)
    refs = list(kit.questions())
    real_now = clock.now
    began = real_now()
    step = timedelta(hours=1) / (2 * PARTICIPANTS * len(refs))
    ticks = [0]

    def an_hour_ago_onwards():
        """A moment later at each call: the room answered from an hour ago to about half an
        hour ago (joins read the clock too, so not to the minute), never past `began`."""
        ticks[0] += 1
        return min(began - timedelta(hours=1) + step * ticks[0], began)

    clock.now = an_hour_ago_onwards
    try:
        _answer_all(store, hold, refs, rng, plenum)
    finally:
        clock.now = real_now


def _answer_all(store, hold: str, refs, rng: random.Random, plenum) -> None:
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


def _looks(look, clock=time.perf_counter) -> list[float]:
    """Seconds each of `LOOKS` looks takes by `clock` (wall time, or `time.process_time`)."""
    times = []
    for _ in range(LOOKS):
        t0 = clock()
        look()
        times.append(clock() - t0)
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


def _new_answers(store, hold: str, kit) -> list[float]:
    """CPU seconds of the trainer page's tick after each of `LOOKS` new answers: the
    "anything new?" query and the live hold's look."""
    from opsporing import plenum

    live = plenum.LiveHold(store, hold, kit)
    live.look(store.hold_version(hold)[1])
    someone = store.join("deltager-ny", hold)
    keys = [ref.key for ref in kit.questions() if ref.question.kind.value == "fritekst"]
    costs = []
    for n in range(LOOKS):
        store.save_answer(someone.id, keys[n % len(keys)], f"Nyt svar {n}", shared=True)
        t0 = time.process_time()
        live.look(store.hold_version(hold)[1])
        costs.append(time.process_time() - t0)
    return costs


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
        whole = _looks(lambda: plenum.snapshot(store, full, kit), time.process_time)
        new = _new_answers(store, full, kit)
        store.engine.dispose()
    answers = PARTICIPANTS * sum(1 for _ in kit.questions())
    room = f"{PARTICIPANTS} participants x all questions (SQLite)"
    note = f"{answers} answers; baseline: the same look at an empty hold"
    return [
        _row(f"plenum quiet tick (anything new?), {room}", quiet, quiet_baseline, note),
        _row(f"plenum re-read and aggregate, {room}", read, read_baseline, note),
        Row(
            name=f"plenum CPU per new answer, the trainer's look, {room}",
            value=percentile(new, 50) * 1000,
            baseline=percentile(whole, 50) * 1000,
            unit="ms",
            p50=percentile(new, 50) * 1000,
            p95=percentile(new, 95) * 1000,
            target="≤ 10 ms",
            note=f"{LOOKS} answers, each followed by the page's tick (`hold_version` and "
            "`LiveHold.look`), process CPU; baseline: reading the hold whole",
        ),
    ]
