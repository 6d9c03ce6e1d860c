"""A warm kernel greets every new listener on its IOPub channel, so that its page's
websocket opens without a round of `kernel_info` requests.

ZMQ drops what a kernel publishes before a new subscriber's subscription has reached
it, so Jupyter Server opens a page's websocket only once it knows the kernel's IOPub
channel reaches that page. It finds out by nudging: two more connections to the kernel,
a `kernel_info_request` on each, and a wait for a reply and for any IOPub message
(`ZMQChannelsWebsocketConnection.nudge`), after one more request, on one more connection,
for the kernel's protocol version: three round trips through a kernel that forty others are
joining beside. Without them, 40 joining at once cost the server and the kernels about
40 ms of CPU per page instead of 50 (`benchmarks/RESULTS.md`, 8 December).

ipykernel 7 publishes IOPub on an XPUB socket and greets each new subscription with an
`iopub_welcome` message (JEP 65), sent once the subscription has arrived: the very
proof the nudge waits for. But ZMQ passes a subscription up only the first time a
topic is subscribed, and Jupyter Server's activity watcher subscribed to everything
when the kernel started, so no later subscriber was greeted. With `XPUB_VERBOSE`,
every subscription is passed up and every subscriber greeted; the kit's server
(`opsporing.kernel_socket`) opens a page's websocket on that greeting.
"""

from __future__ import annotations

import threading
from typing import Any

GREETING_SET_WITHIN = 1.0
"""Seconds to wait for the kernel's IOPub thread to take the setting: it idles while a
warm kernel waits, so it takes it at once."""


def greet_every_subscriber() -> str:
    """Have this kernel greet every new IOPub subscriber. Returns the kernel's protocol
    version if it will, which the server would otherwise ask for with one more
    `kernel_info_request`; "" if it will not (outside a kernel, or in an ipykernel that
    publishes IOPub on a plain PUB socket)."""
    from IPython import get_ipython

    kernel: Any = getattr(get_ipython(), "kernel", None)
    thread: Any = getattr(kernel, "iopub_thread", None)
    socket = getattr(thread, "socket", None)
    if socket is None or not hasattr(thread, "schedule"):
        return ""
    import zmq

    greeting = threading.Event()
    outcome: list[bool] = []

    def verbose() -> None:  # in the IOPub thread, the only one that may touch its socket
        try:
            greets = socket.getsockopt(zmq.TYPE) == zmq.XPUB
            if greets:
                socket.setsockopt(zmq.XPUB_VERBOSE, 1)
            outcome.append(greets)
        finally:
            greeting.set()

    thread.schedule(verbose)
    if not greeting.wait(GREETING_SET_WITHIN) or outcome != [True]:
        return ""
    return str(kernel.kernel_info.get("protocol_version", ""))
