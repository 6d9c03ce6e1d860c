"""The kit's design is written once, as tokens, and every stylesheet draws from them.

`tokens.css` in the Voila template holds the type scale, spacing, colours, focus
ring and corners. These tests read it as data: each text colour is legible on
each background it is used on (WCAG 2.1 AA, 4.5:1), the body is at least 18 px
and nothing is below 16 px, and no other stylesheet of the kit (the template's,
the widgets', the handout's) writes a colour of its own.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from opsporing import paths

SHARE = paths.REPO_ROOT / "share" / "jupyter"
TEMPLATE = SHARE / "voila" / "templates" / "opsporing"
TOKENS = TEMPLATE / "static" / "tokens.css"
SHEETS = [
    *sorted((TEMPLATE / "static").glob("*.css")),
    *sorted((paths.REPO_ROOT / "src" / "opsporing" / "widgets").glob("*.css")),
    *sorted((SHARE / "nbconvert" / "templates" / "opsporing-handout" / "static").glob("*.css")),
    TEMPLATE / "spinner.macro.html.j2",
]
COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}\b|\brgba?\(|\bhsla?\(")
SHADOW = "rgb(0 0 0 / 15%)"
"""The connection alert's drop shadow: a shade, not a colour anyone reads."""

LEGIBLE_PAIRS = [
    ("ink", "page"),
    ("ink", "subtle"),
    ("ink", "primary-subtle"),
    ("ink", "warning-subtle"),
    ("ink", "error-subtle"),
    ("ink", "success-subtle"),
    ("muted", "page"),
    ("muted", "subtle"),
    ("muted", "primary-subtle"),
    ("primary", "page"),
    ("primary", "subtle"),
    ("primary", "primary-subtle"),
    ("primary-hover", "primary-subtle"),
    ("on-primary", "primary"),
    ("on-primary", "primary-hover"),
    ("on-primary", "muted"),
    ("on-brand", "brand"),
    ("success", "page"),
    ("success", "success-subtle"),
    ("error", "page"),
    ("error", "error-subtle"),
    ("warning-ink", "warning-subtle"),
    ("warning-ink", "page"),
]
"""(text, background) as the stylesheets use them."""


def tokens() -> dict[str, str]:
    text = TOKENS.read_text("utf-8")
    return dict(re.findall(r"--ops-([\w-]+):\s*([^;]+);", text))


def luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_the_contrast_helper_knows_black_on_white_and_grey_on_white() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(("text", "background"), LEGIBLE_PAIRS)
def test_every_text_colour_is_legible_on_its_backgrounds(text: str, background: str) -> None:
    found = tokens()
    ratio = contrast(found[f"color-{text}"], found[f"color-{background}"])
    assert ratio >= 4.5, f"{text} on {background}: {ratio:.2f}:1"


def test_controls_and_the_focus_ring_stand_out_from_the_page() -> None:
    """WCAG 1.4.11: a control's edge and the focus ring at 3:1 against what surrounds them."""
    found = tokens()
    for edge in ("border-strong", "primary"):
        for ground in ("page", "subtle"):
            assert contrast(found[f"color-{edge}"], found[f"color-{ground}"]) >= 3
    assert contrast(found["focus-color"], found["color-page"]) >= 3
    assert contrast(found["focus-on-brand"], found["color-brand"]) >= 3


def test_the_type_scale_reads_at_arms_length() -> None:
    found = tokens()
    px = {k: float(v[:-2]) for k, v in found.items() if re.fullmatch(r"\d+(\.\d+)?px", v)}
    assert px["text"] >= 18 and px["text-small"] >= 16
    assert px["h1"] > px["h2"] > px["h3"] > px["h4"] > px["text"]
    assert px["projector-question"] >= 48 and px["projector-count"] >= 48
    assert px["control-height"] >= px["target"] >= 44
    sizes = [s for k, s in px.items() if not k.startswith(("space", "radius", "focus"))]
    assert min(s for s in sizes if s > 4) >= 16, "a size under 16 px among the type tokens"


@pytest.mark.parametrize("sheet", [s for s in SHEETS if s != TOKENS], ids=lambda p: p.name)
def test_no_stylesheet_writes_a_colour_of_its_own(sheet: Path) -> None:
    """Every stylesheet but the tokens themselves, where the colours are written."""
    text = sheet.read_text("utf-8").replace(SHADOW, "")
    lines = [
        f"{n}: {line.strip()}"
        for n, line in enumerate(text.splitlines(), 1)
        if COLOUR.search(line) and not line.strip().startswith(("/*", "*"))
    ]
    assert lines == []


def test_every_token_a_stylesheet_uses_is_written() -> None:
    written = set(tokens())
    used = {
        name
        for sheet in SHEETS
        for name in re.findall(r"var\(--ops-([\w-]+)", sheet.read_text("utf-8"))
    }
    assert used - written == set()
