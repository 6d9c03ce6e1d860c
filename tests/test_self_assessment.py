"""The learning effect: the same statements before and after, the room's shift, one's own."""

from __future__ import annotations

import pytest

from opsporing import content, plenum, texts
from opsporing.content.catalogue import AFTER, BEFORE
from opsporing.handouts import notebook
from opsporing.store import Store
from opsporing.widgets.plenum import shift_html

RATINGS = {
    # participant: (before, after) for every statement
    "Ugle": (2, 4),
    "Ræv": (3, 4),
    "Kun før": (1, None),
}


def _room(db: Store, shipped: content.Content) -> str:
    code = db.create_hold("123456")
    for name, (first, last) in RATINGS.items():
        me = db.join(name, code)
        for ref in shipped.self_assessment_questions(BEFORE):
            db.save_answer(me.id, ref.key, first)
        if last is not None:
            for ref in shipped.self_assessment_questions(AFTER):
                db.save_answer(me.id, ref.key, last)
    return code


def test_the_shipped_kit_asks_each_statement_before_and_after(shipped: content.Content) -> None:
    before = shipped.self_assessment_questions(BEFORE)
    after = shipped.self_assessment_questions(AFTER)
    assert [r.question.text for r in before] == [r.question.text for r in after]
    assert "Jeg kender min underretningspligt" in [r.question.text for r in before]
    keys = [ref.key for ref in shipped.questions()]
    last_round = keys.index(after[-1].key)
    assert keys[0] == before[0].key
    assert keys[last_round + 1 :] == [r.key for r in shipped.evaluation_questions()]


def test_the_room_shift_counts_only_those_who_answered_both_times(
    db: Store, shipped: content.Content
) -> None:
    code = _room(db, shipped)
    shifts = plenum.snapshot(db, code, shipped).shifts
    both = [(f, a) for f, a in RATINGS.values() if a is not None]
    mean_before = sum(f for f, _a in both) / len(both)
    mean_after = sum(a for _f, a in both) / len(both)
    assert {(s.both, s.before, s.after) for s in shifts} == {(2, mean_before, mean_after)}
    shown = shift_html(shifts)
    assert texts.decimal(mean_before) in shown and texts.decimal(mean_after) in shown
    assert texts.change(mean_before, mean_after) == "+1,5" and "+1,5" in shown


def test_before_anyone_answers_twice_the_plenum_says_so(
    db: Store, shipped: content.Content
) -> None:
    code = db.create_hold("123456")
    db.save_answer(db.join("Ugle", code).id, f"selvvurdering/{BEFORE}/tegn", 3)
    assert texts.SHIFT_NONE in shift_html(plenum.snapshot(db, code, shipped).shifts)


def test_the_handout_shows_ones_own_before_and_after(shipped: content.Content) -> None:
    answers = {ref.key: 2 for ref in shipped.self_assessment_questions(BEFORE)}
    answers[shipped.self_assessment_questions(AFTER)[0].key] = 5
    answers[shipped.self_assessment_questions(AFTER)[1].key] = "**ikke et tal**"
    cells = notebook._self_assessment(shipped, answers)
    table = cells[1].source
    first = shipped.self_assessment_questions(BEFORE)[0].question.text
    assert f"| {first} | 2 | 5 |" in table
    assert "ikke et tal" not in table


@pytest.mark.parametrize("answers", [{}, {"anna/tavshed": "svar"}])
def test_no_self_assessment_section_without_ratings(
    shipped: content.Content, answers: dict
) -> None:
    assert notebook._self_assessment(shipped, answers) == []
