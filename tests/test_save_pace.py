"""One participant's saves are paced; what must wait is kept (newest per question), not lost."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from plenum_room import kit

from opsporing import save_pace
from opsporing.pages.session import Session
from opsporing.save_pace import SavePace
from opsporing.store import Store, StoreError


@dataclass
class Scheduled:
    due: float
    callback: Callable[[], None]
    cancelled: bool = False

    def cancel(self) -> None:
        self.cancelled = True


@dataclass
class FakeTime:
    """A clock and a timer that only move when the test says so."""

    now: float = 0.0
    scheduled: list[Scheduled] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    def timer(self, delay: float, callback: Callable[[], None]) -> Scheduled:
        handle = Scheduled(self.now + delay, callback)
        self.scheduled.append(handle)
        return handle

    def advance(self, seconds: float) -> None:
        """Move the clock on, running every timer that falls due on the way, in order."""
        end = self.now + seconds
        while due := sorted(
            (s for s in self.scheduled if not s.cancelled and s.due <= end), key=lambda s: s.due
        ):
            first = due[0]
            self.scheduled.remove(first)
            self.now = max(self.now, first.due)
            first.callback()
        self.now = end


def _pace(time: FakeTime, burst: int = 20, rate: float = 10.0) -> SavePace:
    return SavePace(burst, rate, clock=time.clock, timer=time.timer)


def test_a_burst_is_written_at_once_then_one_save_per_tenth_of_a_second() -> None:
    time = FakeTime()
    pace = _pace(time)
    written: list[tuple[float, int]] = []
    ran_now = [pace.submit(f"q{i}", lambda i=i: written.append((time.now, i))) for i in range(25)]
    assert ran_now == [True] * 20 + [False] * 5
    assert [i for _, i in written] == list(range(20))
    time.advance(0.25)
    assert [i for _, i in written] == list(range(22))
    time.advance(1.0)
    assert [i for _, i in written] == list(range(25))
    assert [round(t, 2) for t, _ in written[20:]] == [0.1, 0.2, 0.3, 0.4, 0.5]
    assert pace.waiting == 0


def test_a_save_that_must_wait_keeps_only_the_newest_value_per_question() -> None:
    time = FakeTime()
    pace = _pace(time, burst=1, rate=10.0)
    stored: dict[str, int] = {}

    def write(key: str, value: int) -> Callable[[], None]:
        return lambda: stored.__setitem__(key, value)

    for value in range(1000):
        pace.submit("q", write("q", value))
    pace.submit("other", write("other", 7))
    assert stored == {"q": 0} and pace.waiting == 2
    time.advance(0.2)
    assert stored == {"q": 999, "other": 7}, "the last value of each, nothing in between"


def test_a_participant_who_waits_is_never_held_up_again() -> None:
    time = FakeTime()
    pace = _pace(time)
    for i in range(40):
        pace.submit(f"q{i}", lambda: None)
    time.advance(10.0)
    assert pace.waiting == 0
    assert all(pace.submit(f"r{i}", lambda: None) for i in range(20)), "the bucket refilled"


def test_a_failed_write_later_does_not_stop_the_others(caplog: pytest.LogCaptureFixture) -> None:
    time = FakeTime()
    pace = _pace(time, burst=1)
    written: list[str] = []
    pace.submit("a", lambda: written.append("a"))

    def fails() -> None:
        raise RuntimeError("the database went away")

    pace.submit("b", fails)
    pace.submit("c", lambda: written.append("c"))
    time.advance(1.0)
    assert written == ["a", "c"]
    assert "could not write a paced save" in caplog.text


def test_nothing_waits_only_once_the_last_write_is_in() -> None:
    time = FakeTime()
    pace = _pace(time, burst=1)
    started, release, done = threading.Event(), threading.Event(), []
    pace.submit("a", lambda: None)

    def slow() -> None:
        started.set()
        release.wait(5)
        done.append("b")

    pace.submit("b", slow)
    [due] = time.scheduled
    time.now = due.due
    drain = threading.Thread(target=due.callback)
    drain.start()
    assert started.wait(5)
    seen: list[int] = []
    asking = threading.Thread(target=lambda: seen.append(pace.waiting))
    asking.start()
    asking.join(0.2)
    assert seen == [], "not 0 while the write is under way"
    release.set()
    asking.join(5)
    drain.join(5)
    assert seen == [0] and done == ["b"]


def test_what_waits_is_written_when_the_kernel_goes_away() -> None:
    time = FakeTime()
    pace = _pace(time, burst=1)
    written: list[int] = []
    for i in range(5):
        pace.submit(f"q{i}", lambda i=i: written.append(i))
    save_pace.flush_pending()
    assert written == [0, 1, 2, 3, 4] and pace.waiting == 0


def _session(db: Store, code: str, name: str, time: FakeTime) -> Session:
    session = Session(db, kit(), db.join(name, code))
    session._pace = _pace(time)
    return session


def test_one_participant_saving_1000_times_does_not_hold_up_another(db: Store) -> None:
    code = db.create_hold("123456")
    time = FakeTime()
    flooder = _session(db, code, "Ugle", time)
    other = _session(db, code, "Ræv", time)
    for i in range(1000):
        flooder.save(f"anna/f{i % 30}", f"svar {i}", False)
        time.advance(0.01)  # 1,000 saves in 10 s
        if i % 100 == 0:
            other.save("anna/f1", f"mit svar {i}", False)
            assert db.answers(other.participant_id)["anna/f1"].value == f"mit svar {i}", (
                "written at once"
            )
    assert flooder._pace.waiting > 0
    time.advance(5.0)
    stored = db.answers(flooder.participant_id)
    assert {key: answer.value for key, answer in stored.items()} == {
        f"anna/f{k}": f"svar {max(i for i in range(1000) if i % 30 == k)}" for k in range(30)
    }, "every question's newest answer, none lost"


def test_an_answer_too_long_is_refused_in_danish_even_when_it_would_wait(db: Store) -> None:
    code = db.create_hold("123456")
    time = FakeTime()
    session = _session(db, code, "Ugle", time)
    for i in range(20):
        session.save(f"anna/f{i}", "kort", False)
    with pytest.raises(StoreError, match="for langt"):
        session.save("anna/f1", "x" * 2_000_000, False)
    time.advance(1.0)
    assert db.answers(session.participant_id)["anna/f1"].value == "kort"
