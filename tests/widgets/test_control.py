"""The kit answers a joining browser's `request_states` with ipywidgets' own reply."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest

from opsporing import content, store
from opsporing.pages import frame
from opsporing.pages.session import Session
from opsporing.widgets import control

REQUEST = {"content": {"data": {"method": "request_states"}}}


class FakeComm:
    """The control channel as a kernel has it: what is sent over it, and its handler."""

    def __init__(self) -> None:
        self.sent: list[tuple[Any, Any]] = []
        self.handler: Any = None

    def send(self, data: Any, buffers: Any = None) -> None:
        self.sent.append((data, buffers))

    def on_msg(self, handler: Any) -> None:
        self.handler = handler


@pytest.fixture
def channel(monkeypatch: pytest.MonkeyPatch) -> FakeComm:
    comm = FakeComm()
    monkeypatch.setattr(widgets.Widget, "_control_comm", comm)
    return comm


@pytest.fixture
def whole_app(tmp_path: Path, shipped: content.Content) -> Iterator[frame.App]:
    """Every view built, as a warm kernel builds them, for a participant who has answered."""
    db = store.Store(f"sqlite:///{tmp_path / 'control.sqlite'}")
    me = db.join("Ugle")
    for ref in list(shipped.questions())[:3]:
        db.save_answer(me.id, ref.key, "Et svar", shared=True)
    app = frame.App(Session(db, shipped, me), "start")
    app.prebuild()
    yield app
    db.engine.dispose()


def test_the_reply_is_ipywidgets_own_for_every_widget_of_every_view(
    channel: FakeComm, whole_app: frame.App
) -> None:
    picture = widgets.Image(value=b"\x89PNG-bytes", format="png")  # a widget with a buffer
    widgets.Widget._handle_control_comm_msg(REQUEST)
    control.answer(REQUEST)
    theirs, ours = channel.sent
    assert ours == theirs
    states = ours[0]["states"]
    assert whole_app.model_id in states and picture.model_id in states
    assert len(states) > 100, "every view's widgets, not a part of them"
    assert ours[1] == [b"\x89PNG-bytes"]
    picture.close()


def test_a_widget_changed_after_its_state_was_first_gathered_is_sent_as_it_is_now(
    channel: FakeComm, whole_app: frame.App
) -> None:
    control.answer(REQUEST)
    whole_app.identity.value = "<p>Nu en anden</p>"
    control.answer(REQUEST)
    first, second = (
        data["states"][whole_app.identity.model_id]["state"] for data, _ in channel.sent
    )
    assert first["value"] != second["value"] == "<p>Nu en anden</p>"


def test_the_channel_a_browser_opens_is_answered_by_the_kit_after_ipywidgets_checks_it(
    channel: FakeComm,
) -> None:
    control.answer_requests_once()
    opened = widgets.comm.get_comm_manager().targets[control.CONTROL_TARGET]
    browser = FakeComm()
    opened(browser, {"metadata": {"version": "1.0.0"}})
    assert browser.handler is control.answer and widgets.Widget._control_comm is browser
    with pytest.raises(ValueError, match="Incompatible"):
        opened(FakeComm(), {"metadata": {"version": "2.0.0"}})


def test_another_request_over_the_channel_is_refused_as_ipywidgets_refuses_it(
    channel: FakeComm,
) -> None:
    with pytest.raises(RuntimeError, match="Unknown"):
        control.answer({"content": {"data": {"method": "request_everything"}}})
