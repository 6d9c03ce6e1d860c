"""The trainer's plenum view: bar charts, progress and the join QR code, as plain HTML.

Charts are HTML tables whose bars are tiny inline SVGs: every bar has its label
and its number in text beside it (colour is never the only carrier), nothing
is fetched from a CDN, a screen reader reads a table, and a projector or a
printer shows the same thing. `PlenumView.update` rewrites only the parts whose
data changed, so a refresh every second sends nothing while the room is quiet.

Beside each choice question's chart the trainer can show the answer key from
the content: each option's verdict in words, its one-line reason and source.
It is built here, from the content, and only here: the plenum data and the
participants' pages never carry it.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import segno

from opsporing import texts
from opsporing.content import Content
from opsporing.content.models import Choice, ChoiceQuestion, Question, QuestionKind
from opsporing.plenum import ModuleProgress, Plenum, QuestionSummary, Section, Shift

LIGHT_COLOURS = {"grøn": "#2e7d32", "gul": "#f9a825", "rød": "#c62828"}
BAR_COLOUR = "#1f4e79"


def _bar(count: int, most: int, colour: str) -> str:
    width = 0 if most == 0 else round(100 * count / most, 1)
    return (
        '<svg aria-hidden="true" focusable="false" preserveAspectRatio="none">'
        f'<rect x="0" y="0" width="{width}%" height="100%" fill="{colour}"/></svg>'
    )


def key_html(question: Question) -> str:
    """The answer key of a choice question ("" for other kinds), to stand beside its chart.

    The verdict is a word with a mark, never colour alone, so it reads on a
    projector, a printout and a screen reader alike. A reflection has no
    verdicts: it says so once, and each option shows only its note and source.
    """
    if not isinstance(question, ChoiceQuestion):
        return ""
    items = "".join(_key_item(choice) for choice in question.choices)
    label = escape(texts.KEY_LABEL.format(question=question.text), quote=True)
    reflection = (
        f'<p class="opsporing-reflection">{escape(texts.KEY_REFLECTION)}</p>'
        if question.reflection
        else ""
    )
    return (
        f'<aside class="opsporing-key" aria-label="{label}">'
        f"<h5>{escape(texts.KEY_HEADING)}</h5>{reflection}<ul>{items}</ul></aside>"
    )


def _key_item(choice: Choice) -> str:
    """One option of the key: its text, its verdict (none in a reflection), reason and source."""
    note = (
        f"<br>{escape(choice.reason)} "
        f"<small>{escape(texts.KEY_SOURCE.format(source=choice.source))}</small></li>"
    )
    if choice.verdict is None:
        return f'<li class="opsporing-key-note"><strong>{escape(choice.text)}</strong>{note}'
    return (
        f'<li class="opsporing-key-{escape(choice.verdict.value)}">'
        f"<strong>{escape(choice.text)}</strong> "
        f'<span class="opsporing-verdict">{escape(texts.KEY_VERDICTS[choice.verdict])}</span>'
        f"{note}"
    )


def chart_html(summary: QuestionSummary, key: str = "") -> str:
    """A question's answers as a labelled bar chart (or the shared texts, for free text).

    With `key` (from `key_html`) the chart and its key stand side by side.
    """
    chart = _chart_html(summary)
    if not key:
        return chart
    return f'<div class="opsporing-keyed"><div>{chart}</div>{key}</div>'


def _chart_html(summary: QuestionSummary) -> str:
    heading = f"<h4>{escape(summary.text)}</h4>"
    answered = texts.TRAINER_ANSWERED.format(n=summary.answered)
    if summary.kind is QuestionKind.FREE_TEXT:
        # How many answered as well as how many shared: "2 delt" alone hides a quiet room.
        counts = texts.TRAINER_FREE_TEXT_COUNTS.format(
            n=summary.answered, m=len(summary.shared_texts)
        )
        # `dir="auto"`: an answer in Arabic or Hebrew is laid out in its own direction.
        items = "".join(f'<li dir="auto">{escape(text)}</li>' for text in summary.shared_texts)
        listed = f'<ul class="opsporing-shared">{items}</ul>' if items else ""
        return f"{heading}<p>{escape(counts)}</p>{listed}"
    most = max((tally.count for tally in summary.tallies), default=0)
    rows = []
    for tally in summary.tallies:
        light = summary.kind is QuestionKind.TRAFFIC_LIGHT
        colour = LIGHT_COLOURS[tally.label] if light else BAR_COLOUR
        rows.append(
            f'<tr><th scope="row">{escape(tally.label)}</th>'
            f'<td class="opsporing-bar">{_bar(tally.count, most, colour)}</td>'
            f'<td class="opsporing-count">{tally.count}</td></tr>'
        )
    label = escape(texts.TRAINER_CHART_LABEL.format(question=summary.text), quote=True)
    table = f'<table class="opsporing-chart" aria-label="{label}">{"".join(rows)}</table>'
    ends = ""
    if summary.scale_ends is not None and summary.tallies:
        ends = (
            "<p>"
            + escape(
                texts.TRAINER_SCALE_ENDS.format(
                    low=summary.tallies[0].label,
                    low_label=summary.scale_ends[0],
                    high=summary.tallies[-1].label,
                    high_label=summary.scale_ends[1],
                )
            )
            + "</p>"
        )
    return f"{heading}{ends}{table}<p>{escape(answered)}</p>"


def section_html(section: Section, kit: Content | None = None) -> str:
    """A film or a stage with its charts; with `kit`, each choice chart has its key beside it."""
    charts = "".join(
        chart_html(summary, key_html(kit.question(summary.key).question) if kit else "")
        for summary in section.questions
    )
    return f"<h3>{escape(section.title)}</h3>{charts}"


def progress_html(plenum: Plenum) -> str:
    """Head counts per module: how many have not started, are under way, or are done."""
    if plenum.participants == 1:
        joined = texts.TRAINER_PARTICIPANTS_ONE
    else:
        joined = texts.TRAINER_PARTICIPANTS.format(n=plenum.participants)
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in texts.TRAINER_PROGRESS_COLUMNS)
    rows = "".join(_progress_row(module) for module in plenum.progress)
    return (
        f'<p class="opsporing-joined">{escape(joined)}</p>'
        f"<h3>{escape(texts.TRAINER_PROGRESS_HEADING)}</h3>"
        f'<table class="opsporing-progress"><tr>{head}</tr>{rows}</table>'
    )


def shift_html(shifts: tuple[Shift, ...]) -> str:
    """The room's self-assessment before and after, per statement ("" without one)."""
    if not shifts:
        return ""
    heading = f"<h3>{escape(texts.SHIFT_HEADING)}</h3>"
    if not any(shift.both for shift in shifts):
        return f"{heading}<p>{escape(texts.SHIFT_NONE)}</p>"
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in texts.SHIFT_COLUMNS)
    rows = "".join(
        f'<tr><th scope="row">{escape(s.text)}</th><td>{texts.decimal(s.before)}</td>'
        f"<td>{texts.decimal(s.after)}</td>"
        f'<td class="opsporing-change">{texts.change(s.before, s.after)}</td>'
        f"<td>{s.both}</td></tr>"
        for s in shifts
    )
    return (
        f'{heading}<table class="opsporing-progress opsporing-shift"><tr>{head}</tr>{rows}</table>'
        f"<p>{escape(texts.SHIFT_NOTE)}</p>"
    )


