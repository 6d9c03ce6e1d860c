"""Regression guards for the third content review (shared/reviews/content-3.md).

Each test names the review item it guards and finds the fixed item by its id
(film or case, stage, question, option), so a later edit that brings an old key
or a missing step back fails here, not in a count.
"""

from __future__ import annotations

import pytest

from opsporing.content import Content
from opsporing.content.models import (
    Channel,
    Choice,
    ChoiceQuestion,
    Detail,
    TargetGroup,
    Verdict,
)


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
    """Where the cuts appear (trin 2 since Weak 8), the health response is there too: in a
    key of that stage and in its perspective, never a stage later."""
    stage = cuts_stage(shipped)
    keys = [
        f"clara-efter-underretningen/{stage}/{q.id}"
        for q in shipped.vignette("clara-efter-underretningen").stages[stage - 1].questions
        if isinstance(q, ChoiceQuestion)
    ]
    [key] = [k for k in keys if any("skade sig selv" in t for t in question(shipped, k).options)]
    health = option(shipped, key, "Spørger, om hun har tanker om at skade sig selv")
    assert health.verdict is Verdict.SOUND
    assert "lægefaglig vurdering" in health.text
    parents = option(shipped, key, "Aftaler med kommunen, hvordan")
    assert parents.verdict is Verdict.SOUND
    perspective = shipped.vignette("clara-efter-underretningen").stages[stage - 1].perspective
    for step in ("tanker om at skade sig selv", "egen læge", "børne- og ungdomspsykiatrien"):
        assert step in perspective, step
    assert "Aftal med kommunen, hvordan" in perspective


def cuts_stage(kit: Content) -> int:
    """The number of Clara's first stage whose text shows the cuts."""
    stages = kit.vignette("clara-efter-underretningen").stages
    return next(n for n, s in enumerate(stages, start=1) if "rifter" in s.text)


# --- Wrong keys (the review's table, 2-5) ------------------------------------------------


def test_key_2_the_professional_notifier_is_told_whether_there_is_an_investigation(
    shipped: Content,
) -> None:
    key = "clara-efter-underretningen/4/til-sundhedsplejersken"
    assert option(shipped, key, "Ingenting").verdict is Verdict.WRONG


def test_key_3_a_child_who_is_disclosing_is_not_put_off_until_monday(shipped: Content) -> None:
    key = "liva-fortaeller/1/loeftet"
    assert option(shipped, key, '"Kan det vente til mandag?').verdict is Verdict.WRONG


def test_key_4_hunger_and_sores_do_not_wait_for_next_month(shipped: Content) -> None:
    key = "villads-specialklassen/1/kollegaen"
    assert option(shipped, key, "Vi venter, til handicapkonsulenten").verdict is Verdict.WRONG


def test_key_5_talking_with_parents_is_sound_where_no_violence_is_suspected(
    shipped: Content,
) -> None:
    key = "fagperson-4/handling"
    assert option(shipped, key, "Tale med forældrene").verdict is Verdict.SOUND
    assert option(shipped, key, "Vente et par måneder").verdict is Verdict.WRONG


def test_weak_19_the_pasted_block_ties_the_parents_key_to_a_scenario(shipped: Content) -> None:
    for key in ("ung-3/naeste-skridt", "paedagog-1/del-bekymring", "fagperson-1/foerste-skridt"):
        texts = question(shipped, key).options
        assert "Tale med forældrene" not in texts, key
        without = option(shipped, key, "Tale med forældrene, når der ikke er mistanke")
        first = option(shipped, key, "Tale med forældrene først, også ved mistanke")
        assert (without.verdict, first.verdict) == (Verdict.SOUND, Verdict.WRONG), key


def test_weak_20_mille_next_step_has_a_tempting_wrong_option(shipped: Content) -> None:
    key = "mille-indskoling/2/naeste-skridt"
    assert option(shipped, key, "Give moren 14 dage").verdict is Verdict.WRONG


