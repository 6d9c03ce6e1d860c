"""Links out of the kit: another site learns nothing about the page they were on.

A page's address can hold the room's token (the join link) or a participant's
place in the app; a site a participant follows a link to would get it in the
`Referer` header. The server's `Referrer-Policy` (`opsporing.privacy`) already
keeps the referrer on the kit's own server; every external link also says so
itself (`rel="noreferrer noopener"`), so a handout saved to disk or a page
shown by another server (JupyterHub) leaks nothing either, and the site opened
in a new tab cannot reach back into the kit's window.
"""

from __future__ import annotations

import re
from html import escape

EXTERNAL_REL = "noreferrer noopener"

_ANCHOR = re.compile(r"<a\b[^>]*>", re.IGNORECASE)
_EXTERNAL_HREF = re.compile(r"""\bhref\s*=\s*(["']?)\s*(?:https?:)?//""", re.IGNORECASE)
_REL = re.compile(r"""\s+rel\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)


def is_external(url: object) -> bool:
    """Whether `url` leads to another site (the kit's own addresses are relative)."""
    return bool(re.match(r"\s*(?:https?:)?//", str(url), re.IGNORECASE))


def external_anchor(url: object, inner_html: str, new_tab: bool = False) -> str:
    """`<a>` to another site: no referrer, no window.opener."""
    target = ' target="_blank"' if new_tab else ""
    return f'<a href="{escape(str(url))}"{target} rel="{EXTERNAL_REL}">{inner_html}</a>'


def mark_external(html: str) -> str:
    """`html` with every link to another site carrying `rel="noreferrer noopener"`.

    For HTML made by a Markdown renderer (ours, nbconvert's): one place for every
    link the content's Markdown holds, whether written as a link or a bare address.
    Any `rel` such a link had is replaced; the kit's own (relative) links are untouched.
    """

    def fix(match: re.Match[str]) -> str:
        tag = match.group(0)
        if not _EXTERNAL_HREF.search(tag):
            return tag
        return f'{_REL.sub("", tag[:-1]).rstrip()} rel="{EXTERNAL_REL}">'

    return _ANCHOR.sub(fix, html)
