"""Pages in Chromium: time to interactive, kernel memory per participant, a room joining at once.

Everything is measured against `fixtures/bare.ipynb` (four plain ipywidgets)
served by the same `opsporing serve` in the same run, so the ratio shows what
our pages add over Voila itself. "Interactive" is the moment the page's first
enabled form control (or, on the handout page, download link) inside a widget
is visible: widget views exist only once
the kernel has run the page and the widget models have arrived over the
websocket, so that is when a participant can first answer.
"""

from __future__ import annotations

import asyncio
import math
import os
import statistics
import time

from benchmarks import participant
from benchmarks.measure import Row, percentile
from benchmarks.server import BARE, Room, room
from opsporing import store
from opsporing.handouts.browser import CHROMIUM_ARGS, CHROMIUM_ENV, DEFAULT_CHROMIUM
from opsporing.serve import DEFAULT_POOL_SIZE
from opsporing.widgets import navigation

PORT = 18841
POOL_SIZE = int(os.environ.get("OPSPORING_BENCH_POOL", DEFAULT_POOL_SIZE))
"""`opsporing serve`'s own default, so the figures are the room a trainer gets."""
ROUNDS = 2
CROWD = 40
CROWD_FILL_DELAY = 60.0
"""The room that holds a crowd: a warm kernel for everyone who joins (plus the one
who measures the baseline), and pools refilled only after the rush, so that
starting the next kernels does not take the CPU the joining pages need."""
READY = (
    ".jp-OutputArea-output .jupyter-widgets"
    " :is(input, textarea, select, button, a.opsporing-download):not([disabled]):visible"
)
TIMEOUT_MS = 120_000
PIN = "432100"


async def _leave(context) -> None:
    """Close the tabs as a person does: Voila's beforeunload beacon frees their kernels."""
    for page in context.pages:
        await page.close(run_before_unload=True)
    await asyncio.sleep(0.2)  # let the beacons leave before the context goes
    await context.close()


async def _time_to_interactive(browser, url: str) -> float:
    """Seconds from navigation to the first usable widget control, in a fresh context."""
    context = await browser.new_context()
    try:
        page = await context.new_page()
        started = time.perf_counter()
        await page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        await page.wait_for_selector(READY, timeout=TIMEOUT_MS)
        return time.perf_counter() - started
    finally:
        await _leave(context)


async def _settle(served: Room) -> None:
    await asyncio.to_thread(served.settle)


async def _tti_rows(browser, served: Room, pages: list[str], query: str) -> list[Row]:
    ours: dict[str, list[float]] = {name: [] for name in pages}
    bare: dict[str, list[float]] = {name: [] for name in pages}
    for _round in range(ROUNDS):
        for name in pages:
            bare[name].append(await _time_to_interactive(browser, served.url(BARE)))
            await _settle(served)
            ours[name].append(await _time_to_interactive(browser, served.url(name, query)))
            await _settle(served)
            print(f"   {name}: {ours[name][-1]:.2f} s, bare {bare[name][-1]:.2f} s", flush=True)
    return [
        {
            "name": f"time to interactive, {name}",
            "value": statistics.median(ours[name]),
            "baseline": statistics.median(bare[name]),
            "unit": "s",
            "target": "≤ 1.3× bare",
        }
        for name in pages
    ]


async def _memory_rows(browser, served: Room, pages: list[str], query: str) -> list[Row]:
    """Kernel memory a participant holds after visiting every page, against one bare page."""
    await _settle(served)
    kernels_before, rss_before = served.kernel_rss()
    context = await browser.new_context()
    page = await context.new_page()
    await page.goto(served.url(BARE), wait_until="commit")
    await page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    await _settle(served)
    kernels_bare, rss_bare = served.kernel_rss()
    await _leave(context)
    await _settle(served)

    kernels_before, rss_before = served.kernel_rss()
    context = await browser.new_context()
    page = await context.new_page()
    for name in pages:
        await page.goto(served.url(name, query), wait_until="commit")
        await page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    await _settle(served)
    kernels_after, rss_after = served.kernel_rss()
    await _leave(context)
    print(f"   memory: {kernels_after - kernels_before} kernels held", flush=True)
    await _settle(served)
    held = kernels_after - kernels_before
    mib = 1024**2
    return [
        {
            "name": f"kernel RSS per participant, all {len(pages)} participant pages visited",
            "value": (rss_after - rss_before) / mib,
            "baseline": (rss_bare - rss_before) / mib,
            "unit": "MiB",
            "target": "≤ 1.5× one bare kernel",
            "note": f"kernels held: {held} (bare: {kernels_bare - kernels_before})",
        }
    ]


async def _crowd_rows(served: Room, start: str) -> list[Row]:
    """`CROWD` participants ask for the start page on the same instant (protocol level).

    The baseline is one participant alone, just before. One who is not
    interactive within the timeout counts as infinitely slow, so the
    percentiles cannot look better by leaving them out.
    """
    timeout = TIMEOUT_MS / 1000
    await _settle(served)
    alone = await participant.visit(served.base_url, start, timeout)
    await _settle(served)
    errors: list[str] = []

    async def one() -> float:
        try:
            return await participant.visit(served.base_url, start, timeout)
        except Exception as error:
            errors.append(f"{type(error).__name__}: {str(error)[:80]}")
            return math.inf

    times = await asyncio.gather(*(one() for _ in range(CROWD)))
    await _settle(served)
    late = sum(1 for t in times if t == math.inf)
    note = f"{late} of {CROWD} not interactive ({errors[0]})" if late else ""
    print(f"   crowd: {sorted(round(t, 1) for t in times)}", flush=True)
    return [
        {
            "name": f"{CROWD} joining at once, p50 time to interactive",
            "value": percentile(times, 50),
            "baseline": alone,
            "unit": "s",
            "note": note or "protocol level; baseline: one participant alone",
        },
        {
            "name": f"{CROWD} joining at once, p95 time to interactive",
            "value": percentile(times, 95),
            "baseline": alone,
            "unit": "s",
            "target": "p95 ≤ 3 s",
            "note": note,
        },
    ]


async def _measure(served: Room, participant_id: str) -> list[Row]:
    from playwright.async_api import async_playwright

    pages = [name for name in served.notebooks if name != BARE]
    query = f"deltager={participant_id}"
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=os.environ.get(CHROMIUM_ENV) or DEFAULT_CHROMIUM, args=CHROMIUM_ARGS
        )
        await _settle(served)
        rows = await _tti_rows(browser, served, pages, query)
        participant_pages = [notebook for notebook, _title in navigation.PAGES]
        rows += await _memory_rows(browser, served, participant_pages, query)
        await browser.close()
    return rows


def run() -> list[Row]:
    with room(PORT, POOL_SIZE) as served:
        s = store.Store(f"sqlite:///{served.data_dir / 'opsporing.sqlite'}")
        joined = s.join("benchmark", s.create_hold(PIN, "benchmark")).id
        s.engine.dispose()
        rows = asyncio.run(_measure(served, joined))
    start = navigation.PAGES[0][0]
    with room(PORT, POOL_SIZE, pools={start: CROWD + 1}, fill_delay=CROWD_FILL_DELAY) as served:
        rows += asyncio.run(_crowd_rows(served, start))
    return rows
