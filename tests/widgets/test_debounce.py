import threading
from pathlib import Path

from jupyter_client.manager import start_new_kernel

from opsporing.widgets.debounce import Debouncer, flush_pending

from .conftest import FakeTimer


def test_a_burst_of_triggers_runs_the_action_once_after_the_last(timer: FakeTimer) -> None:
    calls: list[float] = []
    debouncer = Debouncer(lambda: calls.append(timer.now), delay=0.6, timer=timer)
    for _ in range(5):
        debouncer.trigger()
        timer.advance(0.3)
    assert calls == []
    timer.advance(0.3)
    assert calls == [1.8]
    assert not debouncer.pending


def test_flush_runs_a_pending_action_now_and_only_once(timer: FakeTimer) -> None:
    calls: list[str] = []
    debouncer = Debouncer(lambda: calls.append("saved"), delay=0.6, timer=timer)
    debouncer.flush()
    assert calls == []
    debouncer.trigger()
    debouncer.flush()
    timer.advance(1)
    assert calls == ["saved"]


def test_without_an_event_loop_a_thread_timer_fires_after_the_delay() -> None:
    # A fresh thread has no running loop, whatever a session fixture (Playwright's
    # sync API keeps one registered on the main thread) left behind.
    fired = threading.Event()
    worker = threading.Thread(target=lambda: Debouncer(fired.set, delay=0.3).trigger())
    worker.start()
    worker.join()
    assert not fired.is_set()
    assert fired.wait(2)


def test_a_pending_save_runs_when_the_kernel_is_shut_down(tmp_path: Path) -> None:
    """Closing the page shuts its kernel down: what was typed last must still be saved."""
    target = tmp_path / "saved.txt"
    manager, client = start_new_kernel(kernel_name="python3")
    try:
        reply = client.execute_interactive(
            "from pathlib import Path\n"
            "from opsporing.widgets.debounce import Debouncer\n"
            f"d = Debouncer(lambda: Path({str(target)!r}).write_text('gemt'), delay=60)\n"
            "d.trigger()\n",
            timeout=30,
        )
        assert reply["content"]["status"] == "ok"
        assert not target.exists()
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=False)
    assert target.read_text() == "gemt"


def test_flush_pending_runs_every_waiting_action(timer: FakeTimer) -> None:
    calls: list[str] = []
    first = Debouncer(lambda: calls.append("a"), timer=timer)
    second = Debouncer(lambda: calls.append("b"), timer=timer)
    idle = Debouncer(lambda: calls.append("c"), timer=timer)
    first.trigger()
    second.trigger()
    flush_pending()
    timer.advance(10)
    assert sorted(calls) == ["a", "b"]
    assert not idle.pending
