"""One participant's personal handout as a notebook: their answers, the commentary, whom to call.

Built with nbformat from the content and the store's answers, then converted
by our exporters. Only questions the participant answered appear; a case
stage's expert commentary comes with the answers it comments on.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from itertools import groupby
from typing import Any

from nbformat import NotebookNode

from opsporing import identity, texts
from opsporing.content import Content
from opsporing.content.catalogue import AFTER, BEFORE, EVALUATION, QuestionRef
from opsporing.content.models import (
    Detail,
    Municipality,
    MunicipalityDirectory,
    Question,
    QuestionKind,
    ScaleQuestion,
    Service,
    Sourced,
)
from opsporing.content.naming import film_title
from opsporing.handouts import cells


def answer_text(question: Question, value: Any) -> str | None:
    """The stored value as the plain text the handout prints, or None if nothing was given.

    The value is printed as stored, whatever the question expects: the store
    keeps what the widget saved, and the handout must never hide or guess.
    """
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, list):
        return "\n".join(f"• {item}" for item in value)
    if question.kind == QuestionKind.SCALE and isinstance(value, int):
        return texts.HANDOUT_SCALE_ANSWER.format(
            value=value,
            low=question.low,
            low_label=question.low_label,
            high=question.high,
            high_label=question.high_label,
        )
    if question.kind == QuestionKind.TRAFFIC_LIGHT and str(value) in question.meanings:
        return f"{str(value).capitalize()}: {question.meanings[value]}"
    return str(value).capitalize() if question.kind == QuestionKind.TRAFFIC_LIGHT else str(value)


Answered = list[tuple[QuestionRef, str]]
"""Answered questions in the order a participant meets them, with the text to print."""


class Part(StrEnum):
    """The part of the kit a handout covers: all of it, or what one page works on.

    A page exported from JupyterLab gets the handout of its own part (`kit`).
    """

    ALL = "alt"
    FILMS = "temafilm"
    CASES = "cases"
    CONTACTS = "kontakter"

    def covers(self, ref: QuestionRef) -> bool:
        """Whether a question is on this part's handout (the contacts part has none)."""
        match self:
            case Part.ALL:
                return True
            case Part.FILMS:
                return ref.film is not None
            case Part.CASES:
                return ref.vignette is not None
        return False


def _question_and_answer(ref: QuestionRef, text: str) -> list[NotebookNode]:
    return [cells.question(ref.question.text), cells.answer(text)]


def _answered(content: Content, answers: Mapping[str, Any], part: Part) -> Answered:
    found = []
    for ref in filter(part.covers, content.questions()):
        text = answer_text(ref.question, answers.get(ref.key))
        if text is not None:
            found.append((ref, text))
    return found


def _self_assessment(content: Content, answers: Mapping[str, Any]) -> list[NotebookNode]:
    """The participant's own before and after, side by side ([] if neither was answered).

    Only whole numbers are printed, and into Markdown only because they are
    numbers: anything else stored there shows as a dash, never as Markdown.
    """
    before = content.self_assessment_questions(BEFORE)
    after = content.self_assessment_questions(AFTER)

    def rating(key: str) -> str:
        value = answers.get(key)
        return str(value) if type(value) is int else "–"

    rows = [
        (first.question.text, rating(first.key), rating(last.key))
        for first, last in zip(before, after, strict=True)
    ]
    if all(b == "–" and a == "–" for _text, b, a in rows):
        return []
    head = " | ".join(texts.HANDOUT_SELF_COLUMNS)
    table = "\n".join(
        [f"| {head} |", "| --- | --- | --- |", *(f"| {t} | {b} | {a} |" for t, b, a in rows)]
    )
    scale = before[0].question
    assert isinstance(scale, ScaleQuestion), "a self-assessment is rated on a scale (the models)"
    note = texts.HANDOUT_SELF_SCALE.format(
        low=scale.low, low_label=scale.low_label, high=scale.high, high_label=scale.high_label
    )
    return [cells.heading(2, texts.HANDOUT_SELF_HEADING), cells.markdown(f"{table}\n\n{note}")]


def _evaluation(answered: Answered) -> list[NotebookNode]:
    """One's own answers to the workshop's evaluation (the trainer sees them only together)."""
    out: list[NotebookNode] = []
    for ref, text in answered:
        if ref.moment == EVALUATION:
            out += _question_and_answer(ref, text)
    return [cells.heading(2, texts.EVALUATION_HEADING), *out] if out else []


