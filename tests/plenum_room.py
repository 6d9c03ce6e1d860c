"""A small kit with every question kind, and a seeded room of simulated participants.

The plenum must count every kind exactly, whatever the shipped content happens
to hold today, so its tests use this kit. The room is generated from a seeded
random and kept as plain data, so a test computes what it expects from the data
itself, not from the code under test.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from answer_keys import keyed, texts_of

from opsporing.content import Content
from opsporing.content.schema import (
    ContactGuide,
    FilmIndex,
    HelpRoles,
    Model,
    MunicipalityDirectory,
    Vignette,
    plain,
)
from opsporing.store import Store

CHECK = "https://example.org/tjek"

FILM_A = {
    "id": "film-a",
    "titel": "Testfilm A",
    "kilde": CHECK,
    "tjekket": "2026-01-01",
    "gruppe": "fagperson",
    "temaer": ["tidlig indsats"],
    "resumé": "En film til test.",
    "spørgsmål": [
        {"id": "noter", "type": "fritekst", "tekst": "Hvad lagde du mærke til?"},
        {
            "id": "enig",
            "type": "enkeltvalg",
            "tekst": "Er du enig?",
            "valg": keyed("Ja", "Nej", "Ved ikke"),
        },
        {
            "id": "tegn",
            "type": "flervalg",
            "tekst": "Hvilke tegn?",
            "valg": keyed("Træt", "Sulten", "Stille", "Urolig"),
        },
        {
            "id": "tryg",
            "type": "skala",
            "tekst": "Hvor tryg?",
            "fra_tekst": "slet ikke",
            "til_tekst": "helt",
        },
        {"id": "lys", "type": "trafiklys", "tekst": "Hvor bekymret?"},
        {
            "id": "goere",
            "type": "handling",
            "tekst": "Hvad gør du?",
            "valg": keyed("Tale med barnet", "Tale med en kollega", "Underrette kommunen"),
        },
    ],
}

FILM_B = {
    "id": "film-b",
    "bekræftet": False,
    "se_her": CHECK,
    "gruppe": "ung",
    "temaer": ["inddragelse af børn og unge"],
    "resumé": "En ubekræftet film.",
    "spørgsmål": [
        {
            "id": "valg",
            "type": "enkeltvalg",
            "tekst": "Hvem?",
            "valg": keyed("Læreren", "Tandlægen"),
        },
        {
            "id": "ti",
            "type": "skala",
            "tekst": "0 til 10?",
            "fra": 0,
            "til": 10,
            "fra_tekst": "lidt",
            "til_tekst": "meget",
        },
        {"id": "tanker", "type": "fritekst", "tekst": "Dine tanker?"},
    ],
}

VIGNETTE = {
    "id": "ida",
    "titel": "Ida, 8 år",
    "fiktiv": True,
    "alder": 8,
    "miljø": "SFO",
    "fag": ["pædagog"],
    "temaer": ["tidlig indsats"],
    "indledning": "Ida er opdigtet.",
    "trin": [
        {
            "titel": "Det første tegn",
            "tekst": "Ida er træt.",
            "fagligt_perspektiv": "Notér, hvad du ser.",
            "spørgsmål": [
                {"id": "lys", "type": "trafiklys", "tekst": "Hvor bekymret?"},
                {"id": "hvorfor", "type": "fritekst", "tekst": "Hvorfor?"},
            ],
        },
        {
            "titel": "Samtalen",
            "tekst": "Ida siger noget.",
            "fagligt_perspektiv": "Lyt.",
            "spørgsmål": [
                {
                    "id": "naeste",
                    "type": "handling",
                    "tekst": "Næste skridt?",
                    "valg": keyed("Lytte", "Notere", "Ringe"),
                },
                {
                    "id": "sikker",
                    "type": "skala",
                    "tekst": "Hvor sikker?",
                    "fra": 1,
                    "til": 4,
                    "fra_tekst": "usikker",
                    "til_tekst": "sikker",
                },
            ],
        },
        {
            "titel": "Beslutningen",
            "tekst": "Hvad nu?",
            "fagligt_perspektiv": "Underret.",
            "spørgsmål": [
                {
                    "id": "hvem",
                    "type": "flervalg",
                    "tekst": "Hvem involverer du?",
                    "valg": keyed("Leder", "Kollega"),
                },
                {
                    "id": "under",
                    "type": "enkeltvalg",
                    "tekst": "Underretter du?",
                    "valg": keyed("Ja", "Nej"),
                },
            ],
        },
    ],
}


def _plain(schema: type[Model], data: dict[str, Any]) -> Any:
    """Validated as the kit's files are, and handed over as the pages get it."""
    return plain(schema.model_validate(data))


