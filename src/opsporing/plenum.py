"""The trainer's view of a hold: what the room answered, never who answered what.

The plenum turns a room's answers into a discussion, so it shows the room, not
a person: choices are counted, scales and traffic lights become distributions,
and free text appears only when its author ticked "del anonymt med holdet".
Shared texts carry no pseudonym and are sorted alphabetically, so neither the
order of joining nor the time of answering points at anyone.

Everything here is a pure function of the content and the stored answers; the
trainer page and `opsporing export` only render what `aggregate` returns, so the
privacy rules live in one place. `LiveHold` keeps a hold's answers between the
trainer page's looks, so a look reads what changed, not the whole room.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TextIO

from opsporing import texts
from opsporing.content import Content, QuestionRef
from opsporing.content.catalogue import AFTER, BEFORE
from opsporing.content.models import (
    ActionQuestion,
    Film,
    MultipleChoiceQuestion,
    Question,
    QuestionKind,
    ScaleQuestion,
    SingleChoiceQuestion,
    TrafficLight,
    Vignette,
)
from opsporing.content.naming import film_title
from opsporing.store import Answer, Store

LIGHTS: tuple[str, ...] = tuple(light.value for light in TrafficLight)

FILMS_MODULE = "film"
"""The films count as one module of progress; each vignette is a module of its own."""


@dataclass(frozen=True)
class Tally:
    """How many in the room chose one option (or one scale value, or one colour)."""

    label: str
    count: int


@dataclass(frozen=True)
class QuestionSummary:
    """One question's answers in the room.

    `tallies` lists every option in the content's order, zeros included, so a
    chart never hides the option nobody chose. Free-text questions have no
    tallies, only the texts their authors agreed to share.
    """

    key: str
    kind: QuestionKind
    text: str
    answered: int
    tallies: tuple[Tally, ...] = ()
    shared_texts: tuple[str, ...] = ()
    scale_ends: tuple[str, str] | None = None
    """A scale's meaning at its low and high end, for the chart's labels."""


@dataclass(frozen=True)
class Section:
    """A film, or one stage of a vignette: what the trainer discusses at one time."""

    key: str
    title: str
    questions: tuple[QuestionSummary, ...]


@dataclass(frozen=True)
class ModuleProgress:
    """How far the room has come in one module, as head counts, never names."""

    key: str
    title: str
    questions: int
    not_started: int
    started: int
    finished: int


@dataclass(frozen=True)
class Shift:
    """One self-assessment statement: the room's average before and after the workshop.

    Only participants who answered both times count, so someone who arrives
    late or leaves early does not move the averages.
    """

    text: str
    both: int
    before: float | None
    after: float | None


@dataclass(frozen=True)
class Plenum:
    """Everything the trainer sees of a hold; equal values mean nothing changed."""

    participants: int
    progress: tuple[ModuleProgress, ...]
    sections: tuple[Section, ...]
    shifts: tuple[Shift, ...] = ()


def chosen(question: Question, value: Any) -> tuple[str, ...]:
    """The labels an answer counts for; empty when it is blank or no longer fits the content.

    Content can change between workshops (an option reworded, a scale
    shortened), so a stored value that no option matches any more is not
    counted rather than shown under a label the question does not have.
    """
    if question.kind is QuestionKind.FREE_TEXT:
        return (value.strip(),) if isinstance(value, str) and value.strip() else ()
    if isinstance(question, SingleChoiceQuestion):
        return (value,) if value in question.options else ()
    if isinstance(question, MultipleChoiceQuestion | ActionQuestion):
        picked = set(value) if isinstance(value, list) else set()
        return tuple(option for option in question.options if option in picked)
    if isinstance(question, ScaleQuestion):
        valid = type(value) is int and question.low <= value <= question.high
        return (str(value),) if valid else ()
    if question.kind is QuestionKind.TRAFFIC_LIGHT:
        return (value,) if value in LIGHTS else ()
    raise ValueError(f"unknown question kind {question.kind}")


def labels(question: Question) -> tuple[str, ...]:
    """Every label a question's chart shows, in order: options, scale values or colours."""
    if isinstance(question, SingleChoiceQuestion | MultipleChoiceQuestion | ActionQuestion):
        return tuple(question.options)
    if isinstance(question, ScaleQuestion):
        return tuple(str(v) for v in range(question.low, question.high + 1))
    if question.kind is QuestionKind.TRAFFIC_LIGHT:
        return LIGHTS
    return ()


