"""Participant text is cleaned on save: valid Unicode, no control characters, limits in Danish."""

from __future__ import annotations

import pytest

from opsporing import cleaning
from opsporing.store import NicknameTaken, Store, StoreError


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Ræv æøå ÆØÅ", "Ræv æøå ÆØÅ"),
        ("linje 1\nlinje 2\tfane", "linje 1\nlinje 2\tfane"),
        ("windows\r\nlinje\rmac", "windows\nlinje\nmac"),
        ("før\x00\x07\x1b[31mrød\x1b[0m\x08efter\x7f\x85\x9b slut", "før[31mrød[0mefter\n slut"),
        ("a\ud800b", "a\ufffdb"),
        ("lone low \udc00 end", "lone low \ufffd end"),
        ("pair \ud83d\ude00 joined", "pair 😀 joined"),
        ("\u202eevil\u202c og \u2066isoleret\u2069", "evil og isoleret"),
        ("שלום — مرحبا", "שלום — مرحبا"),
        ("👩\u200d👧\u200d👦 🇩🇰", "👩\u200d👧\u200d👦 🇩🇰"),
    ],
    ids=[
        "danish",
        "newline-tab",
        "carriage-return",
        "controls",
        "lone-high",
        "lone-low",
        "surrogate-pair",
        "bidi-overrides",
        "rtl-text",
        "emoji",
    ],
)
def test_clean(typed: str, kept: str) -> None:
    assert cleaning.clean(typed) == kept
    assert cleaning.clean(kept) == kept, "cleaning twice changes nothing"
    cleaning.clean(typed).encode("utf-8")  # no UnicodeEncodeError, whatever came in


def test_a_value_is_cleaned_in_every_shape() -> None:
    assert cleaning.clean_value(["a\x00", {"k\u202e": "v\ud800"}, 3, None]) == [
        "a",
        {"k": "v\ufffd"},
        3,
        None,
    ]


def test_saved_answers_and_pseudonyms_are_cleaned(db: Store) -> None:
    code = db.create_hold("123456", "Hold\x1b[2J \u202eA")
    me = db.join("Ræv\x00\u202e\n  Ugle", code)
    assert me.pseudonym == "Ræv Ugle"
    assert db.hold_name(code) == "Hold[2J A"
    db.save_answer(me.id, "anna/f1", "svar\ud800\x1b med\nlinjer")
    db.save_answer(me.id, "mads/1/q1", ["valg\x00", "\u202eandet"])
    assert db.answers(me.id)["anna/f1"].value == "svar\ufffd med\nlinjer"
    assert [a.value for a in db.hold_answers(code) if a.question_key == "mads/1/q1"] == [
        ["valg", "andet"]
    ]


def test_the_same_pseudonym_with_invisible_controls_is_the_same_nickname(db: Store) -> None:
    code = db.create_hold("123456")
    ugle = db.join("Ugle", code)
    with pytest.raises(NicknameTaken):
        db.join("Ug\u202ele\x00", code)
    assert db.join("Ug\u202ele\x00", code, return_code=ugle.return_code).id == ugle.id


def test_a_pseudonym_over_60_characters_is_refused_in_danish(db: Store) -> None:
    code = db.create_hold("123456")
    assert db.join("å" * 60, code).pseudonym == "å" * 60
    for name in ("å" * 61, "x" * 1_000_000):
        with pytest.raises(StoreError, match="kaldenavnet er for langt; brug højst 60 tegn"):
            db.join(name, code)
    assert [m.pseudonym for m in db.members(code)] == ["å" * 60]


def test_an_answer_over_20000_characters_is_refused_in_danish(db: Store) -> None:
    me = db.join("Ugle")
    db.save_answer(me.id, "anna/f1", "æ" * 20_000)
    too_long = "Svaret er for langt til at blive gemt (højst 20.000 tegn)"
    for value in ("x" * 1_000_000, "æ" * 20_001, ["x" * 10_001, "y" * 10_000], ["v"] * 201):
        with pytest.raises(StoreError, match=too_long.replace("(", r"\(").replace(")", r"\)")):
            db.save_answer(me.id, "anna/f1", value)
    assert db.answers(me.id)["anna/f1"].value == "æ" * 20_000, "the saved answer is kept"


def test_an_answer_stored_before_cleaning_is_cleaned_when_read(db: Store) -> None:
    """Rows written by an older version (or by hand) must not break a handout or export."""
    from datetime import UTC, datetime

    from opsporing.store import answers, participants

    code = db.create_hold("123456")
    me = db.join("Ugle", code)
    with db.engine.begin() as conn:
        conn.execute(participants.update().values(pseudonym="Ug\u202ele\x1b"))
        conn.execute(
            answers.insert().values(
                participant_id=me.id,
                question_key="anna/f1",
                value="gammel\ud800\x00",
                shared=True,
                updated_at=datetime.now(UTC),
            )
        )
    assert db.answers(me.id)["anna/f1"].value == "gammel\ufffd"
    assert db.participant(me.id).pseudonym == "Ugle"
    assert [m.pseudonym for m in db.members(code)] == ["Ugle"]
