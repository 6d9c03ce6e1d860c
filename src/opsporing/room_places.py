"""Where a trainer can send the room: every view, film, case and case stage, named in Danish.

A place is what an address names (`opsporing.views`): `{"vis": view}` plus a
film, or a case and its stage. The trainer's choice is stored as such a place
(`Store.send_room`), so the content may change between the step and a late
participant's arrival: a place that no longer exists, or a stage lock beyond
a case's last stage, is found here and named in Danish rather than followed.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from opsporing import texts, views
from opsporing.content import Content
from opsporing.content.naming import film_title

Place = dict[str, str]


@dataclass(frozen=True)
class RoomPlace:
    label: str
    place: Place

    @property
    def key(self) -> str:
        return key(self.place)


def key(place: Place) -> str:
    """A place as one string (a select's value): the query an address would carry."""
    return urlencode([(k, place[k]) for k in (views.VIEW_PARAM, *views.PLACE_PARAMS) if k in place])


def from_key(value: str) -> Place:
    return dict(parse_qsl(value))


def places(content: Content) -> list[RoomPlace]:
    """Every place in the order a workshop meets them: each view, and within the films' and
    the cases' views each film, each case and each of its stages."""
    found: list[RoomPlace] = []
    for view in views.VIEWS:
        found.append(RoomPlace(texts.ROOM_PLACE_VIEW.format(view=view.title), {"vis": view.id}))
        if view.id == "temafilm":
            found += [
                RoomPlace(
                    texts.ROOM_PLACE_FILM.format(film=film_title(f)), {"vis": view.id, "film": f.id}
                )
                for f in content.films
            ]
        if view.id == "cases":
            for v in content.vignettes:
                found.append(
                    RoomPlace(
                        texts.ROOM_PLACE_CASE.format(case=v.title), {"vis": view.id, "case": v.id}
                    )
                )
                found += [
                    RoomPlace(
                        texts.ROOM_PLACE_STAGE.format(case=v.title, number=n),
                        {"vis": view.id, "case": v.id, "trin": str(n)},
                    )
                    for n in range(1, len(v.stages) + 1)
                ]
    return found


def problem(content: Content, place: Place) -> str | None:
    """Why the room cannot be sent to `place` (in Danish), or None when it can."""
    view = place.get("vis", "")
    if view not in views.BY_ID:
        return texts.ROOM_PLACE_GONE.format(what=view or "?")
    if "film" in place and place["film"] not in {f.id for f in content.films}:
        return texts.ROOM_PLACE_GONE.format(what=place["film"])
    if "case" in place:
        found = {v.id: v for v in content.vignettes}.get(place["case"])
        if found is None:
            return texts.ROOM_PLACE_GONE.format(what=place["case"])
        stage = place.get("trin", "1")
        if not stage.isdigit() or not 1 <= int(stage) <= len(found.stages):
            return texts.ROOM_PLACE_GONE.format(what=f"{found.title}, trin {stage}")
    return None


def describe(content: Content, place: Place) -> str:
    """The place's Danish name, as the trainer chose it from `places`."""
    wanted = key(place)
    for option in places(content):
        if option.key == wanted:
            return option.label
    return texts.ROOM_PLACE_VIEW.format(view=views.view(place.get("vis")).title)


def checked_locks(content: Content, locks: dict[str, int]) -> tuple[dict[str, int], list[str]]:
    """The locks that still fit the content, and a Danish line for each that did not: a case
    that is gone loses its lock; a lock beyond a case's last stage is set to its last."""
    kept: dict[str, int] = {}
    said: list[str] = []
    by_id = {v.id: v for v in content.vignettes}
    for case, through in locks.items():
        vignette = by_id.get(case)
        if vignette is None:
            said.append(texts.ROOM_LOCK_GONE.format(case=case))
            continue
        fixed = min(max(through, 1), len(vignette.stages))
        if fixed != through:
            said.append(
                texts.ROOM_LOCK_STALE.format(
                    case=vignette.title, number=through, stages=len(vignette.stages), fixed=fixed
                )
            )
        kept[case] = fixed
    return kept, said
