"""The room's warm pool: kernels waiting for participants, started when the room can spare it.

Voila fills its pools at once and refills a taken kernel at once. On a
trainer's two-core laptop that is the worst moment: forty participants join
or move together while new kernels import and run their notebook, a few CPU
seconds each. So, on top of Voila's preheating kernel manager:

- the pool is the entry notebook's only (every view is reached from it):
  a kernel for each participant not yet here plus `SPARE`, never more than the
  room has participants, and never beyond the room's `capacity`;
- at most `STARTS_AT_ONCE` kernels start at a time (one while pages are
  open), and a start lasts until the kernel waits for its participant
  (Voila counts a kernel as ready once its process runs, while its
  notebook, the costly part, is still running);
- while participants have pages open, a refill first waits until the
  machine is at rest (`REST_CPU`), for at most `REFILL_AT_LATEST` seconds,
  and not at all once a newcomer's page is waiting for it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import psutil

from opsporing.kernel_access import KernelRequestSocket
from opsporing.views import ENTRY_NOTEBOOK

SPARE = 2
"""Warm kernels beyond those for participants not yet here: a reload, a late joiner, the
trainer's page, so none of them waits for a kernel to start."""
STARTS_AT_ONCE = 2
"""Kernels starting at the same time: one per core of the laptop the kit is made for."""
REST_CPU = 0.5
"""Cores the machine may use, the pool's own starts not counted, and still be a room at rest:
a quarter of the two-core laptop the kit is made for."""
REST_SAMPLE = 1.0
"""Seconds over which the room's CPU use is measured."""
REFILL_AT_LATEST = 60.0
"""A room that is never at rest still gets its refills, after this many seconds."""
WARM_AT_LATEST = 120.0
"""A start that has not reached its participant's wait by then no longer holds up the next."""


