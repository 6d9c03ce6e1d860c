"""Content's Markdown fields as HTML, through mistune directly.

Content is trusted (it is reviewed in the repository), so its Markdown may
carry HTML. Participant text never goes through here: it is escaped.
nbconvert's Markdown filter does the same with mistune, but importing it
loads nbconvert (about 35 MiB and a second of CPU in every participant's
kernel); the handouts, made by the server, still use nbconvert.
"""

from __future__ import annotations

import mistune

_markdown = mistune.create_markdown(escape=False, plugins=["strikethrough", "table", "url"])


def render(markdown: str) -> str:
    return str(_markdown(markdown))
