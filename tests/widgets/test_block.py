"""Questions shown together are one model: what the browser sends reaches its field, what a field
says reaches the browser, and nothing the browser sent is sent back to it."""

from __future__ import annotations

from typing import Any

import pytest

from opsporing import texts
from opsporing.widgets import Part, QuestionBlock, question_field
from opsporing.widgets.base import dom_key
from opsporing.widgets.debounce import SAVE_DELAY
from opsporing.widgets.shared import is_shown

from .conftest import FakeTimer, Saves, question


class Sent:
    """What the block sends the browser: one entry per message, the names it carries."""

    def __init__(self, block: QuestionBlock, monkeypatch: pytest.MonkeyPatch) -> None:
        self.messages: list[set[str]] = []
        send = block._send

        def record(msg: dict[str, Any], buffers: Any = None) -> None:
            if msg.get("method") == "update":
                self.messages.append(set(msg["state"]))
            send(msg, buffers)

        monkeypatch.setattr(block, "_send", record)


def hvem(value: Any, shared: bool = False) -> dict[str, Any]:
    """An answer to the block's first question, as the browser sends it."""
    return {"key": dom_key("case/1/hvem"), "value": value, "shared": shared}


def tanke(value: Any, shared: bool = False) -> dict[str, Any]:
    """An answer to the block's second question, as the browser sends it."""
    return {"key": dom_key("case/1/tanke"), "value": value, "shared": shared}


def browser_sends(block: QuestionBlock, answers: list[Any]) -> None:
    """As ipywidgets applies a browser's update to the kernel's model."""
    block.set_state({"answers": answers})


@pytest.fixture
def block(saves: Saves, timer: FakeTimer) -> QuestionBlock:
    fields = [
        question_field("case/1/hvem", question("enkeltvalg"), saves, timer=timer),
        question_field("case/1/tanke", question("fritekst"), saves, timer=timer),
    ]
    return QuestionBlock([Part(fields)], before="<h3>Trin 1</h3>", after="<p>Svar først</p>")


def test_a_block_of_questions_is_one_model_drawn_as_its_questions(block: QuestionBlock) -> None:
    state = block.get_state()
    assert [item["key_class"] for item in state["items"]] == [
        dom_key("case/1/hvem"),
        dom_key("case/1/tanke"),
    ]
    assert [item["kind"] for item in state["items"]] == ["enkeltvalg", "fritekst"]
    assert state["items"][0]["spec"]["options"][0]["label"] == "Barnet"
    assert state["answers"] == [hvem(None), tanke("")]
    assert state["parts"] == [{"before": "", "after": "", "classes": [], "count": 2}]
    assert state["before"] == "<h3>Trin 1</h3>" and state["after"] == "<p>Svar først</p>"
    # The fields are not models of their own: the block is the only one.
    assert all(not hasattr(f, "model_id") for f in block.fields)


