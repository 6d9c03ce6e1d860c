"""Participants with answers, built from the shipped content, and ways to read a handout back."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from opsporing import content, store
from opsporing.content.models import QuestionKind
from opsporing.handouts import notebook

TODAY = date(2026, 11, 23)
DANISH = "Åse så bøgen blæse; ÆØÅ æøå"


def every_kind_answers(c: content.Content) -> dict[str, Any]:
    """An answer to every question of the content, each distinct, as the widgets store them."""
    answers: dict[str, Any] = {}
    for n, ref in enumerate(c.questions()):
        q = ref.question
        match q.kind:
            case QuestionKind.FREE_TEXT:
                answers[ref.key] = f"Svar {n}: {DANISH}"
            case QuestionKind.SINGLE_CHOICE:
                answers[ref.key] = q.options[-1]
            case QuestionKind.MULTIPLE_CHOICE | QuestionKind.ACTION:
                answers[ref.key] = q.options[:2]
            case QuestionKind.SCALE:
                answers[ref.key] = q.high - 1
            case QuestionKind.TRAFFIC_LIGHT:
                answers[ref.key] = "rød"
    return answers


def expected_fragments(c: content.Content, answers: dict[str, Any]) -> list[str]:
    """What a reader must find on the page for each answer (each chosen option, the number)."""
    found: list[str] = []
    for ref in c.questions():
        value = answers.get(ref.key)
        if isinstance(value, list):
            found += [str(v) for v in value]
        elif ref.question.kind == QuestionKind.SCALE:
            found.append(f"{value} ")
        elif ref.question.kind == QuestionKind.TRAFFIC_LIGHT:
            found.append(str(value).capitalize())
        elif value is not None:
            found.append(str(value))
    return found


@pytest.fixture
def participant(shipped: content.Content) -> tuple[store.Store, store.Participant]:
    """A participant in a hold, with a municipality and an answer to every question."""
    s = store.default()
    code = s.create_hold("471100", "Workshop i Ærøskøbing")
    p = s.join("Søs Ågård", code)
    s.set_municipality(p.id, shipped.municipalities[0].code)
    for key, value in every_kind_answers(shipped).items():
        s.save_answer(p.id, key, value)
    return s, s.participant(p.id)


def handout_with(c: content.Content, answers: dict[str, Any], municipality: int | None = None):
    return notebook.personal_handout(
        c,
        answers,
        pseudonym="Søs Ågård",
        hold="Hold Æ (ABCDE)",
        municipality=municipality,
        today=TODAY,
    )


class Elements(HTMLParser):
    """Every start tag with its attributes, and the page's text, as a browser would parse them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def names(self) -> list[str]:
        return [tag for tag, _ in self.tags]


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The PDF's text as `pdftotext` (poppler) extracts it, whitespace collapsed."""
    path = tmp_path / "handout.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return " ".join(out.stdout.decode("utf-8").split())


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def read_pdf(tmp_path: Path) -> Callable[[bytes], str]:
    return lambda pdf: pdf_text(pdf, tmp_path)
