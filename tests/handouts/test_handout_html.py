"""The personal handout as HTML: every answer exactly as typed, none of it obeyed."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from bs4 import BeautifulSoup

from opsporing import content
from opsporing.content.models import QuestionKind
from opsporing.handouts import cells
from opsporing.handouts.build import Format, convert
from opsporing.handouts.preprocessors import _INVISIBLE, visible

from .conftest import DANISH, Elements, every_kind_answers, expected_fragments, handout_with
from .hostile import HOSTILE


def _html(c: content.Content, answers: dict[str, Any], municipality: int | None = None) -> str:
    return convert(handout_with(c, answers, municipality), Format.HTML).decode("utf-8")


def _free_text_keys(c: content.Content) -> list[str]:
    return [r.key for r in c.questions() if r.question.kind == QuestionKind.FREE_TEXT]


def _hostile_answers(c: content.Content) -> dict[str, Any]:
    keys = _free_text_keys(c)
    assert len(keys) >= len(HOSTILE), "the shipped content has too few free-text questions"
    answers: dict[str, Any] = dict(zip(keys, HOSTILE.values(), strict=False))
    # Stored values are untrusted whatever the question kind: a list of hostile strings too.
    choice = next(r for r in c.questions() if r.question.kind == QuestionKind.MULTIPLE_CHOICE)
    answers[choice.key] = [HOSTILE["script"], HOSTILE["img-onerror"]]
    return answers


def _printed(text: str) -> str:
    """How an answer must read on the page: as typed, control characters made visible."""
    text = visible(text)
    if len(text) > cells.MAX_ANSWER_CHARS:
        return text[: cells.MAX_ANSWER_CHARS]
    return text


def test_the_shipped_content_has_every_question_kind(shipped: content.Content) -> None:
    assert {r.question.kind for r in shipped.questions()} == set(QuestionKind)


def test_every_answer_is_in_the_html(shipped: content.Content) -> None:
    answers = every_kind_answers(shipped)
    municipality = shipped.municipalities[0]
    page = _html(shipped, answers, municipality.code)
    text = " ".join(" ".join(Elements(page).text).split())
    for fragment in expected_fragments(shipped, answers):
        assert " ".join(fragment.split()) in text
    assert text.count(DANISH) == len([k for k in _free_text_keys(shipped) if k in answers]), (
        "every free-text answer, æøå intact"
    )
    assert f"Kommunen, du valgte: {municipality.official_name}" in text
    assert "barnets bopælskommune" in text
    assert "Søs Ågård" in text and "Hold Æ (ABCDE)" in text and "23. november 2026" in text


def test_a_stage_brings_its_expert_commentary(shipped: content.Content) -> None:
    vignette = shipped.vignettes[0]
    stage = vignette.stages[1]
    key = f"{vignette.id}/2/{stage.questions[0].id}"
    soup = BeautifulSoup(_html(shipped, {key: "mit svar"}), "html.parser")
    first_words = " ".join(stage.perspective.split()[:4]).strip("*_")
    assert first_words in " ".join(soup.get_text().split())
    other = vignette.stages[0].perspective
    assert " ".join(other.split()[:6]) not in " ".join(soup.get_text().split())


def test_chosen_next_steps_make_the_action_plan(shipped: content.Content) -> None:
    ref = next(r for r in shipped.questions() if r.question.kind == QuestionKind.ACTION)
    steps = ref.question.options[:2]
    soup = BeautifulSoup(_html(shipped, {ref.key: steps}), "html.parser")
    plan = next(h for h in soup.find_all("h2") if "handleplan" in h.get_text())
    after = " ".join(el.get_text() for el in plan.find_all_next(class_="opsporing-text"))
    assert all(step in after for step in steps)


def test_without_answers_the_handout_says_so_and_still_lists_contacts(
    shipped: content.Content,
) -> None:
    text = BeautifulSoup(_html(shipped, {}), "html.parser").get_text()
    assert "ikke svaret på nogen" in text
    assert "Du har ikke valgt en kommune" in text
    assert shipped.services[0].name in text


def test_unverified_services_are_marked_with_where_to_check(shipped: content.Content) -> None:
    unverified = [s for s in shipped.services if not s.verified or s.unconfirmed]
    if not unverified:
        pytest.skip("the shipped content has no unverified service")
    soup = BeautifulSoup(_html(shipped, {}), "html.parser")
    for service in unverified:
        heading = next(h for h in soup.find_all("h4") if h.get_text().strip("¶ ") == service.name)
        block = heading.find_parent(class_="jp-RenderedMarkdown").get_text()
        assert "ikke bekræftet" in block.lower()


@pytest.fixture(scope="module")
def hostile_page(shipped: content.Content) -> tuple[str, dict[str, Any]]:
    answers = _hostile_answers(shipped)
    return _html(shipped, answers), answers


def test_no_element_or_attribute_comes_from_an_answer(
    shipped: content.Content, hostile_page: tuple[str, dict[str, Any]]
) -> None:
    page, answers = hostile_page
    plain = _html(shipped, {k: ["x"] if isinstance(v, list) else "x" for k, v in answers.items()})
    assert Counter(Elements(page).names()) == Counter(Elements(plain).names())
    for tag, attrs in Elements(page).tags:
        assert tag not in {"script", "img", "iframe", "svg", "link", "object", "embed"}, tag
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        href = (attrs.get("href") or "").strip().lower()
        assert not href.startswith("javascript:") and "evil.example" not in href


def test_every_hostile_answer_reads_exactly_as_typed(
    hostile_page: tuple[str, dict[str, Any]],
) -> None:
    page, answers = hostile_page
    shown = [el.get_text() for el in BeautifulSoup(page, "html.parser").select(".opsporing-text")]
    for value in answers.values():
        if isinstance(value, list):
            assert "\n".join(f"• {v}" for v in value) in shown
        else:
            assert any(s.startswith(_printed(value)) for s in shown), value[:40]


def test_control_characters_are_shown_not_obeyed(hostile_page: tuple[str, Any]) -> None:
    page, _ = hostile_page
    assert not _INVISIBLE.search(page)
    text = BeautifulSoup(page, "html.parser").get_text()
    assert "før␀␇␛[31mrød␛[0m␈efter␡[U+0085][U+009B] slut" in text
    assert "[U+202E]evil[U+202C] tilbage" in text
    assert "ansi-red" not in page


def test_a_huge_answer_is_shortened_visibly(hostile_page: tuple[str, Any]) -> None:
    page, _ = hostile_page
    assert "svaret er forkortet her: 50.000 af 1.048.576 tegn" in page


def test_answers_keep_their_own_direction(hostile_page: tuple[str, Any]) -> None:
    soup = BeautifulSoup(hostile_page[0], "html.parser")
    answers = soup.select(".opsporing-text")
    assert answers and all(el.get("dir") == "auto" for el in answers)
    assert any("مرحبا بالعالم" in el.get_text() for el in answers)


def test_a_hostile_pseudonym_and_hold_name_are_printed_not_obeyed(
    shipped: content.Content,
) -> None:
    from opsporing.handouts import notebook

    nb = notebook.personal_handout(
        shipped,
        {},
        pseudonym=HOSTILE["script"] + HOSTILE["control"],
        hold=HOSTILE["img-onerror"] + HOSTILE["rtl"],
        municipality=None,
        today=notebook.date(2026, 11, 23),
    )
    page = convert(nb, Format.HTML).decode("utf-8")
    names = Elements(page).names()
    assert "script" not in names and "img" not in names
    header = BeautifulSoup(page, "html.parser").select_one("header").get_text()
    assert visible(HOSTILE["script"] + HOSTILE["control"]) in header
    assert visible(HOSTILE["img-onerror"] + HOSTILE["rtl"]) in header
    assert not _INVISIBLE.search(page)
