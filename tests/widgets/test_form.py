"""The form widget: one message from the browser carries the action and every value."""

from __future__ import annotations

from typing import Any

import pytest

from opsporing.widgets.form import MAX_LENGTH, Action, Field, Form


def _form(heard: list[tuple[str, dict[str, str]]]) -> Form:
    return Form(
        [Field("code", "Holdkode", capitals=True), Field("pin", "PIN", secret=True)],
        [Action("open", "Åbn", primary=True), Action("other", "Andet")],
        lambda action, values: heard.append((action, values)),
    )


def _from_browser(form: Form, content: Any) -> None:
    """The comm message `form.js` sends, through ipywidgets' own handling."""
    form._handle_msg({"content": {"data": {"method": "custom", "content": content}}, "buffers": []})


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What the kernel sends to the browser, from every form made in the test."""
    messages: list[dict[str, Any]] = []
    monkeypatch.setattr(Form, "_send", lambda _self, msg, buffers=None: messages.append(msg))
    return messages


def test_the_action_and_every_value_arrive_together(sent: list[dict[str, Any]]) -> None:
    heard: list[tuple[str, dict[str, str]]] = []
    form = _form(heard)
    values = {"code": "K7M2P", "pin": "864213"}
    _from_browser(form, {"type": "submit", "action": "other", "values": values})
    assert heard == [("other", values)]
    assert form.values == values


def test_what_the_browser_sends_is_checked(sent: list[dict[str, Any]]) -> None:
    heard: list[tuple[str, dict[str, str]]] = []
    form = _form(heard)
    _from_browser(form, {"type": "submit", "action": "slet-alt", "values": {"code": "X"}})
    _from_browser(form, {"type": "noget andet"})
    assert heard == []
    long = "A" * (MAX_LENGTH + 50)
    _from_browser(form, {"type": "submit", "action": "open", "values": {"code": long, "x": "1"}})
    _from_browser(form, {"type": "submit", "action": "open", "values": ["code"]})
    _from_browser(form, {"type": "submit", "action": "open", "values": {"code": 42, "pin": None}})
    assert heard == [
        ("open", {"code": "A" * MAX_LENGTH, "pin": ""}),
        ("open", {"code": "", "pin": ""}),
        ("open", {"code": "42", "pin": ""}),
    ]


def test_fill_reaches_the_page_even_when_the_kernel_filled_the_same_before(
    sent: list[dict[str, Any]],
) -> None:
    """Two wrong PINs in a row: the field was emptied, typed in again, and must empty again."""
    form = _form([])
    form.submit("open", {"code": "K7M2P", "pin": "000000"})
    form.fill(pin="")
    form.submit("open", {"code": "K7M2P", "pin": "000001"})
    sent.clear()
    form.fill(pin="")
    assert form.shown == {"code": "K7M2P", "pin": ""}
    assert [m["state"] for m in sent if m.get("method") == "update"] == [
        {"shown": {"code": "K7M2P", "pin": ""}}
    ]
