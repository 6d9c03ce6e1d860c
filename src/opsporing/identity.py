"""Who a participant is on a hold: the nickname rules and the return code.

In a workshop nicknames are public (they are said aloud, seen on screens), so
a nickname alone must never open a participant's answers. Each participant
gets a short return code when they join; coming back with a nickname that is
taken needs that code (see `opsporing.store.Store.join`). Two nicknames that
differ only in case or spacing are the same nickname: "ugle " cannot sit
next to "Ugle".
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Container

RETURN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""No 0/O or 1/I: the code is copied from a screen or a printed handout by hand."""

RETURN_CODE_LENGTH = 8
"""40 bits: with the store's lock after a few wrong guesses, not worth guessing."""


def nickname_key(pseudonym: str) -> str:
    """What makes two (already cleaned) nicknames the same: case and spacing do not count."""
    return " ".join(pseudonym.split()).casefold()


def new_return_code() -> str:
    return "".join(secrets.choice(RETURN_CODE_ALPHABET) for _ in range(RETURN_CODE_LENGTH))


def normalise_return_code(typed: str) -> str:
    """A typed code as stored: upper case, without the dash and spaces it is shown with."""
    return "".join(typed.split()).replace("-", "").upper()


def show_return_code(code: str) -> str:
    """`K7QMX2PA` as `K7QM-X2PA`: two halves are easier to copy."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def return_code_matches(typed: str, stored: str | None) -> bool:
    """Compared in constant time, so the answer's timing says nothing about the code."""
    if not stored:
        return False
    return hmac.compare_digest(normalise_return_code(typed).encode(), stored.encode())


def free_nickname(pseudonym: str, taken: Container[str], limit: int) -> str:
    """The nickname with the smallest number after it (`Ugle 2`) that nobody on the hold has.

    `taken` holds the hold's `nickname_key`s; the name is shortened, if it
    must be, so that the number fits within `limit` characters.
    """
    n = 2
    while True:
        suffix = f" {n}"
        candidate = pseudonym[: limit - len(suffix)].rstrip() + suffix
        if nickname_key(candidate) not in taken:
            return candidate
        n += 1
