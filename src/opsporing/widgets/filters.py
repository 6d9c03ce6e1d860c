"""Dropdowns whose first option means "no choice": "Alle", "vælg en case", ...

That first option has a real value, `ANY`, rather than None: ipywidgets takes
None for "nothing selected" and the browser would show an empty box instead
of the word.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets

from opsporing import texts
from opsporing.widgets.shared import layout, style

ANY = ""


def dropdown(
    description: str,
    options: Sequence[tuple[str, Any]],
    first: str = texts.FILTER_ALL,
    value: Any = ANY,
    **traits: Any,
) -> widgets.Dropdown:
    """A labelled dropdown with `first` (meaning no choice) before `options`."""
    traits.setdefault("layout", layout())
    return widgets.Dropdown(
        options=[(first, ANY), *options],
        value=value,
        description=description,
        style=style(widgets.Dropdown, description_width="initial"),
        **traits,
    )
