"""The row every benchmark returns, and the few statistics the benchmarks share."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, NotRequired, TypedDict


class Row(TypedDict):
    """One figure beside its baseline; `target` says what the issue asked for, in words."""

    name: str
    value: float
    baseline: float
    unit: str
    p50: NotRequired[float]
    p95: NotRequired[float]
    target: NotRequired[str]
    note: NotRequired[str]


def percentile(samples: Sequence[float], q: float) -> float:
    """The nearest-rank percentile: a real observed sample, never an interpolated one."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def ratio(row: Row) -> float:
    return row["value"] / row["baseline"] if row["baseline"] else math.nan


def an_answer(question: Any) -> Any:
    """A plausible answer to any question, as the benchmarks' participants give it."""
    options = list(getattr(question, "options", []))
    return {
        "fritekst": "Hun virker træt og sulten om morgenen.",
        "enkeltvalg": options[0] if options else None,
        "flervalg": options[:2],
        "handling": options[:2],
        "skala": getattr(question, "low", 1),
        "trafiklys": "gul",
    }[str(getattr(question.kind, "value", question.kind))]
