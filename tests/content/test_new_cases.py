"""The three cases on the topics the third review found missing (coverage gaps 1-3, roles 10).

Each case is found by its id, and each test names the item it guards: the fictional
status, the stages, the roles the kit lacked (PPR, a GP, a friskole, a fritidsklub) and,
in every case, the stage where the obvious-looking option is not the sound one. A test
fails if someone flips that key, drops a stage or states an unconfirmed duty as fact.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from opsporing import cli, paths
from opsporing.content import Content
from opsporing.content.models import (
    Choice,
    ChoiceQuestion,
    NeglectKind,
    Profession,
    Verdict,
    Vignette,
)

NEW_CASES = ("malthe-ppr", "freja-friskolen", "lucas-fritidsklubben")


def option(kit: Content, key: str, text: str) -> Choice:
    """The option of question `key` whose text starts with `text`."""
    q = kit.question(key).question
    assert isinstance(q, ChoiceQuestion), key
    found = [c for c in q.choices if c.text.startswith(text)]
    assert len(found) == 1, (key, text, q.options)
    return found[0]


def perspective(kit: Content, vignette: str, stage: int) -> str:
    return kit.vignette(vignette).stages[stage - 1].perspective


def perspectives(v: Vignette) -> str:
    return "\n".join(stage.perspective for stage in v.stages)


# --- Every new case ------------------------------------------------------------------------


@pytest.mark.parametrize("case", NEW_CASES)
def test_the_case_exists_in_stages_and_says_it_is_fictional(shipped: Content, case: str) -> None:
    v = shipped.vignette(case)
    assert v.fictional is True
    assert v.intro.startswith("**Casen er opdigtet.**"), case
    assert len(v.stages) >= 3, case
    for n, stage in enumerate(v.stages, start=1):
        assert stage.perspective.strip(), f"{case}/{n}: a perspective per stage"
    assert v.films and v.services and v.law, case


@pytest.mark.parametrize("case", NEW_CASES)
def test_every_option_of_the_new_case_has_its_key_and_source(shipped: Content, case: str) -> None:
    keyed = [
        ref.question
        for ref in shipped.questions()
        if ref.vignette is not None
        and ref.vignette.id == case
        and isinstance(ref.question, ChoiceQuestion)
    ]
    assert len(keyed) >= 3, case
    for q in keyed:
        assert any(c.verdict is Verdict.SOUND for c in q.choices), (case, q.id)
        assert all(c.reason and c.source for c in q.choices), (case, q.id)


def test_the_new_cases_are_not_mostly_sound_options(shipped: Content) -> None:
    """Review, weak 20: 65 % of case options were `forsvarlig`; the new ones stay near half."""
    verdicts = [
        choice.verdict
        for ref in shipped.questions()
        if ref.vignette is not None
        and ref.vignette.id in NEW_CASES
        and isinstance(ref.question, ChoiceQuestion)
        for choice in ref.question.choices
    ]
    sound = sum(v is Verdict.SOUND for v in verdicts)
    assert sound / len(verdicts) <= 0.55, f"{sound} of {len(verdicts)}"


# --- Gap 1: a parent's mental illness, with PPR and a GP ------------------------------------


def test_malthe_has_a_psychologist_in_ppr_and_a_gp(shipped: Content) -> None:
    v = shipped.vignette("malthe-ppr")
    assert {Profession.PSYCHOLOGIST, Profession.GP} <= set(v.professions)
    assert "PPR" in v.setting and "psykolog i kommunens PPR" in v.intro
    assert "**praktiserende læge**" in v.stages[2].text
    assert "psykisk sygdom" in v.intro and "bipolar lidelse" in v.stages[1].text


def test_malthe_1_the_referrals_own_question_is_not_the_sound_one(shipped: Content) -> None:
    key = "malthe-ppr/1/indstillingen"
    assert option(shipped, key, "Jeg går i gang med den udredning").verdict is Verdict.RISKY
    assert option(shipped, key, "Jeg udvider spørgsmålet").verdict is Verdict.SOUND
    assert option(shipped, key, "Jeg afviser indstillingen").verdict is Verdict.WRONG


def test_malthe_2_a_parents_illness_does_not_lift_the_duty(shipped: Content) -> None:
    key = "malthe-ppr/2/underret"
    assert option(shipped, key, "Nej – hun er syg og i behandling").verdict is Verdict.WRONG
    assert option(shipped, key, "Jeg beder hende selv kontakte").verdict is Verdict.WRONG
    assert option(shipped, "malthe-ppr/2/handlinger", "Lover hende").verdict is Verdict.WRONG
    text = perspective(shipped, "malthe-ppr", 2)
    assert "ikke i sig selv" in text and "omsorgssvigt" in text
    assert "Ella" in text and "i underretningen" in text, "review, weak 2: siblings"


def test_malthe_3_the_doctors_confidentiality_does_not_stop_a_notification(
    shipped: Content,
) -> None:
    key = "malthe-ppr/3/tavshedspligten"
    secret = option(shipped, key, "Nej – det, hun fortæller mig")
    assert secret.verdict is Verdict.WRONG
    assert "ast.dk" in secret.source
    assert option(shipped, key, "Det er ikke nødvendigt – PPR").verdict is Verdict.WRONG
    school = option(shipped, "malthe-ppr/3/handlinger", "Ringer til Malthes skole")
    assert school.verdict is Verdict.WRONG
    assert "underretningspligt-foer-tavshedspligt" in shipped.vignette("malthe-ppr").law


def test_malthe_3_the_gps_duty_is_not_stated_as_fact(shipped: Content) -> None:
    text = perspective(shipped, "malthe-ppr", 3)
    assert "praktiserende læger er omfattet" in text and "ikke bekræftet" in text
    assert "retsinformation.dk" in text
    assert "114" in text and "112" in text


# --- Gap 3: a suspicion against a colleague, at a friskole ---------------------------------


def test_freja_is_set_at_a_friskole(shipped: Content) -> None:
    v = shipped.vignette("freja-friskolen")
    assert v.setting == "Friskole" and "friskole" in v.intro
    assert Profession.TEACHER in v.professions
    assert NeglectKind.SEXUAL in v.neglect
    assert "kollega" in v.intro


def test_freja_1_asking_the_colleague_is_not_the_sound_first_step(shipped: Content) -> None:
    key = "freja-friskolen/1/foerste-skridt"
    assert option(shipped, key, "Spørger Thomas venligt").verdict is Verdict.WRONG
    assert option(shipped, key, "Venter, til jeg er sikker").verdict is Verdict.WRONG
    assert option(shipped, key, "Skriver ned, hvad jeg har set").verdict is Verdict.SOUND
    assert "Tal ikke med Thomas" in perspective(shipped, "freja-friskolen", 1)


def test_freja_2_the_leaders_talk_with_the_colleague_is_not_the_sound_one(
    shipped: Content,
) -> None:
    key = "freja-friskolen/2/lederens-plan"
    assert option(shipped, key, "Jeg lader lederen tale med Thomas").verdict is Verdict.WRONG
    own_school = option(shipped, key, "Jeg accepterer, at friskolen selv klarer")
    assert own_school.verdict is Verdict.WRONG
    assert "bopælskommune" in own_school.reason
    assert option(shipped, key, "Jeg siger, at bekymringen").verdict is Verdict.SOUND


def test_freja_2_the_friskole_duty_is_not_stated_as_fact(shipped: Content) -> None:
    text = perspective(shipped, "freja-friskolen", 2)
    flat = " ".join(text.split())
    assert "skærpede underretningspligt, er ikke bekræftet i kittet" in flat
    assert "retsinformation.dk" in flat and "alle kan underrette kommunen" in flat


def test_freja_3_the_child_is_heard_and_the_colleague_is_not_warned(shipped: Content) -> None:
    key = "freja-friskolen/3/handlinger"
    assert option(shipped, key, "Lover Freja").verdict is Verdict.WRONG
    assert option(shipped, key, "Konfronterer Thomas").verdict is Verdict.WRONG
    assert option(shipped, key, "Fortæller det på lærerværelset").verdict is Verdict.WRONG
    assert option(shipped, key, "Ringer til kommunen i dag").verdict is Verdict.SOUND
    text = perspective(shipped, "freja-friskolen", 3)
    assert "børnehus" in text and "112" in text and "114" in text


# --- Gap 2: digital neglect, in a fritidsklub ---------------------------------------------


def test_lucas_is_a_pedagogue_in_a_fritidsklub(shipped: Content) -> None:
    v = shipped.vignette("lucas-fritidsklubben")
    assert v.setting == "Fritidsklub" and Profession.PEDAGOGUE in v.professions
    assert NeglectKind.NEGLECT in v.neglect
    assert "skærmen" in v.intro


def test_lucas_1_a_screen_ban_in_the_club_is_not_the_answer(shipped: Content) -> None:
    key = "lucas-fritidsklubben/1/kollegaen"
    assert option(shipped, key, "At vi indfører en regel").verdict is Verdict.RISKY
    assert option(shipped, key, "At hun har ret").verdict is Verdict.WRONG


def test_lucas_2_a_months_screen_deal_does_not_put_off_the_notification(
    shipped: Content,
) -> None:
    key = "lucas-fritidsklubben/2/aftalen"
    assert option(shipped, key, "Laver aftalen og venter en måned").verdict is Verdict.WRONG
    assert option(shipped, key, "Hjælper gerne med aftalen").verdict is Verdict.SOUND


def test_lucas_3_blocking_and_deleting_at_once_is_not_the_sound_one(shipped: Content) -> None:
    key = "lucas-fritidsklubben/3/handlinger"
    block = option(shipped, key, "Beder Lucas blokere manden")
    assert block.verdict is Verdict.RISKY and "skærmbilleder" in block.reason
    assert option(shipped, key, "Forbyder Lucas").verdict is Verdict.WRONG
    assert option(shipped, key, "Skriver selv til manden").verdict is Verdict.WRONG
    secret = option(shipped, "lucas-fritidsklubben/3/hemmeligheden", '"Det kan jeg ikke love')
    assert secret.verdict is Verdict.SOUND
    services = shipped.vignette("lucas-fritidsklubben").services
    assert {"sletdet", "politi-114", "alarm-112"} <= set(services)


# --- The new roles in the model -------------------------------------------------------------


def test_the_new_professions_are_in_the_model_and_the_schema(tmp_path: Path) -> None:
    assert Profession("psykolog") is Profession.PSYCHOLOGIST
    assert Profession("praktiserende læge") is Profession.GP
    assert cli.main(["schema", "--out", str(tmp_path)]) == 0
    schema = json.loads((tmp_path / "vignet.schema.json").read_text("utf-8"))
    allowed = schema["$defs"]["Profession"]["enum"]
    assert {"psykolog", "praktiserende læge"} <= set(allowed)


def test_the_roles_the_review_found_missing_now_have_a_case(shipped: Content) -> None:
    """Review, coverage gaps 10: PPR, egen læge, a friskole and a fritidsklub."""
    roles = {p for v in shipped.vignettes for p in v.professions}
    assert {Profession.PSYCHOLOGIST, Profession.GP} <= roles
    settings = {v.setting for v in shipped.vignettes}
    assert {"Friskole", "Fritidsklub"} <= settings
    assert any("PPR" in s for s in settings)


def test_kilder_md_lists_the_new_cases_sources_with_their_dates() -> None:
    text = (paths.REPO_ROOT / "docs" / "kilder.md").read_text("utf-8")
    section = text.split("## Tre nye cases", 1)[1].split("\n## ", 1)[0]
    for case in NEW_CASES:
        assert f"`{case}`" in section, case
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) > 10
    for row in rows[1:]:
        assert "2026" in row.rsplit("|", 2)[-2], row
    for source in ("ast.dk", "Vejen Kommune", "§ 132", "SletDet"):
        assert source in section, source
    assert "praktiserende læger" in section and "friskoler" in section
