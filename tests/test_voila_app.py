"""The kit's Voila application, in-process: what it does before its loop starts."""

from __future__ import annotations

import gc

import pytest
from voila.app import Voila

from opsporing.voila_app import OpsporingVoila


def test_what_the_server_made_while_starting_is_out_of_the_collectors_sight(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Full collections would otherwise walk it all while every page's messages wait."""
    frozen_when_serving: list[int] = []
    monkeypatch.setattr(
        Voila, "listen", lambda self: frozen_when_serving.append(gc.get_freeze_count())
    )
    gc.unfreeze()
    try:
        OpsporingVoila().listen()
    finally:
        gc.unfreeze()
    assert frozen_when_serving and frozen_when_serving[0] > 0
