"""Every blank worksheet renders to HTML and PDF, and the HTML needs nothing from any host."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup
from nbformat import NotebookNode

from opsporing import content
from opsporing.handouts import Format, convert
from opsporing.handouts.worksheets import worksheets

from .conftest import TODAY, Elements


@pytest.fixture(scope="module")
def sheets(shipped: content.Content) -> dict[str, NotebookNode]:
    return worksheets(shipped, TODAY)


def test_one_worksheet_per_vignette_and_one_for_the_films(
    shipped: content.Content, sheets: dict[str, NotebookNode]
) -> None:
    assert set(sheets) == {"film"} | {f"case-{v.id}" for v in shipped.vignettes}


def assert_self_contained(page: str) -> None:
    """Nothing on the page is fetched: no script, no external stylesheet, no remote source."""
    for tag, attrs in Elements(page).tags:
        assert tag not in {"script", "link", "iframe", "object", "embed"}, tag
        for name in ("src", "srcset", "data", "poster"):
            value = attrs.get(name)
            assert value is None or value.startswith("data:"), (tag, name, value)
    for style in BeautifulSoup(page, "html.parser").find_all("style"):
        assert "@import" not in style.text
        assert not re.search(r"url\(\s*['\"]?(?!data:)", style.text), "a stylesheet loads a file"
    assert "cdn" not in page.lower() and "mathjax" not in page.lower()


def test_every_worksheet_renders_self_contained_html(
    shipped: content.Content, sheets: dict[str, NotebookNode]
) -> None:
    for name, nb in sheets.items():
        page = convert(nb, Format.HTML).decode("utf-8")
        assert '<html lang="da">' in page, name
        assert_self_contained(page)
        text = " ".join(BeautifulSoup(page, "html.parser").get_text().split())
        owners = shipped.films if name == "film" else shipped.vignette(name[5:]).stages
        questions = [q for owner in owners for q in owner.questions]
        for question in questions:
            assert " ".join(question.text.split()) in text, (name, question.id)
        soup = BeautifulSoup(page, "html.parser")
        assert soup.select(".opsporing-lines") or soup.select(".opsporing-choices")


def test_the_expert_commentary_is_only_in_the_trainers_copy(shipped: content.Content) -> None:
    vignette = shipped.vignettes[0]
    nb = worksheets(shipped, TODAY)[f"case-{vignette.id}"]
    marker = " ".join(vignette.stages[0].perspective.split()[:5]).strip("*_")

    def text(trainer: bool) -> str:
        page = convert(nb, Format.HTML, trainer=trainer).decode("utf-8")
        return " ".join(BeautifulSoup(page, "html.parser").get_text().split())

    assert marker not in text(trainer=False)
    assert marker in text(trainer=True)


@pytest.mark.browser
def test_every_worksheet_renders_to_pdf(
    sheets: dict[str, NotebookNode], read_pdf: Callable[[bytes], str]
) -> None:
    for name, nb in sheets.items():
        pdf = convert(nb, Format.PDF)
        text = read_pdf(pdf)
        assert "Arbejdsark" in text and "Side 1 af" in text, name


def test_a_case_worksheet_says_once_that_the_case_is_fictional(
    shipped: content.Content, sheets: dict[str, NotebookNode]
) -> None:
    for vignette in shipped.vignettes:
        text = "\n".join(cell.source for cell in sheets[f"case-{vignette.id}"].cells)
        assert text.lower().count("casen er opdigtet") == 1, vignette.id