def film_section(film: Film) -> str:
    """The trainer's menu entry for a film: the kit's one name for it."""
    return texts.PLENUM_FILM.format(title=film_title(film))


def stage_title(vignette: Vignette, number: int) -> str:
    return texts.PLENUM_STAGE.format(
        vignette=vignette.title, number=number, stage=vignette.stages[number - 1].title
    )


Pick = tuple[Answer, tuple[str, ...]]
"""An answer with the labels it counts for (never empty)."""


def _summary(key: str, question: Question, picks: Collection[Pick]) -> QuestionSummary:
    if question.kind is QuestionKind.FREE_TEXT:
        shared = [labels_[0] for answer, labels_ in picks if answer.shared]
        return QuestionSummary(
            key,
            question.kind,
            question.text,
            answered=len(picks),
            shared_texts=tuple(sorted(shared, key=lambda text: (text.casefold(), text))),
        )
    counts = Counter(label for _answer, labels_ in picks for label in labels_)
    ends = None
    if isinstance(question, ScaleQuestion):
        ends = (question.low_label, question.high_label)
    return QuestionSummary(
        key,
        question.kind,
        question.text,
        answered=len(picks),
        tallies=tuple(Tally(label, counts[label]) for label in labels(question)),
        scale_ends=ends,
    )


def aggregate(content: Content, members: Iterable[str], answers: Iterable[Answer]) -> Plenum:
    """The plenum of a hold from its members' ids and every answer they stored.

    Answers by anyone not in `members`, or to questions the content no longer
    has, are left out.
    """
    member_ids = set(members)
    picks: dict[str, dict[str, Pick]] = defaultdict(dict)
    for answer in answers:
        if answer.participant_id in member_ids and (pick := _pick(content, answer)) is not None:
            picks[answer.question_key][answer.participant_id] = pick

    def summarised(ref: QuestionRef) -> Summarised:
        mine = picks.get(ref.key, {})
        return mine, _summary(ref.key, ref.question, mine.values())

    return _plenum(content, member_ids, summarised)


def _pick(content: Content, answer: Answer) -> Pick | None:
    """The answer with what it counts for; None when it counts for nothing (blank, or to a
    question the content no longer has or whose options no longer fit)."""
    try:
        question = content.question(answer.question_key).question
    except KeyError:
        return None
    found = chosen(question, answer.value)
    return (answer, found) if found else None


Summarised = tuple[Mapping[str, Pick], QuestionSummary]
"""A question's picks by the hold's members (by participant id), and its summary."""


def _plenum(
    content: Content, member_ids: set[str], summarised: Callable[[QuestionRef], Summarised]
) -> Plenum:
    """The plenum from each question's members' picks and summary (`summarised`)."""
    sections: dict[str, tuple[str, list[QuestionSummary]]] = {}
    totals: Counter[str] = Counter()
    done: dict[str, Counter[str]] = defaultdict(Counter)
    by_key: dict[str, Mapping[str, Pick]] = {}
    for ref in content.questions():
        mine, summary = summarised(ref)
        by_key[ref.key] = mine
        if ref.moment is not None:
            section, title = ref.key.rsplit("/", 1)[0], texts.PLENUM_MOMENTS[ref.moment]
            sections.setdefault(section, (title, []))[1].append(summary)
            continue
        if ref.film is not None:
            section, title, module = ref.film.id, film_section(ref.film), FILMS_MODULE
        else:
            assert ref.vignette is not None and ref.stage is not None
            section = f"{ref.vignette.id}/{ref.stage}"
            title, module = stage_title(ref.vignette, ref.stage), ref.vignette.id
        sections.setdefault(section, (title, []))[1].append(summary)
        totals[module] += 1
        done[module].update(mine.keys())

    modules = [(FILMS_MODULE, texts.PLENUM_FILMS_MODULE)]
    modules += [(vignette.id, vignette.title) for vignette in content.vignettes]
    return Plenum(
        participants=len(member_ids),
        progress=tuple(
            _progress(module, title, totals[module], done[module], member_ids)
            for module, title in modules
        ),
        sections=tuple(
            Section(key, title, tuple(summaries)) for key, (title, summaries) in sections.items()
        ),
        shifts=_shifts(content, by_key),
    )


