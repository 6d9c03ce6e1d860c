"""Handouts as files: what the command line and the handout page hand to people.

Reads the store and the content, builds the notebook, converts it with one
warm exporter per format, and names the file after the participant.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path

from nbformat import NotebookNode
from traitlets.config import Config

from opsporing import outfiles, texts
from opsporing.content import Content
from opsporing.handouts.exporters import HandoutHTMLExporter, HandoutPDFExporter
from opsporing.handouts.notebook import Part, personal_handout
from opsporing.handouts.worksheets import worksheets
from opsporing.store import Participant, Store


class Format(StrEnum):
    HTML = "html"
    PDF = "pdf"


@cache
def exporter(fmt: Format, trainer: bool = False) -> HandoutHTMLExporter:
    """One exporter per format for the process: its template is compiled once."""
    config = Config()
    if trainer:
        config.TrainerCellsPreprocessor.enabled = False
    cls = HandoutPDFExporter if fmt == Format.PDF else HandoutHTMLExporter
    return cls(config=config)  # type: ignore[no-untyped-call]  # nbconvert's, unannotated


def convert(nb: NotebookNode, fmt: Format, trainer: bool = False) -> bytes:
    warm = exporter(fmt, trainer)
    if isinstance(warm, HandoutPDFExporter):
        pdf, _resources = warm.from_notebook_node(nb)
        return pdf
    html, _resources = warm.from_notebook_node(nb)
    return html.encode("utf-8")


def file_stem(name: str) -> str:
    """A safe file name from a pseudonym: letters (æøå too), digits, '-' and '_' only."""
    stem = re.sub(r"[^\w-]+", "-", name, flags=re.UNICODE).strip("-_")
    return stem[:60] or "deltager"


def hold_label(store: Store, participant: Participant) -> str | None:
    """The hold as the header prints it: its name and code, or nothing when working alone."""
    if participant.hold_code is None:
        return None
    name = store.hold_name(participant.hold_code)
    return f"{name} ({participant.hold_code})" if name else participant.hold_code


def handout_notebook(
    store: Store,
    content: Content,
    participant: Participant,
    today: date | None = None,
    part: Part = Part.ALL,
) -> NotebookNode:
    """The participant's handout: all of it, or one part of the kit (see `Part`)."""
    answers = {key: a.value for key, a in store.answers(participant.id).items()}
    return personal_handout(
        content,
        answers,
        pseudonym=participant.pseudonym,
        hold=hold_label(store, participant),
        municipality=participant.municipality,
        today=today or date.today(),
        part=part,
        return_code=participant.return_code,
    )


def handout_name(participant: Participant, fmt: Format) -> str:
    """`mine-svar-<pseudonym>.pdf`: the file name says whose answers these are."""
    return f"{texts.HANDOUT_FILE_PREFIX}-{file_stem(participant.pseudonym)}.{fmt}"


def handout_files(
    store: Store, content: Content, participant: Participant, formats: Iterable[Format]
) -> dict[str, bytes]:
    """The participant's handout in each format, by file name."""
    nb = handout_notebook(store, content, participant)
    return {handout_name(participant, fmt): convert(nb, fmt) for fmt in formats}


def hold_zip(
    store: Store, content: Content, hold_code: str, target: Path, formats: Iterable[Format]
) -> list[str]:
    """Every participant's handout of a hold in one zip file; returns the names written."""
    formats = list(formats)
    names: list[str] = []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for participant in store.members(hold_code):
            for name, data in handout_files(store, content, participant, formats).items():
                unique = name
                n = 2
                while unique in names:  # two pseudonyms that make the same file name
                    stem, ext = name.rsplit(".", 1)
                    unique = f"{stem}-{n}.{ext}"
                    n += 1
                archive.writestr(unique, data)
                names.append(unique)
    return names


def write_worksheets(
    content: Content, out: Path, formats: Iterable[Format], trainer: bool = False
) -> list[Path]:
    """Every blank worksheet (the trainer's copy keeps the expert commentary)."""
    out.mkdir(parents=True, exist_ok=True)
    formats = list(formats)
    suffix = f"-{texts.WORKSHEET_TRAINER_SUFFIX}" if trainer else ""
    written = []
    for stem, nb in worksheets(content, date.today()).items():
        for fmt in formats:
            path = out / f"{texts.WORKSHEET_FILE_PREFIX}-{stem}{suffix}.{fmt}"
            outfiles.write_bytes(path, convert(nb, fmt, trainer))
            written.append(path)
    return written
