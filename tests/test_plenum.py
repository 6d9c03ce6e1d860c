from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from answer_keys import texts_of
from plenum_room import SECRET_WORDS, kit, populate, questions_by_key

from opsporing import plenum
from opsporing.content.models import QuestionKind
from opsporing.store import Answer, Store
from opsporing.store import clock as store_clock

KIT = kit()


def _labels(question: dict) -> list[str]:
    kind = question["type"]
    if kind == "skala":
        return [str(v) for v in range(question.get("fra", 1), question.get("til", 5) + 1)]
    if kind == "trafiklys":
        return ["grøn", "gul", "rød"]
    return texts_of(question)


def _blank(value: object) -> bool:
    return value == [] or (isinstance(value, str) and not value.strip())


def _expected(room, key: str, question: dict) -> tuple[dict[str, int], int, list[str]]:
    """Counts, number answered and shared texts, straight from the generated data."""
    counts = dict.fromkeys(_labels(question), 0)
    answered, shared = 0, []
    for answers in room.answers.values():
        if key not in answers:
            continue
        value, consent = answers[key]
        if _blank(value):
            continue
        answered += 1
        if question["type"] == "fritekst":
            if consent:
                shared.append(value.strip())
        elif isinstance(value, list):
            for option in value:
                counts[option] += 1
        else:
            counts[str(value)] += 1
    return counts, answered, shared


@pytest.fixture
def room_and_plenum(db: Store):
    room = populate(db)
    result = plenum.for_hold(db, room.code, room.pin, KIT)
    assert result is not None
    return room, result


def test_30_participants_are_counted_exactly_for_every_question_kind(room_and_plenum) -> None:
    room, result = room_and_plenum
    raw = questions_by_key()
    summaries = {q.key: q for section in result.sections for q in section.questions}
    assert set(summaries) == set(raw)
    assert {q.kind for q in summaries.values()} == set(QuestionKind)
    assert result.participants == 30
    for key, question in raw.items():
        counts, answered, shared = _expected(room, key, question)
        got = summaries[key]
        assert got.answered == answered, key
        assert [t.label for t in got.tallies] == (
            [] if question["type"] == "fritekst" else list(counts)
        ), key
        assert {t.label: t.count for t in got.tallies} == (
            {} if question["type"] == "fritekst" else counts
        ), key
        assert sorted(got.shared_texts) == sorted(shared), key
    assert sum(q.answered for q in summaries.values()) > 200, "the room answers a lot"


def test_sections_follow_films_then_vignette_stages(room_and_plenum) -> None:
    _room, result = room_and_plenum
    assert [s.key for s in result.sections] == ["film-a", "film-b", "ida/1", "ida/2", "ida/3"]
    titles = [s.title for s in result.sections]
    assert titles[0] == "Film: Testfilm A"
    assert titles[1] == "Film: Film med en ung (titlen er ikke bekræftet)"
    assert "film-b" not in titles[1], "the trainer reads a name, not the film's id"
    assert titles[2] == "Ida, 8 år, trin 1: Det første tegn"
    tryg = result.sections[0].questions[3]
    assert tryg.scale_ends == ("slet ikke", "helt")


def test_free_text_is_shown_only_with_consent_and_without_pseudonym(room_and_plenum) -> None:
    room, result = room_and_plenum
    shown = [t for s in result.sections for q in s.questions for t in q.shared_texts]
    n_private = sum(
        1
        for answers in room.answers.values()
        for value, consent in answers.values()
        if isinstance(value, str) and value.strip() and not consent
    )
    assert shown, "the room shares some free text"
    assert n_private > 0, "the room keeps some free text to itself"
    for text in shown:
        assert not any(word in text for word in SECRET_WORDS)
        assert not any(pseudonym in text for pseudonym in room.answers)
    for section in result.sections:
        for q in section.questions:
            assert list(q.shared_texts) == sorted(q.shared_texts, key=lambda t: (t.casefold(), t))


