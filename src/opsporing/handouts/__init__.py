"""Handouts: a participant's answers, blank worksheets, as HTML and PDF through nbconvert.

Voila cannot export a page, so a handout is built as a notebook (`notebook`,
`worksheets`), run through our preprocessors and the `opsporing-handout`
template (`exporters`), and printed to PDF by a warm system Chromium
(`browser`). `build` turns them into files; `download` is the page's widget.
A kit page notebook exported with our exporters becomes its page's handout
(`kit`), and in JupyterLab it is saved without what the page showed (`lab`).
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
from opsporing.handouts.notebook import Part

__all__ = [
    "Format",
    "Part",
    "PdfUnavailable",
    "convert",
    "handout_files",
    "handout_notebook",
    "hold_zip",
    "write_worksheets",
]
