"""`opsporing validate` on hostile content files, against the shipped content alone.

A content file is written by a municipality's author, and a mistaken or
malicious one must not hang `validate` (issue #13: a file that expanded far
beyond its size ran past 20 s). Each hostile file replaces one shipped file
in a copy of the content, and the whole tree is validated; the baseline is
the same tree untouched, measured in the same rounds.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.measure import Row, percentile

ROUNDS = 3


def _billion_laughs() -> str:
    lines = ['a0: &a0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    for n in range(1, 9):
        lines.append(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]")
    return "\n".join(lines) + "\n"


HOSTILE: dict[str, Callable[[], str]] = {
    "billion laughs (9 lines)": _billion_laughs,
    "10 MB comment": lambda: "# " + "x" * 10_000_000 + "\n",
    "1 MB flow list of 330,000 values": lambda: "x: [" + "a, " * 330_000 + "]\n",
    "1 MB of [ (unclosed nesting)": lambda: "x: " + "[" * 999_000 + "\n",
    "1 MB single string": lambda: "titel: " + "x" * 999_000 + "\nsituationer: []\n",
    "1 MB of entries (25,000)": lambda: (
        "titel: t\nsituationer:\n"
        + "".join(f"  - {{id: s{i}, situation: x, gør: y}}\n" for i in range(25_000))[:990_000]
    ),
    "1 MB just under the caps (2,250 entries)": lambda: (
        "titel: t\nsituationer:\n"
        + "".join(
            f"  - {{id: s{i}, situation: {'x' * 200}, gør: {'y' * 200}}}\n" for i in range(2_250)
        )
    ),
}


def run() -> list[Row]:
    from opsporing import content, paths

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in ("films", "exercises", "services"):
            shutil.copytree(paths.content_root() / name, root / name)
        target = root / "services" / "hvem-kontakter-jeg.yaml"
        shipped = target.read_text("utf-8")
        for label, make in HOSTILE.items():
            text = make()
            timed, baseline = [], []
            for _ in range(ROUNDS):
                target.write_text(shipped, "utf-8")
                t0 = time.perf_counter()
                content.validate(root)
                baseline.append(time.perf_counter() - t0)
                target.write_text(text, "utf-8")
                t0 = time.perf_counter()
                _, errors = content.validate(root)
                timed.append(time.perf_counter() - t0)
            rows.append(
                Row(
                    name=f"validate: {label}",
                    value=percentile(timed, 50),
                    baseline=percentile(baseline, 50),
                    unit="s",
                    target="≤ 2 s for any file up to 10 MB",
                    note=str(errors[0])[:80] if errors else "accepted",
                )
            )
    return rows