def _shifts(content: Content, by_key: dict[str, Mapping[str, Pick]]) -> tuple[Shift, ...]:
    """Per self-assessment statement, the averages of those who answered before and after."""
    found = []
    pairs = zip(
        content.self_assessment_questions(BEFORE),
        content.self_assessment_questions(AFTER),
        strict=True,
    )
    for before, after in pairs:
        first = _ratings(by_key.get(before.key, {}).values())
        last = _ratings(by_key.get(after.key, {}).values())
        both = sorted(first.keys() & last.keys())
        found.append(
            Shift(
                before.question.text,
                len(both),
                _mean(first[p] for p in both),
                _mean(last[p] for p in both),
            )
        )
    return tuple(found)


def _ratings(picks: Iterable[Pick]) -> dict[str, int]:
    return {answer.participant_id: int(answer.value) for answer, _labels in picks}


def _mean(values: Iterable[int]) -> float | None:
    numbers = list(values)
    return sum(numbers) / len(numbers) if numbers else None


def _progress(
    module: str, title: str, total: int, done: Counter[str], member_ids: set[str]
) -> ModuleProgress:
    finished = sum(1 for pid in member_ids if total and done[pid] >= total)
    started = sum(1 for pid in member_ids if 0 < done[pid] < total)
    return ModuleProgress(
        module,
        title,
        questions=total,
        not_started=len(member_ids) - started - finished,
        started=started,
        finished=finished,
    )


def for_hold(
    store: Store,
    code: str,
    pin: str | None,
    content: Content,
    client: str = "",
    *,
    trusted: bool = False,
) -> Plenum | None:
    """The plenum of a hold, or None when the PIN is wrong or missing: no PIN, no data.

    `client` is who typed the PIN, for counting wrong ones, and `trusted` whether
    it is on the server's own machine, which others' guesses never slow
    (`Store.check_pin`).
    """
    if not pin or not store.check_pin(code, pin, client=client, trusted=trusted):
        return None
    return snapshot(store, code, content)


def snapshot(store: Store, code: str, content: Content) -> Plenum:
    """The plenum of a hold whose PIN the caller checked already, read whole.

    `for_hold` checks the PIN (a deliberately slow hash) first; the trainer page, which
    looks each second, checks it once and keeps a `LiveHold`.
    """
    members = [participant.id for participant in store.members(code)]
    return aggregate(content, members, store.hold_answers(code))


RECHECK = timedelta(seconds=5)
"""How far back before the newest answer it has read a look reads again. A save is stamped
inside its transaction: with SQLite, which lets one writer in at a time, stamps follow the
order answers commit in, but PostgreSQL commits several at once, so an answer stamped a
moment before one already read can still arrive after it. Those transactions last
milliseconds; a new answer that slips past even so is caught by the count (`look`)."""


