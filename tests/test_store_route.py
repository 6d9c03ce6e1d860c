"""The server's store line, as the kit's kernels use it and as a neighbour would try it.

Against a real `opsporing serve`: a `RemoteStore` in this process, holding the kernel
key a kernel of that server holds, must read and write exactly what `Store` does; a
client without the key is closed unanswered, and one asking for what a participant's
page never asks is refused.
"""

from __future__ import annotations

import asyncio
import json
import socket
import ssl
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import psutil
import pytest
from certificates import self_signed
from server_process import (
    OpsporingServer,
    browser_of,
    free_port,
    get,
    leave,
    open_page,
    page_config,
    run_in_own_loop,
    widget_states,
    widget_text,
)

from opsporing import routes, store, store_route, texts
from opsporing.records import NicknameTaken, StoreError
from opsporing.request import KERNEL_KEY_ENV
from opsporing.store_client import (
    PAGE_METHODS,
    SERVER_PORT_ENV,
    STORE_PORT_ENV,
    STORE_SCHEME_ENV,
    WATCH_METHOD,
    RemoteStore,
)
from opsporing.store_route import ROOM_VERSION_FRESH

OLD_ROUTE = "opsporing/store"
"""Where the store was a route of the web server: now nothing answers there."""


@pytest.fixture(scope="module")
def kernel_env(opsporing_server: OpsporingServer) -> dict[str, str]:
    """What every kernel of the server has in its environment (read as its own user can)."""
    (pid, *_) = opsporing_server.kernel_pids().values()
    return dict(psutil.Process(pid).environ())


@pytest.fixture(scope="module")
def kernel_key(kernel_env: dict[str, str]) -> str:
    return kernel_env[KERNEL_KEY_ENV]


@pytest.fixture(scope="module")
def store_port(kernel_env: dict[str, str]) -> int:
    return int(kernel_env[STORE_PORT_ENV])


