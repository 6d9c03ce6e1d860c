"""Every blank worksheet renders to HTML and PDF, and the HTML needs nothing from any host."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from nbformat import NotebookNode

from opsporing import cli, content, texts
from opsporing.content.models import ChoiceQuestion
from opsporing.handouts.build import Format, convert
from opsporing.handouts.cells import TRAINER_TAG
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
        assert not re.search(r"url\(\s*(?!['\"]?data:)", style.text), "a stylesheet loads a file"
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


FIXTURE_CONTENT = Path(__file__).parent.parent / "pages" / "fixtures" / "content"


def _page_text(path: Path) -> str:
    page = path.read_text("utf-8")
    return " ".join(BeautifulSoup(page, "html.parser").get_text().split())


def test_the_trainers_worksheets_print_the_key_with_every_choice_question(
    tmp_path: Path,
) -> None:
    """`worksheets --trainer` prints each option's verdict in words, reason and source;
    the participants' sheets print none of it."""
    kit = content.load(FIXTURE_CONTENT)
    common = ["worksheets", "--content", str(FIXTURE_CONTENT), "--format", "html"]
    assert cli.main([*common, "--trainer", "--out", str(tmp_path / "underviser")]) == 0
    assert cli.main([*common, "--out", str(tmp_path / "deltager")]) == 0
    keyed = 0
    for ref in kit.questions():
        q = ref.question
        if not isinstance(q, ChoiceQuestion):
            continue
        stem = "film" if ref.film else f"case-{ref.vignette.id}"
        trainer = _page_text(tmp_path / "underviser" / f"arbejdsark-{stem}-underviser.html")
        participant = _page_text(tmp_path / "deltager" / f"arbejdsark-{stem}.html")
        assert texts.KEY_HEADING in trainer and texts.KEY_HEADING not in participant
        for choice in q.choices:
            line = (
                f"{choice.text}: {texts.KEY_VERDICTS[choice.verdict]}. {choice.reason} "
                f"({texts.KEY_SOURCE.format(source=choice.source)})"
            )
            assert " ".join(line.split()) in trainer, (ref.key, line)
            assert choice.reason not in participant and choice.source not in participant
            keyed += 1
    assert keyed >= 10


def test_the_key_follows_its_question_on_the_sheet(shipped: content.Content) -> None:
    """In the notebook, the key cell comes right after the question's boxes, tagged for the
    trainer, so `TrainerCellsPreprocessor` removes exactly it from the participants' copy."""
    sheet = worksheets(shipped, TODAY)["film"]
    keys = [c for c in sheet.cells if c.source.startswith(f"**{texts.KEY_HEADING}**")]
    questions = [q for film in shipped.films for q in film.questions]
    assert len(keys) == sum(isinstance(q, ChoiceQuestion) for q in questions) > 0
    for cell in keys:
        assert cell.metadata["tags"] == [TRAINER_TAG]


def test_a_reflection_on_the_trainers_sheet_has_notes_and_no_verdict(
    shipped: content.Content, sheets: dict[str, NotebookNode]
) -> None:
    """`refleksion: true` (review 3, Weak 18): the trainer's copy says there is no right
    answer and gives each option's note and source, never a verdict word."""
    q = shipped.question("anna/trovaerdig").question
    assert isinstance(q, ChoiceQuestion) and q.reflection
    cells = sheets["film"].cells
    at = next(i for i, c in enumerate(cells) if q.text in c.source)
    key = next(c for c in cells[at:] if c.source.startswith(f"**{texts.KEY_HEADING}**"))
    assert key.metadata["tags"] == [TRAINER_TAG], "left out of the participants' copy"
    assert f"*{texts.KEY_REFLECTION}*" in key.source
    for choice in q.choices:
        source = texts.KEY_SOURCE.format(source=choice.source)
        line = f"- **{choice.text}**: {choice.reason} *({source})*"
        assert line in key.source, line
    assert not any(word in key.source for word in texts.KEY_VERDICTS.values())
