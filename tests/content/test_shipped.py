"""The content the kit ships: complete, sourced, and free of invented facts.

The kit tells professionals what the law says and whom to call, so these tests
hold the shipped YAML to the project's facts sheet (`shared/facts/domain.md`
beside the checkout): counts, provenance on every factual entry, and guards
against phone numbers, film titles and paragraph numbers nobody confirmed.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from opsporing import cli, paths
from opsporing.content import Content
from opsporing.content.models import ChoiceQuestion, NeglectKind, Sourced, Verdict

REPO = paths.REPO_ROOT
FACTS = REPO.parent / "shared" / "facts"
"""In CI and in development the facts sheet sits beside the checkout."""

INDEX_PAGE = "https://www.boerneraadet.dk/rettidig-omsorg"

CONFIRMED_TITLES = {
    # Exactly as on Børnerådet's film pages, per shared/facts/domain.md (both passes).
    "Anna: Redskaber til at bryde tavsheden",
    "Observér børnenes signaler (lærer)",
    "De nødvendige samtaler med forældre",
    "Dental neglect (tandlæge)",
    "Skærpet opmærksomhed på de små tegn (tandlæge)",
    "Reagér aktivt på bekymringen (sundhedsplejerske)",
    "Socialrådgiver: Hvad sker der på rådhuset?",
}

CONFIRMED_NUMBERS = {
    # Numbers shared/facts/domain.md confirms, plus 112 (confirmed on politi.dk, named in
    # the data): BørneTelefonen, Børns Vilkår's bisidder line, headspace Family (sms),
    # Ankestyrelsen, Skole og Forældre's Forældrerådgivning, and the alarm number.
    "116111",
    "35555559",
    "47471020",
    "33411200",
    "70252468",
    "112",
    # The police's non-emergency number, which also puts you through to the municipality's
    # social vagt after hours: Tønder Kommune (toender.dk, "Udsatte børn og unge") and Læsø
    # Kommune (laesoe.dk, "Underretningspligt – børn og unge"), checked 2026-12-01.
    "114",
    # Lev Uden Vold's national hotline and Alkolinjen, verified in the third content review
    # (shared/reviews/content-3.md, 2026-12-05: levudenvold.dk; Kristeligt Dagblad 2018-03,
    # B.T. 2024-01).
    "1888",
    "80200500",
    # Municipal numbers the third content review verified in stored pages: Læsø's
    # Familierådgivning, run by Frederikshavn (laesoe.dk), and Sønderborg's social dagvagt
    # (sonderborgkommune.dk).
    "98455000",
    "27904242",
}

CONFIRMED_PARAGRAPHS = {
    # Paragraphs shared/facts/domain.md confirms: barnets lov § 133 (skærpet
    # underretningspligt), §§ 136-137 (the municipality's handling), § 19 and § 20
    # (afdækning, børnefaglig undersøgelse), § 124 (børnehuse), § 132 (named in a source);
    # in sources only: the former servicelov § 154 and § 1 of the børnehus order.
    1,
    19,
    20,
    124,
    132,
    133,
    136,
    137,
    154,
}

_SPACED = re.compile(r"(?<![\d.,/-])\d{2,4}(?:[ \u00a0]\d{2,4})+(?![\d.,/-]?\d)")
_RUN = re.compile(r"(?<![\d.,/-])\d{6,}(?![\d.,/-]?\d)")
_AFTER_WORD = re.compile(
    r"\b(?:ring|ringe|ringer|tlf\.?|telefon|nummer|sms)\b:?\s*(?:på\s+)?(\d[\d \u00a0]*\d|\d)",
    re.IGNORECASE,
)
_URL = re.compile(r"\S*(?:https?://|www\.|\.dk/)\S*")
_PARAGRAPH = re.compile(r"§§?\s*(\d+)(?:\s*-\s*(\d+))?((?:,\s*stk\.\s*\d+)?)")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def phone_like(text: str) -> set[str]:
    """Every number in `text` that looks like a phone number, as digits only.

    Long digit groups (six or more digits, spaced or not) anywhere, and any number,
    however short (112, 1813), right after a word like "ring" or "telefon".
    """
    text = _URL.sub(" ", text)
    long_groups = [m.group(0) for m in (*_SPACED.finditer(text), *_RUN.finditer(text))]
    found = {d for d in map(_digits, long_groups) if len(d) >= 6}
    return found | {_digits(m.group(1)) for m in _AFTER_WORD.finditer(text)}


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _content_files() -> list[Path]:
    return sorted(p for d in ("films", "exercises", "services") for p in (REPO / d).rglob("*.yaml"))


@pytest.fixture(scope="module")
def texts_by_file() -> dict[str, list[str]]:
    """Every string value in every shipped content file (keys, dates and codes excluded)."""
    return {
        p.relative_to(REPO).as_posix(): list(_strings(yaml.safe_load(p.read_text("utf-8"))))
        for p in _content_files()
    }


def _sourced(c: Content) -> Iterator[tuple[str, Sourced]]:
    yield "serie", c.film_index.series
    for film in c.films:
        yield f"film {film.id}", film
    for service in c.services:
        yield f"tjeneste {service.id}", service
    for ref in c.law:
        yield f"lov {ref.id}", ref
    for role in c.help_roles.roles:
        yield f"rolle {role.id}", role
    yield "kommuner", c.municipality_directory
    for fact in c.municipality_directory.facts:
        yield f"kommuner/fælles {fact.id}", fact


# --- The whole corpus validates ----------------------------------------------------------


def test_validate_command_passes_on_shipped_content(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", "--content", str(REPO)]) == 0
    out = capsys.readouterr().out
    assert "16 film" in out
    assert "98 kommuner" in out


# --- Films -----------------------------------------------------------------------------


def test_sixteen_film_slots_with_unique_ids(shipped: Content) -> None:
    assert len(shipped.films) == 16
    assert len({f.id for f in shipped.films}) == 16


def test_confirmed_titles_are_exactly_the_facts_titles(shipped: Content) -> None:
    titles = [f.title for f in shipped.films if f.verified]
    assert set(titles) <= CONFIRMED_TITLES, set(titles) - CONFIRMED_TITLES
    assert sorted(titles) == sorted(CONFIRMED_TITLES), "a confirmed title is missing or doubled"


def test_confirmed_films_name_people_and_their_page(shipped: Content) -> None:
    for film in (f for f in shipped.films if f.verified):
        assert film.people, film.id
        assert film.page is not None, film.id
        assert str(film.page).startswith(INDEX_PAGE + "/film-"), film.id


def test_unverified_films_have_no_title_and_point_to_the_index(shipped: Content) -> None:
    unverified = [f for f in shipped.films if not f.verified]
    assert len(unverified) == 16 - len(CONFIRMED_TITLES)
    for film in unverified:
        assert film.title is None, film.id
        assert str(film.check_at).rstrip("/") == INDEX_PAGE, film.id


def test_the_series_starts_with_the_young_peoples_films(shipped: Content) -> None:
    groups = [f.group.value for f in shipped.films]
    young = groups.count("ung")
    assert young == 4
    assert groups[:young] == ["ung"] * young


def test_every_film_has_three_questions_of_mixed_kinds(shipped: Content) -> None:
    for film in shipped.films:
        assert len(film.questions) >= 3, film.id
        assert len({q.kind for q in film.questions}) >= 2, film.id


# --- Vignettes -------------------------------------------------------------------------


def test_at_least_six_vignettes_each_unfolding_in_stages(shipped: Content) -> None:
    assert len(shipped.vignettes) >= 6
    for vignette in shipped.vignettes:
        assert len(vignette.stages) >= 3, vignette.id
        for n, stage in enumerate(vignette.stages, start=1):
            kinds = {q.kind for q in stage.questions}
            assert len(stage.questions) >= 2, f"{vignette.id}/{n}"
            assert len(kinds) >= 2, f"{vignette.id}/{n}: {kinds}"


def test_every_vignette_is_fictional_and_says_so(shipped: Content) -> None:
    for vignette in shipped.vignettes:
        assert vignette.fictional is True
        assert "opdigtet" in vignette.intro.lower(), vignette.id


def test_vignettes_link_films_services_and_law(shipped: Content) -> None:
    for vignette in shipped.vignettes:
        assert vignette.films and vignette.services and vignette.law, vignette.id


def test_vignettes_together_cover_the_four_kinds_of_neglect(shipped: Content) -> None:
    covered = {kind for v in shipped.vignettes for kind in v.neglect}
    assert covered == set(NeglectKind)


def test_vignettes_are_set_in_different_settings(shipped: Content) -> None:
    settings = [v.setting for v in shipped.vignettes]
    assert len(set(settings)) == len(settings)


# --- Provenance --------------------------------------------------------------------------


def test_every_choice_question_has_a_complete_answer_key(shipped: Content) -> None:
    """Every option of every choice question, in films and cases (new ones too), has a
    verdict, a one-line reason and a source, and each question has a sound option; a
    reflection's options have a note and a source and no verdict at all."""
    keyed = 0
    for ref in shipped.questions():
        q = ref.question
        if not isinstance(q, ChoiceQuestion):
            continue
        assert len(q.choices) >= 2, ref.key
        if q.reflection:
            assert all(c.verdict is None for c in q.choices), f"{ref.key}: a verdict"
        else:
            assert any(c.verdict is Verdict.SOUND for c in q.choices), f"{ref.key}: no sound"
        for choice in q.choices:
            where = f"{ref.key}: {choice.text}"
            assert q.reflection or isinstance(choice.verdict, Verdict), where
            assert choice.reason.strip() and "\n" not in choice.reason, where
            assert len(choice.reason) <= 160, f"{where}: the reason is one short line"
            assert choice.source.strip() and "\n" not in choice.source, where
        keyed += 1
    assert keyed >= 40, "the shipped films and cases have some forty choice questions"