class RoomPool:
    """Voila's preheating kernel manager, sized and paced for one room."""

    def __init__(self, manager: Any, participants: int, capacity: int) -> None:
        self.manager = manager
        self.participants = participants
        self.capacity = capacity
        self.starting: set[str] = set()
        """Kernels started by the pool that have not reached their participant's wait."""
        self._processes: dict[str, psutil.Process] = {}
        self._stopping = False

    def install(self) -> None:
        """Put the pacing into the manager, then fill the pool."""
        manager = self.manager
        starts = asyncio.Semaphore(STARTS_AT_ONCE)
        start_one, fill = manager._initialize, manager.fill_if_needed
        shut_down, shut_down_all = manager.shutdown_kernel, manager.shutdown_all

        refills = asyncio.Lock()

        async def start(*args: Any, **kwargs: Any) -> Any:
            started = await start_one(*args, **kwargs)
            await self._until_waiting(started["kernel_id"], started["task"])
            return started

        async def gently(*args: Any, **kwargs: Any) -> Any:
            async with starts:
                if not self.pages_open():
                    return await start(*args, **kwargs)
                # The pool's task: Voila takes it out of the pool when a page needs it.
                mine = asyncio.current_task()
                async with refills:  # one at a time while anyone is in the room
                    await self.room_at_rest(
                        awaited=lambda: self._stopping or mine not in self._pool()
                    )
                    if self._stopping:  # Voila's shutdown awaits this task and lets this pass
                        raise RuntimeError("no refill: the server is stopping")
                    return await start(*args, **kwargs)

        def fill_within_capacity(**kwargs: Any) -> None:
            wanted = self.wanted()
            manager.kernel_pools_config = {
                "default": {"pool_size": 0},
                ENTRY_NOTEBOOK: {"pool_size": wanted},
            }
            fill(**{**kwargs, "notebook_name": ENTRY_NOTEBOOK})

        async def shutdown_and_refill(kernel_id: str, *args: Any, **kwargs: Any) -> Any:
            # Someone left: their place in the room goes back to the pool.
            done = await shut_down(kernel_id, *args, **kwargs)
            self._processes.pop(kernel_id, None)
            if not self._stopping:
                fill_within_capacity()
            return done

        async def stop_all(*args: Any, **kwargs: Any) -> Any:
            self._stopping = True
            return await shut_down_all(*args, **kwargs)

        manager._initialize = gently
        manager.fill_if_needed = fill_within_capacity
        manager.shutdown_kernel = shutdown_and_refill
        manager.shutdown_all = stop_all
        fill_within_capacity(delay=0)

    # --- what the server asks ----------------------------------------------------------------

    def _pool(self) -> list[asyncio.Task[dict[str, Any]]]:
        """Voila's start tasks for the entry notebook; each gives `{"kernel_id": …}` when done."""
        pools: dict[str, list[asyncio.Task[dict[str, Any]]]] = getattr(self.manager, "_pools", {})
        return pools.get(ENTRY_NOTEBOOK, [])

    def warm(self) -> int:
        """Kernels that have run their notebook and wait for a participant."""
        return sum(1 for task in self._pool() if task.done() and not task.exception())

    def pool_kernels(self) -> set[str]:
        """The pool's own kernels: waiting for a participant, or started and on their way.

        A start task that has not started its kernel yet has none; counting tasks instead
        of kernels took those for pages, and the pool refilled to twice the room.
        """
        found = set(self.starting)
        for task in self._pool():
            if task.done() and not task.cancelled() and task.exception() is None:
                found.add(task.result()["kernel_id"])
        return found

    def pages_open(self) -> int:
        """Kernels in use by a page: every kernel but the pool's own."""
        return len(set(self.manager.list_kernel_ids()) - self.pool_kernels())

    def wanted(self) -> int:
        """The pool's size now: a kernel for each participant not yet here, plus `SPARE`;
        never more than the room has participants (before the first two arrive the spare is
        theirs), and never beyond the room's capacity."""
        open_ = self.pages_open()
        wanted = min(max(0, self.participants - open_) + SPARE, self.participants)
        if self.capacity:
            wanted = min(wanted, self.capacity - open_)
        return max(0, wanted)

    def is_full(self) -> bool:
        return bool(self.capacity) and self.warm() == 0 and self.pages_open() >= self.capacity

    # --- pacing --------------------------------------------------------------------------------

    async def _until_waiting(self, kernel_id: str, rendering: asyncio.Task[Any]) -> None:
        """Until the new kernel has run its notebook up to the wait for its participant.

        The kernel then asks the server for its page's request (`opsporing.request`),
        which Voila's handler keeps by kernel id.
        """
        self.starting.add(kernel_id)
        loop = asyncio.get_running_loop()
        latest = loop.time() + WARM_AT_LATEST
        try:
            while not KernelRequestSocket.waiting(kernel_id) and loop.time() < latest:
                if kernel_id not in self.manager or rendering.done():
                    return  # stopped on its way, or its notebook ended without waiting
                await asyncio.sleep(0.1)
        finally:
            self.starting.discard(kernel_id)

    def _busy(self) -> float:
        """CPU seconds the machine has worked so far, less what the pool's own starts used.

        The whole machine, not only the participants' kernels: in the first
        second of a rush the kernels wait for the server, which works for all.
        """
        times = psutil.cpu_times()
        busy = sum(times) - times.idle - getattr(times, "iowait", 0.0)
        for kernel_id in self.starting:
            try:
                process = self._processes.get(kernel_id)
                if process is None:
                    pid = self.manager.get_kernel(kernel_id).provisioner.pid
                    process = self._processes[kernel_id] = psutil.Process(pid)
                own = process.cpu_times()
            except (AttributeError, KeyError, TypeError, psutil.Error):
                continue  # not a local process, or gone between two looks
            busy -= own.user + own.system
        return busy

    async def room_at_rest(self, awaited: Callable[[], bool] = lambda: False) -> None:
        """Until the machine is nearly idle but for the pool's starts, or `REFILL_AT_LATEST`;
        at once when `awaited()`: a newcomer's page is waiting for this very kernel."""
        loop = asyncio.get_running_loop()
        latest = loop.time() + REFILL_AT_LATEST
        before = self._busy()
        while loop.time() < latest and not awaited():
            await asyncio.sleep(REST_SAMPLE)
            now = self._busy()
            if now - before < REST_CPU * REST_SAMPLE:
                return
            before = now
