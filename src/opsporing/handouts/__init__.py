"""Handouts: a participant's answers, blank worksheets, as HTML and PDF through nbconvert.

Voila cannot export a page, so a handout is built as a notebook (`notebook`,
`worksheets`), run through our preprocessors and the `opsporing-handout`
template (`exporters`), and printed to PDF by a warm system Chromium
(`browser`). `build` turns them into files; `download` is the page's widget.
"""

from opsporing.handouts.browser import PdfUnavailable
from opsporing.handouts.build import (
    Format,
    convert,
    handout_files,
    handout_notebook,
    hold_zip,
    write_worksheets,
)

__all__ = [
    "Format",
    "PdfUnavailable",
    "convert",
    "handout_files",
    "handout_notebook",
    "hold_zip",
    "write_worksheets",
]
