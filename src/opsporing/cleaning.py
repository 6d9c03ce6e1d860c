"""What a participant typed, made safe to keep, print and export: cleaned once, on save.

Text reaches the store from a browser over a websocket, so it can hold what no
keyboard types: a lone UTF-16 surrogate (which no file can encode, so a handout
or an export would die on it), NUL and ESC (which a terminal or a spreadsheet
obeys), and bidirectional overrides (U+202E turns "gpj.exe" into "exe.jpg" on
screen). Every string the store writes goes through `clean`, and so does every
string it reads, so answers stored before this cleaning are safe too. Right-to-
left writing itself (Arabic, Hebrew) is untouched: only the invisible controls
that reorder text are removed, and every page shows answers with `dir="auto"`.
"""

from __future__ import annotations

import re
from typing import Any

from opsporing import texts

MAX_PSEUDONYM = 60
"""Characters in a nickname: it is printed in a handout's header and on the plenum."""

MAX_ANSWER = 20_000
"""Characters in one answer, about six A4 pages; anything longer is a paste by mistake."""

MAX_ITEMS = 200
"""Strings in one answer (a multiple choice lists its ticked options): content has ~10."""

_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 and C1 controls, except tab (09) and newline (0a)
    "\u202a-\u202e"  # embeddings and overrides: LRE RLE PDF LRO RLO
    "\u2066-\u2069"  # isolates: LRI RLI FSI PDI
    "\ufff9-\ufffb"  # interlinear annotation controls
    "]"
)
_NEWLINES = re.compile("\r\n?|[\u2028\u2029\x85]")


class TooLong(ValueError):
    """Text over a limit; `str()` is the Danish message for the participant."""


def clean(text: str) -> str:
    """Valid Unicode only, newlines as `\\n`, and no control character but newline and tab.

    A lone surrogate becomes U+FFFD (the replacement character), so it is
    visibly cleaned rather than silently dropped; a surrogate pair that arrived
    as two code points is joined into its character.
    """
    if text.isascii() and text.isprintable():
        return text
    text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return _CONTROLS.sub("", _NEWLINES.sub("\n", text))


def clean_value(value: Any) -> Any:
    """`clean` every string in a stored answer (a text, a list of options, a mapping)."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list | tuple):
        return [clean_value(item) for item in value]
    if isinstance(value, dict):
        return {clean_value(k): clean_value(v) for k, v in value.items()}
    return value


def pseudonym(text: str) -> str:
    """A nickname on one line, cleaned and checked against `MAX_PSEUDONYM`."""
    one_line = " ".join(clean(text).split())
    if len(one_line) > MAX_PSEUDONYM:
        raise TooLong(texts.STORE_PSEUDONYM_TOO_LONG.format(n=MAX_PSEUDONYM))
    return one_line


def answer(value: Any) -> Any:
    """A cleaned answer, refused when its text is longer than `MAX_ANSWER` characters."""
    cleaned = clean_value(value)
    strings = list(_strings(cleaned))
    if len(strings) > MAX_ITEMS or sum(map(len, strings)) > MAX_ANSWER:
        limit = f"{MAX_ANSWER:,}".replace(",", ".")
        raise TooLong(texts.STORE_ANSWER_TOO_LONG.format(n=limit))
    return cleaned


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    return []