def test_a_click_in_the_browser_is_saved_by_its_field_and_not_sent_back(
    block: QuestionBlock, saves: Saves, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = Sent(block, monkeypatch)
    browser_sends(block, [hvem("En kollega"), tanke("")])
    assert saves.calls == [("case/1/hvem", "En kollega", False)]
    assert block.fields[0].value == "En kollega" and block.fields[0].answered
    assert block.statuses[0]["status"] == texts.QUESTION_SAVED
    assert sent.messages and all("answers" not in names for names in sent.messages)


def test_typing_is_saved_after_the_pause_with_its_consent(
    block: QuestionBlock, saves: Saves, timer: FakeTimer
) -> None:
    browser_sends(block, [hvem(None), tanke("Hm", shared=True)])
    assert saves.calls == []
    assert block.statuses[1]["status"] == texts.QUESTION_SAVING
    timer.advance(SAVE_DELAY)
    assert saves.calls == [("case/1/tanke", "Hm", True)]
    assert block.statuses[1]["status"] == texts.QUESTION_SAVED


def test_what_the_browser_cannot_have_drawn_changes_nothing_and_is_shown_again(
    block: QuestionBlock, saves: Saves
) -> None:
    browser_sends(block, [{"value": "Barnet", "shared": False}])  # which question?
    browser_sends(block, [{"key": dom_key("case/9/hvem"), "value": "Barnet", "shared": False}])
    browser_sends(block, ["Barnet", None])
    assert saves.calls == []
    assert block.answers == [hvem(None), tanke("")]
    assert [f.value for f in block.fields] == [None, ""]


def test_a_restored_answer_reaches_the_browser_in_one_message(
    block: QuestionBlock, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = Sent(block, monkeypatch)
    block.fields[1].restore("Gemt før", shared=True)
    assert block.answers[1] == tanke("Gemt før", shared=True)
    assert block.statuses[1] == {"status": texts.QUESTION_SAVED, "failed": False, "disabled": False}
    assert sent.messages == [{"answers", "statuses"}]


def test_a_failed_save_is_an_alert_on_its_own_question(block: QuestionBlock) -> None:
    def refuse(*_args: Any) -> None:
        raise OSError("disk")

    block.fields[0]._save = refuse
    browser_sends(block, [hvem("Barnet"), tanke("")])
    assert block.statuses[0] == {
        "status": texts.QUESTION_SAVE_FAILED,
        "failed": True,
        "disabled": False,
    }
    assert block.statuses[1]["failed"] is False


def test_a_block_is_built_hidden_and_with_its_classes_in_one_message() -> None:
    field = question_field("x/y", question("skala"), lambda *_: None, disabled=True)
    block = QuestionBlock([Part([field])], classes=("opsporing-stage",), shown=False)
    assert "opsporing-stage" in block._dom_classes and not is_shown(block)
    assert block.statuses == [
        {"status": texts.QUESTION_JOIN_FIRST, "failed": False, "disabled": True}
    ]


def stage_two(value: Any, shared: bool = False) -> dict[str, Any]:
    """An answer to the second stage's question, as the browser sends it."""
    return {"key": dom_key("case/2/tanke"), "value": value, "shared": shared}


@pytest.fixture
def stages(saves: Saves, timer: FakeTimer) -> list[Part]:
    """Two stages of a case, as parts: a choice in the first, a text in the second."""
    one = question_field("case/1/hvem", question("enkeltvalg"), saves, timer=timer)
    two = question_field("case/2/tanke", question("fritekst"), saves, timer=timer)
    return [
        Part([one], before="<h3>Trin 1</h3>", classes=("opsporing-stage-1",)),
        Part([two], before="<h3>Trin 2</h3>", classes=("opsporing-stage-2",)),
    ]


def test_a_part_unfolds_in_one_message(stages: list[Part], monkeypatch: pytest.MonkeyPatch) -> None:
    case = QuestionBlock(stages[:1], before="<h2>Casen</h2>")
    case.fields[0].restore("Barnet")
    sent = Sent(case, monkeypatch)
    case.show_parts(stages)
    assert sent.messages == [{"parts", "items", "answers", "statuses"}]
    assert [part["classes"] for part in case.parts] == [
        ["opsporing-stage-1"],
        ["opsporing-stage-2"],
    ]
    assert [part["count"] for part in case.parts] == [1, 1]
    assert case.answers == [hvem("Barnet"), stage_two("")]
    case.show_parts(stages)
    assert len(sent.messages) == 1, "the same parts again send nothing"


def test_an_answer_sent_as_a_part_unfolds_still_reaches_its_question(
    stages: list[Part], saves: Saves, timer: FakeTimer
) -> None:
    """The browser sends its list of one answer while the kernel's message with the second
    stage is on its way: the answer is the first question's, and it is saved."""
    case = QuestionBlock(stages[:1])
    case.show_parts(stages)
    browser_sends(case, [hvem("En kollega")])
    assert saves.calls == [("case/1/hvem", "En kollega", False)]
    browser_sends(case, [hvem("En kollega"), stage_two("Jeg tænker")])
    timer.advance(SAVE_DELAY)
    assert saves.calls[-1] == ("case/2/tanke", "Jeg tænker", False)


def test_typing_in_a_part_as_it_is_folded_away_is_still_saved(
    stages: list[Part], saves: Saves, timer: FakeTimer
) -> None:
    """The trainer locks the case at stage 1 while a participant types in stage 2."""
    case = QuestionBlock(stages)
    case.show_parts(stages[:1])
    assert case.answers == [hvem(None)]
    browser_sends(case, [hvem(None), stage_two("Sidste ord")])
    timer.advance(SAVE_DELAY)
    assert saves.calls == [("case/2/tanke", "Sidste ord", False)]
