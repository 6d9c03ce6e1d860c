"""The workshop's evaluation: answered at the end, seen by the trainer only aggregated,
and carried by the export."""

from __future__ import annotations

import io

from opsporing import content, plenum, texts
from opsporing.content.catalogue import EVALUATION
from opsporing.store import Store

PRIVATE = "kun til mig selv"


def test_the_shipped_evaluation_has_three_or_four_questions(shipped: content.Content) -> None:
    refs = shipped.evaluation_questions()
    assert 3 <= len(refs) <= 4
    assert all(ref.key.startswith(f"{EVALUATION}/") for ref in refs)
    assert [r.key for r in shipped.questions()][-len(refs) :] == [r.key for r in refs]


def test_the_trainer_and_the_export_see_the_evaluation_only_aggregated(
    db: Store, shipped: content.Content
) -> None:
    refs = shipped.evaluation_questions()
    scale = next(r for r in refs if r.question.kind.value == "skala")
    free = next(r for r in refs if r.question.kind.value == "fritekst")
    code = db.create_hold("123456")
    ratings = {"Ugle": 4, "Ræv": 5, "Mus": 4}
    for name, rating in ratings.items():
        me = db.join(name, code)
        db.save_answer(me.id, scale.key, rating)
        db.save_answer(
            me.id, free.key, f"Delt af {name}" if name == "Ugle" else PRIVATE, name == "Ugle"
        )

    room = plenum.snapshot(db, code, shipped)
    [section] = [s for s in room.sections if s.key == EVALUATION]
    assert section.title == texts.PLENUM_MOMENTS[EVALUATION]
    by_key = {q.key: q for q in section.questions}
    tallies = {t.label: t.count for t in by_key[scale.key].tallies}
    assert tallies == {str(v): list(ratings.values()).count(v) for v in range(1, 6)}
    assert by_key[free.key].answered == 3 and by_key[free.key].shared_texts == ("Delt af Ugle",)

    out = io.StringIO()
    plenum.write_csv(room, out)
    exported = out.getvalue()
    assert f"{scale.key};{scale.question.text};skala;4;2" in exported
    assert "Delt af Ugle" in exported and PRIVATE not in exported
