"""The kit's page notebooks exported from JupyterLab give the handout that belongs to the page.

Lab mode as a student has it: no Voila environment, the participant chosen on
the start page remembered in the data folder, and the notebooks exported
through nbconvert's entry points (`jupyter nbconvert --to opsporing-html`, the
export menu's call) rather than through the handout builder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbconvert.exporters import get_exporter

from opsporing import content, paths, store, texts
from opsporing.content.models import QuestionKind
from opsporing.pages import session

NOTEBOOKS = paths.REPO_ROOT / "notebooks"
JUPYTER = Path(sys.executable).with_name("jupyter")
VIEWS = {
    "00_start": "start",
    "01_temafilm": "temafilm",
    "02_cases": "cases",
    "03_hjaelp": "hjaelp",
    "04_handout": "handout",
    "underviser": "underviser",
}


@dataclass
class Student:
    """A student working alone, remembered by the start page, with answers in two cases."""

    pseudonym: str
    case_answers: list[str]
    perspectives: list[str]
    action: str
    film_answer: str
    untouched_case: str


def _lead(markdown: str) -> str:
    """The first words of a perspective: plain text on the page whatever its Markdown."""
    words = markdown.split()[:6]
    assert not any("*" in w for w in words)
    return " ".join(words)


@pytest.fixture
def lab(monkeypatch: pytest.MonkeyPatch) -> None:
    """JupyterLab, not Voila: the shipped content, and no Voila variable in the environment."""
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.delenv(paths.CONTENT_ENV, raising=False)


@pytest.fixture
def student(lab: None, shipped: content.Content) -> Student:
    s = session.Session(store.default(), shipped)
    s.join("Kim Ærø", None)  # "Arbejd alene": the start page remembers Kim
    first, second, untouched = shipped.vignettes[:3]
    answers, perspectives = [], []
    for vignette in (first, second):
        ref = next(
            r
            for r in shipped.questions()
            if r.vignette == vignette and r.question.kind == QuestionKind.FREE_TEXT
        )
        answers.append(f"Kims svar om {vignette.id}: jeg så det i frikvarteret")
        s.save(ref.key, answers[-1], False)
        perspectives.append(_lead(vignette.stages[ref.stage - 1].perspective))
    action = next(
        r
        for r in shipped.questions()
        if r.vignette == first and r.question.kind == QuestionKind.ACTION
    )
    s.save(action.key, [action.question.options[0]], False)
    perspectives.append(_lead(first.stages[action.stage - 1].perspective))
    film = next(r for r in shipped.questions() if r.film is not None)
    s.save(film.key, "Kims tanker om filmen", False)
    return Student(
        pseudonym="Kim Ærø",
        case_answers=answers,
        perspectives=perspectives,
        action=action.question.options[0],
        film_answer="Kims tanker om filmen",
        untouched_case=untouched.title,
    )


def _text(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def _export_html(path: Path) -> str:
    body, _resources = get_exporter("opsporing-html")().from_filename(str(path))
    return _text(body)


def assert_personal_cases(text: str, kim: Student) -> None:
    """Kim's handout of the Cases page: their two cases, commentary, plan and contacts."""
    assert texts.HANDOUT_PART_TITLES["cases"] in text
    assert kim.pseudonym in text
    for answer in kim.case_answers:
        assert answer in text
    for lead in kim.perspectives:
        assert lead in text
    assert texts.HANDOUT_PERSPECTIVE_HEADING in text
    assert texts.HANDOUT_ACTION_PLAN_HEADING in text and kim.action in text
    assert texts.HANDOUT_CONTACTS_HEADING in text
    assert kim.film_answer not in text  # the films are another page's handout
    assert kim.untouched_case not in text


def assert_blank_cases(text: str, shipped: content.Content) -> None:
    """Every case's blank worksheet, without the trainer's commentary or anyone's answers."""
    for vignette in shipped.vignettes:
        assert texts.WORKSHEET_VIGNETTE_TITLE.format(title=vignette.title) in text
    assert texts.HANDOUT_PERSPECTIVE_HEADING not in text
    assert texts.WORKSHEET_FILMS_TITLE not in text
    assert texts.HANDOUT_HEADER_PARTICIPANT not in text