def _progress_row(module: ModuleProgress) -> str:
    cells = (module.questions, module.not_started, module.started, module.finished)
    return (
        f'<tr><th scope="row">{escape(module.title)}</th>'
        + "".join(f"<td>{n}</td>" for n in cells)
        + "</tr>"
    )


def join_html(code: str, url: str | None, local_url: str | None = None) -> str:
    """How participants join: the address and its QR code with `--lan`, else the code and
    this computer's own address (for the trainer, or a participant at this computer)."""
    heading = f"<h3>{escape(texts.TRAINER_JOIN_HEADING)}</h3>"
    big_code = f'<p class="opsporing-hold-code">{escape(code)}</p>'
    if url is None:
        local = (
            f"<p>{escape(texts.TRAINER_LOCAL_ADDRESS.format(url=local_url))}</p>"
            if local_url
            else ""
        )
        return (
            f"{heading}{big_code}{local}<p>{escape(texts.TRAINER_JOIN_LOCAL.format(code=code))}</p>"
        )
    qr = segno.make(url, error="m").svg_inline(
        scale=5, title=texts.TRAINER_QR_ALT.format(url=url), svgclass="opsporing-qr"
    )
    return (
        f'{heading}<div class="opsporing-join">{qr}<div>{big_code}'
        f"<p>{escape(texts.TRAINER_JOIN_TEXT.format(code=code))}</p>"
        f"<p><code>{escape(url)}</code></p></div></div>"
    )


