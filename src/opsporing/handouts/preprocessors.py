"""Our nbconvert preprocessors, switched on by the template's conf.json.

Because the template lists them, they run whichever way a handout is made:
from our exporters, `jupyter nbconvert --template opsporing-handout`, or
JupyterLab's export menu.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor
from nbformat import NotebookNode
from traitlets import Set

from opsporing import texts
from opsporing.handouts import kit
from opsporing.handouts.cells import TRAINER_TAG


class KitPagePreprocessor(Preprocessor):
    """Swap one of the kit's page notebooks for the handout that belongs to it (see `kit`).

    It runs first, so the handout goes through the other preprocessors like
    any built one; every other notebook passes unchanged.
    """

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        handout = kit.page_handout(nb)
        return (nb if handout is None else handout), resources


class TrainerCellsPreprocessor(TagRemovePreprocessor):
    """Drop the trainer's cells (the expert commentary on a blank worksheet).

    Set `TrainerCellsPreprocessor.enabled = False` to make the trainer's copy.
    """

    remove_cell_tags = Set({TRAINER_TAG}).tag(config=True)


_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""C0/C1 control characters (not tab and newline) and the bidi embedding and isolate controls."""


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control picture": ␀, ␁, ... ␛ ...
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"[U+{code:04X}]"


def visible(text: str) -> str:
    """`text` with every control character replaced by a visible stand-in."""
    return _INVISIBLE.sub(_visible, text)


class VisibleControlCharacters(Preprocessor):
    """Show control characters in plain-text outputs as visible symbols instead of acting on them.

    An answer is printed exactly as typed, but a control character cannot be
    printed: ANSI escapes would turn into colours, a NUL breaks parsers, and a
    bidi override reverses the text around it. Each becomes a visible stand-in
    (␛, ␀, [U+202E]), so the reader sees that something was there.
    """

    def preprocess_cell(
        self, cell: NotebookNode, resources: dict[str, Any], index: int
    ) -> tuple[NotebookNode, dict[str, Any]]:
        for output in cell.get("outputs", []):
            if "text" in output:
                output["text"] = visible(output["text"])
            data = output.get("data", {})
            if "text/plain" in data:
                data["text/plain"] = visible(data["text/plain"])
        return cell, resources


class HandoutHeaderPreprocessor(Preprocessor):
    """Put the printed header (kit, title, hold, participant, date) and its labels in resources.

    The pseudonym and the hold's name were typed by people, so they get the
    same visible control characters as an answer.

    The values come from the notebook's `opsporing` metadata when we built it;
    any other notebook gets the kit's name, its own title and today's date.
    """

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        meta = nb.metadata.get("opsporing", {})
        day = date.fromisoformat(meta["date"]) if meta.get("date") else date.today()
        title = (
            meta.get("title")
            or nb.metadata.get("title")
            or resources.get("metadata", {}).get("name", texts.KIT_NAME)
        )
        resources["opsporing"] = {
            "kit": texts.KIT_NAME,
            "title": title,
            "hold": visible(meta.get("hold") or ""),
            "participant": visible(meta.get("participant") or ""),
            "return_code": visible(meta.get("return_code") or ""),
            "date": texts.danish_date(day),
            "labels": {
                "hold": texts.HANDOUT_HEADER_HOLD,
                "participant": texts.HANDOUT_HEADER_PARTICIPANT,
                "return_code": texts.HANDOUT_HEADER_RETURN_CODE,
                "date": texts.HANDOUT_HEADER_DATE,
                "page": texts.HANDOUT_PAGE,
                "page_of": texts.HANDOUT_PAGE_OF,
            },
        }
        return nb, resources