def _films(answered: Answered) -> list[NotebookNode]:
    out: list[NotebookNode] = []
    in_films = [(ref, text) for ref, text in answered if ref.film is not None]
    for film, group in groupby(in_films, key=lambda pair: pair[0].film):
        assert film is not None
        out.append(cells.heading(3, film_title(film)))
        for ref, text in group:
            out += _question_and_answer(ref, text)
    return [cells.heading(2, texts.HANDOUT_FILMS_HEADING), *out] if out else []


def _cases(answered: Answered) -> list[NotebookNode]:
    """Per case, per answered stage: the answers, then that stage's expert commentary."""
    out: list[NotebookNode] = []
    in_cases = [(ref, text) for ref, text in answered if ref.vignette is not None]
    for vignette, in_case in groupby(in_cases, key=lambda pair: pair[0].vignette):
        assert vignette is not None
        out += [cells.heading(3, vignette.title), cells.markdown(f"*{texts.HANDOUT_FICTIONAL}*")]
        for number, in_stage in groupby(in_case, key=lambda pair: pair[0].stage):
            assert number is not None
            stage = vignette.stages[number - 1]
            heading = texts.HANDOUT_STAGE_HEADING.format(number=number, title=stage.title)
            out.append(cells.heading(4, heading))
            for ref, text in in_stage:
                out += _question_and_answer(ref, text)
            out.append(_perspective(stage.perspective))
    return [cells.heading(2, texts.HANDOUT_CASES_HEADING), *out] if out else []


def _perspective(perspective: str) -> NotebookNode:
    return cells.markdown(f"**{texts.HANDOUT_PERSPECTIVE_HEADING}**\n\n{perspective}")


def _where(ref: QuestionRef) -> str:
    if ref.film is not None:
        return film_title(ref.film)
    assert ref.vignette is not None and ref.stage is not None
    return texts.HANDOUT_ACTION_WHERE.format(
        vignette=ref.vignette.title,
        number=ref.stage,
        title=ref.vignette.stages[ref.stage - 1].title,
    )


def _action_plan(answered: Answered) -> list[NotebookNode]:
    steps = [(ref, text) for ref, text in answered if ref.question.kind == QuestionKind.ACTION]
    out = [cells.heading(2, texts.HANDOUT_ACTION_PLAN_HEADING)]
    if not steps:
        return [*out, cells.markdown(texts.HANDOUT_NO_ACTIONS)]
    out.append(cells.markdown(texts.HANDOUT_ACTION_PLAN_INTRO))
    for ref, text in steps:
        out += [cells.question(_where(ref)), cells.answer(text)]
    return out


def _link(url: object) -> str:
    return f"<{url}>"


def _provenance(entry: Sourced) -> list[str]:
    """How sure we are: the source and date of a confirmed entry, or an openly unverified one."""
    lines = []
    if not entry.verified:
        lines.append(f"*{texts.HANDOUT_UNVERIFIED}*")
    if entry.check_at is not None:
        lines.append(texts.HANDOUT_CHECK_AT.format(url=_link(entry.check_at)))
    if entry.verified and entry.source and entry.checked:
        source = _link(entry.source) if entry.source.startswith("http") else entry.source
        lines.append(
            texts.HANDOUT_SOURCE.format(source=source, checked=texts.danish_date(entry.checked))
        )
    return lines


def _service(service: Service) -> NotebookNode:
    def detail(label: str, value: object, which: Detail) -> str | None:
        unconfirmed = which in service.unconfirmed
        if value is None:
            return f"- {label}: {texts.HANDOUT_DETAIL_UNCONFIRMED}" if unconfirmed else None
        mark = f" ({texts.HANDOUT_DETAIL_UNCONFIRMED})" if unconfirmed else ""
        return f"- {label}: {value}{mark}"

    details = [
        detail(texts.HANDOUT_PHONE, service.phone, Detail.PHONE),
        detail(texts.HANDOUT_SMS, service.sms, Detail.SMS),
        detail(texts.HANDOUT_EMAIL, service.email, Detail.EMAIL),
        detail(texts.HANDOUT_WEB, service.web and _link(service.web), Detail.WEB),
        detail(texts.HANDOUT_HOURS, service.hours, Detail.HOURS),
    ]
    channels = ", ".join(service.channels)
    lines = [
        f"#### {service.name}",
        f"{texts.HANDOUT_RUN_BY.format(name=service.run_by)}. {service.description}",
        "",
        *(d for d in details if d),
        f"- {texts.HANDOUT_CHANNELS}: {channels}",
        "",
        "\n\n".join(_provenance(service)),
    ]
    return cells.markdown("\n".join(lines))