ANSWERED_SECTIONS = ""
"""The picker's first choice: every film and stage someone has answered."""


class PlenumView(widgets.VBox):
    """One hold's plenum: who has joined, how far they are, and one chart per question.

    A kit has dozens of films and stages, so a picker narrows the view to the
    one being discussed; by default it shows every part someone has answered.
    The answer key is off until the trainer ticks it: the page is often on the
    projector, and the room should discuss before it sees the key.
    """

    def __init__(
        self,
        code: str,
        name: str | None,
        join_url: str | None,
        kit: Content,
        local_url: str | None = None,
    ) -> None:
        title = texts.TRAINER_HOLD_HEADING.format(code=code)
        if name:
            title = texts.TRAINER_HOLD_HEADING_NAMED.format(code=code, name=name)
        self.code = code
        self.kit = kit
        self.plenum: Plenum | None = None
        self.progress = widgets.HTML()
        self.shift = widgets.HTML()
        self.shift.add_class("opsporing-plenum-shift")
        self.picker = widgets.Dropdown(
            options=[(texts.TRAINER_ANSWERED_SECTIONS, ANSWERED_SECTIONS)],
            description=texts.TRAINER_PICK_SECTION,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),
        )
        self.picker.add_class("opsporing-plenum-picker")
        self.picker.observe(lambda _change: self._show_picked(), names="value")
        self.show_key = widgets.Checkbox(
            value=False,
            description=texts.TRAINER_SHOW_KEY,
            indent=False,
            layout=widgets.Layout(width="auto"),
        )
        self.show_key.add_class("opsporing-show-key")
        self.show_key.observe(lambda _change: self._draw_sections(), names="value")
        key_help = widgets.HTML(f"<p><small>{escape(texts.TRAINER_SHOW_KEY_HELP)}</small></p>")
        self.sections = widgets.VBox()
        self.nothing = widgets.HTML(f"<p>{escape(texts.TRAINER_NO_ANSWERS)}</p>")
        self._section_widgets: dict[str, widgets.HTML] = {}
        super().__init__(
            children=[
                widgets.HTML(f"<h2>{escape(title)}</h2>"),
                widgets.HTML(join_html(code, join_url, local_url)),
                self.progress,
                self.shift,
                widgets.HTML(f"<h3>{escape(texts.TRAINER_ANSWERS_HEADING)}</h3>"),
                self.picker,
                self.show_key,
                key_help,
                self.nothing,
                self.sections,
            ]
        )
        self.add_class("opsporing-plenum")

    def update(self, plenum: Plenum) -> bool:
        """Show `plenum`; return False, touching no widget, when nothing changed."""
        if plenum == self.plenum:
            return False
        self.plenum = plenum
        self.progress.value = progress_html(plenum)
        self.shift.value = shift_html(plenum.shifts)
        if [s.key for s in plenum.sections] != list(self._section_widgets):
            self._section_widgets = {s.key: widgets.HTML() for s in plenum.sections}
            for key, widget in self._section_widgets.items():
                widget.add_class("opsporing-section-" + key.replace("/", "--"))
            self.sections.children = tuple(self._section_widgets.values())
            choices = [(s.title, s.key) for s in plenum.sections]
            self.picker.options = [(texts.TRAINER_ANSWERED_SECTIONS, ANSWERED_SECTIONS), *choices]
        self._draw_sections()
        return True

    def _draw_sections(self) -> None:
        if self.plenum is None:
            return
        kit = self.kit if self.show_key.value else None
        for section in self.plenum.sections:
            html = section_html(section, kit)
            target = self._section_widgets[section.key]
            if target.value != html:
                target.value = html
        self._show_picked()

    def _show_picked(self) -> None:
        if self.plenum is None:
            return
        picked = self.picker.value
        shown = 0
        for section in self.plenum.sections:
            answered = any(q.answered for q in section.questions)
            visible = section.key == picked or (picked == ANSWERED_SECTIONS and answered)
            display = None if visible else "none"
            widget = self._section_widgets[section.key]
            if widget.layout.display != display:
                widget.layout.display = display
            shown += visible
        nothing = None if shown == 0 else "none"
        if self.nothing.layout.display != nothing:
            self.nothing.layout.display = nothing
