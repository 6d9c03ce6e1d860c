"""Regression guards for the third content review (shared/reviews/content-3.md).

Each test names the review item it guards and finds the fixed item by its id
(film or case, stage, question, option), so a later edit that brings an old key
or a missing step back fails here, not in a count.
"""

from __future__ import annotations

from opsporing.content import Content
from opsporing.content.models import Choice, ChoiceQuestion, Verdict


def question(kit: Content, key: str) -> ChoiceQuestion:
    q = kit.question(key).question
    assert isinstance(q, ChoiceQuestion), key
    return q


def option(kit: Content, key: str, text: str) -> Choice:
    """The option of question `key` whose text starts with `text`."""
    found = [c for c in question(kit, key).choices if c.text.startswith(text)]
    assert len(found) == 1, (key, text, [c.text for c in question(kit, key).choices])
    return found[0]


# --- Harmful ------------------------------------------------------------------------


def test_harmful_1_parents_are_not_told_first_at_signs_of_violence(shipped: Content) -> None:
    choice = option(
        shipped, "skaerpet-opmaerksomhed-paa-de-smaa-tegn/straks", "Tale med forældrene først"
    )
    assert choice.verdict is Verdict.WRONG
    assert "ikke høre det først" in choice.reason
    assert "kommunen" in choice.reason


def test_harmful_2_claras_self_harm_gets_a_health_response(shipped: Content) -> None:
    key = "clara-efter-underretningen/1/i-samtalen"
    health = option(shipped, key, "Spørger, om hun har tanker om at skade sig selv")
    assert health.verdict is Verdict.SOUND
    assert "lægefaglig vurdering" in health.text
    parents = option(shipped, key, "Aftaler med kommunen, hvordan")
    assert parents.verdict is Verdict.SOUND
    perspective = shipped.vignette("clara-efter-underretningen").stages[0].perspective
    for step in ("tanker om at skade sig selv", "egen læge", "børne- og ungdomspsykiatrien"):
        assert step in perspective, step
    assert "Aftal med kommunen, hvordan" in perspective