def test_no_key_cites_an_unconfirmed_source(shipped: Content) -> None:
    """A key names a source the facts sheet confirms; the general duty's paragraph is not."""
    for ref in shipped.questions():
        if isinstance(ref.question, ChoiceQuestion):
            for choice in ref.question.choices:
                assert "§ 135" not in choice.source and "§ 135" not in choice.reason, ref.key


def test_every_fact_has_source_and_date_or_is_unverified_with_a_pointer(shipped: Content) -> None:
    for name, entry in _sourced(shipped):
        if entry.verified:
            assert entry.source and entry.checked, name
        else:
            assert entry.check_at is not None, name


def test_unconfirmed_service_details_are_empty_and_point_somewhere(shipped: Content) -> None:
    field_of = {"telefon": "phone", "sms": "sms", "e-mail": "email", "web": "web"}
    field_of["åbningstider"] = "hours"
    for service in shipped.services:
        if not service.unconfirmed:
            continue
        assert service.check_at is not None, service.id
        for detail in service.unconfirmed:
            if detail.value in field_of:
                assert getattr(service, field_of[detail.value]) is None, (service.id, detail)


def test_legal_references_state_no_unconfirmed_paragraph(shipped: Content) -> None:
    by_id = {ref.id: ref for ref in shipped.law}
    assert by_id["skaerpet-underretningspligt"].reference == "barnets lov § 133"
    assert by_id["almindelig-underretningspligt"].reference is None
    assert by_id["digital-indgang-for-boern"].reference is None
    assert "stk" not in (by_id["kommunens-24-timers-vurdering"].reference or "")


