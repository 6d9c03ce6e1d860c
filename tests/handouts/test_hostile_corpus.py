"""The hostile corpus, end to end: typed in, through the store, out as handout, CSV and plenum.

Each input in `hostile.CORPUS` is saved as a shared free-text answer by a
participant whose nickname is hostile too. What comes out must be the text as
stored (cleaned on save: see `opsporing.cleaning`), printed and never obeyed:
no element or attribute from an answer, no formula in the CSV, no control
character anywhere, and no traceback on the way.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import pytest
from bs4 import BeautifulSoup

from opsporing import cleaning, content, plenum, store
from opsporing.content.models import QuestionKind
from opsporing.handouts.build import Format, handout_files
from opsporing.widgets.plenum import section_html

from .conftest import Elements
from .hostile import CORPUS

PIN = "471100"
NICKNAMES = ["script", "rlo-filename", "lone-surrogate", "control", "img-onerror"]
EXECUTABLE = {"script", "img", "iframe", "link", "object", "embed", "form", "input", "a"}
"""Elements no answer may add (the handout's own links are checked by their address)."""
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


@dataclass
class Room:
    db: store.Store
    code: str
    members: list[store.Participant]
    stored: dict[str, str]
    """Corpus name -> the text as it must read everywhere (what the store kept)."""
    refused: dict[str, str]
    """Corpus name -> the store's Danish reason for refusing it."""


@pytest.fixture(scope="module")
def room(shipped: content.Content, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Room]:
    db = store.Store(f"sqlite:///{tmp_path_factory.mktemp('korpus') / 'db.sqlite'}")
    code = db.create_hold(PIN, "Hold\u202e med \x1b[31mfarve")
    members = [db.join(CORPUS[name][:60], code) for name in NICKNAMES]
    keys = [r.key for r in shipped.questions() if r.question.kind == QuestionKind.FREE_TEXT]
    stored: dict[str, str] = {}
    refused: dict[str, str] = {}
    for n, (name, value) in enumerate(CORPUS.items()):
        member = members[n % len(members)]
        key = keys[(n // len(members)) % len(keys)]
        try:
            db.save_answer(member.id, key, value, shared=True)
        except store.StoreError as error:
            refused[name] = str(error)
            continue
        stored[name] = db.answers(member.id)[key].value
    yield Room(db, code, members, stored, refused)
    db.engine.dispose()


def test_the_corpus_is_large_and_mostly_stored(room: Room) -> None:
    assert len(CORPUS) >= 40
    assert set(room.refused) == {"megabyte", "just-over-the-limit"}
    assert all("Svaret er for langt" in reason for reason in room.refused.values())
    assert len(room.stored) == len(CORPUS) - 2


def test_what_is_stored_is_the_input_cleaned_and_nothing_else(room: Room) -> None:
    for name, text in room.stored.items():
        assert text == cleaning.clean(CORPUS[name]), name
        assert not CONTROL.search(text), name
        text.encode("utf-8")  # would raise on a lone surrogate
    assert room.stored["lone-surrogate"] == "før \ufffd efter", "visibly cleaned"
    assert room.stored["rlo-filename"] == "rapportgpj.exe"
    assert room.stored["script"] == CORPUS["script"], "HTML is text: kept, to be escaped"
    assert room.stored["hebrew-arabic-mixed"] == CORPUS["hebrew-arabic-mixed"]
    assert [m.pseudonym for m in room.db.members(room.code)] == [
        " ".join(cleaning.clean(CORPUS[name][:60]).split()) for name in NICKNAMES
    ]


def _no_executable_markup(page: str) -> None:
    for tag, attrs in Elements(page).tags:
        assert tag not in EXECUTABLE - {"a"}, tag
        assert "http-equiv" not in attrs and "xlink:href" not in attrs, (tag, attrs)
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        href = (attrs.get("href") or "").strip().lower()
        assert not href.startswith(("javascript:", "data:")), href
        assert "evil.example" not in href


@pytest.fixture(scope="module")
def handouts(room: Room, shipped: content.Content) -> dict[str, str]:
    pages = {}
    for member in room.members:
        [(name, data)] = handout_files(room.db, shipped, member, [Format.HTML]).items()
        pages[name] = data.decode("utf-8")
    return pages


def test_every_handout_prints_every_answer_as_stored(room: Room, handouts: dict[str, str]) -> None:
    shown: list[str] = []
    for page in handouts.values():
        _no_executable_markup(page)
        assert not CONTROL.search(page)
        soup = BeautifulSoup(page, "html.parser")
        shown += [el.get_text() for el in soup.select(".opsporing-text")]
    for name, text in room.stored.items():
        assert any(s.startswith(text) for s in shown), name


def test_every_handout_names_its_hostile_nickname_as_text(
    room: Room, handouts: dict[str, str]
) -> None:
    headers = [
        BeautifulSoup(page, "html.parser").select_one("header").get_text()
        for page in handouts.values()
    ]
    for member in room.members:
        assert any(member.pseudonym in header for header in headers), member.pseudonym
    assert len(handouts) == len(room.members), "one handout each, none blocked by another"


def _csv_rows(room: Room, shipped: content.Content) -> list[list[str]]:
    found = plenum.for_hold(room.db, room.code, PIN, shipped)
    assert found is not None
    out = io.StringIO()
    plenum.write_csv(found, out)
    return list(csv.reader(io.StringIO(out.getvalue()), delimiter=";"))


def test_the_csv_holds_every_shared_answer_and_no_formula(
    room: Room, shipped: content.Content
) -> None:
    rows = _csv_rows(room, shipped)
    cells = [cell for row in rows for cell in row]
    for cell in cells:
        assert not cell.startswith(plenum.FORMULA_STARTS), cell[:40]
        assert not CONTROL.search(cell), cell[:40]
    answers = {row[4] for row in rows[1:]}
    for name, text in room.stored.items():
        # The plenum trims a shared text (a tab before `=` goes, the `=` is neutralised).
        if text.strip():
            assert plenum.csv_cell(text.strip()) in answers, name
    assert "'=HYPERLINK(" in " ".join(answers)
    assert "'-2+3" in answers and "'@SUM(A1)" in answers


def test_the_plenum_shows_every_shared_answer_as_text(room: Room, shipped: content.Content) -> None:
    snapshot = plenum.snapshot(room.db, room.code, shipped)
    page = "".join(section_html(section, shipped) for section in snapshot.sections)
    plain = "".join(section_html(_plain(section), shipped) for section in snapshot.sections)
    assert Counter(Elements(page).names()) == Counter(Elements(plain).names()), (
        "no element comes from an answer"
    )
    _no_executable_markup(page)
    assert not CONTROL.search(page)
    soup = BeautifulSoup(page, "html.parser")
    shared = [li.get_text() for li in soup.select("ul.opsporing-shared li")]
    for name, text in room.stored.items():
        if text.strip():  # a lone NUL cleans to nothing, which is no answer to share
            assert text.strip() in shared, name
    assert room.stored["only-nul"] == ""
    assert all(li.get("dir") == "auto" for li in soup.select("ul.opsporing-shared li"))


def _plain(section: plenum.Section) -> plenum.Section:
    """The same section with every shared text replaced by a harmless one."""
    questions = tuple(
        replace(q, shared_texts=tuple("x" for _ in q.shared_texts)) for q in section.questions
    )
    return replace(section, questions=questions)


@pytest.mark.browser
def test_a_few_hostile_answers_print_to_pdf(
    room: Room, shipped: content.Content, read_pdf: Callable[[bytes], str]
) -> None:
    member = room.members[0]
    [pdf] = handout_files(room.db, shipped, member, [Format.PDF]).values()
    text = read_pdf(pdf)
    mine = [name for n, name in enumerate(CORPUS) if n % len(room.members) == 0]
    flat = " ".join(text.split())
    few = ("script", "latex", "nul-mid-word", "csv-plus", "csv-dde", "details-ontoggle")
    assert set(few) <= set(mine)
    for name in few:
        assert " ".join(room.stored[name].split())[:40] in flat, name
    # A PDF's text comes out in visual order, so only the Danish ends are compared.
    assert "hebrew-arabic-mixed" in mine
    assert "Barnet sagde:" in flat and "i frikvarteret" in flat
    assert "<script>" in flat, "the hostile nickname is printed as text"
