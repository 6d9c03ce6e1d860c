"""A room of 40 on one laptop: joining, moving together, fetching handouts, memory, network.

The kit is served as a trainer starts it (`opsporing serve --participants 40`)
and the participants are protocol-level clients (`benchmarks/participant.py`):
in a room each brings a laptop of their own, so 40 Chromiums on the benchmark's
two cores would measure the browsers, not the server. Each round, all 40 join
at the same instant, then move together through four views (the trainer says
"open the films now"), then leave; the server refills its pool before the next
round. The baseline for a crowd is bare Voila with its defaults serving a
four-widget notebook, 40 at once, in the same run. Handouts, memory and bytes
on the wire are measured in the first round.
"""

from __future__ import annotations

import asyncio
import math
import os
import statistics
import time
from typing import Any
from urllib.parse import urlsplit

from tornado.httpclient import AsyncHTTPClient

from benchmarks.measure import Row, WireCounter, an_answer, percentile
from benchmarks.participant import Participant
from benchmarks.server import BARE, Room, bare_voila, cpu_seconds, room
from opsporing import browser_key, content, paths, store, views
from opsporing.handouts.browser import CHROMIUM_ARGS, CHROMIUM_ENV, DEFAULT_CHROMIUM

PORT = 18851
BARE_PORT = 18852
CROWD = int(os.environ.get("OPSPORING_BENCH_CROWD", 40))
ROUNDS = int(os.environ.get("OPSPORING_BENCH_ROUNDS", 5))
SLOPE = 2 * CROWD
"""The slope: twice the room on the same machine."""
TIMEOUT = 180.0
PDF_WINDOW = 60.0
"""The room fetches its handouts within one minute: requests spread evenly over it."""
MIB = 1024**2


def _p95_row(name: str, times: list[float], baseline: float, target: str, note: str) -> Row:
    return {
        "name": name,
        "value": percentile(times, 95),
        "baseline": baseline,
        "unit": "s",
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "target": target,
        "note": note,
    }


def _cpu_row(name: str, per_round: list[float], target: str, note: str) -> Row:
    """Milliseconds of CPU per participant: the median over the rounds."""
    return {
        "name": name,
        "value": statistics.median(per_round) * 1000 if per_round else math.nan,
        "baseline": math.nan,
        "unit": "ms",
        "target": target,
        "note": note,
    }


async def all_at_once(step: Any, crowd: list[Any]) -> tuple[list[float], list[str]]:
    """Run `step(member)` for everyone at the same instant; a failure counts as infinite."""
    errors: list[str] = []

    async def one(member: Any) -> float:
        try:
            return await step(member)
        except Exception as error:
            errors.append(f"{type(error).__name__}: {str(error)[:80]}")
            return math.inf

    return list(await asyncio.gather(*(one(m) for m in crowd))), errors


def seat(served: Room, kit: content.Content, crowd: int = CROWD) -> tuple[str, list[str]]:
    """`crowd` participants on one hold, each with a realistic day's answers: a case, two films.

    Returns the hold's code and each one's browser cookie: the participant's laptop, which
    the server knows them by (identity never rides in the address).
    """
    s = store.Store(f"sqlite:///{served.data_dir / 'opsporing.sqlite'}")
    hold = s.create_hold("824613", "Benchmark")
    case = kit.vignettes[0].id
    films = {f.id for f in kit.films[:2]}
    cookies = []
    for n in range(crowd):
        who = s.join(f"Deltager {n + 1}", hold)
        for ref in kit.questions():
            owner = ref.key.split("/", 1)[0]
            if owner == case or owner in films:
                value = an_answer(ref.question)
                s.save_answer(who.id, ref.key, value, shared=n % 2 == 0)
        random_part = browser_key.new_random_part()
        s.bind_browser(browser_key.key_hash(random_part), who.id)
        secret = browser_key.secret(served.data_dir)
        cookies.append(f"{browser_key.COOKIE}={browser_key.signed(random_part, secret)}")
    s.engine.dispose()
    return hold, cookies


