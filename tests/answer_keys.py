"""Options with an answer key, for the content tests build from Python data.

Every choice option carries a verdict, a reason and a source; tests that are
about something else (counting, saving, rendering) only care about the texts,
so `keyed` fills in a plausible key and `texts_of` reads the texts back.
"""

from __future__ import annotations

from typing import Any

VERDICTS = ("forsvarlig", "risikabel", "forkert")


def keyed(*options: str) -> list[dict[str, str]]:
    """The options as the content files write them, verdicts taken in turn."""
    return [
        {
            "tekst": text,
            "vurdering": VERDICTS[i % len(VERDICTS)],
            "begrundelse": f"Begrundelse for {text}.",
            "kilde": "Barnets lov § 133",
        }
        for i, text in enumerate(options)
    ]


def texts_of(question: dict[str, Any]) -> list[str]:
    """The option texts of a question written as data (none for other kinds)."""
    return [choice["tekst"] for choice in question.get("valg", [])]