# --- The SMS contradiction and the directory's facts --------------------------------------


def test_sms_is_not_both_a_channel_and_unconfirmed(shipped: Content) -> None:
    for service in shipped.services:
        if Channel.SMS in service.channels:
            assert Detail.SMS not in service.unconfirmed, service.id
    assert Channel.SMS in shipped.service("boernetelefonen").channels


def test_weak_13_a_professional_notifies_in_writing_with_their_name(shipped: Content) -> None:
    text = shipped.service("kommunen-underretning").description
    assert "skriftligt og med dit navn" in text and "ikke være anonym" in text
    law = shipped.legal_reference("skriftlig-og-med-navn")
    assert "vejen.dk" in (law.source or "") and law.checked is not None
    guide = {e.id: e for e in shipped.guide.entries}
    assert "skriftligt og med dit navn" in guide["bekymret-for-et-barn"].advice


def test_weak_12_the_duty_to_notify_goes_before_confidentiality(shipped: Content) -> None:
    law = shipped.legal_reference("underretningspligt-foer-tavshedspligt")
    assert law.reference is None, "no paragraph is confirmed for it"
    assert "ast.dk" in (law.source or "")


def test_weak_14_an_urgent_case_does_not_wait_for_ankestyrelsens_hours(shipped: Content) -> None:
    advice = {e.id: e for e in shipped.guide.entries}["ved-ikke-hvilken-kommune"].advice
    assert "9-15" in advice and "114" in advice and "112" in advice


def test_weak_15_a_parent_intoxicated_at_pick_up(shipped: Content) -> None:
    entry = {e.id: e for e in shipped.guide.entries}["foraelder-paavirket-ved-afhentning"]
    assert "Bliv hos barnet" in entry.advice
    assert "112" in entry.advice and "114" in entry.advice
    assert {"alarm-112", "kommunens-doegnvagt", "politi-114"} <= set(entry.services)
    assert entry.source and entry.checked


def test_weak_16_skole_og_foraeldres_old_hours_are_not_stated_as_fact(shipped: Content) -> None:
    service = shipped.service("skole-og-foraeldre-raadgivning")
    assert service.hours is None
    assert Detail.HOURS in service.unconfirmed


# --- Weak points in the cases --------------------------------------------------------------


def perspective(kit: Content, vignette: str, stage: int) -> str:
    return kit.vignette(vignette).stages[stage - 1].perspective


def test_weak_1_liva_asks_kommunen_whether_she_can_go_home(shipped: Content) -> None:
    choice = option(shipped, "liva-fortaeller/2/hvad-nu", 'Spørger kommunen: "Kan Liva tage hjem')
    assert choice.verdict is Verdict.SOUND
    text = perspective(shipped, "liva-fortaeller", 2)
    assert "Kan Liva tage hjem i dag" in text and "børnehus" in text


def test_weak_2_siblings_are_named_in_the_notification(shipped: Content) -> None:
    for vignette, sibling in [
        ("noah-fritidsordningen", "Alma"),
        ("liva-fortaeller", "Bertram"),
        ("jonas-tandplejen", "storesøster"),
        ("villads-specialklassen", "storebror"),
        ("mille-indskoling", "Viggo"),
        ("samira-skoleledelsen", "storebroren"),
    ]:
        stages = shipped.vignette(vignette).stages
        assert any(
            sibling in s.perspective and "i underretningen" in s.perspective for s in stages
        ), vignette


def test_weak_3_noah_the_other_parent_is_called_as_agreed_with_the_doegnvagt(
    shipped: Content,
) -> None:
    choice = option(shipped, "noah-fritidsordningen/3/nu", "Ringer til Noahs mor")
    assert choice.verdict is Verdict.RISKY
    assert "Normalt første skridt" in choice.reason and "døgnvagten" in choice.reason