async def _round(served: Room, cookies: list[str], waves: list[tuple[str, dict]]) -> dict:
    """All join at once, then move together through `waves`; the times, and the CPU each
    step cost the server and its kernels per participant (s), from their own counters."""
    crowd = [Participant(served.base_url, cookie=cookie) for cookie in cookies]

    async def join(member: Participant) -> float:
        return await member.join(views.ENTRY_NOTEBOOK, "", TIMEOUT)

    async def counted(step: Any) -> tuple[list[float], list[str], float]:
        before = await asyncio.to_thread(cpu_seconds, served)
        times, failed = await all_at_once(step, crowd)
        return times, failed, (await asyncio.to_thread(cpu_seconds, served) - before) / len(crowd)

    joined, errors, join_cpu = await counted(join)
    moved, move_cpu = [], []
    for view, place in waves:
        times, wave_errors, cpu = await counted(
            lambda m, view=view, place=place: m.move(view, place)
        )
        moved.append(times)
        move_cpu.append(cpu)
        errors += wave_errors
    return {
        "crowd": crowd,
        "joined": joined,
        "moved": moved,
        "errors": errors,
        "join_cpu": join_cpu,
        "move_cpu": move_cpu,
    }


async def leave_all(crowd: list[Participant]) -> None:
    await asyncio.gather(*(m.leave() for m in crowd), return_exceptions=True)


async def _fetch_pdfs(served: Room, cookies: list[str]) -> tuple[list[float], int]:
    """Every participant fetches their PDF, the requests spread evenly over one minute."""
    client = AsyncHTTPClient(force_instance=True)
    gap = PDF_WINDOW / len(cookies)

    async def fetch(n: int, cookie: str) -> tuple[float, bool]:
        await asyncio.sleep(n * gap)
        started = time.perf_counter()
        try:
            reply = await client.fetch(
                f"{served.base_url}opsporing/handout.pdf",
                headers={"Cookie": cookie},
                request_timeout=TIMEOUT,
            )
        except Exception:
            return math.inf, False
        return time.perf_counter() - started, reply.body.startswith(b"%PDF")

    done = await asyncio.gather(*(fetch(n, cookie) for n, cookie in enumerate(cookies)))
    client.close()
    return [t for t, _ok in done], sum(ok for _t, ok in done)


def _kernel_rss(served: Room, kernel_ids: set[str]) -> list[float]:
    """Resident memory of each given kernel, in MiB."""
    found = []
    for kernel in served.kernels():
        try:
            line = " ".join(kernel.cmdline())
            if any(f"kernel-{kid}.json" in line for kid in kernel_ids):
                found.append(kernel.memory_info().rss / MIB)
        except Exception:
            continue
    return found


async def _bytes_on_the_wire(url: str) -> tuple[int, int]:
    """What Chromium receives for a first load (empty cache) and for a reload after it, counted
    on the wire (`WireCounter`): the page, its files and the widgets over the websocket."""
    from playwright.async_api import async_playwright

    address = urlsplit(url)
    counter = WireCounter(address.hostname or "127.0.0.1", address.port or 80)
    relayed = address._replace(netloc=f"127.0.0.1:{await counter.start()}").geturl()
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=os.environ.get(CHROMIUM_ENV) or DEFAULT_CHROMIUM, args=CHROMIUM_ARGS
        )
        context = await browser.new_context()
        page = await context.new_page()
        sizes = []
        limit = {"wait_until": "commit", "timeout": TIMEOUT * 1000}
        for load in (lambda: page.goto(relayed, **limit), lambda: page.reload(**limit)):
            counter.received = 0
            await load()
            await page.wait_for_selector(".jupyter-widgets", timeout=TIMEOUT * 1000)
            await page.wait_for_load_state("networkidle")
            sizes.append(counter.received)
        await page.close(run_before_unload=True)
        await context.close()
        await browser.close()
    await counter.close()
    return sizes[0], sizes[1]