class LiveHold:
    """A hold as the trainer page last read it: each look reads only the answers saved since.

    Reading and cleaning every answer of a full room (40 × all questions) costs about
    75 ms, and the trainer page looks each second the room changes; the answers read stay
    here with what each counts for and each question's summary, a look reads those stamped
    at most `RECHECK` before the newest one read, and recounts only the questions whose
    answers changed (all of them when someone joined or left). An answer is only ever
    added, replaced, or deleted with its participant, so the answers of those no longer
    members are dropped, and when the hold has more answers than are kept, one slipped past
    the window: the hold is read whole.
    """

    def __init__(self, store: Store, code: str, content: Content) -> None:
        self.store, self.code, self.content = store, code, content
        self._answers: dict[tuple[str, str], Answer] = {}
        self._picks: dict[str, dict[str, Pick]] = defaultdict(dict)
        self._members: set[str] = set()
        self._summaries: dict[str, Summarised] = {}
        """Each question's, as of the last look; a key is dropped when its picks change."""
        self._newest: datetime | None = None
        """The newest stamp read, kept when its answer is dropped: what was saved before it
        has been read (but for the `RECHECK` window), whoever it belongs to now."""

    def look(self, answers_now: int) -> Plenum:
        """The plenum now; `answers_now` is how many answers the hold has
        (`Store.hold_version`), which says whether anything slipped past."""
        members = {participant.id for participant in self.store.members(self.code)}
        if members != self._members:
            self._members = members
            self._summaries.clear()
            for gone in [key for key in self._answers if key[0] not in members]:
                del self._answers[gone]
                self._picks[gone[1]].pop(gone[0], None)
        newest = self._newest
        self._take(self.store.hold_answers(self.code, since=newest and newest - RECHECK))
        if len(self._answers) < answers_now:
            self._answers.clear()
            self._picks.clear()
            self._summaries.clear()
            self._newest = None
            self._take(self.store.hold_answers(self.code))
        return _plenum(self.content, members, self._summarised)

    def _take(self, answers: Iterable[Answer]) -> None:
        for answer in answers:
            key = (answer.participant_id, answer.question_key)
            if self._newest is None or answer.updated_at > self._newest:
                self._newest = answer.updated_at
            if self._answers.get(key) == answer:
                continue  # read again in the window, unchanged
            self._answers[key] = answer
            picks = self._picks[answer.question_key]
            if (pick := _pick(self.content, answer)) is not None:
                picks[answer.participant_id] = pick
            else:
                picks.pop(answer.participant_id, None)
            self._summaries.pop(answer.question_key, None)

    def _summarised(self, ref: QuestionRef) -> Summarised:
        if ref.key not in self._summaries:
            picks = self._picks.get(ref.key, {})
            mine = {who: pick for who, pick in picks.items() if who in self._members}
            self._summaries[ref.key] = (mine, _summary(ref.key, ref.question, mine.values()))
        return self._summaries[ref.key]


CSV_DELIMITER = ";"
"""Danish Excel reads `;` as the column separator (the comma is the decimal sign)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (CSV injection, OWASP)."""


def csv_cell(value: object) -> object:
    """A cell a spreadsheet shows as text: `=HYPERLINK(…)` typed by a participant is not run.

    A leading apostrophe is what spreadsheets themselves use to mark text, and
    it is visible, so a reader sees that the cell was neutralised. Numbers are
    written as numbers.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _SafeWriter:
    """`csv.writer` with every cell through `csv_cell`."""

    def __init__(self, out: TextIO) -> None:
        self._writer = csv.writer(out, delimiter=CSV_DELIMITER)

    def writerow(self, row: Sequence[object]) -> None:
        self._writer.writerow([csv_cell(value) for value in row])


def write_csv(plenum: Plenum, out: TextIO) -> int:
    """Write the plenum as one table a spreadsheet opens; return the number of data rows.

    Counts, distributions, shared free text and progress; no pseudonym, no
    participant id, and no free text its author did not agree to share. Cells
    are `;`-separated for Danish spreadsheets, and no cell can be a formula.
    """
    writer = _SafeWriter(out)
    writer.writerow(texts.PLENUM_CSV_HEADER)
    rows = 0
    for section in plenum.sections:
        for q in section.questions:
            kind = q.kind.value
            for tally in q.tallies:
                writer.writerow([section.title, q.key, q.text, kind, tally.label, tally.count])
                rows += 1
            for text in q.shared_texts:
                writer.writerow([section.title, q.key, q.text, kind, text, 1])
                rows += 1
            answered = texts.PLENUM_CSV_ANSWERED
            writer.writerow([section.title, q.key, q.text, kind, answered, q.answered])
            rows += 1
    progress = texts.PLENUM_CSV_PROGRESS
    writer.writerow([progress, "", texts.PLENUM_PARTICIPANTS, "", "", plenum.participants])
    rows += 1
    for module in plenum.progress:
        for label, count in (
            (texts.PLENUM_NOT_STARTED, module.not_started),
            (texts.PLENUM_STARTED, module.started),
            (texts.PLENUM_FINISHED, module.finished),
        ):
            writer.writerow([progress, module.key, module.title, "", label, count])
            rows += 1
    return rows
