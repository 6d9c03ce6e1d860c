"""The kit's own anywidgets: their JavaScript module belongs to the class, not to each widget.

anywidget gives every widget its module (`_esm`) and an id as traits of the
widget's own, by `add_traits`, which makes a new class for every widget it
builds: building a question took 0.40 ms, and 0.11 ms without it, and a
case opens a dozen of them in forty kernels at the same moment. Here
the class declares both traits once, and a widget adds none: the state sent
to the browser is the same, and so is what the browser does with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import traitlets


def esm(path: Path) -> traitlets.Unicode[str, str | bytes]:
    """A class's module: the file's text, sent with each widget's state as anywidget's own."""
    return traitlets.Unicode(path.read_text(encoding="utf-8")).tag(sync=True)


class KitWidget(anywidget.AnyWidget):
    """Base of the kit's anywidgets; a subclass sets `_esm = esm(<its .js file>)`."""

    _anywidget_id = traitlets.Unicode("opsporing").tag(sync=True)
    """anywidget's id for a widget's CSS in the page; the kit's widgets bring none."""

    def add_traits(self, **traits: Any) -> None:
        """Only traits the class does not already have (anywidget's `_esm` and id it has)."""
        new = {name: trait for name, trait in traits.items() if not self.has_trait(name)}
        if new:
            super().add_traits(**new)
