"""The PDF, read back with poppler's `pdftotext`: selectable text, æøå, answers, page numbers."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from opsporing import content, store
from opsporing.handouts.build import Format, convert, handout_notebook

from .conftest import DANISH, every_kind_answers, expected_fragments, handout_with
from .hostile import HOSTILE
from .test_handout_html import _hostile_answers

pytestmark = pytest.mark.browser


def test_every_answer_is_in_the_pdf(
    shipped: content.Content,
    participant: tuple[store.Store, store.Participant],
    read_pdf: Callable[[bytes], str],
) -> None:
    s, p = participant
    pdf = convert(handout_notebook(s, shipped, p), Format.PDF)
    assert pdf.startswith(b"%PDF")
    text = read_pdf(pdf)
    for fragment in expected_fragments(shipped, every_kind_answers(shipped)):
        assert " ".join(fragment.split()) in text, fragment
    assert DANISH in text
    municipality = shipped.municipality(p.municipality)
    assert f"Kommunen, du valgte: {municipality.official_name}" in text
    assert "barnets bopælskommune" in text
    assert "Søs Ågård" in text and "Workshop i Ærøskøbing" in text
    assert "Side 1 af" in text and "Side 2 af" in text


def test_a_hostile_handout_still_renders(
    shipped: content.Content, read_pdf: Callable[[bytes], str]
) -> None:
    pdf = convert(handout_with(shipped, _hostile_answers(shipped)), Format.PDF)
    text = read_pdf(pdf)
    assert HOSTILE["script"] in text
    assert HOSTILE["markdown-links"] in text
    assert "$\\LaTeX$" in text
    assert "svaret er forkortet her" in text
