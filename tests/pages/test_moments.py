"""The self-assessment on the start page: shown once someone has joined, both rounds."""

from __future__ import annotations

from collections.abc import Callable

from opsporing import content
from opsporing.content.catalogue import AFTER, BEFORE, EVALUATION
from opsporing.pages import start
from opsporing.pages.moments import MomentBlock
from opsporing.pages.session import Session
from opsporing.widgets import QuestionBlock

from .conftest import shown


def _blocks(s: Session) -> list[MomentBlock]:
    return [w for w in start.build(s).body if isinstance(w, MomentBlock)]


def test_both_rounds_appear_after_joining_and_save_like_any_question(
    session_with: Callable[..., Session], shipped: content.Content
) -> None:
    s = session_with(loaded=shipped)
    page = start.build(s)
    before, after, _evaluation = (w for w in page.body if isinstance(w, MomentBlock))
    assert not shown(before) and not shown(after), "nobody has joined"
    assert all(q.disabled for q in before.questions + after.questions)
    join = next(w for w in page.body if isinstance(w, start.JoinForm))
    join.form.submit("alone", {"code": "", "pseudonym": "Ugle"})
    asked = [f for w in before.children if isinstance(w, QuestionBlock) for f in w.fields]
    assert shown(before) and shown(after)
    assert len(asked) == len(shipped.self_assessment_questions(BEFORE))
    assert not any(q.disabled for q in asked)
    assert len(
        [f for w in after.children if isinstance(w, QuestionBlock) for f in w.fields]
    ) == len(shipped.self_assessment_questions(AFTER))
    key = shipped.self_assessment_questions(AFTER)[0].key
    s.save(key, 4, False)
    assert s.store.answers(s.participant.id)[key].value == 4


def test_a_warm_kernels_questions_become_the_arriving_participants_in_place(
    session_with: Callable[..., Session], shipped: content.Content
) -> None:
    """Built for nobody while the kernel waited; the participant's page load then shows
    their answers in the same widgets (no new models); "Skift deltager" leaves nothing of
    theirs in the page, not even hidden."""
    kim = session_with("Kim", loaded=shipped)
    key = shipped.self_assessment_questions(BEFORE)[0].key
    kim.save(key, 2, False)
    warm = Session(kim.store, shipped)
    before = _blocks(warm)[0]
    built = list(before.questions)
    warm.participant, warm._answers = kim.participant, None  # as `Session.arrive` does
    before.refresh()
    assert before.questions == built and shown(before)
    restored = next(q for q in built if q.key == key)
    assert restored.value == 2 and not restored.disabled

    warm.participant, warm._answers = None, None
    before.refresh()
    assert not shown(before) and before.questions != built
    assert all(q.value in (None, [], "") for q in before.questions)


def test_the_progress_does_not_count_the_self_assessment(
    session_with: Callable[..., Session], shipped: content.Content
) -> None:
    s = session_with("Kim", loaded=shipped)
    progress = next(w for w in start.build(s).body if isinstance(w, start.Progress))
    films = sum(len(f.questions) for f in shipped.films)
    cases = sum(len(st.questions) for v in shipped.vignettes for st in v.stages)
    assert [total for _done, total in progress.counts().values()] == [films, cases]


def test_a_kit_without_the_file_has_no_self_assessment(
    small: content.Content, session_with: Callable[..., Session]
) -> None:
    assert small.self_assessment is None and small.self_assessment_questions(BEFORE) == []
    assert all(block.children == () for block in _blocks(session_with("Kim")))
    assert not any(shown(block) for block in _blocks(session_with("Kim")))


def test_the_evaluation_comes_last_once_someone_has_joined(
    session_with: Callable[..., Session], shipped: content.Content
) -> None:
    s = session_with("Kim", loaded=shipped)
    blocks = _blocks(s)
    assert [b.moment for b in blocks] == [BEFORE, AFTER, EVALUATION]
    asked = [f for w in blocks[-1].children if isinstance(w, QuestionBlock) for f in w.fields]
    assert len(asked) == len(shipped.evaluation_questions())
