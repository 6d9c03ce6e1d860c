"""How a fact shows where it stands: its checked date, or "ikke bekræftet" and where to check.

The kit never shows an unconfirmed detail as fact: it is marked in words and
points at a page where the reader can check it. Confirmed facts carry the
date they were last checked, because phone numbers and hours change.
"""

from __future__ import annotations

from datetime import date
from html import escape

from opsporing import texts
from opsporing.links import external_anchor


def external_link(url: object, text: str) -> str:
    """A link out of the kit: a new tab, no referrer, no window.opener, and it says it
    opens a new tab."""
    inner = f'{escape(text)} <span class="opsporing-new-tab">{texts.NEW_TAB}</span>'
    return external_anchor(url, inner, new_tab=True)


def checked_note(checked: date | None) -> str:
    if checked is None:
        return ""
    note = texts.CHECKED_ON.format(date=texts.danish_date(checked))
    return f'<span class="opsporing-checked">{note}</span>'


def unverified_marker(check_at: object | None, label: str = texts.UNVERIFIED) -> str:
    """ "ikke bekræftet" in words, with a link to where the reader can check."""
    link = f" – {external_link(check_at, texts.CHECK_HERE)}" if check_at else ""
    return f'<span class="opsporing-unverified"><strong>{escape(label)}</strong>{link}</span>'