def test_no_key_cites_the_unverified_beredskabsplan(shipped: Content) -> None:
    for ref in shipped.questions():
        if isinstance(ref.question, ChoiceQuestion):
            for choice in ref.question.choices:
                assert "Silkeborg" not in choice.source, ref.key


def test_weak_4_villads_abuse_is_considered(shipped: Content) -> None:
    text = perspective(shipped, "villads-specialklassen", 3)
    assert "Overvej derfor også" in text and "overgreb" in text
    assert "Her er der ikke mistanke om vold eller overgreb." not in text
    assert "aflastning" in text


def test_weak_5_samira_names_the_possible_genopdragelsesrejse(shipped: Content) -> None:
    assert "genopdragelsesrejse" in perspective(shipped, "samira-skoleledelsen", 3)
    assert "anonym sparring" in perspective(shipped, "samira-skoleledelsen", 1)


def test_weak_6_aya_stage_1_asks_what_to_do_about_the_game(shipped: Content) -> None:
    key = "aya-sfo/1/legen"
    assert option(shipped, key, "Stopper legen roligt").verdict is Verdict.SOUND
    assert option(shipped, key, "Får råd hos kommunen nu").verdict is Verdict.SOUND
    assert option(shipped, key, "Ignorerer det").verdict is Verdict.WRONG


def test_weak_7_emils_drawing_can_point_to_more_than_violence(shipped: Content) -> None:
    text = perspective(shipped, "emil-mellemtrin", 2)
    assert "kan pege på vold" in text and "en mor, der ikke kan mere" in text


def test_weak_8_claras_cuts_come_in_trin_2_with_their_health_response(shipped: Content) -> None:
    """Trin 1 has the subtler signs; the cuts, and every key and note about them, come in
    trin 2. The §8 sentence on the parents' lawyer is left out (unchecked in the review)."""
    assert cuts_stage(shipped) == 2
    first = shipped.vignette("clara-efter-underretningen").stages[0]
    assert "rifter" not in first.text and "selvskade" not in first.perspective.lower()
    for q in first.questions:
        if isinstance(q, ChoiceQuestion):
            assert not any("rifter" in t or "skade sig selv" in t for t in q.options), q.id
    assert "ondt i hovedet" in first.text and "ikke noget værd" in first.text
    # The options that stayed in trin 1 keep their texts, so saved answers to them still count.
    kept = question(shipped, "clara-efter-underretningen/1/i-samtalen").options
    assert "Siger til Clara, at hun er noget værd, også når hun får 7" in kept
    assert "Lader det ligge, fordi familien er velfungerende" in kept
    assert option(shipped, "clara-efter-underretningen/1/i-samtalen", "Aftaler at se hende igen")
    second = shipped.vignette("clara-efter-underretningen").stages[1]
    assert "rifter på underarmen" in second.text
    assert "§ 8" not in second.text + second.perspective
    key = "clara-efter-underretningen/2/rifterne"
    assert option(shipped, key, "Tager forklaringen om katten").verdict is Verdict.WRONG
    assert option(shipped, key, "Ringer til forældrene med det samme").verdict is Verdict.RISKY


def test_weak_9_oliver_stage_2_does_not_know_yet_who_is_behind(shipped: Content) -> None:
    parents = option(shipped, "oliver-idraetsforening/2/hvem", "Olivers forældre")
    assert "står ikke bag" not in parents.reason
    assert option(shipped, "oliver-idraetsforening/3/handlinger", "Anmelde profilen")


def test_weak_10_mille_names_the_mothers_illness_and_her_doctor(shipped: Content) -> None:
    text = perspective(shipped, "mille-indskoling", 3)
    assert "depression" in text and "egen" in text and "læge" in text


# --- Answer-key design: knowledge questions (17) and reflections (18) -------------------------

KNOWLEDGE = (
    "ung-2/tegn",
    "emil-mellemtrin/1/let-at-overse",
    "jonas-tandplejen/2/ics",
    "reager-aktivt-paa-bekymringen/foraeldre-foerst",
)
"""Questions about what a sign is or what you know: an option is right or wrong, never "risky"."""


