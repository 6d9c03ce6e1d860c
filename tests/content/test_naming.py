"""One name per film, the same on every page, handout, worksheet and trainer menu."""

from __future__ import annotations

from typing import Any

import pytest

from opsporing import plenum
from opsporing.content import Content, schema
from opsporing.content.models import Film
from opsporing.content.naming import film_title


def _film(**fields: Any) -> Film:
    base: dict[str, Any] = {
        "id": "x-1",
        "gruppe": "fagperson",
        "temaer": ["tidlig indsats"],
        "resumé": "Et resumé.",
        "spørgsmål": [
            {"id": "a", "type": "fritekst", "tekst": "Hvad?"},
            {"id": "b", "type": "fritekst", "tekst": "Hvorfor?"},
            {"id": "c", "type": "trafiklys", "tekst": "Hvor?"},
        ],
    }
    film: Film = schema.plain(schema.Film.model_validate(base | fields))
    return film


def test_a_confirmed_film_is_called_by_its_title() -> None:
    film = _film(titel="En titel", kilde="En kilde", tjekket="2026-12-01")
    assert film_title(film) == "En titel"


def test_an_unconfirmed_film_is_called_by_its_label_and_says_so() -> None:
    film = _film(bekræftet=False, betegnelse="En ung ser tilbage (nr. 2)", se_her="https://x.dk")
    assert film_title(film) == "En ung ser tilbage (nr. 2) (titlen er ikke bekræftet)"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"gruppe": "ung"}, "Film med en ung (titlen er ikke bekræftet)"),
        ({"fag": "pædagog"}, "Film med en pædagog (titlen er ikke bekræftet)"),
        ({}, "Film med en fagperson (titlen er ikke bekræftet)"),
    ],
)
def test_without_a_label_the_name_says_who_speaks(fields: dict[str, Any], expected: str) -> None:
    film = _film(bekræftet=False, se_her="https://x.dk", **fields)
    assert film_title(film) == expected


def test_a_confirmed_film_takes_no_label() -> None:
    with pytest.raises(ValueError, match="verified_film_with_label"):
        _film(titel="T", betegnelse="B", kilde="K", tjekket="2026-12-01")


def test_every_shipped_film_has_a_distinct_readable_name(shipped: Content) -> None:
    names = [film_title(f) for f in shipped.films]
    assert len(set(names)) == len(names), names
    for film, name in zip(shipped.films, names, strict=True):
        assert film.id not in name, name
        if not film.verified:
            assert film.label, f"{film.id} needs a betegnelse"
            assert name.endswith("(titlen er ikke bekræftet)"), name


def test_the_trainers_menu_uses_the_same_name(shipped: Content) -> None:
    for film in shipped.films:
        assert plenum.film_section(film).endswith(film_title(film))
