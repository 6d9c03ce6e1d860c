"""The content files' schema: what an author may write, with Danish keys and the kit's rules.

Content authors write YAML with Danish keys; the models keep English attribute
names for the code and Danish aliases for the files, so a validation error
points at the key the author actually typed. Only validation (`opsporing
validate`, the server's start, a kernel without a snapshot) imports this module:
`plain()` turns what it validated into `opsporing.content.models`, which is what
the pages read. Each model here has its namesake there with the same fields.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AnyHttpUrl,
    AnyUrl,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic.config import JsonDict
from pydantic_core import PydanticCustomError

from opsporing.content import models
from opsporing.content.models import (
    Channel,
    Detail,
    FilmGroup,
    NeglectKind,
    Profession,
    QuestionKind,
    TargetGroup,
    Theme,
    TrafficLight,
    Verdict,
)

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", min_length=1, max_length=60),
]
"""Ids are lowercase slugs (a-z, 0-9, '-'): they end up in URLs and the store."""

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Model(BaseModel):
    """Base for all content: Danish keys in the files, unknown keys rejected."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, str_strip_whitespace=True
    )


# --- Provenance ---------------------------------------------------------------------------


class Sourced(Model):
    """A factual entry: confirmed with a source and a date, or openly unverified.

    The kit tells professionals what the law says and whom to call, so a fact
    without a source is never shown as a fact: `bekræftet: false` makes the UI
    say so and point at `se_her` where a reader can check.
    """

    verified: bool = Field(True, alias="bekræftet")
    source: Text | None = Field(None, alias="kilde", description="URL eller publikation")
    checked: date | None = Field(None, alias="tjekket", description="Dato for seneste tjek")
    check_at: AnyHttpUrl | None = Field(
        None, alias="se_her", description="Hvor en læser selv kan tjekke oplysningen"
    )

    @model_validator(mode="after")
    def _confirmed_needs_source(self) -> Sourced:
        if self.verified and self.source is None:
            raise ValueError("missing_source")
        if self.verified and self.checked is None:
            raise ValueError("missing_checked")
        if not self.verified and self.check_at is None and self.source is None:
            raise ValueError("unverified_without_pointer")
        return self


# --- Questions ----------------------------------------------------------------------------


class BaseQuestion(Model):
    id: Id
    text: Text = Field(alias="tekst", description="Spørgsmålet, som deltageren ser det")
    help: Text | None = Field(None, alias="hjælp", description="Uddybning under spørgsmålet")


class FreeTextQuestion(BaseQuestion):
    kind: Literal[QuestionKind.FREE_TEXT] = Field(alias="type")


class Choice(Model):
    """One option of a choice question, with the trainer's answer key.

    Every option carries its verdict, a one-line reason and a source, so the
    plenum can discuss why an option is sound or risky in this particular case.
    A default list in code could not carry a case-specific key, so there is
    none. Participants see only `tekst`; the key is for the trainer.

    The one exception is a reflection (`refleksion: true` on the question): it
    asks about the participant's own practice or workplace, so no option is
    right or wrong. Its options have no verdict; the reason is the trainer's
    note for the discussion, still with its source. `ChoiceQuestion` checks
    that the verdicts fit the kind of question.
    """

    text: Text = Field(alias="tekst", description="Valget, som deltageren ser det")
    verdict: Verdict | None = Field(
        None,
        alias="vurdering",
        description="forsvarlig, risikabel eller forkert; ingen i et refleksionsspørgsmål",
    )
    reason: Text = Field(
        alias="begrundelse",
        description="Én linje: hvorfor, i denne case (i en refleksion: en note til drøftelsen)",
    )
    source: Text = Field(alias="kilde", description="En bekræftet kilde, fx Barnets lov § 133")


KEYED_OR_REFLECTION: JsonDict = {
    "if": {"properties": {"refleksion": {"const": True}}, "required": ["refleksion"]},
    "then": {"properties": {"valg": {"items": {"not": {"required": ["vurdering"]}}}}},
    "else": {"properties": {"valg": {"items": {"required": ["vurdering"]}}}},
}
"""The verdict rule in JSON Schema, so an editor flags it as the validator does."""


