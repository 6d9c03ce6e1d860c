"""Choice questions carry the trainer's answer key, option by option, and nothing less."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from opsporing import cli, texts
from opsporing.content import models
from opsporing.content.errors import translate
from opsporing.content.models import QuestionKind, Verdict
from opsporing.content.schema import ActionQuestion, Question, plain

QUESTION = TypeAdapter(Question)
TALK = {
    "tekst": "Tale med barnet om det, du har set",
    "vurdering": "forsvarlig",
    "begrundelse": "Barnet skal høres og vide, hvad der sker.",
    "kilde": "Barnets lov § 133; Børnerådet, Rettidig omsorg",
}
PARENTS = {
    "tekst": "Tale med forældrene først",
    "vurdering": "risikabel",
    "begrundelse": "Ved mistanke om vold i hjemmet kan det bringe barnet i fare.",
    "kilde": "Social- og Boligstyrelsen",
}


def _question(kind: str, valg: Any = None) -> dict[str, Any]:
    data: dict[str, Any] = {"id": "naeste-skridt", "type": kind, "tekst": "Hvad gør du nu?"}
    if valg is not None:
        data["valg"] = valg
    return data


def _errors(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    with pytest.raises(ValidationError) as caught:
        QUESTION.validate_python(data)
    return [translate(error) for error in caught.value.errors()]


@pytest.mark.parametrize("kind", ["enkeltvalg", "flervalg", "handling"])
def test_every_choice_kind_reads_its_key(kind: str) -> None:
    q = plain(QUESTION.validate_python(_question(kind, [TALK, PARENTS])))
    assert isinstance(q, models.ChoiceQuestion)
    assert q.options == [TALK["tekst"], PARENTS["tekst"]], "widgets and store keep the texts"
    first = q.choices[0]
    assert first == models.Choice(
        text=TALK["tekst"],
        verdict=Verdict.SOUND,
        reason=TALK["begrundelse"],
        source=TALK["kilde"],
    )
    assert q.choices[1].verdict is Verdict.RISKY


def test_the_verdicts_are_the_three_words() -> None:
    assert [v.value for v in Verdict] == ["forsvarlig", "risikabel", "forkert"]
    assert set(texts.KEY_VERDICTS) == {v.value for v in Verdict}


def test_an_action_question_has_no_default_options() -> None:
    [(loc, message)] = _errors(_question("handling"))
    assert loc[-1] == "valg"
    assert message == texts.ERR_MISSING_CHOICES


def test_an_option_as_a_bare_string_is_refused_as_missing_its_key() -> None:
    [(loc, message)] = _errors(_question("enkeltvalg", ["Underrette kommunen", TALK]))
    assert loc[-2:] == ("valg", 0)
    assert message == texts.ERR_CHOICE_WITHOUT_KEY.format(value="Underrette kommunen")


@pytest.mark.parametrize("field", ["vurdering", "begrundelse", "kilde"])
def test_an_option_missing_a_key_field_is_refused(field: str) -> None:
    option = {k: v for k, v in TALK.items() if k != field}
    [(loc, message)] = _errors(_question("flervalg", [option, PARENTS]))
    assert loc[-3:] == ("valg", 0, field)
    assert message.startswith(texts.ERR_MISSING_KEY_FIELD)
    if field == "vurdering":
        assert message == texts.ERR_MISSING_VERDICT and "refleksion: true" in message


# --- Reflections: questions about the participant's own practice, without a key ------------


def _note(option: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in option.items() if k != "vurdering"}


@pytest.mark.parametrize("kind", ["enkeltvalg", "flervalg", "handling"])
def test_a_reflection_has_options_without_verdicts(kind: str) -> None:
    data = {**_question(kind, [_note(TALK), _note(PARENTS)]), "refleksion": True}
    q = plain(QUESTION.validate_python(data))
    assert isinstance(q, models.ChoiceQuestion) and q.reflection
    assert [c.verdict for c in q.choices] == [None, None]
    assert q.choices[0].reason == TALK["begrundelse"], "the note for the discussion stays"
    assert q.options == [TALK["tekst"], PARENTS["tekst"]]


def test_a_question_is_keyed_unless_it_says_it_is_a_reflection() -> None:
    q = plain(QUESTION.validate_python(_question("flervalg", [TALK, PARENTS])))
    assert isinstance(q, models.ChoiceQuestion) and q.reflection is False


@pytest.mark.parametrize("flag", [None, False])
def test_a_verdict_less_option_is_refused_outside_a_reflection(flag: bool | None) -> None:
    """The one option without a verdict is named, whether `refleksion` is absent or false."""
    data = _question("handling", [TALK, _note(PARENTS)])
    if flag is not None:
        data["refleksion"] = flag
    [(loc, message)] = _errors(data)
    assert loc[-3:] == ("valg", 1, "vurdering")
    assert message == texts.ERR_MISSING_VERDICT


def test_a_verdict_in_a_reflection_is_refused() -> None:
    data = {**_question("enkeltvalg", [_note(TALK), PARENTS]), "refleksion": True}
    [(loc, message)] = _errors(data)
    assert loc[-3:] == ("valg", 1, "vurdering")
    assert message == texts.ERR_REFLECTION_WITH_VERDICT


def test_a_reflection_still_needs_a_note_and_its_source() -> None:
    option = {k: v for k, v in _note(TALK).items() if k != "kilde"}
    data = {**_question("flervalg", [option, _note(PARENTS)]), "refleksion": True}
    [(loc, message)] = _errors(data)
    assert loc[-3:] == ("valg", 0, "kilde")
    assert message == texts.ERR_MISSING_KEY_FIELD


@pytest.mark.parametrize("kind", ["skala", "fritekst", "trafiklys"])
def test_only_a_choice_question_can_be_a_reflection(kind: str) -> None:
    data = {**_question(kind), "refleksion": True}
    if kind == "skala":
        data |= {"fra_tekst": "Lidt", "til_tekst": "Meget"}
    [(loc, message)] = _errors(data)
    assert loc[-1] == "refleksion"
    assert message == texts.ERR_UNKNOWN_FIELD


def test_an_unknown_verdict_names_the_allowed_words_in_danish() -> None:
    [(loc, message)] = _errors(_question("handling", [{**TALK, "vurdering": "rigtig"}, PARENTS]))
    assert loc[-1] == "vurdering"
    assert message == texts.ERR_NOT_ALLOWED.format(
        value="rigtig", allowed="'forsvarlig', 'risikabel' eller 'forkert'"
    )


@pytest.mark.parametrize("field", ["begrundelse", "kilde"])
def test_an_empty_reason_or_source_is_refused(field: str) -> None:
    [(loc, _message)] = _errors(_question("handling", [{**TALK, field: "  "}, PARENTS]))
    assert loc[-1] == field


def test_options_must_differ_by_text_whatever_their_keys() -> None:
    twin = {**PARENTS, "tekst": TALK["tekst"]}
    [(_loc, message)] = _errors(_question("flervalg", [TALK, twin]))
    assert message == texts.ERR_DUPLICATE_OPTION


def test_one_option_is_not_a_choice() -> None:
    [(_loc, message)] = _errors(_question("handling", [TALK]))
    assert message == texts.ERR_TOO_FEW.format(n=2)


def test_the_json_schema_requires_every_key_field(tmp_path: Path) -> None:
    assert cli.main(["schema", "--out", str(tmp_path)]) == 0
    schema = json.loads((tmp_path / "vignet.schema.json").read_text("utf-8"))
    choice = schema["$defs"]["Choice"]
    assert sorted(choice["required"]) == ["begrundelse", "kilde", "tekst"]
    assert choice["additionalProperties"] is False
    assert schema["$defs"]["Verdict"]["enum"] == ["forsvarlig", "risikabel", "forkert"]
    for name in ("SingleChoiceQuestion", "MultipleChoiceQuestion", "ActionQuestion"):
        definition = schema["$defs"][name]
        assert "valg" in definition["required"], name
        assert definition["properties"]["valg"]["items"] == {"$ref": "#/$defs/Choice"}
        assert definition["properties"]["refleksion"]["default"] is False, name
        # vurdering: required on every option unless the question is a reflection, then absent
        assert definition["else"]["properties"]["valg"]["items"]["required"] == ["vurdering"]
        then = definition["then"]["properties"]["valg"]["items"]
        assert then == {"not": {"required": ["vurdering"]}}, name


def test_the_model_keeps_english_names_for_the_code() -> None:
    q = ActionQuestion.model_validate(_question("handling", [TALK, PARENTS]))
    assert q.kind is QuestionKind.ACTION
    assert [c.source for c in q.choices] == [TALK["kilde"], PARENTS["kilde"]]
