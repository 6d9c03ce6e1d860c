"""A joining page's widget states, gathered once and without asking traitlets each time.

A browser opening a page asks its kernel for every widget's state in one message
(ipywidgets' control channel, `jupyter.widget.control`, method `request_states`). ipywidgets
8.1 answers by gathering every state twice: once through `Widget.get_manager_state`, whose
result it drops (its only other effect, sending a widget's binary buffers in a message of
its own, is carried by the reply as well, and the kit's widgets have none), and once for
the reply. Each state is gathered by `Widget.get_state`, which asks traitlets for every
synced trait's serializer anew. A joining page has about 150 widgets, and a room of 40
joins at once on two cores; this answers the same request with the same reply, gathering
each state once, with each class's serializers looked up once per kernel.
`tests/widgets/test_control.py` holds the reply equal to ipywidgets' own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ipywidgets import Widget
from ipywidgets import comm as widget_comm
from ipywidgets.widgets.widget import _instances, _remove_buffers

CONTROL_TARGET = "jupyter.widget.control"

Serializer = Callable[[Any, Widget], Any]

_serializers: dict[tuple[type, str], Serializer] = {}


def state(widget: Widget) -> dict[str, Any]:
    """`widget.get_state()`: each synced trait's value as its serializer gives it."""
    found = {}
    cls = type(widget)
    for key in widget.keys:
        to_json = _serializers.get((cls, key))
        if to_json is None:
            to_json = widget.trait_metadata(key, "to_json", widget._trait_to_json)
            _serializers[cls, key] = to_json
        found[key] = to_json(getattr(widget, key), widget)
    return found


def states() -> dict[str, Any]:
    """Every widget's model and state, as `request_states` is answered."""
    return {
        widget.model_id: {
            "model_name": widget._model_name,
            "model_module": widget._model_module,
            "model_module_version": widget._model_module_version,
            "state": state(widget),
        }
        for widget in list(_instances.values())
    }


def answer(msg: dict[str, Any]) -> None:
    """ipywidgets' `Widget._handle_control_comm_msg`, with each state gathered once."""
    comm = Widget._control_comm
    if comm is None:
        raise RuntimeError("Control comm has not been properly opened")
    method = msg["content"]["data"]["method"]
    if method != "request_states":
        raise RuntimeError(
            f'Unknown front-end to back-end widget control msg with method "{method}"'
        )
    full_state, buffer_paths, buffers = _remove_buffers(states())
    comm.send(
        {"method": "update_states", "states": full_state, "buffer_paths": buffer_paths},
        buffers=buffers,
    )


def _opened(comm: Any, msg: dict[str, Any]) -> None:
    """A browser opened the control channel: ipywidgets checks its version and keeps the
    channel, and the kit answers what comes over it."""
    Widget.handle_control_comm_opened(comm, msg)
    comm.on_msg(answer)


def answer_requests_once() -> None:
    """Answer the browsers that open the control channel from now on (in a kernel; outside
    one, there is no channel)."""
    manager = widget_comm.get_comm_manager()
    if manager is not None:
        manager.register_target(CONTROL_TARGET, _opened)
