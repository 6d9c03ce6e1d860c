"""Our nbconvert exporters: `opsporing-html` and `opsporing-pdf` (entry points in pyproject).

Both use the `opsporing-handout` template, so `jupyter nbconvert --to
opsporing-pdf` and JupyterLab's export menu make the same handout as the app;
one of the kit's own page notebooks becomes that page's handout (`kit`).

JupyterLab's menu exports through Jupyter Server's `/nbconvert/<name>/<path>`,
whose name is letters, digits and `_` only (a 404 for `opsporing-pdf`): there the same
exporters are `opsporing_html` and `opsporing_pdf`. The hyphenated names stay
for the command line and the docs; Lab lists both.
"""

from __future__ import annotations

from typing import Any

from nbconvert.exporters import HTMLExporter
from nbformat import NotebookNode
from traitlets import default

from opsporing import texts
from opsporing.handouts import browser
from opsporing.links import mark_external

TEMPLATE = "opsporing-handout"


class HandoutHTMLExporter(HTMLExporter):
    """A self-contained, printable HTML handout (no script, nothing fetched)."""

    export_from_notebook = texts.HANDOUT_EXPORT_HTML

    @default("template_name")
    def _template_name_default(self) -> str:
        return TEMPLATE

    def from_notebook_node(  # type: ignore[override]
        self, nb: NotebookNode, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, dict[str, Any]]:
        """nbconvert's Markdown makes the links; each one out of the kit gets no referrer."""
        html, resources = super().from_notebook_node(nb, resources=resources, **kw)
        return mark_external(html), resources


class HandoutPDFExporter(HandoutHTMLExporter):
    """The same handout as an A4 PDF with selectable text and page numbers."""

    export_from_notebook = texts.HANDOUT_EXPORT_PDF

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".pdf"

    @default("template_extension")
    def _template_extension_default(self) -> str:
        return ".html.j2"  # the PDF is printed from the HTML template

    def from_notebook_node(  # type: ignore[override]
        self, nb: NotebookNode, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[bytes, dict[str, Any]]:
        html, resources = super().from_notebook_node(nb, resources=resources, **kw)
        return browser.html_to_pdf(html), resources