def test_progress_per_module_is_head_counts(room_and_plenum) -> None:
    room, result = room_and_plenum
    raw = questions_by_key()
    modules = {
        "film": [k for k in raw if k.startswith("film-")],
        "ida": [k for k in raw if k.startswith("ida/")],
    }
    assert [m.key for m in result.progress] == ["film", "ida"]
    for module in result.progress:
        keys = modules[module.key]
        done = [
            sum(1 for k in keys if k in answers and not _blank(answers[k][0]))
            for answers in room.answers.values()
        ]
        assert module.questions == len(keys)
        assert module.finished == sum(1 for d in done if d == len(keys))
        assert module.started == sum(1 for d in done if 0 < d < len(keys))
        assert module.not_started == sum(1 for d in done if d == 0)
        assert module.finished >= 1, "participant 0 answers everything"


@pytest.mark.parametrize("pin", [None, "", "forkert-pin", "4711-plenuM"])
def test_a_wrong_or_missing_pin_gives_no_data(db: Store, pin: str | None) -> None:
    room = populate(db, n=3)
    assert plenum.for_hold(db, room.code, pin, KIT) is None
    assert plenum.for_hold(db, "ZZZZZ", room.pin, KIT) is None
    assert plenum.for_hold(db, room.code.lower(), room.pin, KIT) is not None


def test_the_csv_has_the_counts_and_no_private_text_or_pseudonym(room_and_plenum) -> None:
    room, result = room_and_plenum
    out = io.StringIO()
    n = plenum.write_csv(result, out)
    text = out.getvalue()
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == list(plenum.texts.PLENUM_CSV_HEADER)
    assert len(rows) == n + 1
    for word in (*SECRET_WORDS, *room.answers, *room.ids.values()):
        assert word not in text
    by_key = Counter()
    for _part, key, _q, kind, label, count in rows[1:]:
        if kind in ("enkeltvalg", "flervalg", "handling", "skala", "trafiklys") and label in (
            _labels(questions_by_key()[key])
        ):
            by_key[key] += int(count)
    for section in result.sections:
        for q in section.questions:
            assert by_key[q.key] == sum(t.count for t in q.tallies)
    assert ["Fremdrift", "", "Deltagere på holdet", "", "", "30"] in rows


def _answer(pid: str, key: str, value: object, shared: bool = False) -> Answer:
    return Answer(pid, key, value, shared, datetime.now(UTC))


def test_values_that_no_longer_fit_the_content_and_strangers_are_not_counted() -> None:
    answers = [
        _answer("a", "film-a/enig", "Måske"),  # an option since reworded
        _answer("a", "film-a/tryg", 9),  # outside the scale
        _answer("a", "film-a/lys", "blå"),
        _answer("b", "film-a/tryg", True),  # a bool is not a scale value
        _answer("b", "film-a/tegn", ["Træt", "Glad"]),
        _answer("b", "gammel-film/q", "Ja"),  # a question the content no longer has
        _answer("stranger", "film-a/enig", "Ja"),  # not a member of this hold
    ]
    result = plenum.aggregate(KIT, ["a", "b"], answers)
    summaries = {q.key: q for s in result.sections for q in s.questions}
    assert summaries["film-a/enig"].answered == 0
    assert summaries["film-a/tryg"].answered == 0
    assert summaries["film-a/lys"].answered == 0
    assert {t.label: t.count for t in summaries["film-a/tegn"].tallies} == {
        "Træt": 1,
        "Sulten": 0,
        "Stille": 0,
        "Urolig": 0,
    }
    assert result.participants == 2
    assert result.progress[0].started == 1 and result.progress[0].not_started == 1


def test_equal_data_gives_an_equal_plenum_so_the_page_can_skip_redraws() -> None:
    answers = [_answer("a", "film-a/enig", "Ja"), _answer("a", "ida/1/lys", "rød")]
    first = plenum.aggregate(KIT, ["a"], answers)
    assert first == plenum.aggregate(KIT, ["a"], list(reversed(answers)))
    assert first != plenum.aggregate(KIT, ["a"], answers[:1])


