"""Every question kind, built from content data: change → (debounced) save, restore, status.

The block that draws them (`QuestionBlock`, `test_block.py`) sets a field's `value` and
`shared` as a participant answers; these tests set them the same way and look at what is
saved and said.
The form a screen reader reads is tested in the browser (`tests/browser/`).
"""

from __future__ import annotations

from typing import Any

import pytest

from opsporing import texts
from opsporing.widgets import FIELD_FOR_KIND, QuestionField, question_field
from opsporing.widgets.base import dom_key
from opsporing.widgets.debounce import SAVE_DELAY

from .conftest import QUESTIONS, FakeTimer, Saves, question

ANSWERS: dict[str, tuple[Any, bool]] = {
    "fritekst": ("Hun virker træt", True),
    "enkeltvalg": ("En kollega", False),
    "flervalg": (["Træthed", "Fravær"], False),
    "skala": (4, False),
    "trafiklys": ("gul", False),
    "handling": (["Tale med barnet", "Underrette kommunen"], False),
}
KINDS = list(ANSWERS)
CLICKED = [kind for kind in KINDS if kind != "fritekst"]


def answer(widget: QuestionField, kind: str) -> tuple[Any, bool]:
    """What the browser sends when a participant answers; returns what must be saved."""
    value, shared = ANSWERS[kind]
    widget.value = value
    if shared:
        widget.shared = True
    return value, shared


def test_every_kind_has_a_widget() -> None:
    assert sorted(kind.value for kind in FIELD_FOR_KIND) == sorted(KINDS)


def test_text_is_saved_after_the_pause(timer: FakeTimer, saves: Saves) -> None:
    widget = question_field("film-a/tanke", question("fritekst"), saves, timer=timer)
    assert widget.status == texts.QUESTION_NOT_ANSWERED
    expected, shared = answer(widget, "fritekst")
    assert saves.calls == []
    assert widget.status == texts.QUESTION_SAVING
    timer.advance(SAVE_DELAY)
    assert saves.calls == [("film-a/tanke", expected, shared)]
    assert widget.status == texts.QUESTION_SAVED
    assert widget.answered


@pytest.mark.parametrize("kind", CLICKED)
def test_a_click_is_saved_at_once_in_the_stored_shape(
    kind: str, timer: FakeTimer, saves: Saves
) -> None:
    widget = question_field(f"film-a/{kind}", question(kind), saves, timer=timer)
    assert widget.status == texts.QUESTION_NOT_ANSWERED
    expected, shared = answer(widget, kind)
    assert saves.calls[-1] == (f"film-a/{kind}", expected, shared)
    assert widget.status == texts.QUESTION_SAVED
    assert widget.answered
    assert timer.scheduled == [], "nothing left waiting"


def test_saved_is_said_again_after_every_save(saves: Saves) -> None:
    """The browser shows "Gemmer …" at a click; the kernel must send "Gemt" again after it."""
    widget = question_field("k", question("flervalg"), saves)
    said: list[str] = []
    widget.observe(lambda change: said.append(change["new"]), "status")
    widget.value = ["Sult"]
    widget.value = ["Sult", "Fravær"]
    assert said == [texts.QUESTION_SAVING, texts.QUESTION_SAVED] * 2


def test_a_click_kind_can_be_debounced_too(timer: FakeTimer, saves: Saves) -> None:
    widget = question_field("k", question("skala"), saves, timer=timer, delay=0.5)
    widget.value = 3
    assert saves.calls == []
    timer.advance(0.5)
    assert saves.calls == [("k", 3, False)]


@pytest.mark.parametrize("kind", KINDS)
def test_a_stored_answer_is_restored_without_saving_again(
    kind: str, timer: FakeTimer, saves: Saves
) -> None:
    first = question_field("k", question(kind), saves, timer=timer)
    expected, shared = answer(first, kind)
    timer.advance(SAVE_DELAY)
    (_key, stored, stored_shared) = saves.calls[-1]
    saved_before = len(saves.calls)

    again = question_field("k", question(kind), saves, timer=timer)
    again.restore(stored, stored_shared)
    timer.advance(SAVE_DELAY)
    assert again.value == expected
    assert again.shared == shared
    assert len(saves.calls) == saved_before
    assert again.status == texts.QUESTION_SAVED
    assert again.answered


def test_typing_saves_once_with_the_last_text(timer: FakeTimer, saves: Saves) -> None:
    widget = question_field("k", question("fritekst"), saves, timer=timer)
    for text in ("H", "Hu", "Hun", "Hun er"):
        widget.value = text
        timer.advance(SAVE_DELAY / 2)
    timer.advance(SAVE_DELAY)
    assert saves.calls == [("k", "Hun er", False)]


def test_free_text_is_private_until_the_participant_consents(
    timer: FakeTimer, saves: Saves
) -> None:
    widget = question_field("k", question("fritekst"), saves, timer=timer)
    widget.value = "Mine noter"
    widget.flush()
    assert saves.calls == [("k", "Mine noter", False)]
    assert widget.drawing()["spec"]["share"] == texts.QUESTION_SHARE


def test_emptying_an_answer_saves_it_empty_and_marks_it_unanswered(
    timer: FakeTimer, saves: Saves
) -> None:
    widget = question_field("k", question("flervalg"), saves, timer=timer)
    widget.restore(["Sult"])
    assert widget.answered
    widget.value = []
    assert saves.calls == [("k", [], False)]
    assert not widget.answered
    assert widget.status == texts.QUESTION_NOT_ANSWERED


