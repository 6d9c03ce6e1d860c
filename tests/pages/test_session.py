"""Identity: the browser's participant under Voila, the start page's choice in JupyterLab."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from opsporing import paths, store, texts
from opsporing.pages import frame
from opsporing.pages import session as session_module
from opsporing.pages.session import Session
from opsporing.request import BROWSER_HEADER, FORGED_HEADER, header_env

from .conftest import FIXTURE_CONTENT


@pytest.fixture
def lab(monkeypatch: pytest.MonkeyPatch) -> None:
    """No Voila variables: the notebook runs in JupyterLab."""
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv(paths.CONTENT_ENV, str(FIXTURE_CONTENT))


@pytest.fixture
def voila(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """A Voila kernel without preheating: the request is already in the environment."""
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    monkeypatch.setenv(paths.CONTENT_ENV, str(FIXTURE_CONTENT))

    def request(query: str, browser: str = "kims-browser", forged: bool = False) -> None:
        monkeypatch.setenv("QUERY_STRING", query)
        monkeypatch.setenv(header_env(BROWSER_HEADER), browser)
        monkeypatch.setenv(header_env(FORGED_HEADER), "1" if forged else "0")

    return request


def test_voila_takes_the_participant_from_the_browser_never_from_the_address(
    voila: Callable[..., None],
) -> None:
    db = store.default()
    kim, ugle = db.join("Kim"), db.join("Ugle")
    db.bind_browser("kims-browser", kim.id)
    voila(f"deltager={ugle.id}&vis=cases", browser="kims-browser")
    s = session_module.current()
    assert s.participant == kim, "an id in the address opens nothing"
    assert s.address.view_id == "cases"
    voila("vis=cases", browser="a-neighbours-browser")
    assert session_module.current().participant is None


def test_an_old_personal_link_and_a_forged_cookie_are_explained_in_danish(
    voila: Callable[..., None],
) -> None:
    voila("vis=start&gammelt-link=1", browser="new-browser")
    s = session_module.current()
    assert s.participant is None and s.notice == texts.OLD_LINK
    assert texts.OLD_LINK in frame.identity_html(s, on_start=True)
    voila("", browser="new-browser", forged=True)
    s = session_module.current()
    assert s.participant is None and s.notice == texts.BROWSER_NOT_RECOGNISED
    assert texts.BROWSER_NOT_RECOGNISED in frame.identity_html(s)


def test_joining_under_voila_binds_the_browser(voila: Callable[..., None]) -> None:
    voila("", browser="kims-browser")
    kim = session_module.current().join("Kim", None)
    assert session_module.current().participant == kim, "a reload is Kim again"
    voila("", browser="another-browser")
    assert session_module.current().participant is None


def test_voila_without_a_participant_never_falls_back_to_the_lab_file(
    voila: Callable[..., None],
) -> None:
    kim = store.default().join("Kim")
    (paths.data_dir() / session_module.IDENTITY_FILE).write_text(kim.id)
    voila("")
    assert session_module.current().participant is None


def test_in_jupyterlab_joining_on_the_start_page_carries_to_the_next_notebook(lab: None) -> None:
    first = session_module.current()
    assert first.participant is None
    kim = first.join("Kim", None)
    assert session_module.current().participant == kim


def test_joining_under_voila_leaves_no_identity_file(voila: Callable[..., None]) -> None:
    voila("")
    session_module.current().join("Kim", None)
    assert not (paths.data_dir() / session_module.IDENTITY_FILE).exists()


def test_deleting_forgets_the_lab_identity(lab: None) -> None:
    s = session_module.current()
    s.join("Kim", None)
    s.delete_participant()
    assert s.participant is None
    assert session_module.current().participant is None


def test_questions_save_for_the_participant_and_come_back(
    session_with: Callable[..., Session],
) -> None:
    s = session_with("Kim")
    ref = next(s.content.questions())
    widget = s.question(ref.key, ref.question)
    widget.value = "Noter"
    widget.shared = True
    widget.flush()
    answer = s.store.answers(s.participant.id)[ref.key]
    assert (answer.value, answer.shared) == ("Noter", True)

    again = Session(s.store, s.content, s.participant).question(ref.key, ref.question)
    assert (again.value, again.shared) == ("Noter", True)