def test_the_hold_version_changes_with_every_join_answer_change_and_deletion(db: Store) -> None:
    code = db.create_hold("123456")
    other = db.create_hold("567890")
    seen = [db.hold_version(code)]

    def changed() -> bool:
        seen.append(db.hold_version(code))
        return seen[-1] != seen[-2]

    me = db.join("Ugle", code)
    assert changed()
    db.save_answer(me.id, "film-a/enig", "Ja")
    assert changed()
    db.save_answer(me.id, "film-a/enig", "Nej")
    assert changed()
    assert not changed()
    db.save_answer(db.join("Ræv", other).id, "film-a/enig", "Ja")
    assert not changed(), "another hold's answers are not this hold's news"
    db.delete_participant(me.id)
    assert changed()
    assert seen[-1] == seen[0] == (0, 0, None)


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        (
            '=HYPERLINK("https://evil.example","klik")',
            '\'=HYPERLINK("https://evil.example","klik")',
        ),
        ("+SUM(1,2)", "'+SUM(1,2)"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ('Svar; med semikolon, komma og "citat"', 'Svar; med semikolon, komma og "citat"'),
        ("æøå 2+3=5", "æøå 2+3=5"),
    ],
    ids=["hyperlink", "plus", "minus", "at", "tab", "cr", "separators", "plain"],
)
def test_a_csv_cell_is_never_a_formula(typed: str, written: str) -> None:
    summary = plenum.QuestionSummary(
        key="anna/f1",
        text="Hvad ser du?",
        kind=plenum.QuestionKind.FREE_TEXT,
        tallies=(),
        shared_texts=(typed,),
        answered=1,
    )
    result = plenum.Plenum(
        participants=1, progress=(), sections=(plenum.Section("anna", "Anna", (summary,)),)
    )
    out = io.StringIO()
    plenum.write_csv(result, out)
    rows = list(csv.reader(io.StringIO(out.getvalue()), delimiter=";"))
    assert rows[1][4] == written
    assert rows[1][5] == "1", "numbers stay numbers"
    assert all(not cell.startswith(plenum.FORMULA_STARTS) for row in rows for cell in row)


def test_a_reflection_and_a_moved_option_are_counted_from_the_shipped_content(shipped) -> None:
    """A reflection (no verdicts) is charted like any choice question. Clara's cuts moved to
    trin 2 (review 3, Weak 8): a saved trin-1 answer still counts for the options that stayed
    and drops the one that moved, rather than showing it under a label trin 1 no longer has."""
    now = datetime.now(UTC)
    answers = [
        Answer("a", "anna/trovaerdig", ["At tro på barnet", "At handle bagefter"], False, now),
        Answer("b", "anna/trovaerdig", ["At tro på barnet"], False, now),
        Answer("a", "ung-2/tegn", "Når barnet er stille og tilpasset", False, now),
        Answer(
            "a",
            "clara-efter-underretningen/1/i-samtalen",
            [
                "Spørger roligt og åbent til rifterne og lytter til svaret",
                "Siger til Clara, at hun er noget værd, også når hun får 7",
            ],
            False,
            now,
        ),
    ]
    result = plenum.aggregate(shipped, ["a", "b"], answers)
    summaries = {q.key: q for s in result.sections for q in s.questions}
    anna = summaries["anna/trovaerdig"]
    assert anna.answered == 2
    assert {t.label: t.count for t in anna.tallies}["At tro på barnet"] == 2
    assert {t.label: t.count for t in summaries["ung-2/tegn"].tallies} == {
        "Når barnet er stille og tilpasset": 1,
        "Når barnet larmer og er i konflikt": 0,
        "Når barnet ofte er fraværende": 0,
        "Det er lige let i alle tre tilfælde": 0,
    }
    clara = {t.label: t.count for t in summaries["clara-efter-underretningen/1/i-samtalen"].tallies}
    assert clara["Siger til Clara, at hun er noget værd, også når hun får 7"] == 1
    assert not any("rifterne" in label for label in clara)


# --- The trainer page's live hold: each look reads what changed since the last -----------


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """The store's clock, stopped: a test moves it by changing `clock[0]`."""
    moment = [datetime(2026, 12, 7, 10, 0, tzinfo=UTC)]
    monkeypatch.setattr(store_clock, "now", lambda: moment[0])
    return moment