def kit() -> Content:
    """Two films (one unverified) and one vignette, with every question kind more than once."""
    return Content(
        film_index=_plain(
            FilmIndex,
            {
                "serie": {
                    "bekræftet": False,
                    "se_her": CHECK,
                    "titel": "Testserie",
                    "udgiver": "Test",
                    "beskrivelse": "Til test.",
                    "side": CHECK,
                },
                "film": [FILM_A, FILM_B],
            },
        ),
        vignettes=(_plain(Vignette, VIGNETTE),),
        law=(),
        services=(),
        help_roles=_plain(
            HelpRoles,
            {
                "indledning": "Test.",
                "roller": [
                    {
                        "id": "ven",
                        "navn": "Ven",
                        "beskrivelse": "Test.",
                        "bekræftet": False,
                        "se_her": CHECK,
                    }
                ],
            },
        ),
        municipality_directory=_plain(
            MunicipalityDirectory,
            {
                "bekræftet": False,
                "se_her": CHECK,
                "fælles": [{"id": "alle", "tekst": "Test.", "bekræftet": False, "se_her": CHECK}],
                "kommuner": [
                    {
                        "kode": 101,
                        "navn": "København",
                        "officielt_navn": "Københavns Kommune",
                        "region": "Hovedstaden",
                    }
                ],
            },
        ),
        guide=_plain(
            ContactGuide,
            {"titel": "Test", "situationer": [{"id": "a", "situation": "Test", "gør": "Test"}]},
        ),
    )


SECRET_WORDS = ("hemmeligt-ord", "privat-ord", "fortroligt")
"""Words that only ever appear in free text whose author did not consent to share it."""


@dataclass
class Room:
    """30 participants' answers as plain data: pseudonym -> question key -> (value, shared)."""

    code: str
    pin: str
    answers: dict[str, dict[str, tuple[Any, bool]]] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)


def _value(rng: random.Random, question: dict[str, Any], n: int) -> Any:
    kind = question["type"]
    if kind == "fritekst":
        return rng.choice(["", "   ", f"Svar nummer {n} om trivsel"])
    if kind == "enkeltvalg":
        return rng.choice(texts_of(question))
    if kind in ("flervalg", "handling"):
        options = texts_of(question)
        return rng.sample(options, rng.randint(0, len(options)))
    if kind == "skala":
        return rng.randint(question.get("fra", 1), question.get("til", 5))
    return rng.choice(["grøn", "gul", "rød"])


def questions_by_key() -> dict[str, dict[str, Any]]:
    """The raw question data of the kit by store key, for tests to count from."""
    found = {f"{film['id']}/{q['id']}": q for film in (FILM_A, FILM_B) for q in film["spørgsmål"]}
    for number, stage in enumerate(VIGNETTE["trin"], start=1):
        found.update({f"ida/{number}/{q['id']}": q for q in stage["spørgsmål"]})
    return found


def populate(store: Store, seed: int = 2026, n: int = 30) -> Room:
    """Make a hold of `n` participants; the first answers everything, the rest about two thirds."""
    rng = random.Random(seed)
    room = Room(code=store.create_hold("4711-plenum", "Testhold"), pin="4711-plenum")
    keys = questions_by_key()
    for i in range(n):
        pseudonym = f"Deltager {i:02d}"
        room.ids[pseudonym] = store.join(pseudonym, room.code).id
        room.answers[pseudonym] = {}
        for key, question in keys.items():
            if i > 0 and rng.random() < 0.33:
                continue
            value = _value(rng, question, i)
            while i == 0 and value in ("", "   ", []):  # one participant finishes everything
                value = _value(rng, question, i)
            shared = rng.random() < 0.5
            if question["type"] == "fritekst" and not shared and value.strip():
                value = f"{value} {SECRET_WORDS[i % len(SECRET_WORDS)]} {pseudonym}"
            store.save_answer(room.ids[pseudonym], key, value, shared=shared)
            room.answers[pseudonym][key] = (value, shared)
    return room