def test_weak_17_no_knowledge_question_scores_an_option_as_risky(shipped: Content) -> None:
    for key in KNOWLEDGE:
        verdicts = [c.verdict for c in question(shipped, key).choices]
        assert Verdict.RISKY not in verdicts, key


def test_weak_17_emil_restlessness_is_a_sign_that_is_misread(shipped: Content) -> None:
    choice = option(shipped, "emil-mellemtrin/1/let-at-overse", "At et barn er urolig og larmer")
    assert choice.verdict is Verdict.SOUND
    assert "listen over tegn" in choice.reason and "dårlig opførsel" in choice.reason
    assert "læst som dårlig opførsel" in perspective(shipped, "emil-mellemtrin", 1)


def test_weak_17_jonas_gaps_in_the_ics_triangle_are_not_things_he_knows(shipped: Content) -> None:
    key = "jonas-tandplejen/2/ics"
    for text in ("Barnets udvikling: udvikling og adfærd", "Familie og netværk: socialt netværk"):
        gap = option(shipped, key, text)
        assert gap.verdict is Verdict.WRONG and "hul, ikke et fund" in gap.reason, text
    assert option(shipped, key, "Barnets udvikling: sundhedsforhold").verdict is Verdict.SOUND
    assert "konkret viden" in (question(shipped, key).help or "")


def test_weak_17_ung_2_asks_what_you_think_and_has_no_verdicts(shipped: Content) -> None:
    q = question(shipped, "ung-2/tegn")
    assert q.reflection and all(c.verdict is None for c in q.choices)
    assert q.options[:2] == [
        "Når barnet er stille og tilpasset",
        "Når barnet larmer og er i konflikt",
    ]


def test_weak_17_the_childs_wish_alone_is_not_the_rule(shipped: Content) -> None:
    key = "reager-aktivt-paa-bekymringen/foraeldre-foerst"
    wish = option(shipped, key, "Når barnet beder mig om det")
    assert wish.verdict is Verdict.WRONG
    assert "frygten kan pege på vold" in wish.reason and "kommunen" in wish.reason


REFLECTIONS = {
    "anna/trovaerdig": [
        "At tage sig tid, når barnet vil fortælle",
        "At tro på barnet",
        "At holde det, man lover",
        "At handle bagefter",
        "At være til at stole på over tid",
    ],
    "observer-boernenes-signaler/fast-vej": [
        "Ja, og alle kender den",
        "Ja, men ikke alle kender den",
        "Nej, eller jeg ved det ikke",
    ],
    "fagperson-3/droeftelse": [
        "Med en kollega",
        "Med min leder",
        "I et tværfagligt team eller møde",
        "Anonymt med kommunens rådgivning",
        "Det ved jeg ikke",
    ],
}
"""Questions about the participant's own practice, with their option texts as before."""


@pytest.mark.parametrize("key", list(REFLECTIONS))
def test_weak_18_reflections_carry_no_verdicts(shipped: Content, key: str) -> None:
    q = question(shipped, key)
    assert q.reflection, key
    assert [c.verdict for c in q.choices] == [None] * len(q.choices)
    assert all(c.reason and c.source for c in q.choices), "the notes for the plenum stay"
    assert q.options == REFLECTIONS[key], "the same texts, so saved answers still count"


def test_weak_18_the_trainers_key_shows_a_reflection_without_verdict_words(
    shipped: Content,
) -> None:
    from opsporing import texts
    from opsporing.handouts.worksheets import answer_key
    from opsporing.widgets.plenum import key_html

    q = question(shipped, "fagperson-3/droeftelse")
    html = key_html(q)
    sheet = answer_key(q).source
    for shown in (html, sheet):
        assert texts.KEY_REFLECTION in shown
        assert not any(word in shown for word in texts.KEY_VERDICTS.values()), shown
        assert "Find ud af det nu" in shown
    assert 'class="opsporing-verdict"' not in html