# --- Municipalities --------------------------------------------------------------------


def test_ninety_eight_municipalities_match_the_facts_table(shipped: Content) -> None:
    rows = {(m.code, m.name, m.region) for m in shipped.municipalities}
    assert len(shipped.municipalities) == 98
    assert len({m.code for m in shipped.municipalities}) == 98
    table = FACTS / "municipalities.tsv"
    if not table.exists():
        return
    with table.open(encoding="utf-8", newline="") as f:
        table_rows = csv.DictReader(f, delimiter="\t")
        facts = {(int(r["code"]), r["name"], r["region"]) for r in table_rows}
    assert rows == facts


def test_municipalities_carry_no_unsourced_contact(shipped: Content) -> None:
    for m in shipped.municipalities:
        if m.has_contact:
            assert m.source and m.checked, m.code
            for url in (m.notification_page, m.children_entry):
                assert url is None or str(url) in m.source, (m.code, "source names the page")


def test_municipality_contacts_found_so_far(shipped: Content) -> None:
    """34 of the 98 had a page confirmed in a named source on 2026-12-01; never fewer."""
    found = [m for m in shipped.municipalities if m.has_contact]
    assert len(found) >= 34
    assert all(m.checked is not None for m in found)


# --- Help roles and the contact guide ----------------------------------------------------


def test_the_four_hjerteforaeldre_roles(shipped: Content) -> None:
    names = {role.name for role in shipped.help_roles.roles}
    assert names == {
        "Plejeforælder",
        "Netværksplejeforælder",
        "Støtteperson til anbragte børn og unge",
        "Adoptivforælder",
    }


