"""A page's kernel websocket, opened on its kernel's greeting rather than by nudging.

Jupyter Server opens a kernel's websocket once a `kernel_info` reply and an IOPub
message have come back from two `kernel_info_request`s over two extra connections
(`ZMQChannelsWebsocketConnection.nudge`): proof that the kernel's IOPub channel
reaches this page, since ZMQ drops what is published before a subscription arrives.
A warm kernel of the kit greets every new IOPub subscriber once its subscription
is in place (`opsporing.iopub_welcome`) and says so, with its protocol version,
when it asks for its page's request (`KernelRequestSocket.greets`). For such a
kernel the greeting is the proof, and the version is what the server's own
`kernel_info_request` (one more connection, once per kernel) would learn: the
connections and requests are spared. Any other kernel, a page coming back to the
IOPub subscription it had before it lost its connection (no new subscription, so
no greeting), and one whose greeting does not come in `GREETING_WAIT`, is asked and
nudged as before.
"""

from __future__ import annotations

import asyncio
from typing import Any

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

from opsporing.kernel_access import KernelRequestSocket

GREETING_WAIT = 5.0
"""Seconds to wait for the kernel's greeting before nudging it after all. A greeting is
sent as soon as the subscription arrives; on a room's busy laptop that is well within this."""


class GreetedConnection(ZMQChannelsWebsocketConnection):
    """Jupyter Server's kernel websocket connection, opened on the kernel's greeting."""

    subscribed_anew = False
    """Whether this connection subscribed to the kernel's IOPub itself (and will be greeted),
    rather than taking back the channels its page had before a lost connection."""

    def create_stream(self) -> None:
        super().create_stream()  # type: ignore[no-untyped-call]
        self.subscribed_anew = True

    def request_kernel_info(self) -> Any:
        told = KernelRequestSocket.greets(self.kernel_id)
        if not told:
            return super().request_kernel_info()  # type: ignore[no-untyped-call]
        self._finish_kernel_info({"protocol_version": told})  # type: ignore[no-untyped-call]
        return asyncio.wrap_future(self._kernel_info_future)

    def nudge(self) -> asyncio.Future[None]:
        if not (self.subscribed_anew and KernelRequestSocket.greets(self.kernel_id)):
            return super().nudge()
        iopub = self.channels["iopub"]
        loop = asyncio.get_running_loop()
        opened: asyncio.Future[None] = loop.create_future()

        def stop_listening() -> bool:
            """Leave IOPub to the connection (it listens once this is done); whether it is open."""
            if iopub.closed():
                return False
            iopub.stop_on_recv()
            return True

        def greeted(_msg: Any) -> None:
            if not opened.done():
                late.cancel()
                stop_listening()
                opened.set_result(None)

        def not_greeted() -> None:
            if opened.done():
                return
            if not stop_listening():  # the page has gone meanwhile
                opened.set_result(None)
                return
            super(GreetedConnection, self).nudge().add_done_callback(nudged)

        def nudged(_done: Any) -> None:
            if not opened.done():
                opened.set_result(None)

        iopub.on_recv(greeted)
        late = loop.call_later(GREETING_WAIT, not_greeted)
        return opened