def test_weak_21_god_praksis_instead_of_a_stretched_source(shipped: Content) -> None:
    for key, text in [
        ("samira-skoleledelsen/2/hvem-tolker", "Samira"),
        ("samira-skoleledelsen/2/hvem-tolker", "Broren"),
        ("samira-skoleledelsen/1/fravaeret", "Spørger broren"),
        ("villads-specialklassen/2/spoerg-saadan", "Ved at spørge en klassekammerat"),
        ("liva-fortaeller/2/mens-hun-fortaeller", "Beder hende vise mig ryggen"),
    ]:
        assert option(shipped, key, text).source.startswith("God praksis"), (key, text)


def test_weak_23_self_assessment_asks_about_after_hours_and_disclosure(shipped: Content) -> None:
    texts = [q.text for q in shipped.self_assessment.questions]
    assert "Jeg ved, hvad jeg gør uden for kommunens åbningstid" in texts
    assert "Jeg er tryg ved at tale med et barn, der fortæller" in texts


# --- Coverage gap 9: services the cases point to -------------------------------------------


def test_gap_9_lev_uden_volds_hotline_is_open_around_the_clock_for_professionals_too(
    shipped: Content,
) -> None:
    hotline = shipped.service("lev-uden-vold-hotline")
    assert hotline.phone == "1888"
    assert hotline.hours == "Døgnåben"
    assert TargetGroup.PROFESSIONAL in hotline.target_groups
    assert "levudenvold.dk" in (hotline.source or "") and hotline.checked is not None
    guide = {e.id: e for e in shipped.guide.entries}["mistanke-om-overgreb"]
    assert "lev-uden-vold-hotline" in guide.services and "1888" in guide.advice


def test_gap_9_alkolinjen_with_its_hours_left_unconfirmed(shipped: Content) -> None:
    line = shipped.service("alkolinjen")
    assert line.phone == "80 200 500"
    assert line.hours is None and Detail.HOURS in line.unconfirmed
    assert "alkolinjen" in shipped.vignette("noah-fritidsordningen").services


# --- Municipalities: after hours in the chosen municipality's own block ----------------------


def test_after_hours_is_a_fact_of_every_municipality(shipped: Content) -> None:
    facts = {f.id: f for f in shipped.municipality_directory.facts}
    text = facts["uden-for-aabningstid"].text
    assert "døgnvagt" in text and "114" in text and "112" in text
    assert facts["uden-for-aabningstid"].checked is not None


def test_the_municipality_block_shows_after_hours_on_the_page_and_the_handout(
    shipped: Content,
) -> None:
    from opsporing.handouts.notebook import contacts
    from opsporing.pages.hjaelp import municipality_html

    for code in (147, 825):  # one without a confirmed contact, one with its own route
        page = municipality_html(shipped.municipality(code), shipped)
        assert "Uden for åbningstid" in page and "114" in page, code
        handout = "\n".join(cell.source for cell in contacts(shipped, code))
        assert "Uden for åbningstid" in handout and "112" in handout, code


def test_municipal_after_hours_routes_the_review_verified(shipped: Content) -> None:
    routes = {m.code: m for m in shipped.municipalities if m.on_call}
    assert {540, 550, 825} <= set(routes)
    assert "114" in (routes[550].on_call or "") and "sociale bagvagt" in (routes[550].on_call or "")
    assert "98 45 50 00" in (routes[825].on_call or "")
    assert "27 90 42 42" in (routes[540].on_call or "")
    for m in routes.values():
        assert m.source and m.checked, m.code


def test_frederikshavns_old_anonymous_page_is_labelled_for_professionals(shipped: Content) -> None:
    source = shipped.municipality(813).source or ""
    assert "skriftligt" in source and "med dit navn" in source
