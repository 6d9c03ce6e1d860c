"""What surrounds every page: a broken content tree shows its errors, not a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import ipywidgets as widgets
import pytest

from opsporing import paths, texts
from opsporing.pages import cases, frame, hjaelp, start, temafilm
from opsporing.pages.session import Session

from .conftest import FIXTURE_CONTENT


def test_broken_content_shows_the_danish_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, root)
    (root / "services" / "hjerteforaeldre.yaml").unlink()
    monkeypatch.setenv(paths.CONTENT_ENV, str(root))
    shown = frame.page_for(cases.build)
    assert texts.CONTENT_FAILED in shown.value
    assert "services/hjerteforaeldre.yaml" in shown.value
    assert texts.ERR_MISSING_FILE in shown.value


def test_sound_content_shows_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.CONTENT_ENV, str(FIXTURE_CONTENT))
    page = frame.page_for(cases.build)
    assert isinstance(page, frame.Page)
    assert f"<h1>{texts.CASES_TITLE}</h1>" == page.heading.value


@pytest.mark.parametrize("module", [start, temafilm, cases, hjaelp])
def test_every_dropdown_shows_its_first_word_not_an_empty_box(module, db, shipped) -> None:
    """ipywidgets shows an empty box for the value None; "Alle" must be visible."""
    found = []

    def walk(w) -> None:
        if isinstance(w, widgets.Dropdown):
            found.append(w)
        for child in getattr(w, "children", ()):
            walk(child)

    walk(module.build(Session(db, shipped)))
    assert found or module is start
    for dropdown in found:
        assert dropdown.index == 0 and dropdown.label