@pytest.fixture
def reads(db: Store, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many answers each of the store's reads of a hold returned."""
    counted: list[int] = []
    real = db.hold_answers

    def hold_answers(code: str, since: datetime | None = None) -> list[Answer]:
        found = real(code, since=since)
        counted.append(len(found))
        return found

    monkeypatch.setattr(db, "hold_answers", hold_answers)
    return counted


def _look(db: Store, live: plenum.LiveHold) -> plenum.Plenum:
    return live.look(answers_now=db.hold_version(live.code)[1])


def _whole(db: Store, code: str) -> plenum.Plenum:
    return plenum.snapshot(db, code, KIT)


def test_a_live_hold_shows_what_a_whole_read_shows_after_every_kind_of_change(
    db: Store, clock: list[datetime]
) -> None:
    room = populate(db, n=8)
    live = plenum.LiveHold(db, room.code, KIT)
    assert _look(db, live) == _whole(db, room.code)
    first, second = room.ids["Deltager 00"], room.ids["Deltager 01"]
    changes = [
        lambda: db.save_answer(first, "film-a/noter", "", shared=False),  # emptied: not counted
        lambda: db.save_answer(first, "film-a/noter", "Nu med tekst", shared=True),
        lambda: db.save_answer(second, "ida/1/lys", "rød"),  # a change of mind
        lambda: db.save_answer(db.join("Nykommer", room.code).id, "film-a/enig", "Ja"),
        lambda: db.delete_participant(second),  # takes back everything
        lambda: db.save_answer(first, "film-b/ikke-i-kittet", "Ja"),  # no such question
    ]
    for change in changes:
        clock[0] += timedelta(seconds=7)
        change()
        assert _look(db, live) == _whole(db, room.code)


@pytest.fixture
def looked_at(db: Store, clock: list[datetime], reads: list[int]):
    """A room that answered, one answer five minutes later, and the trainer's first look."""
    room = populate(db, n=8)
    live = plenum.LiveHold(db, room.code, KIT)
    clock[0] += timedelta(minutes=5)
    db.save_answer(room.ids["Deltager 02"], "film-a/enig", "Ja")
    _look(db, live)
    return room, live


def test_a_look_reads_the_answers_saved_since_the_last_not_the_whole_hold(
    db: Store, clock: list[datetime], reads: list[int], looked_at
) -> None:
    room, live = looked_at
    assert reads == [db.hold_version(room.code)[1]], "the first look reads the hold"
    clock[0] += plenum.RECHECK / 2
    db.save_answer(room.ids["Deltager 05"], "ida/1/lys", "gul")
    seen = _look(db, live)
    assert reads[1] == 2, "the new answer and the one just before it, not the hold's"
    assert seen == _whole(db, room.code)


def test_an_answer_stamped_before_the_newest_read_is_still_counted(
    db: Store, clock: list[datetime], reads: list[int], looked_at
) -> None:
    """Two saves at once (PostgreSQL commits them side by side): the one stamped first can
    commit after a look has read the other."""
    room, live = looked_at
    clock[0] -= plenum.RECHECK / 2
    db.save_answer(room.ids["Deltager 04"], "film-a/enig", "Nej")
    seen = _look(db, live)
    assert reads[-1] == 2, "the window, not the whole hold"
    assert seen == _whole(db, room.code)


def test_a_new_answer_that_slipped_past_the_window_makes_the_next_look_read_everything(
    db: Store, clock: list[datetime], reads: list[int], looked_at
) -> None:
    room, live = looked_at
    clock[0] -= plenum.RECHECK * 2
    newcomer = db.join("Sent stemplet", room.code)
    db.save_answer(newcomer.id, "film-a/enig", "Nej")
    seen = _look(db, live)
    assert reads[-1] == db.hold_version(room.code)[1], "read whole"
    assert seen == _whole(db, room.code)


def test_the_newest_answer_leaving_with_its_participant_does_not_widen_the_next_read(
    db: Store, clock: list[datetime], reads: list[int], looked_at
) -> None:
    """What was saved before the newest stamp read has been read, whoever's it was."""
    room, live = looked_at
    db.delete_participant(room.ids["Deltager 02"])
    clock[0] += plenum.RECHECK / 2
    db.save_answer(room.ids["Deltager 05"], "ida/1/lys", "gul")
    seen = _look(db, live)
    assert reads[-1] == 1, "only the new answer: the one it followed left with its participant"
    assert seen == _whole(db, room.code)
