"""The plenum made for the projector: one question at a time, large, results when the
trainer says so.

On a 1920×1080 projector the trainer page's 16 px text and list of charts is
unreadable from the back of a room. This view shows the chosen question and
its chart at the top in text of at least 24 px, with the hold code, the join
address and its QR code beside it; ← and → (or a presenter remote) step
through the questions. As in Mentimeter, the room sees a question's results
only when the trainer shows them, so answers are given before they are seen.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import segno

from opsporing import texts
from opsporing.plenum import Plenum, QuestionSummary
from opsporing.widgets.module import KitWidget, esm
from opsporing.widgets.plenum import chart_html


class ArrowKeys(KitWidget):
    """Invisible: turns ← and → on the page into steps (`projector_keys.js`)."""

    _esm = esm(Path(__file__).with_name("projector_keys.js"))


def join_panel_html(code: str, join_url: str | None, local_url: str | None) -> str:
    """The hold code, large; with `--lan` the address and its QR code, else this computer's."""
    parts = [
        f"<p>{escape(texts.PROJECTOR_CODE)}</p>",
        f'<p class="opsporing-hold-code">{escape(code)}</p>',
    ]
    if join_url is not None:
        # No fixed size, only a viewBox: the stylesheet makes it as large as the room needs.
        qr = segno.make(join_url, error="m").svg_inline(
            scale=8,
            omitsize=True,
            title=texts.TRAINER_QR_ALT.format(url=join_url),
            svgclass="opsporing-qr",
        )
        parts += [qr, f"<p><code>{escape(join_url)}</code></p>"]
    elif local_url is not None:
        parts += [
            f"<p><code>{escape(local_url)}</code></p>",
            f"<p>{escape(texts.PROJECTOR_LOCAL_ONLY)}</p>",
        ]
    return f'<div class="opsporing-projector-join">{"".join(parts)}</div>'


def stage_html(where: str, number: int, total: int, summary: QuestionSummary, shown: bool) -> str:
    """One question: where it is, the question, and its chart or only how many answered."""
    place = texts.PROJECTOR_WHERE.format(where=where, number=number, total=total)
    head = f'<p class="opsporing-projector-where">{escape(place)}</p>'
    if shown:
        return head + chart_html(summary)
    hidden = texts.PROJECTOR_HIDDEN.format(n=summary.answered)
    return (
        f"{head}<h4>{escape(summary.text)}</h4>"
        f'<p class="opsporing-projector-hidden">{escape(hidden)}</p>'
    )


class ProjectorView(widgets.VBox):
    """One hold's questions, one at a time, for the room to see."""

    def __init__(
        self,
        code: str,
        join_url: str | None,
        local_url: str | None,
        on_close: Callable[[], None],
    ) -> None:
        self.plenum: Plenum | None = None
        self.questions: list[tuple[str, QuestionSummary]] = []
        self.position = 0
        self.results_shown = False
        self.stage = widgets.HTML()
        self.stage.add_class("opsporing-projector-stage")
        self.previous = self._button(texts.PROJECTOR_PREVIOUS, "previous", lambda: self.step(-1))
        self.next = self._button(texts.PROJECTOR_NEXT, "next", lambda: self.step(1))
        self.reveal = self._button(texts.PROJECTOR_SHOW, "reveal", self.toggle_results)
        self.reveal.button_style = "primary"
        leave = self._button(texts.PROJECTOR_CLOSE, "close", on_close)
        self.picker = widgets.Dropdown(
            description=texts.PROJECTOR_GO_TO, style={"description_width": "initial"}
        )
        self.picker.add_class("opsporing-projector-picker")
        self.picker.observe(self._picked, names="value")
        self.arrow_keys = ArrowKeys()
        self.arrow_keys.on_msg(self._key)
        self.join_panel = widgets.HTML(join_panel_html(code, join_url, local_url))
        self.leave = leave
        controls = widgets.HBox([self.previous, self.next, self.reveal, self.picker, leave])
        controls.add_class("opsporing-projector-controls")
        self.following = widgets.HTML()
        self.following.add_class("opsporing-projector-following")
        left = widgets.VBox(
            [
                self.stage,
                controls,
                widgets.HTML(f"<p>{escape(texts.PROJECTOR_HELP)}</p>"),
                self.following,
            ]
        )
        left.add_class("opsporing-projector-left")
        main = widgets.HBox([left, self.join_panel])
        main.add_class("opsporing-projector-main")
        # Its look (projector.css) comes with the page's one stylesheet (widgets/style.py).
        super().__init__([self.arrow_keys, main])
        self.add_class("opsporing-projector")

    @staticmethod
    def _button(label: str, name: str, action: Callable[[], None]) -> widgets.Button:
        button = widgets.Button(description=label)
        button.add_class(f"opsporing-projector-{name}")
        button.on_click(lambda _button: action())
        return button

    def update(self, plenum: Plenum) -> None:
        """New answers (or the first look): redraw the question shown, keep its place."""
        self.plenum = plenum
        self.questions = [(s.title, q) for s in plenum.sections for q in s.questions]
        firsts: dict[str, int] = {}
        for index, (title, _summary) in enumerate(self.questions):
            firsts.setdefault(title, index)
        if list(firsts.items()) != list(self.picker.options):
            self.picker.options = list(firsts.items())
        self._draw()

    def show_following(self, following: int, own: int) -> None:
        """How many follow the trainer and how many work at their own pace: counts only."""
        text = texts.PACE_COUNTS.format(following=following, own=own)
        value = f'<p aria-label="{escape(texts.PACE_COUNTS_LABEL)}">{escape(text)}</p>'
        if self.following.value != value:
            self.following.value = value

    def step(self, by: int) -> None:
        """To the next or previous question; the results are hidden again for the new one."""
        target = min(max(self.position + by, 0), max(len(self.questions) - 1, 0))
        if target != self.position:
            self.position = target
            self.results_shown = False
        self._draw()

    def toggle_results(self) -> None:
        self.results_shown = not self.results_shown
        self._draw()

    def _picked(self, change: dict[str, Any]) -> None:
        first = change["new"]
        if first is None or self._section_of(self.position) == first:
            return
        self.position = first
        self.results_shown = False
        self._draw()

    def _section_of(self, position: int) -> int | None:
        if not self.questions:
            return None
        title = self.questions[position][0]
        return next(i for i, (t, _q) in enumerate(self.questions) if t == title)

    def _key(self, _widget: Any, content: dict[str, Any], _buffers: Any) -> None:
        if content.get("type") == "step" and content.get("by") in (-1, 1):
            self.step(content["by"])

    def _draw(self) -> None:
        if not self.questions:
            self.stage.value = f"<p>{escape(texts.TRAINER_NO_ANSWERS)}</p>"
            return
        where, summary = self.questions[self.position]
        self.stage.value = stage_html(
            where, self.position + 1, len(self.questions), summary, self.results_shown
        )
        self.reveal.description = (
            texts.PROJECTOR_HIDE if self.results_shown else texts.PROJECTOR_SHOW
        )
        self.previous.disabled = self.position == 0
        self.next.disabled = self.position == len(self.questions) - 1
        section = self._section_of(self.position)
        if self.picker.value != section:
            self.picker.value = section
