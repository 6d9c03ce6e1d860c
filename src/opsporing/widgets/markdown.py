"""Content's Markdown fields as HTML.

Content is trusted (it is reviewed in the repository), so its Markdown may
carry HTML. Participant text never goes through here: it is escaped.
"""

from __future__ import annotations

from nbconvert.filters.markdown_mistune import markdown2html_mistune


def render(markdown: str) -> str:
    return markdown2html_mistune(markdown)