@pytest.fixture
def remote(
    opsporing_server: OpsporingServer,
    kernel_key: str,
    store_port: int,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[RemoteStore]:
    """A `RemoteStore` set up as the server sets up its kernels."""
    monkeypatch.setenv(SERVER_PORT_ENV, str(opsporing_server.port))
    monkeypatch.setenv("VOILA_SERVER_URL", "/")
    monkeypatch.setenv(STORE_SCHEME_ENV, "http")
    monkeypatch.setenv(STORE_PORT_ENV, str(store_port))
    monkeypatch.setenv(KERNEL_KEY_ENV, kernel_key)
    yield RemoteStore()


def ask(port: int, body: object, key: str | None) -> tuple[int, dict]:
    """One question on the store line, as anyone on this machine could ask it: (200, the
    answer), (400 or 404, {}) when refused, or (0, {}) when the line closed unanswered."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as line:
        if key is not None:
            line.sendall(key.encode() + b"\n")
        line.sendall(json.dumps(body).encode() + b"\n")
        answer = line.makefile("rb").readline()
    if not answer:
        return 0, {}
    found = json.loads(answer)
    return (found["refused"], {}) if "refused" in found else (200, found)


def test_a_page_reads_and_writes_what_the_store_holds(
    remote: RemoteStore, served_store: store.Store
) -> None:
    hold = served_store.create_hold("918273", "Route")
    me = remote.join("Route-Rut", hold, client="browser-a")
    assert served_store.participant(me.id) == me
    remote.bind_browser("browser-a", me.id)
    assert remote.browser_participant("browser-a") == me
    assert remote.browser_participants("browser-a") == [me]

    remote.save_answer(me.id, "aya-sfo/1/tanker", "Hun virker træt", True)
    remote.save_answer(me.id, "aya-sfo/1/hvem", ["laerer"])
    assert remote.answers(me.id) == served_store.answers(me.id)
    assert remote.answers(me.id)["aya-sfo/1/tanker"].shared

    remote.set_municipality(me.id, 101)
    assert remote.participant(me.id) == served_store.participant(me.id)
    assert served_store.participant(me.id).municipality == 101  # type: ignore[union-attr]
    remote.set_own_pace(me.id, True)
    assert remote.own_pace(me.id) and served_store.own_pace(me.id)

    step = served_store.send_room(hold, {"vis": "cases", "case": "aya-sfo"}, {"aya-sfo": 1})
    assert remote.room_version(hold) == step.version
    assert remote.room_step(hold) == step
    arrived = remote.arrival("browser-a")
    assert arrived == served_store.arrival("browser-a") and arrived.room == step
    assert arrived.answers["aya-sfo/1/hvem"].value == ["laerer"]

    remote.leave_browser("browser-a")
    assert remote.browser_participant("browser-a") is None
    assert remote.arrival("browser-a") == served_store.arrival("browser-a")
    assert remote.arrival("browser-a").participant is None
    remote.delete_participant(me.id)
    assert served_store.participant(me.id) is None
    assert remote.participant(me.id) is None


def test_a_step_the_trainer_sends_reaches_every_look_within_the_freshness_window(
    remote: RemoteStore, served_store: store.Store
) -> None:
    """Followers share one read of the room's version for `ROOM_VERSION_FRESH` seconds."""
    hold = served_store.create_hold("918276", "Tempo")
    before = remote.room_version(hold)
    step = served_store.send_room(hold, {"vis": "hjaelp"}, {})
    assert step.version != before
    sent = time.monotonic()
    while remote.room_version(hold) != step.version:
        assert time.monotonic() - sent < ROOM_VERSION_FRESH + 1.0, "the look never saw the step"
        time.sleep(0.02)
    assert remote.room_step(hold) == step


def test_a_followers_question_is_held_until_the_trainer_moves_the_room(
    remote: RemoteStore, served_store: store.Store
) -> None:
    """A follower at rest asks once and waits; the step the trainer sends answers it."""
    hold = served_store.create_hold("918278", "Venter")
    seen = remote.room_version(hold)
    with ThreadPoolExecutor(max_workers=1) as thread, ThreadPoolExecutor(1) as thread_two:
        waiting = thread.submit(remote.room_version_after, hold, seen)
        time.sleep(1.5)
        assert not waiting.done(), "nothing moved, so the server has not answered"
        saving = RemoteStore()  # the same kernel's saves go on beside the held question
        me = saving.join("Venter-Vera", hold)
        saving.save_answer(me.id, "aya-sfo/1/notat", "Gemt mens der ventes")
        assert served_store.answers(me.id)["aya-sfo/1/notat"].value == "Gemt mens der ventes"
        # A question for another hold (the participant joined one) is not queued behind it.
        other = served_store.create_hold("918280", "Et andet hold")
        elsewhere = thread_two.submit(remote.room_version_after, other, remote.room_version(other))
        moved = served_store.send_room(other, {"vis": "cases"}, {})
        assert elsewhere.result(timeout=10) == moved.version
        assert not waiting.done()

        step = served_store.send_room(hold, {"vis": "hjaelp"}, {})
        sent = time.monotonic()
        assert waiting.result(timeout=10) == step.version
        print(f"answered {time.monotonic() - sent:.2f} s after the step")


def test_a_held_question_with_the_wrong_kinds_is_refused(store_port: int, kernel_key: str) -> None:
    for args in (
        {"hold_code": "918278", "seen": "1"},
        {"hold_code": 918278, "seen": 1},
        {"hold_code": "918278", "seen": True},
        {"hold_code": "918278"},
    ):
        body = {"method": WATCH_METHOD, "args": args}
        assert ask(store_port, body, kernel_key)[0] == 400, args
    assert ask(store_port, {"method": WATCH_METHOD, "args": {}}, None)[0] == 0


def test_the_stores_refusals_arrive_in_danish_as_the_same_errors(
    remote: RemoteStore, served_store: store.Store
) -> None:
    hold = served_store.create_hold("918274", "Afvist")
    remote.join("Bente", hold)
    with pytest.raises(NicknameTaken) as taken:
        remote.join("bente", hold)
    assert taken.value.pseudonym == "bente" and taken.value.suggestion
    assert str(taken.value) == texts.NICKNAME_TAKEN.format(
        pseudonym="bente", suggestion=taken.value.suggestion
    )
    with pytest.raises(StoreError, match="intet hold"):
        remote.join("Carl", "ZZZZZZ")
    with pytest.raises(StoreError) as too_long:
        remote.save_answer(remote.join("Dorte", hold).id, "x/1/y", "ord " * 100_000)
    assert "for lang" in str(too_long.value)


def test_the_trainer_page_learns_how_full_the_room_is_from_the_server(
    remote: RemoteStore, opsporing_server: OpsporingServer
) -> None:
    """The same kernel-to-server connection carries the trainer page's room figures."""
    found = routes.room_state()
    assert found is not None and set(found) == {"capacity", "open", "warm"}
    assert found["capacity"] >= opsporing_server.participants


def test_without_the_kernel_key_the_line_says_nothing_and_the_web_has_no_store(
    opsporing_server: OpsporingServer, kernel_key: str, store_port: int
) -> None:
    body = {"method": "browser_participants", "args": {"browser": "someone-else"}}
    assert ask(store_port, body, None) == (0, {})
    assert ask(store_port, body, "gæt") == (0, {})
    assert ask(store_port, body, kernel_key[:-1]) == (0, {})
    assert ask(store_port, body, kernel_key + "x") == (0, {})
    # A browser that opened a page has a cookie, but no key, and no store on the web.
    page = open_page(opsporing_server, "00_start.ipynb")
    request = Request(
        opsporing_server.url + OLD_ROUTE,
        json.dumps(body).encode(),
        headers={"Cookie": "; ".join(page.cookies)},
        method="POST",
    )
    with pytest.raises(HTTPError) as refused:
        urlopen(request, timeout=60)
    assert refused.value.code == 404
    leave(opsporing_server, page_config(page.text)["kernelId"])
    assert get(opsporing_server.url + OLD_ROUTE).status == 404
    assert ask(store_port, body, kernel_key) == (200, {"value": []})


def test_the_store_line_listens_on_this_machine_only(store_port: int) -> None:
    """A laptop on the room's network cannot even knock: loopback only, whatever `--lan`."""
    listening = [
        c.laddr
        for c in psutil.net_connections("tcp")
        if c.status == psutil.CONN_LISTEN and c.laddr.port == store_port
    ]
    assert listening and {address.ip for address in listening} == {"127.0.0.1"}


def test_with_the_key_only_what_a_participants_page_asks(
    store_port: int, kernel_key: str, served_store: store.Store
) -> None:
    hold = served_store.create_hold("918275", "Kun sider")
    for method, args in (
        ("check_pin", {"code": hold, "pin": "918275"}),
        ("hold_answers", {"hold_code": hold}),
        ("members", {"hold_code": hold}),
        ("delete_hold", {"code": hold}),
        ("send_room", {"hold_code": hold, "place": None, "locks": {}}),
        ("_write", {}),
        ("engine", {}),
    ):
        assert method not in PAGE_METHODS
        assert ask(store_port, {"method": method, "args": args}, kernel_key)[0] == 404
    assert served_store.hold_exists(hold)
    for body in (
        {"method": "answers", "args": {"participant": "x"}},
        {"method": "answers"},
        {"method": "answers", "args": ["x"]},
        {"method": ["answers"], "args": {}},
        "answers",
    ):
        assert ask(store_port, body, kernel_key)[0] == 400, body


def test_a_server_that_does_not_answer_is_said_in_danish(
    remote: RemoteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(STORE_PORT_ENV, str(free_port()))
    with pytest.raises(StoreError) as away:
        RemoteStore().answers("someone")
    assert str(away.value) == texts.STORE_AWAY


def test_over_https_a_kernel_reaches_the_store_the_same_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With IT's certificate the server speaks HTTPS only, and so do its warm kernels to
    learn their page's request and the room's figures; the store they reach on the line,
    which never leaves the machine."""
    server = OpsporingServer(
        data_dir=tmp_path / "data",
        log_path=tmp_path / "serve.log",
        participants=1,
        certificate=self_signed(tmp_path),
    )
    server.start()
    try:
        (pid,) = server.kernel_pids().values()
        told = psutil.Process(pid).environ()  # what the server started its kernel with
        assert told[STORE_SCHEME_ENV] == "https"
        names = (SERVER_PORT_ENV, "VOILA_SERVER_URL", STORE_SCHEME_ENV, STORE_PORT_ENV)
        for name in (*names, KERNEL_KEY_ENV):
            monkeypatch.setenv(name, told[name])
        db = store.Store(f"sqlite:///{server.data_dir / 'opsporing.sqlite'}")
        me = RemoteStore().join("Tls-Tove", db.create_hold("918277", "Over HTTPS"))
        RemoteStore().save_answer(me.id, "aya-sfo/1/notat", "Skrevet over HTTPS")
        assert db.answers(me.id)["aya-sfo/1/notat"].value == "Skrevet over HTTPS"
        db.engine.dispose()
        assert routes.room_state() is not None, "the trainer page's figures, over HTTPS too"

        # A page the warm kernel serves: it comes only once the kernel has its request.
        plain = ssl.create_default_context()
        plain.check_hostname, plain.verify_mode = False, ssl.CERT_NONE
        with urlopen(server.page_url("00_start.ipynb"), context=plain, timeout=60) as page:
            assert page.status == 200
            assert "application/vnd.jupyter.widget-view+json" in page.read().decode()
        assert "SSL Error" not in server.log(), "a kernel spoke plain HTTP to the TLS server"
    finally:
        server.stop()


def test_forty_held_questions_cost_one_reader_and_all_wake_when_the_room_moves(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The server reads a watched hold's version once per `ROOM_VERSION_FRESH`, however many
    wait on it, and stops reading when nobody does."""
    reads: list[float] = []
    room = {"version": 3}

    async def read(hold_code: str) -> int:
        reads.append(time.monotonic())
        return room["version"]

    monkeypatch.setattr(store_route, "_room_version", read)

    async def scenario() -> tuple[list[int], int, int, int, bool]:
        followers = [store_route.room_version_after("918279", 3, wait=5) for _ in range(40)]
        waiting = asyncio.gather(*followers)
        await asyncio.sleep(1.0)
        read_while_at_rest = len(reads)
        room["version"] = 4
        answers = await waiting
        unchanged = await store_route.room_version_after("918279", 4, wait=0.3)
        await asyncio.sleep(2 * ROOM_VERSION_FRESH)  # the reader's last round
        stopped = len(reads)
        await asyncio.sleep(5 * ROOM_VERSION_FRESH)
        return (
            answers,
            read_while_at_rest,
            unchanged,
            len(reads) - stopped,
            bool(store_route._watched),
        )

    found = run_in_own_loop(scenario())
    answers, read_while_at_rest, unchanged, read_after, still_watched = found
    assert answers == [4] * 40
    assert 1 <= read_while_at_rest <= 1 / ROOM_VERSION_FRESH + 2, read_while_at_rest
    assert unchanged == 4, "nothing moved: the question is answered with what was seen"
    assert read_after == 0 and not still_watched, "nobody waits: nobody reads"


def test_a_page_asked_for_under_another_port_still_reaches_the_store(tmp_path: Path) -> None:
    """Voila tells a kernel started for a page the port its request named (the Host header):
    behind a port mapping, or from a client that names any port, that is not where the
    server listens. The kernel reaches the store where the server says it listens."""
    server = OpsporingServer(
        data_dir=tmp_path / "data", log_path=tmp_path / "serve.log", participants=0
    )
    server.start()
    try:
        first = get(server.page_url("00_start.ipynb"))
        cookie = "; ".join(first.cookies)
        db = store.Store(f"sqlite:///{server.data_dir / 'opsporing.sqlite'}")
        me = db.join("Portia", None)
        db.bind_browser(browser_of(first), me.id)
        db.engine.dispose()
        elsewhere = {"Cookie": cookie, "Host": f"127.0.0.1:{free_port()}"}
        page = get(server.page_url("00_start.ipynb"), headers=elsewhere)
        kernel = page_config(page.text)["kernelId"]
        (pid,) = (p for k, p in server.kernel_pids().items() if k == kernel)
        assert psutil.Process(pid).environ()["VOILA_APP_PORT"] != str(server.port)
        text = widget_text(widget_states(server, kernel, cookie=cookie))
        assert "Portia" in text, "the page knows its participant: the store answered"
        assert texts.STORE_AWAY not in text
    finally:
        server.stop()


def test_a_connection_that_never_shows_the_key_is_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Anyone on the machine can open the line; saying nothing holds nothing open for long."""
    monkeypatch.setattr(store_route, "KEY_WAIT", 0.3)

    async def silent() -> tuple[bytes, float]:
        port = store_route.listen()
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        opened = time.monotonic()
        said = await asyncio.wait_for(reader.read(), timeout=10)
        writer.close()
        return said, time.monotonic() - opened

    said, after = run_in_own_loop(silent())
    assert said == b"", "closed unanswered"
    assert 0.2 <= after < 5, after
