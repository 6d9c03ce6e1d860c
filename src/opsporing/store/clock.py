"""The store's clock: every time the store writes, or compares with, is read here.

The store's modules read it through the module (`clock.now()`), never import it by name, so
a test stops the clock for the whole store at once (`monkeypatch.setattr(store.clock, "now",
…)`), as the lock and pace tests do.
"""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """SQLite gives back a naive datetime for what was stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
