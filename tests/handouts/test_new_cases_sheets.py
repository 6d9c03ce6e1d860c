"""The three new cases reach paper: a blank sheet each, and the trainer's key sheet prints
the key that is easiest to get wrong in each case, with its verdict in words."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from opsporing import cli, content, paths, texts
from opsporing.content.models import ChoiceQuestion

# (case, question key, the start of the option whose key is not the obvious one)
NON_OBVIOUS = [
    ("malthe-ppr", "malthe-ppr/1/indstillingen", "Jeg går i gang med den udredning"),
    ("malthe-ppr", "malthe-ppr/3/tavshedspligten", "Nej – det, hun fortæller mig"),
    ("freja-friskolen", "freja-friskolen/2/lederens-plan", "Jeg lader lederen tale med Thomas"),
    ("lucas-fritidsklubben", "lucas-fritidsklubben/2/aftalen", "Laver aftalen og venter"),
]


def _text(path: Path) -> str:
    page = path.read_text("utf-8")
    return " ".join(BeautifulSoup(page, "html.parser").get_text().split())


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ark")
    common = ["worksheets", "--content", str(paths.REPO_ROOT), "--format", "html"]
    assert cli.main([*common, "--trainer", "--out", str(out / "underviser")]) == 0
    assert cli.main([*common, "--out", str(out / "deltager")]) == 0
    return out


@pytest.mark.parametrize(("case", "key", "start"), NON_OBVIOUS)
def test_the_trainers_sheet_prints_the_non_obvious_key(
    shipped: content.Content, sheets: Path, case: str, key: str, start: str
) -> None:
    q = shipped.question(key).question
    assert isinstance(q, ChoiceQuestion), key
    [choice] = [c for c in q.choices if c.text.startswith(start)]
    trainer = _text(sheets / "underviser" / f"arbejdsark-case-{case}-underviser.html")
    participant = _text(sheets / "deltager" / f"arbejdsark-case-{case}.html")
    line = (
        f"{choice.text}: {texts.KEY_VERDICTS[choice.verdict]}. {choice.reason} "
        f"({texts.KEY_SOURCE.format(source=choice.source)})"
    )
    assert " ".join(line.split()) in trainer
    assert texts.KEY_HEADING not in participant and choice.reason not in participant
    for text in (trainer, participant):
        assert shipped.vignette(case).title in text
        assert "Casen er opdigtet" in text