def test_guide_gives_the_confirmed_numbers_with_sources(shipped: Content) -> None:
    phones = {e.phone: e for e in shipped.guide.entries if e.phone}
    assert {"112", "116 111", "33 41 12 00"} <= set(phones)
    assert "politi.dk" in (phones["112"].source or "")
    for entry in phones.values():
        assert entry.source and entry.checked, entry.id


# --- Guards against invented facts ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ring 112, hvis barnet er i fare", {"112"}),
        ("ring på 70 20 30 40 mellem 9 og 15", {"70203040"}),
        ("tlf. 12345678", {"12345678"}),
        ("BørneTelefonen (116 111) er døgnåben", {"116111"}),
        ("Ring 114 i ikke-akutte sager", {"114"}),
        ("1.680 samtaler i 2023, børn på 6-12 år, § 133", set()),
        ("https://example.dk/side/33411299", set()),
    ],
)
def test_phone_detector(text: str, expected: set[str]) -> None:
    assert phone_like(text) == expected


def test_no_phone_number_that_is_not_confirmed(texts_by_file: dict[str, list[str]]) -> None:
    assert texts_by_file, "no content files found"
    invented = {
        (name, number)
        for name, strings in texts_by_file.items()
        for text in strings
        for number in phone_like(text)
        if number not in CONFIRMED_NUMBERS
    }
    assert not invented


def test_phone_fields_hold_only_confirmed_numbers(shipped: Content) -> None:
    numbers = [s.phone for s in shipped.services] + [s.sms for s in shipped.services]
    numbers += [e.phone for e in shipped.guide.entries]
    for number in filter(None, numbers):
        assert re.sub(r"\D", "", number) in CONFIRMED_NUMBERS, number


def test_no_paragraph_that_is_not_confirmed(texts_by_file: dict[str, list[str]]) -> None:
    seen: set[int] = set()
    subsections: set[str] = set()
    for strings in texts_by_file.values():
        for text in strings:
            for first, last, stk in _PARAGRAPH.findall(text):
                seen.update(int(n) for n in (first, last) if n)
                if stk:
                    subsections.add(f"§ {first}{stk}")
    assert seen, "the guard found no paragraph at all; is the pattern still right?"
    assert seen <= CONFIRMED_PARAGRAPHS, seen - CONFIRMED_PARAGRAPHS
    assert subsections <= {"§ 124, stk. 1"}, subsections


# --- Issue #11: official names, the duty to notify, services matched to the child's age ----


def test_municipalities_carry_their_official_names(shipped: Content) -> None:
    official = {m.code: m.official_name for m in shipped.municipalities}
    assert official[101] == "Københavns Kommune"
    assert official[400] == "Bornholms Regionskommune"
    for m in shipped.municipalities:
        if m.code not in (101, 400):
            assert m.official_name == f"{m.name} Kommune", m.code


def test_guide_states_the_duty_when_a_child_has_been_exposed_to_abuse(shipped: Content) -> None:
    by_id = {e.id: e for e in shipped.guide.entries}
    for entry_id in ("mistanke-om-overgreb", "digitale-kraenkelser"):
        advice = by_id[entry_id].advice
        assert "pligt til at underrette" in advice, entry_id
        assert "barnets lov § 133" in advice, entry_id
        assert "vurder, om du skal underrette" not in advice, entry_id


def test_guide_says_whom_to_call_after_hours(shipped: Content) -> None:
    entry = next(e for e in shipped.guide.entries if e.id == "uden-for-aabningstid")
    assert entry.phone == "114"
    assert {"kommunens-doegnvagt", "politi-114", "alarm-112"} <= set(entry.services)
    assert "døgnvagt" in entry.advice and "112" in entry.advice


def test_no_case_offers_a_parents_service_outside_the_childs_age(shipped: Content) -> None:
    for vignette in shipped.vignettes:
        for sid in vignette.services:
            ages = shipped.service(sid).ages
            if ages is None:
                continue
            assert ages.low is None or ages.low <= vignette.age, (vignette.id, sid)


def test_ankestyrelsen_gets_confidential_mail_only_on_its_secure_address(
    shipped: Content, texts_by_file: dict[str, list[str]]
) -> None:
    assert shipped.service("ankestyrelsen").email == "sikkermail@ast.dk"
    assert not any("ast@ast.dk" in t for ts in texts_by_file.values() for t in ts)