class ChoiceQuestion(BaseQuestion):
    """A question whose options are listed, each with its answer key (`valg`).

    With `refleksion: true` the question has no key: every option must be
    without a verdict. Without it every option must have one, so a forgotten
    verdict is never read as a reflection.
    """

    model_config = ConfigDict(json_schema_extra=KEYED_OR_REFLECTION)

    choices: list[Choice] = Field(alias="valg", min_length=2)
    reflection: bool = Field(
        False,
        alias="refleksion",
        description="true: spørger til deltagerens egen praksis; valgene har ingen vurdering",
    )

    @field_validator("choices")
    @classmethod
    def _distinct(cls, choices: list[Choice]) -> list[Choice]:
        texts = [choice.text for choice in choices]
        if len(set(texts)) != len(texts):
            raise ValueError("duplicate_option")
        return choices

    @model_validator(mode="after")
    def _verdicts_fit_the_question(self) -> ChoiceQuestion:
        """A reflection has no verdicts, any other choice question one on every option.

        The error names the option (`index`), so the author is sent to its line.
        """
        for index, choice in enumerate(self.choices):
            if self.reflection and choice.verdict is not None:
                raise PydanticCustomError(
                    "reflection_with_verdict",
                    "option {index} of a reflection has a verdict",
                    {"index": index},
                )
            if not self.reflection and choice.verdict is None:
                raise PydanticCustomError(
                    "missing_verdict", "option {index} has no verdict", {"index": index}
                )
        return self


class SingleChoiceQuestion(ChoiceQuestion):
    kind: Literal[QuestionKind.SINGLE_CHOICE] = Field(alias="type")


class MultipleChoiceQuestion(ChoiceQuestion):
    kind: Literal[QuestionKind.MULTIPLE_CHOICE] = Field(alias="type")


class ScaleQuestion(BaseQuestion):
    kind: Literal[QuestionKind.SCALE] = Field(alias="type")
    low: int = Field(1, alias="fra", ge=0, le=10)
    high: int = Field(5, alias="til", ge=1, le=10)
    low_label: Text = Field(alias="fra_tekst", description="Hvad den laveste værdi betyder")
    high_label: Text = Field(alias="til_tekst", description="Hvad den højeste værdi betyder")

    @model_validator(mode="after")
    def _ordered(self) -> ScaleQuestion:
        if self.low >= self.high:
            raise ValueError("scale_order")
        return self


class TrafficLightQuestion(BaseQuestion):
    kind: Literal[QuestionKind.TRAFFIC_LIGHT] = Field(alias="type")
    meanings: dict[TrafficLight, Text] = Field(
        default_factory=dict,
        alias="betydning",
        description="Valgfri forklaring pr. farve; ellers bruges TOPI's",
    )


class ActionQuestion(ChoiceQuestion):
    """Next steps to tick; each case lists its own, since the key depends on the case."""

    kind: Literal[QuestionKind.ACTION] = Field(alias="type")


Question = Annotated[
    FreeTextQuestion
    | SingleChoiceQuestion
    | MultipleChoiceQuestion
    | ScaleQuestion
    | TrafficLightQuestion
    | ActionQuestion,
    Field(discriminator="kind"),
]


# --- Films --------------------------------------------------------------------------------


class Series(Sourced):
    title: Text = Field(alias="titel")
    publisher: Text = Field(alias="udgiver")
    description: Text = Field(alias="beskrivelse")
    page: AnyHttpUrl = Field(alias="side", description="Seriens oversigtsside")


