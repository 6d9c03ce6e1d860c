"""Pages built without a browser: a small fixture content tree and a fresh store per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from opsporing import content, store
from opsporing.pages.session import Session
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
    """All HTML a widget tree shows (HTML values, labels, descriptions), for assertions."""
    found: list[str] = []

    def walk(w: object) -> None:
        if "opsporing-style" in getattr(w, "_dom_classes", ()):
            return  # the stylesheet names every class; what is shown is asked for
        for name in ("value", "description", "placeholder"):
            v = getattr(w, name, None)
            if isinstance(v, str):
                found.append(v)
        for child in getattr(w, "children", ()):
            walk(child)

    walk(widget)
    return "\n".join(found)


def shown(widget: object) -> bool:
    return is_shown(widget)  # type: ignore[arg-type]
