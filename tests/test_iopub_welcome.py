"""A kernel that greets every new IOPub subscriber, in a real ipykernel.

Jupyter Server's activity watcher subscribes to a kernel's IOPub as the kernel
starts; the test's own client plays it here. A subscriber that comes later is
greeted only once the kernel has been asked to greet everyone.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

import pytest
from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.manager import KernelManager, start_new_kernel

from opsporing import paths

GREET = (
    "from opsporing.iopub_welcome import greet_every_subscriber\ntold = greet_every_subscriber()"
)


@pytest.fixture
def kernel() -> Iterator[tuple[KernelManager, BlockingKernelClient]]:
    manager, client = start_new_kernel(cwd=str(paths.REPO_ROOT))
    try:
        yield manager, client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def _greetings(manager: KernelManager, client: BlockingKernelClient, wait_ms: int) -> list[dict]:
    """What a new subscriber hears within `wait_ms` of subscribing, the kernel otherwise idle."""
    subscriber = manager.connect_iopub()
    heard = []
    try:
        while subscriber.poll(wait_ms):
            _idents, parts = client.session.feed_identities(subscriber.recv_multipart())
            heard.append(client.session.deserialize(parts))
            wait_ms = 200  # anything sent with it; the greeting comes first
    finally:
        subscriber.close(linger=0)
    return [{"type": m["msg_type"], "content": m["content"]} for m in heard]


def test_a_late_subscriber_is_greeted_only_once_the_kernel_greets_everyone(kernel) -> None:
    manager, client = kernel
    assert _greetings(manager, client, 1000) == [], "the first subscriber took the greeting"

    reply = client.execute_interactive(GREET, user_expressions={"told": "told"}, timeout=60)
    assert reply["content"]["status"] == "ok", reply["content"]
    told = ast.literal_eval(reply["content"]["user_expressions"]["told"]["data"]["text/plain"])
    client.kernel_info()
    info = client.get_shell_msg(timeout=30)["content"]
    assert told == info["protocol_version"], "it tells what a kernel_info_request would"

    for _ in range(2):  # every one of them, not only the next
        heard = _greetings(manager, client, 10_000)
        assert heard[:1] == [{"type": "iopub_welcome", "content": {"subscription": ""}}]


def test_outside_a_kernel_nothing_greets() -> None:
    from opsporing.iopub_welcome import greet_every_subscriber

    assert greet_every_subscriber() == ""
