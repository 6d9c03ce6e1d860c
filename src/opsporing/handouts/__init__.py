"""Handouts: a participant's answers, blank worksheets, as HTML and PDF through nbconvert.

Voila cannot export a page, so a handout is built as a notebook (`notebook`,
`worksheets`), run through our preprocessors and the `opsporing-handout`
template (`exporters`), and printed to PDF by a warm system Chromium
(`browser`); `build` turns them into files. Importing this package loads
none of them: each is imported where it is used (the server's handout route,
the command line, nbconvert's entry points), never in a participant's kernel.
A kit page notebook exported with our exporters becomes its page's handout
(`kit`), and in JupyterLab it is saved without what the page showed (`lab`).
"""
