"""Every question kind, built from content data: change → debounced save, restore, status."""

from __future__ import annotations

from typing import Any

import pytest

from opsporing import texts
from opsporing.widgets import WIDGET_FOR_KIND, QuestionWidget, question_widget
from opsporing.widgets.base import dom_key
from opsporing.widgets.debounce import SAVE_DELAY

from .conftest import FakeTimer, Saves, question


def answer(widget: QuestionWidget, kind: str) -> tuple[Any, bool]:
    """Do what a participant does in each kind; return the value and consent to expect."""
    if kind == "fritekst":
        widget.text.value = "Hun virker træt"
        widget.consent.value = True
        return "Hun virker træt", True
    if kind == "enkeltvalg":
        widget.choice.value = "En kollega"
        return "En kollega", False
    if kind in ("flervalg", "handling"):
        widget.boxes[2].value = True
        widget.boxes[0].value = True
        first, third = widget.boxes[0].description, widget.boxes[2].description
        return [first, third], False
    if kind == "skala":
        widget.choice.value = 4
        return 4, False
    if kind == "trafiklys":
        widget.choice.value = "gul"
        return "gul", False
    raise AssertionError(kind)


KINDS = ["fritekst", "enkeltvalg", "flervalg", "skala", "trafiklys", "handling"]


def test_every_kind_has_a_widget() -> None:
    assert sorted(kind.value for kind in WIDGET_FOR_KIND) == sorted(KINDS)


def test_text_is_saved_after_the_pause(timer: FakeTimer, saves: Saves) -> None:
    widget = question_widget("film-a/tanke", question("fritekst"), saves, timer=timer)
    assert widget.status.value == texts.QUESTION_NOT_ANSWERED
    expected, shared = answer(widget, "fritekst")
    assert saves.calls == []
    assert widget.status.value == texts.QUESTION_SAVING
    timer.advance(SAVE_DELAY)
    assert saves.calls == [("film-a/tanke", expected, shared)]
    assert widget.status.value == texts.QUESTION_SAVED
    assert widget.answered


CLICKED = [kind for kind in KINDS if kind != "fritekst"]


@pytest.mark.parametrize("kind", CLICKED)
def test_a_click_is_saved_at_once_in_the_stored_shape(
    kind: str, timer: FakeTimer, saves: Saves
) -> None:
    widget = question_widget(f"film-a/{kind}", question(kind), saves, timer=timer)
    assert widget.status.value == texts.QUESTION_NOT_ANSWERED
    expected, shared = answer(widget, kind)
    assert saves.calls[-1] == (f"film-a/{kind}", expected, shared)
    assert widget.status.value == texts.QUESTION_SAVED
    assert widget.answered
    assert timer.scheduled == [], "nothing left waiting"


def test_a_click_kind_can_be_debounced_too(timer: FakeTimer, saves: Saves) -> None:
    widget = question_widget("k", question("skala"), saves, timer=timer, delay=0.5)
    widget.choice.value = 3
    assert saves.calls == []
    timer.advance(0.5)
    assert saves.calls == [("k", 3, False)]


@pytest.mark.parametrize("kind", KINDS)
def test_a_stored_answer_is_restored_without_saving_again(
    kind: str, timer: FakeTimer, saves: Saves
) -> None:
    first = question_widget("k", question(kind), saves, timer=timer)
    expected, shared = answer(first, kind)
    timer.advance(SAVE_DELAY)
    (_key, stored, stored_shared) = saves.calls[-1]
    saved_before = len(saves.calls)

    again = question_widget("k", question(kind), saves, timer=timer)
    again.restore(stored, stored_shared)
    timer.advance(SAVE_DELAY)
    assert again.value == expected
    assert again.shared == shared
    assert len(saves.calls) == saved_before
    assert again.status.value == texts.QUESTION_SAVED
    assert again.answered


def test_typing_saves_once_with_the_last_text(timer: FakeTimer, saves: Saves) -> None:
    widget = question_widget("k", question("fritekst"), saves, timer=timer)
    for text in ("H", "Hu", "Hun", "Hun er"):
        widget.text.value = text
        timer.advance(SAVE_DELAY / 2)
    timer.advance(SAVE_DELAY)
    assert saves.calls == [("k", "Hun er", False)]


