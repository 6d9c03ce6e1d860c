"""The help page: search and filters, the municipality picker, and marked unconfirmed details."""

from __future__ import annotations

from collections.abc import Callable

from opsporing import texts
from opsporing.content.models import Channel, TargetGroup
from opsporing.pages import hjaelp
from opsporing.pages.session import Session
from opsporing.widgets.filters import ANY

from .conftest import html_of


def part(page, kind):
    return next(w for w in page.body if isinstance(w, kind))


def names(directory: hjaelp.Directory) -> list[str]:
    return [row.service.id for row in directory.visible]


def test_search_and_filters_reduce_the_directory(session_with: Callable[..., Session]) -> None:
    directory = part(hjaelp.build(session_with()), hjaelp.Directory)
    assert names(directory) == ["test-linje", "test-voksen"]
    directory.search.value = "FORÆLDRE"
    assert names(directory) == ["test-voksen"]
    directory.search.value = "rådgivning børn"
    assert names(directory) == ["test-linje"]
    directory.search.value = ""
    directory.channel.value = Channel.PHONE
    assert names(directory) == ["test-linje"]
    directory.channel.value = ANY
    directory.target.value = TargetGroup.PROFESSIONAL
    assert names(directory) == ["test-voksen"]
    directory.target.value = ANY
    directory.age.value = 4
    assert names(directory) == ["test-voksen"], "no age range means all ages"
    directory.age.value = 9
    assert names(directory) == ["test-linje", "test-voksen"]
    assert directory.count.value == texts.SERVICES_SHOWN.format(shown=2, total=2)


def test_unconfirmed_details_are_marked_with_where_to_check(
    session_with: Callable[..., Session],
) -> None:
    directory = part(hjaelp.build(session_with()), hjaelp.Directory)
    line, adults = (html_of(row) for row in directory.rows)
    hours = next(
        li for li in line.split("<li>") if li.startswith(texts.DETAIL_WORDS["åbningstider"])
    )
    phone = next(li for li in line.split("<li>") if li.startswith(texts.DETAIL_WORDS["telefon"]))
    assert texts.UNVERIFIED in hours
    assert texts.UNVERIFIED not in phone
    assert texts.CHECKED_ON.format(date="1. februar 2026") in line
    assert texts.UNVERIFIED in adults and 'href="https://example.org/voksen"' in adults


def test_choosing_a_municipality_saves_it(session_with: Callable[..., Session]) -> None:
    s = session_with("Kim")
    picker = part(hjaelp.build(s), hjaelp.MunicipalityPicker)
    assert picker.choice.value == ANY
    assert [label for label, _ in picker.choice.options][1:] == [
        "Ballerup",
        "Frederiksberg",
        "København",
    ]
    picker.choice.value = 147
    assert s.store.participant(s.participant.id).municipality == 147
    assert picker.status.value == texts.MUNICIPALITY_SAVED.format(name="Frederiksberg Kommune")
    assert texts.CHECKED_ON.format(date="20. januar 2026") in picker.details.value

    again = Session(s.store, s.content, s.store.participant(s.participant.id))
    assert part(hjaelp.build(again), hjaelp.MunicipalityPicker).choice.value == 147


def test_a_municipality_without_confirmed_contact_says_so(
    session_with: Callable[..., Session],
) -> None:
    picker = part(hjaelp.build(session_with("Kim")), hjaelp.MunicipalityPicker)
    picker.choice.value = 101
    assert texts.MUNICIPALITY_NO_CONTACT.format(name="Københavns Kommune") in picker.details.value


def test_the_guide_names_whom_to_contact(session_with: Callable[..., Session]) -> None:
    page = html_of(hjaelp.build(session_with()))
    assert "Hvem kontakter jeg hvornår?" in page
    assert texts.GUIDE_SERVICES.format(names="Testlinjen for børn") in page


def test_all_98_municipalities_can_be_chosen(shipped, db) -> None:
    picker = part(hjaelp.build(Session(db, shipped)), hjaelp.MunicipalityPicker)
    assert len(picker.choice.options) == 98 + 1


def test_the_picker_asks_for_the_childs_municipality_not_the_users(
    session_with: Callable[..., Session],
) -> None:
    picker = part(hjaelp.build(session_with("Kim")), hjaelp.MunicipalityPicker)
    shown = html_of(picker)
    assert "barnets bopælskommune" in shown
    assert "den kommune, du arbejder i" not in shown.replace("ikke altid den kommune", "")
    assert picker.choice.description == texts.MUNICIPALITY_PICK == "Barnets kommune"


def test_sentences_use_the_official_name(shipped, db) -> None:
    picker = part(hjaelp.build(Session(db, shipped)), hjaelp.MunicipalityPicker)
    for code, official in [(101, "Københavns Kommune"), (400, "Bornholms Regionskommune")]:
        picker.choice.value = code
        assert official in picker.details.value
    for m in shipped.municipalities:
        picker.choice.value = m.code
        shown = picker.details.value
        assert m.official_name in shown
        assert "København Kommune" not in shown and "Bornholm Kommune" not in shown


def test_the_age_filter_keeps_headspace_family_from_a_seven_year_olds_parent(shipped) -> None:
    directory = hjaelp.Directory(shipped)
    directory.target.value = TargetGroup.PARENT
    directory.age.value = 7
    assert "headspace-family" not in names(directory)
    directory.age.value = 14
    assert "headspace-family" in names(directory)
