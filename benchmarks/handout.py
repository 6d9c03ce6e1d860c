"""Handouts: one fully answered personal handout as HTML and PDF, against `jupyter nbconvert`.

The notebook is a participant's handout with an answer to every question of
the shipped content (the longest a real handout gets), written to a file. The
baseline is what a person would otherwise run on that file, `jupyter nbconvert
--to html` in a fresh process; ours is the warm path a page or the CLI takes
after its first handout (template compiled, Chromium open). A second baseline
is nbconvert's own `lab` HTML exporter, warm in the same process, which shows
what our template costs. The first PDF of a process, which starts Chromium, is
reported on its own row. Rounds interleave
baseline and ours so load on a shared machine hits both alike.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.exporters import HTMLExporter

from benchmarks.measure import Row, percentile
from opsporing import content, paths
from opsporing.content.models import QuestionKind
from opsporing.handouts.build import Format, convert
from opsporing.handouts.notebook import personal_handout

ROUNDS = 3
JUPYTER = Path(sys.executable).with_name("jupyter")
ANSWER = "Hun kommer ofte uden madpakke og virker træt om morgenen; jeg har noteret det. "


def _answers(c: content.Content) -> dict[str, Any]:
    """A plausible answer to every question: a few sentences, or the first options."""
    answers: dict[str, Any] = {}
    for ref in c.questions():
        q = ref.question
        match q.kind:
            case QuestionKind.FREE_TEXT:
                answers[ref.key] = ANSWER * 3
            case QuestionKind.SINGLE_CHOICE:
                answers[ref.key] = q.options[0]
            case QuestionKind.MULTIPLE_CHOICE | QuestionKind.ACTION:
                answers[ref.key] = q.options[:2]
            case QuestionKind.SCALE:
                answers[ref.key] = q.low
            case QuestionKind.TRAFFIC_LIGHT:
                answers[ref.key] = "gul"
    return answers


def _timed(work: Any) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def _row(name: str, samples: list[float], baseline: list[float], note: str) -> Row:
    return {
        "name": name,
        "value": statistics.median(samples),
        "baseline": statistics.median(baseline),
        "unit": "s",
        "p50": percentile(samples, 50),
        "p95": percentile(samples, 95),
        "note": note,
    }


def run() -> list[Row]:
    c = content.load(paths.REPO_ROOT)
    nb = personal_handout(
        c,
        _answers(c),
        pseudonym="Deltager 1",
        hold="Benchmark",
        municipality=c.municipalities[0].code,
        today=date.today(),
    )
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "handout.ipynb"
        nbformat.write(nb, source)
        command = [str(JUPYTER), "nbconvert", "--to", "html", "--log-level", "ERROR", str(source)]

        def baseline_run() -> None:
            subprocess.run(command, check=True, capture_output=True, cwd=folder)

        stock = HTMLExporter()
        stock.from_notebook_node(nb)
        convert(nb, Format.HTML)  # compile the template once, as the first handout does
        cold_pdf = _timed(lambda: convert(nb, Format.PDF))
        printed = Path(folder) / "handout.pdf"
        printed.write_bytes(convert(nb, Format.PDF))
        info = subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True).stdout
        pages = next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))
        baseline, stock_warm, html, pdf = [], [], [], []
        for _round in range(ROUNDS):
            baseline.append(_timed(baseline_run))
            stock_warm.append(_timed(lambda: stock.from_notebook_node(nb)))
            html.append(_timed(lambda: convert(nb, Format.HTML)))
            pdf.append(_timed(lambda: convert(nb, Format.PDF)))
    size = f"{len(nb.cells)} cells, {pages} A4 pages"
    return [
        _row("handout HTML, warm", html, baseline, f"{size}; vs jupyter nbconvert --to html"),
        _row("handout HTML, warm vs lab exporter", html, stock_warm, "both in-process, warm"),
        _row("handout PDF, warm", pdf, baseline, f"{size}; HTML + Chromium print"),
        _row("handout PDF, first (starts Chromium)", [cold_pdf], baseline, "once per process"),
    ]


if __name__ == "__main__":
    rows = run()
    print(f"{'':38} {'ours':>8} {'baseline':>9} {'ratio':>6}")
    for row in rows:
        ratio = row["value"] / row["baseline"]
        print(f"{row['name']:38} {row['value']:7.2f}s {row['baseline']:8.2f}s {ratio:6.2f}")
