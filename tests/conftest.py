"""Fixtures shared across the suite: the shipped content, and stores on both databases."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import server_process
from server_process import OpsporingServer, content_with_local_film
from sqlalchemy import create_engine

from opsporing import content, paths, store

REPO = paths.REPO_ROOT
PG_URL_ENV = "OPSPORING_TEST_PG_URL"
LOG_LINES_ON_FAILURE = 60


def pytest_runtest_setup(item: pytest.Item) -> None:
    """The servers still running carry into this test's account; stopped ones do not."""
    server_process.SEEN_BY_TEST[:] = [
        s for s in server_process.SEEN_BY_TEST if s.process is not None
    ]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """A failing test shows the end of every served kit's log it used: what the server and its
    kernels said is where a page that never came, or a hang, is explained."""
    report = yield
    if report.failed:
        for server in {id(s): s for s in server_process.SEEN_BY_TEST}.values():
            tail = "\n".join(server.log().splitlines()[-LOG_LINES_ON_FAILURE:])
            report.sections.append((f"opsporing serve on port {server.port}", tail))
    return report


@pytest.fixture(scope="session")
def repo() -> Path:
    """The checkout: its content folders are the fixtures."""
    return REPO


@pytest.fixture(scope="session")
def shipped() -> content.Content:
    """The content this repository ships: the tests use the real thing as their fixture.

    Validated, not `load`ed: a session fixture is made before any test's data folder,
    and `load` would leave its snapshot in the user's own."""
    loaded, errors = content.validate(REPO)
    assert loaded is not None, errors
    return loaded


@pytest.fixture(autouse=True)
def _isolated_data(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test writes into a user's real data folder or picks up their database."""
    monkeypatch.setenv(paths.DATA_ENV, str(tmp_path_factory.mktemp("data")))
    monkeypatch.delenv(paths.DB_URL_ENV, raising=False)


def _pg_url() -> str:
    url = os.environ.get(PG_URL_ENV)
    if url:
        return url
    reason = (
        f"NO POSTGRESQL: install postgresql (`make test` then starts one) or set {PG_URL_ENV}; "
        "the PostgreSQL half of the store tests did not run"
    )
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite'}"
        return
    url = _pg_url()
    engine = create_engine(url)
    store.metadata.drop_all(engine)
    engine.dispose()
    yield url
    engine = create_engine(url)
    store.metadata.drop_all(engine)
    engine.dispose()


@pytest.fixture
def db(db_url: str) -> Iterator[store.Store]:
    s = store.Store(db_url)
    yield s
    s.engine.dispose()


@pytest.fixture(scope="session")
def opsporing_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpsporingServer]:
    """One real `opsporing serve` for the whole session, shared by HTTP and browser tests.

    A warm pool of five kernels for the entry notebook (room for seven pages at once),
    and a short idle timeout so a test
    can see kernels of pages without a browser being culled. It serves the
    shipped content plus a local copy of the first film (`films/local/`). Its
    log is `serve.log` in the fixture's folder.
    """
    folder = tmp_path_factory.mktemp("server")
    film = content.load(REPO).films[0].id
    server = OpsporingServer(
        data_dir=folder / "data",
        log_path=folder / "serve.log",
        content_root=content_with_local_film(folder / "content", film),
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def served_store(opsporing_server: OpsporingServer) -> Iterator[store.Store]:
    """The store the served pages write to, opened from the test as another kernel would."""
    opsporing_server.data_dir.mkdir(parents=True, exist_ok=True)
    db = store.Store(f"sqlite:///{opsporing_server.data_dir / 'opsporing.sqlite'}")
    yield db
    db.engine.dispose()
