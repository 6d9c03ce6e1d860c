"""Pages built without a browser: a small fixture content tree and a fresh store per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from opsporing import content, store
from opsporing.pages.session import Session
from opsporing.widgets import QuestionField
from opsporing.widgets.shared import is_shown

FIXTURE_CONTENT = Path(__file__).parent / "fixtures" / "content"


@pytest.fixture(scope="session")
def small() -> content.Content:
    """Three films, one case and two services: small enough to know every expected count."""
    return content.load(FIXTURE_CONTENT)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[store.Store]:
    s = store.Store(f"sqlite:///{tmp_path / 'pages.sqlite'}")
    yield s
    s.engine.dispose()


@pytest.fixture
def session_with(db: store.Store, small: content.Content) -> Callable[..., Session]:
    """A page load's session: a participant by pseudonym (joined alone), or none."""

    def make(pseudonym: str | None = None, loaded: content.Content | None = None) -> Session:
        participant = db.join(pseudonym) if pseudonym else None
        return Session(db, loaded or small, participant)

    return make


def html_of(widget: object) -> str:
    """All HTML a widget tree shows (HTML values, labels, descriptions, the texts and questions
    of a question block), for assertions."""
    found: list[str] = []

    def walk(w: object) -> None:
        if "opsporing-style" in getattr(w, "_dom_classes", ()):
            return  # the stylesheet names every class; what is shown is asked for
        for name in ("value", "description", "placeholder", "before"):
            v = getattr(w, name, None)
            if isinstance(v, str):
                found.append(v)
        for item in getattr(w, "items", ()):  # a QuestionBlock's questions, as drawn
            spec = item["spec"]
            found.extend([spec["text"], spec.get("help") or ""])
            found.extend(option["label"] for option in spec.get("options", ()))
        for part in getattr(w, "parts", ()):  # a QuestionBlock's parts: a case's stages
            found.extend([part["before"], part["after"]])
        if isinstance(after := getattr(w, "after", None), str):
            found.append(after)
        for child in getattr(w, "children", ()):
            walk(child)

    walk(widget)
    return "\n".join(found)


def shown(widget: object) -> bool:
    return is_shown(widget)  # type: ignore[arg-type]


@dataclass
class FakeTimer:
    """The kernel's event loop, moved by hand: `fire` runs what is due."""

    calls: list[list[Any]] = field(default_factory=list)

    def __call__(self, delay: float, callback: Callable[[], None]) -> Any:
        entry = [delay, callback, False]
        self.calls.append(entry)
        return _Handle(entry)

    @property
    def pending(self) -> list[list[Any]]:
        return [entry for entry in self.calls if not entry[2]]

    def fire(self) -> None:
        for entry in self.pending:
            entry[2] = True
            entry[1]()


@dataclass
class _Handle:
    entry: list[Any]

    def cancel(self) -> None:
        self.entry[2] = True


def answer(q: QuestionField) -> None:
    """Give any valid answer and save it at once (as leaving the field would)."""
    drawn = q.drawing()
    if drawn["kind"] == "fritekst":
        q.value = "Mit svar"
    else:
        first = drawn["spec"]["options"][0]["value"]
        q.value = [first] if drawn["spec"]["multiple"] else first
    q.flush()