async def _bare_rounds(bare: Room) -> tuple[list[float], float, tuple[int, int]]:
    times: list[float] = []
    for _ in range(ROUNDS):
        crowd = [Participant(bare.base_url) for _ in range(CROWD)]
        joined, _errors = await all_at_once(lambda m: m.join(BARE, "", TIMEOUT), crowd)
        times += joined
        await leave_all(crowd)
        await asyncio.to_thread(bare.settle)
    one = Participant(bare.base_url)
    await one.join(BARE, "", TIMEOUT)
    await asyncio.to_thread(bare.settle)
    rss = statistics.median(_kernel_rss(bare, {one.kernel}) or [math.nan])
    await one.leave()
    wire = await _bytes_on_the_wire(bare.url(BARE))
    return times, rss, wire


async def _kit_rounds(served: Room, kit: content.Content) -> dict:
    _hold, cookies = await asyncio.to_thread(seat, served, kit)
    waves = [
        ("temafilm", {}),
        ("cases", {"case": kit.vignettes[0].id}),
        ("hjaelp", {}),
        ("handout", {}),
    ]
    found: dict = {
        "joined": [],
        "moved": [[] for _ in waves],
        "errors": [],
        "join_cpu": [],
        "move_cpu": [[] for _ in waves],
    }
    await asyncio.to_thread(served.settle)
    found["rest_mib"] = served.total_rss() / MIB
    found["rest_pss_mib"] = served.total_pss() / MIB
    for n in range(ROUNDS):
        done = await _round(served, cookies, waves)
        found["joined"] += done["joined"]
        for wave, times in zip(found["moved"], done["moved"], strict=True):
            wave += times
        for costs, cpu in zip(found["move_cpu"], done["move_cpu"], strict=True):
            costs.append(cpu)
        found["join_cpu"].append(done["join_cpu"])
        found["errors"] += done["errors"]
        print(
            f"   round {n + 1}: join p95 {percentile(done['joined'], 95):.2f} s, waves p95 "
            + ", ".join(f"{percentile(t, 95):.2f}" for t in done["moved"]),
            flush=True,
        )
        if n == 0:
            await asyncio.to_thread(served.settle)
            kernels = {m.kernel for m in done["crowd"]}
            found["kernel_mib"] = _kernel_rss(served, kernels)
            found["pdf"], found["pdf_ok"] = await _fetch_pdfs(served, cookies)
            await asyncio.to_thread(served.settle)
            found["total_mib"] = served.total_rss() / MIB
            found["total_pss_mib"] = served.total_pss() / MIB
        await leave_all(done["crowd"])
        await asyncio.to_thread(served.settle, 600.0)
    found["wire"] = await _bytes_on_the_wire(served.url(views.ENTRY_NOTEBOOK))
    return found


async def _slope(served: Room, kit: content.Content) -> tuple[list[float], list[str]]:
    """Twice the room on the same machine: everyone joins at once, once."""
    _hold, cookies = await asyncio.to_thread(seat, served, kit, SLOPE)
    await asyncio.to_thread(served.settle)
    crowd = [Participant(served.base_url, cookie=cookie) for cookie in cookies]
    joined, errors = await all_at_once(lambda m: m.join(views.ENTRY_NOTEBOOK, "", TIMEOUT), crowd)
    await leave_all(crowd)
    return joined, errors


