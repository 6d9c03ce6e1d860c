"""The kit on a real JupyterHub with one shared PostgreSQL (issue #14).

One hub from deploy/jupyterhub/, its proxy from npm, three participants who
each log in with the workshop code, get a server of their own, join the hold
on the start page and answer a question there; the trainer's plenum, read from
the same database, counts all three. Prerequisites missing (PostgreSQL, the
proxy) fail in CI and skip with the reason elsewhere.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from hub_process import PROXY, START_PAGE, Hub, Participant
from server_process import page_config
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from opsporing import content, plenum, texts
from opsporing.store import Store
from opsporing.widgets.base import dom_key

PG_URL_ENV = "OPSPORING_TEST_PG_URL"
ACCESS_CODE = "sol-og-regn-42"
PIN = "864213"
ANSWER_VIEW = "vis=temafilm&film={film}"
"""Where the participants answer: the first film's reflection questions, opened by address
(which names the place only: under the hub, the participant is the hub user's own)."""

pytestmark = pytest.mark.postgres


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def hub_db_url() -> Iterator[str]:
    """A database of its own on the test PostgreSQL server, dropped afterwards."""
    server = os.environ.get(PG_URL_ENV)
    if not server:
        _missing(
            f"NO POSTGRESQL: install postgresql (`make test` then starts one) or set {PG_URL_ENV}"
        )
    if not PROXY.exists():
        _missing(
            "NO configurable-http-proxy: run `npm ci` in deploy/jupyterhub/ "
            "(.ci/run and `make test` do)"
        )
    name = f"opsporing_hub_{secrets.token_hex(4)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(server).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory, hub_db_url: str) -> Iterator[Hub]:
    state = tmp_path_factory.mktemp("hub")
    running = Hub(state=state, db_url=hub_db_url, access_code=ACCESS_CODE)
    running.start()
    yield running
    running.stop()
    shutil.rmtree(state / "home", ignore_errors=True)


def test_three_participants_on_their_own_servers_show_up_in_the_trainers_plenum(
    hub: Hub, hub_db_url: str, shipped: content.Content
) -> None:
    store = Store(hub_db_url)
    code = store.create_hold(PIN, "Workshop på hubben")

    # The login page is the workshop's, in Danish; a wrong code gets nobody a server.
    stranger = Participant(hub)
    assert "Workshoppens kode" in stranger.request("hub/login").body
    refused = stranger.log_in("forkert-kode")
    assert refused.status == 403
    assert "Koden passer ikke" in refused.body
    assert not stranger.name

    participants = [Participant(hub) for _ in range(3)]
    with ThreadPoolExecutor(max_workers=3) as pool:
        logins = list(pool.map(lambda p: p.log_in(ACCESS_CODE), participants))
        assert [r.status for r in logins] == [200] * 3, [r.body[:300] for r in logins]
        names = [p.name for p in participants]
        assert len(set(names)) == 3, names
        answered = list(
            pool.map(
                lambda pair: _join_and_answer(*pair, code, shipped.films[0].id),
                zip(participants, ["Ask", "Birk", "Cedar"], strict=True),
            )
        )

    _only_the_kit(participants[0])
    # Servers nobody uses are stopped: the idle culler runs as the hub's service, and stays up.
    assert any("jupyterhub_idle_culler" in line for line in hub.command_lines())
    assert "Service idle-culler exited" not in hub.log()

    # Each answered through a server of their own: three single-user servers run.
    servers = [line for line in hub.command_lines() if "jupyterhub-singleuser" in line]
    assert len(servers) == 3, hub.command_lines()
    nicknames = {nickname for nickname, _ in answered}
    assert {m.pseudonym for m in store.members(code)} == nicknames and len(nicknames) == 3

    # The trainer's plenum, on the same database, counts all three and their answers.
    room = plenum.for_hold(store, code, PIN, shipped)
    assert room is not None
    assert room.participants == 3
    summaries = {dom_key(q.key): q for section in room.sections for q in section.questions}
    keys = {key_class for _, key_class in answered}
    assert len(keys) == 1, keys
    assert summaries[keys.pop()].answered == 3
    store.engine.dispose()


def _only_the_kit(participant: Participant) -> None:
    """A participant's server shows the kit and lets nobody change it or run code."""
    own = f"user/{participant.name}/"
    assert participant.request(own + "lab").status == 404
    assert participant.request(own + "tree").status == 404
    assert participant.api("POST", own + "api/terminals").status == 404
    refused = [
        participant.api("PUT", own + "api/contents/00_start.ipynb", b'{"type": "file"}'),
        participant.api("POST", own + "api/contents", b'{"type": "notebook"}'),
        participant.api("POST", own + "api/kernels", b'{"name": "python3"}'),
    ]
    assert [r.status for r in refused] == [403] * 3, [r.body[:200] for r in refused]
    assert all("not authorized" in r.body for r in refused), [r.body[:200] for r in refused]


def _join_and_answer(
    participant: Participant, pseudonym: str, code: str, film: str
) -> tuple[str, str]:
    """Join the hold on the start page, then answer a film's first question with one choice.

    Returns (the nickname, the answered question's key).
    """
    html, kernel = participant.open_start_page()
    own = f"/user/{participant.name}/"
    assert page_config(html)["baseUrl"] == own
    # The server's front door is the kit's start page (Spawner.default_url).
    assert participant.where_to(own).rstrip("?") == own + "voila/render/00_start.ipynb"
    assert '<html lang="da"' in html
    asyncio.run(_join(participant, kernel, pseudonym, code))

    query = ANSWER_VIEW.format(film=film)
    page = participant.request(f"user/{participant.name}/{START_PAGE}?{query}")
    assert page.status == 200, page.body[:500]
    key_class = asyncio.run(_answer(participant, page_config(page.body)["kernelId"]))

    # "Dine svar" is made by the participant's own server, from the shared database.
    handout = participant.request(f"user/{participant.name}/opsporing/handout.html")
    assert handout.status == 200, handout.body[:300]
    assert pseudonym in handout.body
    return pseudonym, key_class


async def _join(participant: Participant, kernel: str, pseudonym: str, code: str) -> None:
    widgets = await participant.channel(kernel)
    try:
        await widgets.load()
        join_form = next(
            model_id
            for model_id, state in widgets.states.items()
            if any(a.get("label") == texts.JOIN_BUTTON for a in state.get("actions", []))
        )
        await widgets.submit(join_form, "join", code=code, pseudonym=pseudonym)
        await widgets.until(
            lambda data: texts.JOINED in str(data.get("state", {}).get("value", ""))
        )
    finally:
        widgets.close()


async def _answer(participant: Participant, kernel: str) -> str:
    widgets = await participant.channel(kernel)
    try:
        states = await widgets.load()
        # The questions shown together are one block: each is an item, answered by its key.
        choices = sorted(
            (item["key_class"], model_id, index)
            for model_id, state in states.items()
            for index, item in enumerate(state.get("items", ()))
            if item["spec"].get("multiple") is False
        )
        assert choices, "the answer page has no question with one choice"
        key_class, model_id, index = choices[0]
        answers = list(states[model_id]["answers"])
        first = states[model_id]["items"][index]["spec"]["options"][0]["value"]
        answers[index] = {"key": key_class, "value": first, "shared": False}
        await widgets.set(model_id, answers=answers)
        await widgets.until(
            lambda data: (
                widgets.states[model_id]["statuses"][index]["status"] == texts.QUESTION_SAVED
            )
        )
    finally:
        widgets.close()
    return key_class
