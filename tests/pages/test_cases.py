"""A case unfolds stage by stage, and what has unfolded survives a reload."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
import pytest

from opsporing import texts
from opsporing.pages import cases
from opsporing.pages.session import Session

from .conftest import answer, html_of


def open_case(s: Session) -> cases.VignetteView:
    page = cases.build(s)
    picker = next(w for w in page.body if isinstance(w, cases.CasePicker))
    assert picker.view is None
    picker.choice.value = "test-case"
    assert picker.view is not None
    return picker.view


def drawn(view: cases.VignetteView, stage: cases.StagePart) -> bool:
    """The stage is a part of the case's block, as the browser draws it."""
    return any(f"opsporing-stage-{stage.number}" in part["classes"] for part in view.parts)


def test_stage_two_and_the_perspective_wait_for_stage_one(
    session_with: Callable[..., Session],
) -> None:
    view = open_case(session_with("Kim"))
    (one,) = view.stages
    assert "Trin 2" not in html_of(view), "a stage that has not unfolded is not in the page"
    assert not one.perspective_shown and texts.STAGE_LOCKED in one.after

    answer(one.questions[0])
    assert not one.perspective_shown, "half a stage is not an answered stage"
    assert len(view.stages) == 1

    answer(one.questions[1])
    assert one.perspective_shown and texts.STAGE_LOCKED not in one.after
    assert "Perspektiv på <strong>trin 1</strong>" in one.after
    assert "Perspektiv på <strong>trin 1</strong>" in html_of(view), "the browser has it"
    one, two = view.stages
    assert drawn(view, two) and not two.perspective_shown and view.reached == 2
    assert not view.finished


def test_what_has_unfolded_survives_a_reload(session_with: Callable[..., Session]) -> None:
    s = session_with("Kim")
    view = open_case(s)
    for n in (1, 2):
        for q in view.stages[n - 1].questions:
            answer(q)
    reloaded = open_case(Session(s.store, s.content, s.participant))
    one, two, three = reloaded.stages
    assert one.perspective_shown and two.perspective_shown
    assert drawn(reloaded, three) and not three.perspective_shown
    for q in three.questions:
        answer(q)
    assert three.perspective_shown and reloaded.finished


def test_a_reload_sends_each_model_of_an_answered_case_in_the_message_that_opens_it(
    session_with: Callable[..., Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forty kernels open a case at once: an update after a widget is opened (its stored
    answer, its status, a stage's classes, a hidden hint) is a message more for each."""
    s = session_with("Kim")
    view = open_case(s)
    for n in (1, 2):
        for q in view.stages[n - 1].questions:
            answer(q)
    updates: list[tuple[str, object]] = []
    send_state = widgets.Widget.send_state

    def counted(self: widgets.Widget, key: object = None) -> None:
        updates.append((type(self).__name__, key))
        send_state(self, key)

    page = cases.build(Session(s.store, s.content, s.participant))  # built in the warm kernel
    monkeypatch.setattr(widgets.Widget, "send_state", counted)
    page.open_place({"case": "test-case"})
    reloaded = page.picker.view
    assert reloaded is not None and len(reloaded.stages) == 3
    assert all(q.answered for q in reloaded.stages[0].questions)
    # What changes once the case is built: the picker's choice, and the box it lands in.
    assert sorted(updates, key=str) == [("Dropdown", "index"), ("VBox", "children")]


def test_an_answered_case_is_one_model(
    session_with: Callable[..., Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each new model is a message through the server for each of forty kernels: a case (its
    introduction, every stage's text, questions, hint or perspective, what to read next) is
    one `QuestionBlock`, not a box of them."""
    s = session_with("Kim")
    view = open_case(s)
    for stage in (1, 2):
        for q in view.stages[stage - 1].questions:
            answer(q)
    opened: list[str] = []
    widget_open = widgets.Widget.open

    def counted(self: widgets.Widget) -> None:
        opened.append(type(self).__name__)
        widget_open(self)

    page = cases.build(Session(s.store, s.content, s.participant))
    monkeypatch.setattr(widgets.Widget, "open", counted)
    page.open_place({"case": "test-case"})
    reloaded = page.picker.view
    assert reloaded is not None and len(reloaded.stages) == 3
    assert opened == ["VignetteView"]
    assert sum(len(stage.questions) for stage in reloaded.stages) > 3, "questions are no models"


def test_a_locked_stage_is_not_in_the_page_until_the_trainer_opens_it(
    session_with: Callable[..., Session],
) -> None:
    """The trainer locks the case at stage 1: answering does not unfold stage 2, whose
    text is nowhere in the page; the trainer's step to stage 2 opens it."""
    s = session_with("Kim")
    s.room_locks = {"test-case": 1}
    view = open_case(s)
    stage_two = s.content.vignette("test-case").stages[1]
    for q in view.stages[0].questions:
        answer(q)
    assert len(view.stages) == 1 and view.waiting
    assert texts.STAGE_WAITS_FOR_TRAINER in html_of(view)
    assert stage_two.title not in html_of(view)

    s.room_locks = {"test-case": 2}
    s.room_opened = {"test-case": 2}
    view.update()
    assert len(view.stages) == 2 and stage_two.title in html_of(view)
    assert view.waiting, "stage 3 waits for the trainer too"


def test_the_trainers_step_to_a_stage_unfolds_it_for_a_follower_who_has_not_answered(
    session_with: Callable[..., Session],
) -> None:
    s = session_with("Kim")
    s.room_opened = {"test-case": 3}
    view = open_case(s)
    assert view.reached == 3 and not view.waiting
    assert not view.finished, "unfolded is not answered"


def test_a_case_says_it_is_fictional_and_links_to_places_never_to_a_person(
    session_with: Callable[..., Session],
) -> None:
    s = session_with("Kim")
    view = open_case(s)
    shown_html = html_of(view)
    assert shown_html.lower().count("opdigtet") == 1, "the case says it is fictional, once"
    assert texts.UNVERIFIED in shown_html, "the fixture's law reference is unverified"
    film = "00_start.ipynb?vis=temafilm&amp;film=test-laerer"
    assert f'<a href="{film}">Testfilm med en lærer</a>' in shown_html
    assert '<a href="00_start.ipynb?vis=hjaelp">Testlinjen for børn</a>' in shown_html
    assert s.participant.id not in shown_html


def test_every_shipped_case_opens(shipped, db) -> None:
    page = cases.build(Session(db, shipped))
    picker = next(w for w in page.body if isinstance(w, cases.CasePicker))
    for vignette in shipped.vignettes:
        picker.choice.value = vignette.id
        assert picker.view.vignette == vignette
        assert [stage.number for stage in picker.view.stages] == [1]