def test_a_stored_value_that_is_no_longer_an_option_is_not_shown(saves: Saves) -> None:
    widget = question_field("k", question("enkeltvalg"), saves)
    widget.restore("Et valg, der er fjernet")
    assert widget.value is None
    assert not widget.answered


@pytest.mark.parametrize(
    ("kind", "sent", "saved"),
    [
        ("enkeltvalg", "<script>alert(1)</script>", None),
        ("flervalg", ["Sult", "Noget andet", 7], ["Sult"]),
        ("skala", 99, None),
        ("skala", True, None),
        ("trafiklys", "lilla", None),
        ("fritekst", {"ikke": "tekst"}, ""),
    ],
)
def test_a_value_from_the_browser_is_checked_before_it_is_saved(
    kind: str, sent: Any, saved: Any, saves: Saves
) -> None:
    """A websocket client can send anything: only what the question offers is stored."""
    widget = question_field("k", question(kind), saves, delay=0)
    widget.value = sent
    assert saves.calls == [("k", saved, False)]


def test_a_failed_save_says_so_as_an_alert_and_retries(timer: FakeTimer, saves: Saves) -> None:
    down = True

    def flaky(key: str, value: Any, shared: bool) -> None:
        if down:
            raise OSError("disk full")
        saves(key, value, shared)

    widget = question_field("k", question("fritekst"), flaky, timer=timer)
    widget.value = "vigtigt"
    timer.advance(SAVE_DELAY)
    assert widget.status == texts.QUESTION_SAVE_FAILED and widget.failed
    assert isinstance(widget.error, OSError)
    assert widget.value == "vigtigt"
    assert not widget.answered

    down = False
    widget.value = "vigtigt!"
    timer.advance(SAVE_DELAY)
    assert saves.calls == [("k", "vigtigt!", False)]
    assert widget.status == texts.QUESTION_SAVED and not widget.failed
    assert widget.error is None


def test_what_the_browser_draws(saves: Saves) -> None:
    q = question("skala")
    scale = question_field("film-a/tryg", q, saves)
    assert scale.drawing()["spec"]["text"] == q.text
    labels = [o["label"] for o in scale.drawing()["spec"]["options"]]
    assert labels == ["1 – Slet ikke tryg", "2", "3", "4", "5 – Helt tryg"]
    assert [o["value"] for o in scale.drawing()["spec"]["options"]] == [1, 2, 3, 4, 5]
    assert scale.drawing()["key_class"] == dom_key("film-a/tryg")
    assert scale.drawing()["kind"] == "skala"

    light = question_field("k", question("trafiklys"), saves)
    assert [o["label"] for o in light.drawing()["spec"]["options"]] == [
        "Grøn: trives",
        "Gul: bekymring",
        "Rød: stærk bekymring",
    ]

    text = question_field("k", question("fritekst"), saves)
    assert text.drawing()["spec"]["placeholder"] == texts.QUESTION_FREE_TEXT_PLACEHOLDER
    single = question_field("k", question("enkeltvalg"), saves)
    assert single.drawing()["spec"]["help"] == "Der er ikke ét rigtigt svar."
    assert single.drawing()["spec"]["multiple"] is False
    assert question_field("k", question("flervalg"), saves).drawing()["spec"]["hint"]


def test_a_traffic_light_question_can_give_its_own_meanings(saves: Saves) -> None:
    q = question("trafiklys", betydning={"rød": "barnet er i fare"})
    widget = question_field("k", q, saves)
    assert widget.drawing()["spec"]["options"][2]["label"] == "Rød: barnet er i fare"


def test_action_questions_offer_their_own_next_steps(saves: Saves) -> None:
    widget = question_field("k", question("handling"), saves)
    expected = ["Tale med barnet", "Dele bekymringen med min leder", "Underrette kommunen"]
    assert [o["label"] for o in widget.drawing()["spec"]["options"]] == expected
    assert widget.drawing()["spec"]["hint"] == texts.QUESTION_ACTION_HINT


def test_disabled_until_joined(saves: Saves) -> None:
    widget = question_field("k", question("enkeltvalg"), saves)
    widget.disable()
    assert widget.disabled
    assert widget.status == texts.QUESTION_JOIN_FIRST


@pytest.mark.parametrize("kind", KINDS)
def test_what_the_browser_kept_comes_back_in_the_stored_shape(kind: str) -> None:
    q = question(kind)
    cls = FIELD_FOR_KIND[q.kind]
    value, shared = ANSWERS[kind]
    assert cls.from_view(q, cls.view_payload(q, value, shared)) == (value, shared)


@pytest.mark.parametrize("kind", ["enkeltvalg", "flervalg", "handling"])
def test_a_reflection_is_answered_and_saved_like_any_choice_question(
    kind: str, timer: FakeTimer, saves: Saves
) -> None:
    """A reflection (`refleksion: true`) has no verdicts; the participant never sees a key
    either way, so its widget shows the same options and saves the same shape."""
    notes = [{k: v for k, v in c.items() if k != "vurdering"} for c in QUESTIONS[kind]["valg"]]
    reflection = question(kind, refleksion=True, valg=notes)
    assert reflection.reflection and all(c.verdict is None for c in reflection.choices)
    widget = question_field(f"film-a/{kind}", reflection, saves, timer=timer)
    assert widget.describe() == question_field("x", question(kind), saves).describe()
    expected, shared = answer(widget, kind)
    assert saves.calls[-1] == (f"film-a/{kind}", expected, shared)
    assert widget.answered
