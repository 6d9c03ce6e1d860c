"""Blank worksheets for rooms without laptops: the questions, and room to write by hand.

One worksheet per case vignette and one for the films. Each stage's expert
commentary and each choice question's answer key are in the notebook, tagged
for the trainer: the participants' copy leaves them out
(`TrainerCellsPreprocessor`), the trainer's copy (`--trainer`) keeps them.
"""

from __future__ import annotations

from datetime import date

from nbformat import NotebookNode

from opsporing import texts
from opsporing.content import Content
from opsporing.content.models import (
    ChoiceQuestion,
    Film,
    Question,
    QuestionKind,
    TrafficLight,
    Vignette,
)
from opsporing.content.naming import film_title
from opsporing.handouts import cells
from opsporing.handouts.notebook import Part, contacts

FREE_TEXT_LINES = 6


def _field(question: Question) -> NotebookNode:
    """The blank a question needs on paper: lines, boxes to tick, or a scale to circle."""
    match question.kind:
        case QuestionKind.FREE_TEXT:
            return cells.write_lines(FREE_TEXT_LINES)
        case QuestionKind.SINGLE_CHOICE | QuestionKind.MULTIPLE_CHOICE:
            return cells.tick_boxes(question.options)
        case QuestionKind.ACTION:
            return cells.tick_boxes(question.options, other=True)
        case QuestionKind.SCALE:
            steps = [str(n) for n in range(question.low, question.high + 1)]
            steps[0] += f" ({question.low_label})"
            steps[-1] += f" ({question.high_label})"
            return cells.tick_boxes(steps)
        case QuestionKind.TRAFFIC_LIGHT:
            return cells.tick_boxes(
                [
                    f"{light.capitalize()}: {question.meanings[light]}"
                    if light in question.meanings
                    else light.capitalize()
                    for light in TrafficLight
                ]
            )
    raise ValueError(question.kind)


def answer_key(question: ChoiceQuestion) -> NotebookNode:
    """The key under a choice question, for the trainer's copy only: verdict in words,
    reason and source per option, so the printed sheet needs no colour. A reflection
    says it has no right answer and gives each option's note and source, no verdict."""
    lines = [
        f"- **{choice.text}**: "
        + (f"{texts.KEY_VERDICTS[choice.verdict]}. " if choice.verdict is not None else "")
        + f"{choice.reason} *({texts.KEY_SOURCE.format(source=choice.source)})*"
        for choice in question.choices
    ]
    head = f"**{texts.KEY_HEADING}**\n\n"
    if question.reflection:
        head += f"*{texts.KEY_REFLECTION}*\n\n"
    return cells.markdown(head + "\n".join(lines), cells.TRAINER_TAG)


def _question(question: Question) -> list[NotebookNode]:
    body = [cells.question(question.text, question.help), _field(question)]
    if isinstance(question, ChoiceQuestion):
        body.append(answer_key(question))
    return body


def films_worksheet(films: tuple[Film, ...], today: date) -> NotebookNode:
    body = [cells.heading(1, texts.WORKSHEET_FILMS_TITLE), cells.markdown(texts.WORKSHEET_INTRO)]
    for film in films:
        body += [cells.heading(2, film_title(film)), cells.markdown(film.summary)]
        for question in film.questions:
            body += _question(question)
    return cells.notebook(
        body, texts.WORKSHEET_FILMS_TITLE, kind="worksheet", date=today.isoformat()
    )


def vignette_worksheet(vignette: Vignette, today: date) -> NotebookNode:
    title = texts.WORKSHEET_VIGNETTE_TITLE.format(title=vignette.title)
    body = [
        cells.heading(1, title),
        cells.markdown(texts.WORKSHEET_INTRO),
        cells.markdown(vignette.intro),
    ]
    for number, stage in enumerate(vignette.stages, start=1):
        body += [
            cells.heading(2, texts.HANDOUT_STAGE_HEADING.format(number=number, title=stage.title)),
            cells.markdown(stage.text),
        ]
        for question in stage.questions:
            body += _question(question)
        body.append(
            cells.markdown(
                f"**{texts.HANDOUT_PERSPECTIVE_HEADING}**\n\n{stage.perspective}", cells.TRAINER_TAG
            )
        )
    return cells.notebook(body, title, kind="worksheet", date=today.isoformat())


def worksheets(content: Content, today: date) -> dict[str, NotebookNode]:
    """Every blank worksheet by file stem: `film` and one `case-<vignette id>` per vignette."""
    sheets = {"film": films_worksheet(content.films, today)}
    for vignette in content.vignettes:
        sheets[f"case-{vignette.id}"] = vignette_worksheet(vignette, today)
    return sheets


def part_worksheets(content: Content, today: date, part: Part) -> NotebookNode:
    """One part's blank worksheets as one notebook, for a page exported with no participant.

    The films' worksheet, every case's one after the other, or both; the
    contacts part has nothing to fill in, so it prints whom to contact.
    """
    match part:
        case Part.CONTACTS:
            title = texts.HANDOUT_CONTACTS_HEADING
            body = [cells.heading(1, title), *contacts(content, None)]
            return cells.notebook(body, title, kind="contacts", date=today.isoformat())
        case Part.FILMS:
            return films_worksheet(content.films, today)
        case Part.CASES:
            title, sheets = texts.WORKSHEETS_CASES_TITLE, []
        case Part.ALL:
            title, sheets = texts.WORKSHEETS_ALL_TITLE, [films_worksheet(content.films, today)]
    sheets += [vignette_worksheet(v, today) for v in content.vignettes]
    body = [cell for sheet in sheets for cell in sheet.cells]
    return cells.notebook(body, title, kind="worksheet", date=today.isoformat())
