"""The kit's own page notebooks exported with our exporters: the handout that belongs to the page.

A page notebook holds only a call into the package, so exported as it is it
would be an empty page. A kit notebook says which view it is in its metadata
(`"opsporing": {"view": "cases"}`); `KitPagePreprocessor` swaps it for that
view's handout. In JupyterLab the participant is the one the start page
remembers in the data folder: their own answers for that part of the kit; with
no one remembered, the part's blank worksheets. The trainer's page gives the
blank worksheets, never a participant's answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from nbformat import NotebookNode

from opsporing import content, paths, store
from opsporing.handouts.build import handout_notebook
from opsporing.handouts.notebook import Part
from opsporing.handouts.worksheets import part_worksheets
from opsporing.store import Participant

PARTICIPANT_VIEWS = {
    "start": Part.ALL,
    "temafilm": Part.FILMS,
    "cases": Part.CASES,
    "hjaelp": Part.CONTACTS,
    "handout": Part.ALL,
}
"""The participant's views and the part of the kit each one's handout covers."""

TRAINER_VIEW = "underviser"


def view(nb: Mapping[str, Any]) -> str | None:
    """The view a kit notebook shows (its `opsporing.view` metadata); None for any other.

    Takes the notebook as JSON too: Jupyter's contents manager saves a plain dict.
    """
    meta = nb.get("metadata", {}).get("opsporing")
    return meta.get("view") if isinstance(meta, dict) else None


def remembered_participant(s: store.Store) -> Participant | None:
    """The participant JupyterLab's start page remembers, if they are still in the store."""
    # Imported here: the pages import the handouts, and only a kit notebook needs to know.
    from opsporing.pages.session import remembered_participant_id

    wanted = remembered_participant_id()
    return s.participant(wanted) if wanted else None


def page_handout(nb: NotebookNode) -> NotebookNode | None:
    """The handout for a kit notebook; None if `nb` is not one (it is exported as it is)."""
    shown = view(nb)
    if shown != TRAINER_VIEW and shown not in PARTICIPANT_VIEWS:
        return None
    day = date.today()
    loaded = content.load(paths.content_root())
    if shown == TRAINER_VIEW:
        return part_worksheets(loaded, day, Part.ALL)
    part = PARTICIPANT_VIEWS[shown]
    s = store.default()
    participant = remembered_participant(s)
    if participant is None:
        return part_worksheets(loaded, day, part)
    return handout_notebook(s, loaded, participant, day, part)