def test_free_text_is_private_until_the_participant_consents(
    timer: FakeTimer, saves: Saves
) -> None:
    widget = question_widget("k", question("fritekst"), saves, timer=timer)
    widget.text.value = "Mine noter"
    widget.flush()
    assert saves.calls == [("k", "Mine noter", False)]
    assert widget.consent.description == texts.QUESTION_SHARE


def test_emptying_an_answer_saves_it_empty_and_marks_it_unanswered(
    timer: FakeTimer, saves: Saves
) -> None:
    widget = question_widget("k", question("flervalg"), saves, timer=timer)
    widget.restore(["Sult"])
    assert widget.answered
    widget.boxes[1].value = False
    assert saves.calls == [("k", [], False)]
    assert not widget.answered
    assert widget.status.value == texts.QUESTION_NOT_ANSWERED


def test_a_stored_value_that_is_no_longer_an_option_is_not_shown(saves: Saves) -> None:
    widget = question_widget("k", question("enkeltvalg"), saves)
    widget.restore("Et valg, der er fjernet")
    assert widget.value is None
    assert not widget.answered


def test_a_failed_save_says_so_keeps_the_text_and_retries(timer: FakeTimer, saves: Saves) -> None:
    down = True

    def flaky(key: str, value: Any, shared: bool) -> None:
        if down:
            raise OSError("disk full")
        saves(key, value, shared)

    widget = question_widget("k", question("fritekst"), flaky, timer=timer)
    widget.text.value = "vigtigt"
    timer.advance(SAVE_DELAY)
    assert widget.status.value == texts.QUESTION_SAVE_FAILED
    assert isinstance(widget.error, OSError)
    assert widget.text.value == "vigtigt"
    assert not widget.answered

    down = False
    widget.text.value = "vigtigt!"
    timer.advance(SAVE_DELAY)
    assert saves.calls == [("k", "vigtigt!", False)]
    assert widget.status.value == texts.QUESTION_SAVED and widget.error is None


def test_labels_a_screen_reader_can_read(saves: Saves) -> None:
    q = question("skala")
    scale = question_widget("film-a/tryg", q, saves)
    assert scale.choice.description == q.text
    assert scale.choice.style.description_width == "initial"
    assert scale.choice.tooltips[0] == "1: Slet ikke tryg"
    assert scale.choice.tooltips[-1] == "5: Helt tryg"
    assert dom_key("film-a/tryg") in scale._dom_classes

    light = question_widget("k", question("trafiklys"), saves)
    assert [label for label, _ in light.choice.options] == ["Grøn", "Gul", "Rød"]
    assert light.choice.tooltips == ("Grøn: trives", "Gul: bekymring", "Rød: stærk bekymring")

    text = question_widget("k", question("fritekst"), saves)
    assert text.text.description == "Hvad tænker du?"
    assert text.text.placeholder == texts.QUESTION_FREE_TEXT_PLACEHOLDER


def test_a_traffic_light_question_can_give_its_own_meanings(saves: Saves) -> None:
    q = question("trafiklys", betydning={"rød": "barnet er i fare"})
    widget = question_widget("k", q, saves)
    assert widget.choice.tooltips[2] == "Rød: barnet er i fare"
    assert "barnet er i fare" in widget.children[1].value


def test_action_questions_offer_their_own_next_steps(saves: Saves) -> None:
    widget = question_widget("k", question("handling"), saves)
    expected = ["Tale med barnet", "Dele bekymringen med min leder", "Underrette kommunen"]
    assert [box.description for box in widget.boxes] == expected


def test_disabled_until_joined(saves: Saves) -> None:
    widget = question_widget("k", question("enkeltvalg"), saves)
    widget.disable()
    assert widget.choice.disabled
    assert widget.status.value == texts.QUESTION_JOIN_FIRST


def test_alike_widgets_share_their_style_and_layout_models(saves: Saves) -> None:
    """A film page has hundreds of inputs: each must not bring two extra models along."""
    a = question_widget("a", question("fritekst"), saves)
    b = question_widget("b", question("fritekst"), saves)
    assert a.text.layout is b.text.layout and a.text.style is b.text.style
    assert a.status.style is b.status.style
    assert a.layout is b.layout
    assert a.text.style.description_width == "initial"
