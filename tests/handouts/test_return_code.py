"""The handout prints the participant's return code, so it can be found again on paper."""

from __future__ import annotations

from bs4 import BeautifulSoup

from opsporing import content, identity, store, texts
from opsporing.handouts.build import Format, convert, handout_notebook


def _header(s: store.Store, participant: store.Participant, shipped: content.Content) -> str:
    html = convert(handout_notebook(s, shipped, participant), Format.HTML).decode("utf-8")
    return BeautifulSoup(html, "html.parser").select_one("header.opsporing-header").get_text(" ")


def test_a_hold_members_handout_prints_their_return_code(
    participant: tuple[store.Store, store.Participant], shipped: content.Content
) -> None:
    s, me = participant
    header = _header(s, me, shipped)
    assert texts.HANDOUT_HEADER_RETURN_CODE in header
    assert identity.show_return_code(me.return_code) in header


def test_working_alone_there_is_no_return_code(shipped: content.Content) -> None:
    s = store.default()
    alone = s.join("Alene")
    assert texts.HANDOUT_HEADER_RETURN_CODE not in _header(s, alone, shipped)