def test_jupyter_nbconvert_gives_the_remembered_students_cases(
    student: Student, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "VOILA_PREHEAT"}
    assert env[paths.DATA_ENV] == str(paths.data_folder_path())  # the test's own data folder
    done = subprocess.run(
        [
            *(str(JUPYTER), "nbconvert", "--to", "opsporing-html"),
            *("--output-dir", str(tmp_path), str(NOTEBOOKS / "02_cases.ipynb")),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert_personal_cases(_text((tmp_path / "02_cases.html").read_text("utf-8")), student)


def test_with_no_participant_the_cases_page_gives_the_blank_case_worksheets(
    lab: None, shipped: content.Content
) -> None:
    assert session.remembered_participant_id() is None
    assert_blank_cases(_export_html(NOTEBOOKS / "02_cases.ipynb"), shipped)


def test_a_remembered_participant_whose_answers_are_gone_gets_the_blank_worksheets(
    lab: None, shipped: content.Content
) -> None:
    (paths.data_dir() / session.IDENTITY_FILE).write_text("slettet-for-laenge-siden", "utf-8")
    assert_blank_cases(_export_html(NOTEBOOKS / "02_cases.ipynb"), shipped)


@pytest.mark.parametrize("page", ["01_temafilm", "04_handout", "00_start"])
def test_each_page_gives_its_own_part_of_the_students_answers(student: Student, page: str) -> None:
    text = _export_html(NOTEBOOKS / f"{page}.ipynb")
    assert student.pseudonym in text and student.film_answer in text
    everything = page != "01_temafilm"
    for answer in student.case_answers:
        assert (answer in text) == everything
    assert texts.HANDOUT_CONTACTS_HEADING in text


def test_the_help_page_gives_whom_to_contact_and_no_answers(
    student: Student, shipped: content.Content
) -> None:
    text = _export_html(NOTEBOOKS / "03_hjaelp.ipynb")
    assert texts.HANDOUT_CONTACTS_HEADING in text and texts.HANDOUT_NATIONAL_HEADING in text
    assert shipped.services[0].name in text
    assert student.film_answer not in text and student.case_answers[0] not in text


def test_with_no_participant_the_help_page_gives_whom_to_contact(
    lab: None, shipped: content.Content
) -> None:
    text = _export_html(NOTEBOOKS / "03_hjaelp.ipynb")
    assert texts.HANDOUT_NO_MUNICIPALITY in text and shipped.services[0].name in text
    assert texts.HANDOUT_HEADER_PARTICIPANT not in text


def test_the_trainers_page_gives_blank_worksheets_never_a_participants_answers(
    student: Student, shipped: content.Content
) -> None:
    text = _export_html(NOTEBOOKS / "underviser.ipynb")
    assert texts.WORKSHEETS_ALL_TITLE in text and texts.WORKSHEET_FILMS_TITLE in text
    assert all(v.title in text for v in shipped.vignettes)
    assert student.pseudonym not in text and student.case_answers[0] not in text


def test_a_kit_notebook_is_known_by_its_metadata_not_its_file_name(
    student: Student, tmp_path: Path
) -> None:
    renamed = tmp_path / "mine-noter.ipynb"
    shutil.copy(NOTEBOOKS / "02_cases.ipynb", renamed)
    assert student.case_answers[0] in _export_html(renamed)

    (tmp_path / "plain").mkdir()
    lookalike = tmp_path / "plain" / "02_cases.ipynb"
    nb = nbformat.read(NOTEBOOKS / "02_cases.ipynb", as_version=4)
    del nb.metadata["opsporing"]
    nb.cells.append(nbformat.v4.new_markdown_cell("# Mine egne noter"))
    nbformat.write(nb, lookalike)
    text = _export_html(lookalike)
    assert "Mine egne noter" in text  # exported as it is, in the handout's style
    assert student.case_answers[0] not in text and student.pseudonym not in text


@pytest.mark.parametrize("page", sorted(VIEWS))
def test_the_shipped_notebooks_name_their_view_and_keep_no_outputs_or_widget_state(
    page: str,
) -> None:
    """Saved outputs or widget state could hold a participant's answers, and JupyterLab's
    own exports print them; the repository's notebooks carry neither."""
    nb = nbformat.read(NOTEBOOKS / f"{page}.ipynb", as_version=4)
    assert nb.metadata["opsporing"] == {"view": VIEWS[page]}
    assert "widgets" not in nb.metadata
    for cell in nb.cells:
        assert cell.get("outputs", []) == [] and cell.get("execution_count") is None
        assert "attachments" not in cell


@pytest.mark.browser
def test_the_pdf_of_the_cases_page_has_the_students_answers_and_the_perspectives(
    student: Student, read_pdf: Callable[[bytes], str]
) -> None:
    pdf, _resources = get_exporter("opsporing-pdf")().from_filename(
        str(NOTEBOOKS / "02_cases.ipynb")
    )
    assert pdf.startswith(b"%PDF")
    assert_personal_cases(read_pdf(pdf), student)


@pytest.mark.browser
def test_the_pdf_of_the_cases_page_with_no_participant_is_the_blank_worksheets(
    lab: None, shipped: content.Content, read_pdf: Callable[[bytes], str]
) -> None:
    pdf, _resources = get_exporter("opsporing-pdf")().from_filename(
        str(NOTEBOOKS / "02_cases.ipynb")
    )
    assert_blank_cases(read_pdf(pdf), shipped)