def run() -> list[Row]:
    kit = content.load(paths.REPO_ROOT)
    with bare_voila(BARE_PORT) as bare:
        bare_times, bare_rss, bare_wire = asyncio.run(_bare_rounds(bare))
    with room(PORT, CROWD) as served:
        found = asyncio.run(_kit_rounds(served, kit))
    with room(PORT, SLOPE) as served:
        slope, slope_errors = asyncio.run(_slope(served, kit))
    bare_p95 = percentile(bare_times, 95)
    errors = found["errors"]
    failed = f"; {len(errors)} failed ({errors[0]})" if errors else ""
    rounds = f"{ROUNDS} rounds of {CROWD}, protocol level"
    rows = [
        _p95_row(
            f"{CROWD} joining at once, p95",
            found["joined"],
            bare_p95,
            "p95 ≤ 1.5 s",
            f"{rounds}; baseline: bare Voila, {CROWD} at once{failed}",
        )
    ]
    rows.append(
        _cpu_row(
            "CPU per join, server and kernel",
            found["join_cpu"],
            "≤ 75 ms",
            f"{rounds}; the processes' own counters over each join wave, per participant",
        )
    )
    slope_failed = f"; {len(slope_errors)} failed ({slope_errors[0]})" if slope_errors else ""
    rows.append(
        _p95_row(
            f"{SLOPE} joining at once, p95",
            slope,
            bare_p95,
            "p95 ≤ 3 s, no errors",
            f"one round, `serve --participants {SLOPE}` on the same machine; baseline: bare "
            f"Voila, {CROWD} at once{slope_failed}",
        )
    )
    names = ["Temafilm", "a case", "Hjælp", "Dine svar"]
    for name, times, costs in zip(names, found["moved"], found["move_cpu"], strict=True):
        rows.append(
            _p95_row(
                f"{CROWD} moving to {name} together, p95",
                times,
                bare_p95,
                "p95 ≤ 0.5 s",
                f"{rounds}; baseline: bare Voila joining (a page load was the old move)",
            )
        )
        rows.append(
            _cpu_row(
                f"CPU per view change to {name}, server and kernel",
                costs,
                "≤ 10 ms",
                f"{rounds}; the processes' own counters over each wave, per participant",
            )
        )
    rows.append(
        _p95_row(
            f"{CROWD} PDF handouts within a minute, p95",
            found["pdf"],
            math.nan,
            "all delivered, p95 ≤ 10 s",
            f"{found['pdf_ok']} of {CROWD} delivered; one shared Chromium in the server",
        )
    )
    kernel = statistics.median(found["kernel_mib"]) if found["kernel_mib"] else math.nan
    rows.append(
        {
            "name": "kernel RSS per participant, every view visited",
            "value": kernel,
            "baseline": bare_rss,
            "unit": "MiB",
            "target": "≤ 1.2× a bare ipywidgets kernel",
            "note": f"median of {len(found['kernel_mib'])} kernels",
        }
    )
    total, pss = found["total_mib"], found["total_pss_mib"]
    rows += [
        {
            "name": f"whole server with {CROWD} participants, resident memory summed",
            "value": total / 1024,
            "baseline": found["rest_mib"] / 1024,
            "unit": "GiB",
            "target": "≤ 3.5 GiB",
            "note": (
                f"server, kernels (warm pool included) and Chromium, each process's RSS summed "
                f"(a shared library counts once per process); baseline: at rest with {CROWD} "
                f"warm kernels; slope {(total - found['rest_mib']) / CROWD:.1f} MiB per "
                f"participant beyond their warm kernel"
            ),
        },
        {
            "name": f"whole server with {CROWD} participants, memory the machine gives (PSS)",
            "value": pss / 1024,
            "baseline": found["rest_pss_mib"] / 1024,
            "unit": "GiB",
            "target": "≤ 3.5 GiB",
            "note": (
                f"the same processes, each one's proportional share: pages they share count "
                f"once; baseline: at rest with {CROWD} warm kernels; slope "
                f"{(pss - found['rest_pss_mib']) / CROWD:.1f} MiB per participant"
            ),
        },
    ]
    first, reload = found["wire"]
    rows += [
        {
            "name": "first page load, bytes on the wire",
            "value": first / MIB,
            "baseline": bare_wire[0] / MIB,
            "unit": "MiB",
            "target": "≤ 1.5 MB",
            "note": "Chromium, empty cache; the page, its files and the websocket, counted "
            "on the wire; baseline: bare Voila",
        },
        {
            "name": "reload, bytes on the wire",
            "value": reload / 1024,
            "baseline": bare_wire[1] / 1024,
            "unit": "KiB",
            "target": "≤ 100 KB",
            "note": "Chromium, same tab; the page and the websocket (the widgets), counted on "
            "the wire; baseline: bare Voila",
        },
    ]
    return rows
