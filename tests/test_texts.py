"""Small Danish helpers in texts.py."""

from __future__ import annotations

from opsporing import texts


def test_rows_is_singular_for_one_row() -> None:
    assert texts.rows(1) == "1 række"
    assert texts.rows(0) == "0 rækker"
    assert texts.rows(7) == "7 rækker"


def test_the_delete_message_never_says_one_rows() -> None:
    message = texts.CLI_HOLD_DELETED.format(code="ABC123", rows=texts.rows(1))
    assert "1 række " in message and "1 rækker" not in message
