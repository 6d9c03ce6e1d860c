"""The store as a participant's page reaches it: through the kit's server, not the database.

Forty participants mean forty kernels, and each kernel that opened the database
itself carried SQLAlchemy (about 15 MiB a kernel, 0.6 GiB for a room) and wrote to
SQLite from a process of its own. Under the kit's server a participant's page asks
the server instead (`opsporing.store_route`), with the kernel key only the server's
own kernels know (`opsporing.request.KERNEL_KEY_ENV`): the server holds the one
`Store`, and a kernel holds a connection to its store line over this machine's loopback,
one question and one answer per line of JSON.

`PageStore` names what a participant's page may ask, and nothing else: the line
answers those methods only. Elsewhere (JupyterLab, the trainer's page, the command
line, tests) there is no such server or no need for one, and `Store` itself, which
has the same methods, is used.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import ssl
import threading
from typing import Any, Protocol

from opsporing import texts
from opsporing.records import (
    Answer,
    Arrival,
    Participant,
    RoomStep,
    StoreError,
    answer_from_wire,
    arrival_from_wire,
    error_from_wire,
    participant_from_wire,
    room_step_from_wire,
)
from opsporing.request import KERNEL_KEY_ENV

STORE_PORT_ENV = "OPSPORING_STORE_PORT"
"""Set by the kit's server for its kernels: the loopback port of its store line
(`opsporing.store_route`). Set before the server starts, it is the port the line listens on."""
STORE_SCHEME_ENV = "OPSPORING_STORE_SCHEME"
"""Set by the kit's server for its kernels (`http` or `https`): how they reach its own routes."""
SERVER_PORT_ENV = "OPSPORING_SERVER_PORT"
"""Set by the kit's server for its kernels: the port it listens on. Voila's own `VOILA_APP_PORT`
is, for a kernel started for a page, the port that page's request named."""
WAIT = 60.0
"""Seconds a call waits for the server: a write may queue behind the room's on SQLite."""
WATCH_METHOD = "room_version_after"
"""Not a store method: the server holds this question open until the room moves."""
WATCH_WAIT = 25.0
"""Seconds the server holds a follower's question before it answers "unchanged": the kernel
then asks again, so a follower at rest costs the server one request in this long."""


class PageStore(Protocol):
    """What a participant's page reads and writes: `Store`'s methods of the same names."""

    def answers(self, participant_id: str) -> dict[str, Answer]: ...

    def save_answer(
        self, participant_id: str, question_key: str, value: Any, shared: bool = False
    ) -> None: ...

    def participant(self, participant_id: str) -> Participant | None: ...

    def browser_participant(self, browser: str) -> Participant | None: ...

    def browser_participants(self, browser: str) -> list[Participant]: ...

    def arrival(self, browser: str) -> Arrival: ...

    def join(
        self,
        pseudonym: str,
        hold_code: str | None = None,
        *,
        return_code: str | None = None,
        client: str = "",
        trusted: bool = False,
    ) -> Participant: ...

    def bind_browser(self, browser: str, participant_id: str) -> None: ...

    def leave_browser(self, browser: str) -> None: ...

    def delete_participant(self, participant_id: str) -> None: ...

    def set_municipality(self, participant_id: str, code: int | None) -> None: ...

    def own_pace(self, participant_id: str) -> bool: ...

    def set_own_pace(self, participant_id: str, own: bool) -> None: ...

    def room_version(self, hold_code: str) -> int: ...

    def room_step(self, hold_code: str) -> RoomStep: ...


PAGE_METHODS = frozenset(name for name in vars(PageStore) if not name.startswith("_"))
"""The only methods the server's store line answers."""


def served() -> bool:
    """Whether this kernel was started by the kit's server, which answers `PageStore`."""
    return bool(os.environ.get(STORE_PORT_ENV))


def server_connection(wait: float) -> http.client.HTTPConnection:
    """A connection from one of the kit server's kernels to that server, over this machine's
    loopback: the trainer page's question of how full the room is."""
    host = os.environ.get("VOILA_APP_IP") or "127.0.0.1"
    host = "127.0.0.1" if host in ("0.0.0.0", "::", "localhost") else host
    port = int(os.environ[SERVER_PORT_ENV])
    if os.environ.get(STORE_SCHEME_ENV) != "https":
        return http.client.HTTPConnection(host, port, timeout=wait)
    # The certificate names the room's address, not loopback, and nothing but this
    # machine sits between a kernel and its server.
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return http.client.HTTPSConnection(host, port, timeout=wait, context=context)


def server_path(route: str) -> str:
    """The path of one of the kit server's own routes, as its kernels ask for it."""
    return f"{os.environ.get('VOILA_SERVER_URL', '/')}{route}"


