"""What the kit calls a film: one name on every page, handout, sheet and trainer menu.

A film whose title nobody has confirmed gets no invented title. It is called by
the kit's own description (`betegnelse` in the film index, e.g. "En ung ser
tilbage (nr. 2)"), or failing that by who speaks in it, and the name always
says that the title is unconfirmed.
"""

from __future__ import annotations

from opsporing import texts
from opsporing.content.models import Film, FilmGroup


def _who(film: Film) -> str:
    if film.group == FilmGroup.YOUNG:
        return texts.FILM_WHO_YOUNG
    if film.profession is not None:
        return texts.FILM_WHO_PROFESSION.format(profession=film.profession.value)
    return texts.FILM_WHO_PROFESSIONAL


def film_title(film: Film) -> str:
    """The confirmed title, or a readable name that does not pretend to be one."""
    if film.title:
        return film.title
    label = film.label or texts.FILM_UNTITLED_FALLBACK.format(who=_who(film))
    return texts.FILM_UNTITLED.format(label=label)