class Film(Sourced):
    """One slot of the series. An unverified slot has no title, only what is known."""

    id: Id
    title: Text | None = Field(None, alias="titel")
    label: Text | None = Field(
        None,
        alias="betegnelse",
        description="Kittets egen betegnelse for en film uden bekræftet titel (ikke en titel)",
    )
    group: FilmGroup = Field(alias="gruppe")
    profession: Profession | None = Field(None, alias="fag")
    people: list[Text] = Field(default_factory=list, alias="medvirkende")
    page: AnyHttpUrl | None = Field(None, alias="side", description="Filmens side")
    themes: list[Theme] = Field(alias="temaer", min_length=1)
    summary: Text = Field(alias="resumé", description="Vores egen korte beskrivelse")
    questions: list[Question] = Field(alias="spørgsmål", min_length=3)

    @model_validator(mode="after")
    def _title_only_when_verified(self) -> Film:
        if self.verified and self.title is None:
            raise ValueError("verified_film_without_title")
        if not self.verified and self.title is not None:
            raise ValueError("unverified_film_with_title")
        if self.verified and self.label is not None:
            raise ValueError("verified_film_with_label")
        return self


class FilmIndex(Model):
    series: Series = Field(alias="serie")
    films: list[Film] = Field(alias="film", min_length=1)


# --- Law and vignettes ------------------------------------------------------------------


class LegalReference(Sourced):
    id: Id
    title: Text = Field(alias="titel")
    reference: Text | None = Field(
        None, alias="henvisning", description="Fx 'barnets lov § 133'; kun når den er bekræftet"
    )
    text: Text = Field(alias="tekst")


class LegalBasis(Model):
    references: list[LegalReference] = Field(alias="henvisninger", min_length=1)


class SelfAssessment(Model):
    """Statements a participant rates at the start of a workshop and again at the end.

    Each question is asked twice, so the trainer sees the room's shift and each
    participant their own before and after: a workshop's learning effect, in the
    kit's own words, not a test.
    """

    before: Text = Field(alias="før", description="Markdown; står over spørgsmålene i starten")
    after: Text = Field(alias="efter", description="Markdown; står over spørgsmålene til sidst")
    questions: list[ScaleQuestion] = Field(alias="spørgsmål", min_length=1)


class Evaluation(Model):
    """A few questions about the workshop itself, answered at the end.

    The trainer sees only the room's answers together (and free text only when
    its author shares it), and the export carries them.
    """

    intro: Text = Field(alias="tekst", description="Markdown; står over spørgsmålene")
    questions: list[Question] = Field(alias="spørgsmål", min_length=1, max_length=4)


class Stage(Model):
    title: Text = Field(alias="titel")
    text: Text = Field(alias="tekst", description="Markdown")
    questions: list[Question] = Field(alias="spørgsmål", min_length=2)
    perspective: Text = Field(
        alias="fagligt_perspektiv", description="Markdown; vises, når trinnet er besvaret"
    )


class Vignette(Model):
    id: Id
    title: Text = Field(alias="titel")
    fictional: Literal[True] = Field(
        alias="fiktiv", description="Alle cases er opdigtede og skal sige det"
    )
    age: int = Field(alias="alder", ge=6, le=12)
    setting: Text = Field(alias="miljø", description="Fx indskoling, SFO, tandplejen")
    professions: list[Profession] = Field(alias="fag", min_length=1)
    themes: list[Theme] = Field(alias="temaer", min_length=1)
    neglect: list[NeglectKind] = Field(default_factory=list, alias="omsorgssvigt")
    intro: Text = Field(alias="indledning", description="Markdown")
    films: list[Id] = Field(default_factory=list, alias="film")
    services: list[Id] = Field(default_factory=list, alias="tjenester")
    law: list[Id] = Field(default_factory=list, alias="lov")
    stages: list[Stage] = Field(alias="trin", min_length=3)


# --- Services and municipalities -------------------------------------------------------


class AgeRange(Model):
    low: int | None = Field(None, alias="fra", ge=0, le=99)
    high: int | None = Field(None, alias="til", ge=0, le=99)


class Service(Sourced):
    id: Id
    name: Text = Field(alias="navn")
    run_by: Text = Field(alias="drives_af")
    description: Text = Field(alias="beskrivelse")
    target_groups: list[TargetGroup] = Field(alias="målgrupper", min_length=1)
    ages: AgeRange | None = Field(None, alias="alder")
    channels: list[Channel] = Field(alias="kanaler", min_length=1)
    phone: Text | None = Field(None, alias="telefon")
    sms: Text | None = Field(None, alias="sms")
    email: Text | None = Field(None, alias="e-mail")
    web: AnyHttpUrl | None = Field(None, alias="web")
    hours: Text | None = Field(None, alias="åbningstider")
    unconfirmed: list[Detail] = Field(
        default_factory=list,
        alias="ikke_bekræftet",
        description="Oplysninger, vi ikke har kunnet bekræfte; de vises som ubekræftede",
    )
    municipality: int | None = Field(
        None, alias="kommune", description="Kommunekode, hvis tilbuddet er lokalt"
    )