class _Line:
    """One kept-open connection to the server's store line, one question at a time."""

    def __init__(self, wait: float) -> None:
        self.wait = wait
        self._socket: socket.socket | None = None
        self._answers: Any = None
        self._lock = threading.Lock()

    def ask(self, method: str, args: dict[str, Any]) -> Any:
        question = json.dumps({"method": method, "args": args}).encode() + b"\n"
        with self._lock:
            answer = self._exchange(question)
        if "error" in answer:
            raise error_from_wire(answer["error"])
        if "value" not in answer:  # refused: a question this kit's pages never ask
            raise StoreError(texts.STORE_AWAY)
        return answer["value"]

    def close(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._socket is not None:
            self._answers.close()
            self._socket.close()
            self._socket = self._answers = None

    def _exchange(self, question: bytes) -> dict[str, Any]:
        """One question; a kept-open line the server has since closed is opened again."""
        for attempt in range(2):
            try:
                if self._socket is None:
                    self._open()
                assert self._socket is not None
                self._socket.sendall(question)
                line = self._answers.readline()
                if not line:
                    raise ConnectionError("the store line closed")
            except OSError:
                self._close()
                if attempt:
                    raise StoreError(texts.STORE_AWAY) from None
                continue
            found: dict[str, Any] = json.loads(line)
            return found
        raise AssertionError("unreachable")

    def _open(self) -> None:
        port = int(os.environ.get(STORE_PORT_ENV, "0"))
        line = socket.create_connection(("127.0.0.1", port), timeout=self.wait)
        line.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        line.sendall(os.environ.get(KERNEL_KEY_ENV, "").encode() + b"\n")
        self._socket, self._answers = line, line.makefile("rb")


class RemoteStore:
    """`PageStore` through the kit's server's store line: one kept-open connection per kernel
    for its calls, and one more while a follower's question is held open
    (`room_version_after`).

    A call the server refuses raises the store's own Danish error (`NicknameTaken`,
    `StoreError`); a server that does not answer raises `StoreError(texts.STORE_AWAY)`,
    which a page shows like any other reason it could not save.
    """

    def __init__(self) -> None:
        self._calls = _Line(WAIT)

    def _call(self, method: str, **args: Any) -> Any:
        return self._calls.ask(method, args)

    def room_version_after(self, hold_code: str, seen: int) -> int:
        """The hold's room version once it is no longer `seen`, or `seen` after `WATCH_WAIT`
        seconds: a question the server holds open, on a connection of its own, so that the
        page's saves never queue behind it, nor a new question behind one given up
        (`opsporing.pages.follow`)."""
        line = _Line(WATCH_WAIT + WAIT)
        try:
            return int(line.ask(WATCH_METHOD, {"hold_code": hold_code, "seen": seen}))
        finally:
            line.close()

    def answers(self, participant_id: str) -> dict[str, Answer]:
        found = self._call("answers", participant_id=participant_id)
        return {key: answer_from_wire(data) for key, data in found.items()}

    def save_answer(
        self, participant_id: str, question_key: str, value: Any, shared: bool = False
    ) -> None:
        self._call(
            "save_answer",
            participant_id=participant_id,
            question_key=question_key,
            value=value,
            shared=shared,
        )

    def participant(self, participant_id: str) -> Participant | None:
        return participant_from_wire(self._call("participant", participant_id=participant_id))

    def browser_participant(self, browser: str) -> Participant | None:
        return participant_from_wire(self._call("browser_participant", browser=browser))

    def browser_participants(self, browser: str) -> list[Participant]:
        found = self._call("browser_participants", browser=browser)
        return [Participant(**data) for data in found]

    def arrival(self, browser: str) -> Arrival:
        return arrival_from_wire(self._call("arrival", browser=browser))

    def join(
        self,
        pseudonym: str,
        hold_code: str | None = None,
        *,
        return_code: str | None = None,
        client: str = "",
        trusted: bool = False,
    ) -> Participant:
        found = self._call(
            "join",
            pseudonym=pseudonym,
            hold_code=hold_code,
            return_code=return_code,
            client=client,
            trusted=trusted,
        )
        return Participant(**found)

    def bind_browser(self, browser: str, participant_id: str) -> None:
        self._call("bind_browser", browser=browser, participant_id=participant_id)

    def leave_browser(self, browser: str) -> None:
        self._call("leave_browser", browser=browser)

    def delete_participant(self, participant_id: str) -> None:
        self._call("delete_participant", participant_id=participant_id)

    def set_municipality(self, participant_id: str, code: int | None) -> None:
        self._call("set_municipality", participant_id=participant_id, code=code)

    def own_pace(self, participant_id: str) -> bool:
        return bool(self._call("own_pace", participant_id=participant_id))

    def set_own_pace(self, participant_id: str, own: bool) -> None:
        self._call("set_own_pace", participant_id=participant_id, own=own)

    def room_version(self, hold_code: str) -> int:
        return int(self._call("room_version", hold_code=hold_code))

    def room_step(self, hold_code: str) -> RoomStep:
        return room_step_from_wire(self._call("room_step", hold_code=hold_code))


def for_page() -> PageStore:
    """The store a participant's page uses: the server's under the kit's server, else its own."""
    if served():
        return RemoteStore()
    from opsporing import store  # SQLAlchemy: only where the page opens the database itself

    return store.default()
