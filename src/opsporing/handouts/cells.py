"""The handout's building blocks as notebook cells, so every handout is an ordinary notebook.

Content (questions, commentary, contacts) is trusted Markdown and goes into
Markdown cells. A participant's answer never does: it becomes the `text/plain`
output of a code cell without source, which our template prints escaped, so
Markdown, LaTeX, HTML or script in an answer is shown exactly as typed.
"""

from __future__ import annotations

import html
from typing import Any

from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from opsporing import texts

ANSWER_TAG = "svar"
"""Marks a cell holding a participant's answer (plain text, never interpreted)."""

FIELD_TAG = "skrivefelt"
"""Marks a blank space to write in by hand on a printed worksheet."""

QUESTION_TAG = "spørgsmål"
"""Marks a question's text, which the print CSS keeps on the page of its answer."""

TRAINER_TAG = "underviser"
"""Marks a cell for the trainer only; `TrainerCellsPreprocessor` drops it from handouts."""

MAX_ANSWER_CHARS = 50_000
"""About fifteen A4 pages: a longer answer (usually a paste by mistake) is shortened, visibly."""


def notebook(cells: list[NotebookNode], title: str, **metadata: Any) -> NotebookNode:
    """A handout notebook; `metadata` (hold, participant, date) feeds the printed header."""
    nb: NotebookNode = new_notebook(cells=cells)
    nb.metadata["title"] = title
    nb.metadata["language_info"] = {"name": "markdown"}
    nb.metadata["opsporing"] = {"title": title, **metadata}
    return nb


def markdown(source: str, *tags: str) -> NotebookNode:
    cell: NotebookNode = new_markdown_cell(source)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def heading(level: int, text: str) -> NotebookNode:
    return markdown(f"{'#' * level} {text}")


def question(text: str, help: str | None = None) -> NotebookNode:
    return markdown(f"**{text}**\n\n{help}" if help else f"**{text}**", QUESTION_TAG)


def _output_cell(data: dict[str, str], tag: str) -> NotebookNode:
    """A code cell with no source and one output: it shows in JupyterLab and nbconvert alike."""
    cell: NotebookNode = new_code_cell("", outputs=[new_output("display_data", data=data)])
    cell.metadata["tags"] = [tag]
    cell.metadata["editable"] = False
    cell.metadata["jupyter"] = {"source_hidden": True}
    return cell


def answer(text: str) -> NotebookNode:
    """A participant's answer as plain text, shortened with a note if it is enormous."""
    if len(text) > MAX_ANSWER_CHARS:
        note = texts.HANDOUT_TRUNCATED.format(
            shown=f"{MAX_ANSWER_CHARS:,}".replace(",", "."),
            total=f"{len(text):,}".replace(",", "."),
        )
        text = f"{text[:MAX_ANSWER_CHARS]}\n{note}"
    return _output_cell({"text/plain": text}, ANSWER_TAG)


def write_lines(lines: int) -> NotebookNode:
    """Ruled lines to write on; `lines` sets the height."""
    markup = f'<div class="opsporing-lines" style="--lines: {int(lines)}"></div>'
    return _output_cell({"text/html": markup, "text/plain": "\n" * lines}, FIELD_TAG)


def tick_boxes(options: list[str], other: bool = False) -> NotebookNode:
    """A box to tick before each option (and a line for something else, if asked)."""
    items = [f'<li><span class="opsporing-box"></span>{html.escape(o)}</li>' for o in options]
    if other:
        items.append(
            f'<li><span class="opsporing-box"></span>{html.escape(texts.WORKSHEET_OTHER)}'
            '<span class="opsporing-line"></span></li>'
        )
    markup = f'<ul class="opsporing-choices">{"".join(items)}</ul>'
    plain = "\n".join(f"☐ {o}" for o in options)
    return _output_cell({"text/html": markup, "text/plain": plain}, FIELD_TAG)