def _municipality(
    directory: MunicipalityDirectory, municipality: Municipality | None
) -> list[NotebookNode]:
    if municipality is None:
        block = [texts.HANDOUT_NO_MUNICIPALITY]
    else:
        name = municipality.official_name
        block = [
            f"### {texts.HANDOUT_MUNICIPALITY_HEADING.format(name=name)}",
            texts.HANDOUT_MUNICIPALITY_REMINDER,
            texts.HANDOUT_MUNICIPALITY_REGION.format(region=municipality.region),
        ]
        if municipality.notification_page:
            link = _link(municipality.notification_page)
            block.append(f"{texts.HANDOUT_MUNICIPALITY_NOTIFY}: {link}")
        else:
            block.append(texts.HANDOUT_MUNICIPALITY_UNCONFIRMED)
        if municipality.children_entry:
            link = _link(municipality.children_entry)
            block.append(f"{texts.HANDOUT_MUNICIPALITY_CHILDREN}: {link}")
        if municipality.phone:
            block.append(f"{texts.HANDOUT_PHONE}: {municipality.phone}")
        if municipality.web:
            block.append(f"{texts.HANDOUT_WEB}: {_link(municipality.web)}")
        if municipality.on_call:
            block.append(municipality.on_call)
        if municipality.source and municipality.checked:
            block.append(
                texts.HANDOUT_SOURCE.format(
                    source=municipality.source, checked=texts.danish_date(municipality.checked)
                )
            )
    facts = [f"**{texts.HANDOUT_EVERY_MUNICIPALITY}**"]
    for fact in directory.facts:
        facts.append(" ".join([fact.text, *_provenance(fact)]))
    return [cells.markdown("\n\n".join(block)), cells.markdown("\n\n".join(facts))]


def contacts(content: Content, municipality_code: int | None) -> list[NotebookNode]:
    """Whom to contact: the chosen municipality (or how to find the child's) and every service."""
    municipality = None
    if municipality_code is not None:
        municipality = next(
            (m for m in content.municipalities if m.code == municipality_code), None
        )
    services = [s for s in content.services if s.municipality in (None, municipality_code)]
    return [
        cells.heading(2, texts.HANDOUT_CONTACTS_HEADING),
        *_municipality(content.municipality_directory, municipality),
        cells.heading(3, texts.HANDOUT_NATIONAL_HEADING),
        *(_service(s) for s in services),
    ]


def personal_handout(
    content: Content,
    answers: Mapping[str, Any],
    *,
    pseudonym: str,
    hold: str | None,
    municipality: int | None,
    today: date,
    part: Part = Part.ALL,
    return_code: str | None = None,
) -> NotebookNode:
    """The handout of one participant; `answers` maps question keys to stored values.

    `part` narrows it to one page's questions (their commentary and action
    plan with them); whom to contact is on every handout. The return code is
    printed in the header: with it, the participant can continue on another
    device under a nickname that is public in the room.
    """
    answered = _answered(content, answers, part)
    title = texts.HANDOUT_PART_TITLES[part]
    body = [cells.heading(1, title), cells.markdown(texts.HANDOUT_PART_INTROS[part])]
    if part != Part.CONTACTS:
        if not answered:
            body.append(cells.markdown(texts.HANDOUT_NO_ANSWERS))
        if part == Part.ALL:
            body += _self_assessment(content, answers)
        body += [*_films(answered), *_cases(answered), *_action_plan(answered)]
        if part == Part.ALL:
            body += _evaluation(answered)
    body += contacts(content, municipality)
    return cells.notebook(
        body,
        title,
        kind="handout",
        participant=pseudonym,
        hold=hold,
        date=today.isoformat(),
        return_code=identity.show_return_code(return_code) if return_code else "",
    )
