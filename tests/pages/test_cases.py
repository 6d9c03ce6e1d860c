"""A case unfolds stage by stage, and what has unfolded survives a reload."""

from __future__ import annotations

from collections.abc import Callable

from opsporing import texts
from opsporing.pages import cases
from opsporing.pages.session import Session
from opsporing.widgets import QuestionWidget

from .conftest import html_of, shown


def open_case(s: Session) -> cases.VignetteView:
    page = cases.build(s)
    picker = next(w for w in page.body if isinstance(w, cases.CasePicker))
    assert picker.view is None
    picker.choice.value = "test-case"
    assert picker.view is not None
    return picker.view


def answer(q: QuestionWidget) -> None:
    """Give any valid answer and save it at once (as leaving the field would)."""
    if q.question_kind == "fritekst":
        q.value = "Mit svar"
    else:
        first = q.spec["options"][0]["value"]
        q.value = [first] if q.spec["multiple"] else first
    q.flush()


def test_stage_two_and_the_perspective_wait_for_stage_one(
    session_with: Callable[..., Session],
) -> None:
    view = open_case(session_with("Kim"))
    one, two, three = view.stages
    assert shown(one) and not shown(two) and not shown(three)
    assert not shown(one.perspective) and shown(one.locked)

    answer(one.questions[0])
    assert not shown(one.perspective), "half a stage is not an answered stage"
    assert not shown(two)

    answer(one.questions[1])
    assert shown(one.perspective) and not shown(one.locked)
    assert "Perspektiv på <strong>trin 1</strong>" in html_of(one.perspective)
    assert shown(two) and not shown(two.perspective) and not shown(three)
    assert not shown(view.done)


def test_what_has_unfolded_survives_a_reload(session_with: Callable[..., Session]) -> None:
    s = session_with("Kim")
    view = open_case(s)
    for stage in view.stages[:2]:
        for q in stage.questions:
            answer(q)
    reloaded = open_case(Session(s.store, s.content, s.participant))
    one, two, three = reloaded.stages
    assert shown(one.perspective) and shown(two.perspective)
    assert shown(three) and not shown(three.perspective)
    for q in three.questions:
        answer(q)
    assert shown(three.perspective) and shown(reloaded.done)


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
        assert shown(picker.view.stages[0]) and not shown(picker.view.stages[1])
