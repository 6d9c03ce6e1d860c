"""How far a participant has come in a module, in words as well as a bar."""

from __future__ import annotations

import ipywidgets as widgets

from opsporing import texts
from opsporing.widgets.shared import label, layout, style


class ProgressRow(widgets.HBox):
    """A labelled bar plus "3 af 12 spørgsmål besvaret", so the count is readable text."""

    def __init__(self, name: str, answered: int, total: int) -> None:
        self.bar = widgets.IntProgress(
            value=answered,
            min=0,
            max=max(total, 1),
            description=name,
            layout=layout(),
            style=style(widgets.IntProgress, description_width="8em"),
        )
        self.count = label(texts.PROGRESS_COUNT.format(answered=answered, total=total))
        super().__init__([self.bar, self.count], layout=layout())
        self.add_class("opsporing-progress")

    def show(self, answered: int, total: int) -> None:
        """New counts in the same widgets: a page load in a warm kernel opens no new models."""
        self.bar.max = max(total, 1)
        self.bar.value = answered
        self.count.value = texts.PROGRESS_COUNT.format(answered=answered, total=total)