class ServiceDirectory(Model):
    services: list[Service] = Field(alias="tjenester", min_length=1)


class HelpRole(Sourced):
    """A way a citizen can help a child (Social- og Boligstyrelsen's Hjerteforældre)."""

    id: Id
    name: Text = Field(alias="navn")
    description: Text = Field(alias="beskrivelse")


class HelpRoles(Model):
    intro: Text = Field(alias="indledning")
    roles: list[HelpRole] = Field(alias="roller", min_length=1)


class Municipality(Model):
    """One of the 98: its short name for lists, its official name for sentences.

    A contact (the page for notifications, the children's digital entry, a web
    address or a phone number) is only here with the source it was seen in and
    the date it was checked; without it the kit says the contact is unconfirmed.
    """

    code: int = Field(alias="kode", ge=100, le=999)
    name: Text = Field(alias="navn", description="Kort navn, fx 'København'")
    official_name: Text = Field(
        alias="officielt_navn", description="Fx 'Københavns Kommune', 'Bornholms Regionskommune'"
    )
    region: Text
    notification_page: AnyHttpUrl | None = Field(
        None, alias="underretning", description="Kommunens side om underretning"
    )
    children_entry: AnyHttpUrl | None = Field(
        None, alias="børneindgang", description="Kommunens digitale indgang for børn og unge"
    )
    web: AnyHttpUrl | None = Field(None, alias="web")
    phone: Text | None = Field(None, alias="telefon")
    on_call: Text | None = Field(
        None,
        alias="døgnvagt",
        description="Kommunens egen vej ved akutte sager om børn, også uden for åbningstid",
    )
    source: Text | None = Field(None, alias="kilde")
    checked: date | None = Field(None, alias="tjekket")

    @model_validator(mode="after")
    def _contact_needs_source(self) -> Municipality:
        contacts = (self.notification_page, self.children_entry, self.web, self.phone)
        if any((*contacts, self.on_call)) and (self.source is None or self.checked is None):
            raise ValueError("contact_without_source")
        return self


class MunicipalityFact(Sourced):
    """What holds for every municipality (where to report, the children's digital entry)."""

    id: Id
    text: Text = Field(alias="tekst")


class MunicipalityDirectory(Sourced):
    facts: list[MunicipalityFact] = Field(alias="fælles", min_length=1)
    municipalities: list[Municipality] = Field(alias="kommuner", min_length=1)


class GuideEntry(Model):
    id: Id
    situation: Text
    advice: Text = Field(alias="gør", description="Hvad man gør, kort")
    phone: Text | None = Field(None, alias="telefon")
    services: list[Id] = Field(default_factory=list, alias="tjenester")
    source: Text | None = Field(None, alias="kilde")
    checked: date | None = Field(None, alias="tjekket")

    @model_validator(mode="after")
    def _number_needs_source(self) -> GuideEntry:
        if self.phone and (self.source is None or self.checked is None):
            raise ValueError("contact_without_source")
        return self


class ContactGuide(Model):
    title: Text = Field(alias="titel")
    entries: list[GuideEntry] = Field(alias="situationer", min_length=1)


def plain(value: Any) -> Any:
    """`value` as the app reads it: each model as its namesake in `models`, lists as
    tuples, web addresses as text. Generic, so a field added to both sides needs no code."""
    if isinstance(value, BaseModel):
        shape = getattr(models, type(value).__name__)
        return shape(**{name: plain(getattr(value, name)) for name in type(value).model_fields})
    if isinstance(value, list):
        return tuple(plain(item) for item in value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, AnyUrl):
        return str(value)
    return value
