"""The answer key is the trainer's: it is beside the room's chart, and on no participant page.

A participant who sees "forkert" next to an option before the plenum has
discussed it learns the key, not the judgement; so every page a participant
can open is built here, with every question answered and every perspective
unfolded, and searched for any reason or source of the key.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import pytest

from opsporing import texts
from opsporing.content import Content
from opsporing.content.models import ChoiceQuestion
from opsporing.handouts.build import Format, convert, handout_notebook
from opsporing.pages import handout, hjaelp, start, temafilm
from opsporing.pages.session import Session
from opsporing.pages.underviser import TrainerPage
from opsporing.store import Store
from opsporing.widgets.plenum import key_html

from .conftest import html_of
from .test_cases import answer, open_case


def _key_texts(kit: Content) -> list[str]:
    """Every reason and source in the kit's keys (the verdict words are ordinary Danish)."""
    found = []
    for ref in kit.questions():
        if isinstance(ref.question, ChoiceQuestion):
            for choice in ref.question.choices:
                found += [choice.reason, choice.source]
    return found


def _assert_no_key(shown: str, kit: Content) -> None:
    assert 'class="opsporing-key' not in shown and texts.KEY_HEADING not in shown
    for text in _key_texts(kit):
        assert text not in shown and escape(text) not in shown, text


def test_the_fixture_has_keys_to_look_for(small: Content) -> None:
    assert len(_key_texts(small)) >= 10


@pytest.mark.parametrize("module", [start, temafilm, hjaelp, handout])
def test_no_participant_page_shows_the_key(
    module, small: Content, session_with: Callable[..., Session]
) -> None:
    s = session_with("Kim")
    for ref in small.questions():
        q = ref.question
        if isinstance(q, ChoiceQuestion):
            s.save(ref.key, q.options[:1] if q.kind != "enkeltvalg" else q.options[0], False)
    _assert_no_key(html_of(module.build(s)), small)


def test_a_case_answered_to_the_end_shows_no_key(
    small: Content, session_with: Callable[..., Session]
) -> None:
    view = open_case(session_with("Kim"))
    for stage in view.stages:
        for question in stage.questions:
            answer(question)
    assert all(stage.perspective_shown for stage in view.stages)
    _assert_no_key(html_of(view), small)


def test_the_participants_handout_has_no_key(small: Content, db: Store) -> None:
    kim = db.join("Kim")
    for ref in small.questions():
        if isinstance(ref.question, ChoiceQuestion):
            db.save_answer(kim.id, ref.key, ref.question.options[:1], shared=False)
    page = convert(handout_notebook(db, small, kim), Format.HTML).decode("utf-8")
    _assert_no_key(page, small)


# --- The trainer sees it -------------------------------------------------------------------


class _NoTimer:
    def __call__(self, delay: float, callback: Callable[[], None]) -> _NoTimer:
        return self

    def cancel(self) -> None:
        pass


def _trainer_view(db: Store, small: Content) -> TrainerPage:
    code = db.create_hold("4711-facit")
    kim = db.join("Kim", code)
    for ref in small.questions():
        if isinstance(ref.question, ChoiceQuestion):
            value = ref.question.options[0]
            db.save_answer(kim.id, ref.key, value if ref.question.kind == "enkeltvalg" else [value])
    page = TrainerPage(db, small, None, timer=_NoTimer())
    page.open_form.submit("open", {"code": code, "pin": "4711-facit"})
    assert page.view is not None
    return page


def test_the_key_waits_until_the_trainer_asks_for_it(db: Store, small: Content) -> None:
    """The page is often on the projector: the room discusses before it sees the key."""
    page = _trainer_view(db, small)
    assert page.view is not None and page.view.show_key.value is False
    _assert_no_key(html_of(page), small)


def test_the_trainer_sees_each_options_verdict_reason_and_source_beside_the_chart(
    db: Store, small: Content
) -> None:
    page = _trainer_view(db, small)
    assert page.view is not None
    page.view.show_key.value = True
    shown = html_of(page)
    for ref in small.questions():
        q = ref.question
        if not isinstance(q, ChoiceQuestion):
            assert f"{texts.KEY_LABEL.format(question=q.text)}" not in shown
            continue
        key = key_html(q)
        assert f'<div class="opsporing-keyed"><div><h4>{escape(q.text)}</h4>' in shown
        assert f"</table><p>1 svar</p></div>{key}</div>" in shown, ref.key
        for choice in q.choices:
            assert (
                f"<strong>{escape(choice.text)}</strong> "
                f'<span class="opsporing-verdict">{texts.KEY_VERDICTS[choice.verdict]}</span>'
                f"<br>{escape(choice.reason)} <small>Kilde: {escape(choice.source)}</small>"
            ) in key
    page.view.show_key.value = False
    _assert_no_key(html_of(page), small)


def test_every_verdict_is_a_word_not_only_a_colour(small: Content) -> None:
    words = set(texts.KEY_VERDICTS.values())
    assert words == {"Forsvarlig", "Risikabel", "Forkert"}
    question = next(r.question for r in small.questions() if r.key == "test-laerer/naeste")
    key = key_html(question)
    assert all(word in key for word in words)


def test_a_reflection_stands_beside_its_chart_with_notes_and_no_verdict(
    shipped: Content,
) -> None:
    """`refleksion: true` (review 3, Weak 18): beside the chart, the trainer reads that
    there is no right answer, and each option's note and source, with no verdict or mark."""
    from opsporing import plenum
    from opsporing.widgets.plenum import section_html

    result = plenum.aggregate(shipped, [], [])
    [section] = [s for s in result.sections if s.key == "observer-boernenes-signaler"]
    shown = section_html(section, shipped)
    q = shipped.question("observer-boernenes-signaler/fast-vej").question
    assert isinstance(q, ChoiceQuestion) and q.reflection
    key = key_html(q)
    assert key in shown and escape(texts.KEY_REFLECTION) in key
    assert key.count('<li class="opsporing-key-note">') == len(q.choices)
    assert 'class="opsporing-verdict"' not in key
    for choice in q.choices:
        assert (
            f"<strong>{escape(choice.text)}</strong><br>{escape(choice.reason)} "
            f"<small>Kilde: {escape(choice.source)}</small>"
        ) in key
    # The keyed question beside it keeps its verdicts.
    signals = key_html(shipped.question("observer-boernenes-signaler/signaler").question)
    assert signals in shown and 'class="opsporing-verdict"' in signals
    assert texts.KEY_REFLECTION not in signals
