"""Content's Markdown fields as HTML, through mistune directly.

Content is trusted (it is reviewed in the repository), so its Markdown may
carry HTML. Participant text never goes through here: it is escaped.
nbconvert's Markdown filter does the same with mistune, but importing it
loads nbconvert (about 35 MiB and a second of CPU in every participant's
kernel); the handouts, made by the server, still use nbconvert.
Every link to another site it makes carries `rel="noreferrer noopener"` (`opsporing.links`).
Content does not change while a kernel runs, so each text is rendered once: a view can render
what it will show before anyone asks (a case's texts, in a warm kernel).
"""

from __future__ import annotations

from functools import cache

import mistune

from opsporing.links import mark_external

_markdown = mistune.create_markdown(escape=False, plugins=["strikethrough", "table", "url"])


@cache
def render(markdown: str) -> str:
    return mark_external(str(_markdown(markdown)))
