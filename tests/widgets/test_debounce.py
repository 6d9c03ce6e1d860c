import threading

from opsporing.widgets.debounce import Debouncer

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
    fired = threading.Event()
    debouncer = Debouncer(fired.set, delay=0.05)
    debouncer.trigger()
    assert not fired.is_set()
    assert fired.wait(2)
