"""Every link out of the kit tells the browser to send no referrer and no window.opener.

A page's address may carry the room's token or a participant's place; the
site behind a link must not learn it. Checked on what the shipped content
actually renders: every view (with every film's questions open), and the
personal handout.
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest

from opsporing import content, links, store
from opsporing.handouts import notebook
from opsporing.handouts.build import Format, convert
from opsporing.pages.session import Session
from opsporing.views import VIEWS
from opsporing.widgets.cards import FilmCard

from .conftest import html_of


class Anchors(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: list[dict[str, str | None]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.anchors.append(dict(attrs))

    handle_startendtag = handle_starttag


def external_anchors(html: str) -> list[dict[str, str | None]]:
    return [a for a in Anchors(html).anchors if links.is_external(a.get("href") or "")]


def without_noreferrer(anchors: list[dict[str, str | None]]) -> list[dict[str, str | None]]:
    return [
        a for a in anchors if not {"noreferrer", "noopener"} <= set((a.get("rel") or "").split())
    ]


def test_mark_external_adds_rel_to_other_sites_only() -> None:
    html = (
        '<a href="https://example.org/a?b=1">ud</a> <a href="?vis=hjaelp">ind</a> '
        "<a href='http://example.org' rel=noopener target=\"_blank\">ud</a>"
        '<A HREF="//example.org/">ud</A>'
    )
    marked = Anchors(links.mark_external(html)).anchors
    assert [a.get("rel") for a in marked] == [
        links.EXTERNAL_REL,
        None,
        links.EXTERNAL_REL,
        links.EXTERNAL_REL,
    ]
    assert marked[2]["target"] == "_blank", "a link that opened a new tab still does"
    assert "target" not in marked[0], "and one that did not, does not"


def open_every_film(widget: object) -> None:
    if isinstance(widget, FilmCard):
        widget.open_questions()
    for child in getattr(widget, "children", ()):
        open_every_film(child)


@pytest.fixture
def db(tmp_path) -> store.Store:
    s = store.Store(f"sqlite:///{tmp_path / 'links.sqlite'}")
    yield s
    s.engine.dispose()


def test_every_external_link_on_the_shipped_pages_sends_no_referrer(
    shipped: content.Content, db: store.Store
) -> None:
    participant = db.join("Søs")
    found = []
    for view in VIEWS:
        page = view.build(Session(db, shipped, participant))
        open_every_film(page)
        html = html_of(page)
        found += external_anchors(html)
        assert not without_noreferrer(external_anchors(html)), view.id
    assert len(found) >= len(shipped.films), "every film card links to the film's page"


def test_every_external_link_in_the_handout_sends_no_referrer(shipped: content.Content) -> None:
    nb = notebook.personal_handout(
        shipped,
        {},
        pseudonym="Søs",
        hold="Hold Æ",
        municipality=shipped.municipalities[0].code,
        today=date(2025, 3, 1),
    )
    html = convert(nb, Format.HTML).decode("utf-8")
    anchors = external_anchors(html)
    assert len(anchors) >= len(shipped.services)
    assert not without_noreferrer(anchors)
    assert re.search(
        r'<meta (content="no-referrer" name="referrer"|name="referrer" content="no-referrer")', html
    )
