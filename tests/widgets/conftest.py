"""A fake clock for the debounced save, and questions built from the same data authors write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from answer_keys import keyed
from pydantic import TypeAdapter

from opsporing.content.schema import Question, plain

QUESTIONS: dict[str, dict[str, Any]] = {
    "fritekst": {"id": "tanke", "type": "fritekst", "tekst": "Hvad tænker du?"},
    "enkeltvalg": {
        "id": "hvem",
        "type": "enkeltvalg",
        "tekst": "Hvem taler du med først?",
        "valg": keyed("Barnet", "En kollega", "Forældrene"),
        "hjælp": "Der er ikke ét rigtigt svar.",
    },
    "flervalg": {
        "id": "tegn",
        "type": "flervalg",
        "tekst": "Hvilke tegn ser du?",
        "valg": keyed("Træthed", "Sult", "Fravær"),
    },
    "skala": {
        "id": "tryg",
        "type": "skala",
        "tekst": "Hvor tryg er du ved at tale med forældrene?",
        "fra": 1,
        "til": 5,
        "fra_tekst": "Slet ikke tryg",
        "til_tekst": "Helt tryg",
    },
    "trafiklys": {"id": "lys", "type": "trafiklys", "tekst": "Hvor er barnet?"},
    "handling": {
        "id": "skridt",
        "type": "handling",
        "tekst": "Hvad gør du nu?",
        "valg": keyed("Tale med barnet", "Dele bekymringen med min leder", "Underrette kommunen"),
    },
}


def question(kind: str, **changes: Any) -> Any:
    """A question as the pages get it, validated from what an author would write."""
    return plain(TypeAdapter(Question).validate_python({**QUESTIONS[kind], **changes}))


@dataclass
class FakeTimer:
    """Stands in for the event loop: time moves only when a test calls `advance`."""

    now: float = 0.0
    scheduled: list[list[Any]] = field(default_factory=list)

    def __call__(self, delay: float, callback: Callable[[], None]) -> _Handle:
        entry = [self.now + delay, callback, False]
        self.scheduled.append(entry)
        return _Handle(entry)

    def advance(self, seconds: float) -> None:
        self.now += seconds
        due = [e for e in self.scheduled if e[0] <= self.now and not e[2]]
        self.scheduled = [e for e in self.scheduled if e not in due and not e[2]]
        for entry in due:
            entry[1]()


@dataclass
class _Handle:
    entry: list[Any]

    def cancel(self) -> None:
        self.entry[2] = True


@dataclass
class Saves:
    """Records every call of the save callback, as the store would receive it."""

    calls: list[tuple[str, Any, bool]] = field(default_factory=list)

    def __call__(self, key: str, value: Any, shared: bool) -> None:
        self.calls.append((key, value, shared))


@pytest.fixture
def timer() -> FakeTimer:
    return FakeTimer()


@pytest.fixture
def saves() -> Saves:
    return Saves()
