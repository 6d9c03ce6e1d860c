"""`python -m benchmarks`: run every benchmark, print one table, write RESULTS.md.

Every module in this package that has `run() -> list[Row]` is a benchmark, so
a new one is picked up by being added. A module that cannot measure here (a
missing server) prints why and returns fewer rows, rather than a number it did
not measure; one that fails is named under the table.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import pkgutil
import platform
import shutil
import subprocess
import sys
import time
import traceback
from pathlib import Path

from benchmarks.measure import Row, ratio

FIRST = ("autosave", "room")
"""Run first, so the table reads from storage to the room; the rest follow by name."""
RESULTS = Path(__file__).with_name("RESULTS.md")
CLOSING_NOTE = "## Closing note"


def _first_line(path: str, prefix: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def machine() -> dict[str, str]:
    """What the figures were measured on: ratios travel between machines, seconds do not."""
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    try:
        version = subprocess.run(
            [chromium, "--version"], capture_output=True, text=True, timeout=30
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        version = "not found"
    mem_kb = _first_line("/proc/meminfo", "MemTotal").split()[0]
    memory = f"{int(mem_kb) / 1024**2:.1f} GiB" if mem_kb.isdigit() else "unknown"
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": str(os.cpu_count()),
        "memory": memory,
        "CPU": _first_line("/proc/cpuinfo", "model name"),
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "Chromium": version,
    }


def _fmt(x: float) -> str:
    if x != x:  # NaN
        return "–"
    return f"{x:.3g}" if abs(x) < 100 else f"{x:.0f}"


def table(rows: list[Row]) -> list[str]:
    head = ["figure", "value", "baseline", "ratio", "unit", "target", "note"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        cells = [
            row["name"],
            _fmt(row["value"]),
            _fmt(row["baseline"]),
            f"{_fmt(ratio(row))}×",
            row["unit"],
            row.get("target", ""),
            row.get("note", ""),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _closing_note() -> str:
    """The hand-written reading of the figures (targets missed, by how much, why) is kept."""
    if not RESULTS.exists():
        return ""
    _, marker, note = RESULTS.read_text().partition(CLOSING_NOTE)
    return marker + note if marker else ""


def benchmarks() -> list[str]:
    """The modules of this package that define `run`, in table order."""
    names = []
    for module in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if module.name.startswith("_") or module.ispkg:
            continue
        if callable(getattr(importlib.import_module(f"benchmarks.{module.name}"), "run", None)):
            names.append(module.name)
    return sorted(names, key=lambda n: (FIRST.index(n) if n in FIRST else len(FIRST), n))


def main(names: list[str]) -> int:
    rows: list[Row] = []
    notes: list[str] = []
    failed = False
    for name in names or benchmarks():
        started = time.monotonic()
        print(f"-- {name} ...", flush=True)
        try:
            found = importlib.import_module(f"benchmarks.{name}").run()
        except Exception:
            traceback.print_exc()
            notes.append(f"`{name}`: failed, see the run's output")
            failed = True
            continue
        print(f"-- {name}: {time.monotonic() - started:.0f} s", flush=True)
        rows += found
    lines = table(rows)
    print("\n".join(lines))
    about = machine()
    report = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`python -m benchmarks`); each value is measured in the same run",
        "as its baseline, rounds interleaved, and the ratio is what travels between machines.",
        "",
        "## Machine",
        "",
        *(f"- {key}: {value}" for key, value in about.items()),
        "",
        "## Latest run",
        "",
        *lines,
        "",
    ]
    if notes:
        report += ["## Not measured in this run", "", *(f"- {n}" for n in notes), ""]
    if not names:
        RESULTS.write_text("\n".join(report) + _closing_note())
        print(f"wrote {RESULTS}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
