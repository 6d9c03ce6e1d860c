"""How a stored value reads on the handout: as stored, whatever the question expects."""

from __future__ import annotations

import pytest

from opsporing.content.schema import (
    FreeTextQuestion,
    ScaleQuestion,
    TrafficLightQuestion,
    plain,
)
from opsporing.handouts.notebook import answer_text

FREE = plain(FreeTextQuestion(id="a", tekst="Hvad?", type="fritekst"))
SCALE = plain(
    ScaleQuestion(id="b", tekst="Hvor?", type="skala", fra_tekst="Lidt", til_tekst="Meget")
)
LIGHT = plain(
    TrafficLightQuestion(id="c", tekst="Farve?", type="trafiklys", betydning={"gul": "Uro"})
)


@pytest.mark.parametrize("empty", [None, "", []])
def test_nothing_given_prints_nothing(empty: object) -> None:
    assert answer_text(FREE, empty) is None


def test_a_list_prints_one_line_per_item() -> None:
    assert answer_text(FREE, ["Tale med barnet", "<b>x</b>"]) == "• Tale med barnet\n• <b>x</b>"


def test_a_scale_says_what_its_ends_mean() -> None:
    assert answer_text(SCALE, 4) == "4 på en skala fra 1 (Lidt) til 5 (Meget)"


def test_a_traffic_light_is_a_word_with_its_meaning() -> None:
    assert answer_text(LIGHT, "gul") == "Gul: Uro"
    assert answer_text(LIGHT, "rød") == "Rød"


def test_a_value_of_the_wrong_type_is_printed_as_stored() -> None:
    """Content can change after an answer was given; the handout never hides an answer."""
    assert answer_text(SCALE, "meget") == "meget"
    assert answer_text(FREE, {"x": 1}) == "{'x': 1}"
