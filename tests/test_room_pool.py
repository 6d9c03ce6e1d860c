"""The room's pool waits for the room: refills when the participants' kernels rest.

The manager here is a stand-in with the three things the pool asks of Voila's
(its kernels, each kernel's process id, its pool of start tasks); the kernels
are real processes, one burning CPU and one asleep, since "at rest" is
measured from the operating system.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest

from opsporing import room_pool
from opsporing.kernel_access import KernelRequestSocket
from opsporing.room_pool import RoomPool
from opsporing.views import ENTRY_NOTEBOOK

BUSY = "while True: pass"
ASLEEP = "import time; time.sleep(600)"


@dataclass
class Manager:
    """Kernel id -> process, and the entry notebook's pool of start tasks."""

    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    _pools: dict[str, list[Any]] = field(default_factory=dict)

    def list_kernel_ids(self) -> list[str]:
        return list(self.processes)

    def get_kernel(self, kernel_id: str) -> Any:
        return SimpleNamespace(provisioner=SimpleNamespace(pid=self.processes[kernel_id].pid))

    def __contains__(self, kernel_id: str) -> bool:
        return kernel_id in self.processes


@pytest.fixture
def manager() -> Iterator[Manager]:
    found = Manager()
    yield found
    for process in found.processes.values():
        process.kill()
        process.wait()


def _kernel(manager: Manager, kernel_id: str, code: str) -> None:
    manager.processes[kernel_id] = subprocess.Popen([sys.executable, "-c", code])


def _run(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """`asyncio.run` in a thread of its own: the test process may hold a running loop."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def _timed(coroutine: Any) -> float:
    async def run() -> float:
        loop = asyncio.get_running_loop()
        started = loop.time()
        await coroutine
        return loop.time() - started

    return _run(run())


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(room_pool, "REST_SAMPLE", 0.2)
    monkeypatch.setattr(room_pool, "REFILL_AT_LATEST", 2.0)


def test_a_refill_waits_while_a_participants_kernel_works(manager: Manager, quick: None) -> None:
    _kernel(manager, "deltager", BUSY)
    waited = _timed(RoomPool(manager, 2, 4).room_at_rest())
    assert waited >= room_pool.REFILL_AT_LATEST, "it waited until the latest moment"


def test_a_refill_a_newcomer_waits_for_starts_at_once(manager: Manager, quick: None) -> None:
    _kernel(manager, "deltager", BUSY)
    waited = _timed(RoomPool(manager, 2, 4).room_at_rest(awaited=lambda: True))
    assert waited < room_pool.REST_SAMPLE


def test_idle_pages_and_the_pools_own_kernels_are_a_room_at_rest(
    manager: Manager, quick: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two starting kernels keep two cores busy, more than the threshold if they counted;
    the threshold leaves a core for whatever else the test machine does."""
    monkeypatch.setattr(room_pool, "REST_CPU", 1.0)
    _kernel(manager, "deltager", ASLEEP)
    pool = RoomPool(manager, 2, 4)
    for starting in ("på-vej-1", "på-vej-2"):  # the pool's own starts: their CPU is the pool's
        _kernel(manager, starting, BUSY)
        pool.starting.add(starting)
    waited = _timed(pool.room_at_rest())
    assert waited < room_pool.REFILL_AT_LATEST / 2


def test_a_kernel_counts_as_started_once_it_waits_for_its_participant(manager: Manager) -> None:
    _kernel(manager, "ny", ASLEEP)
    pool = RoomPool(manager, 1, 3)

    async def start() -> list[str]:
        rendering = asyncio.get_running_loop().create_future()
        waiting = asyncio.create_task(pool._until_waiting("ny", rendering))
        await asyncio.sleep(0.3)
        seen = [f"starting={sorted(pool.starting)} done={waiting.done()}"]
        KernelRequestSocket.waiters["ny"] = object()
        try:
            await asyncio.wait_for(waiting, 5)
        finally:
            del KernelRequestSocket.waiters["ny"]
        return [*seen, f"starting={sorted(pool.starting)}"]

    assert _run(start()) == ["starting=['ny'] done=False", "starting=[]"]


def test_a_notebook_that_ends_without_waiting_does_not_hold_the_next_start(
    manager: Manager,
) -> None:
    _kernel(manager, "fejl", ASLEEP)
    pool = RoomPool(manager, 1, 3)

    async def start() -> None:
        rendering = asyncio.get_running_loop().create_future()
        rendering.set_result(None)  # e.g. content errors shown instead of the app
        await asyncio.wait_for(pool._until_waiting("fejl", rendering), 5)

    _run(start())
    assert pool.starting == set()


def test_pages_open_and_full(manager: Manager) -> None:
    pool = RoomPool(manager, 1, 2)
    for n in range(2):
        _kernel(manager, f"k{n}", ASLEEP)
    assert pool.pages_open() == 2 and pool.warm() == 0 and pool.is_full()
    _kernel(manager, "varm", ASLEEP)

    async def warm_task() -> Any:
        async def started() -> dict[str, str]:
            return {"kernel_id": "varm"}

        task = asyncio.create_task(started())
        await task
        return task

    manager._pools[ENTRY_NOTEBOOK] = [_run(warm_task())]
    assert pool.pages_open() == 2 and pool.warm() == 1 and not pool.is_full()


def test_the_pool_holds_a_kernel_for_each_participant_not_yet_here_plus_a_spare(
    manager: Manager,
) -> None:
    """Never twice the room: a start task still waiting for its turn has no kernel yet, and
    is not taken for a page (that mistake refilled a room of 40 to 80 kernels)."""
    pool = RoomPool(manager, 4, 6)
    assert pool.wanted() == 4, "never more warm kernels than the room has participants"
    _kernel(manager, "first", ASLEEP)
    assert pool.wanted() == 4, "the first to arrive leaves a spare"
    for n in range(2):
        _kernel(manager, f"side{n}", ASLEEP)
    assert pool.pages_open() == 3 and pool.wanted() == 1 + room_pool.SPARE

    async def waiting_its_turn() -> Any:
        task = asyncio.create_task(asyncio.sleep(600))
        await asyncio.sleep(0)
        return task

    pending = _run(waiting_its_turn())
    manager._pools[ENTRY_NOTEBOOK] = [pending]
    assert pool.pages_open() == 3, "a start task without a kernel is no page"
    for n in range(3, 5):
        _kernel(manager, f"side{n}", ASLEEP)
    assert pool.pages_open() == 5 and pool.wanted() == 1, "capacity 6, 5 open"
    _kernel(manager, "side5", ASLEEP)
    assert pool.wanted() == 0
