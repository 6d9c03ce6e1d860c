"""The content as the app reads it: what a film, a vignette, a question and a service are.

Plain frozen dataclasses, no pydantic. Every participant's kernel holds the
content, and pydantic with the file schema costs a kernel about 10 MiB: forty
times over in a room of forty. So the files are checked once against
`opsporing.content.schema` (Danish keys, rules, the errors an author reads),
and kernels get these objects, unpickled from a snapshot
(`opsporing.content.snapshot`) without importing the schema at all.

Each class here has its namesake in the schema with the same fields (a test
keeps them so); the vocabularies (the enums) live here and the schema uses them.
Lists are tuples: content is read, never written, by the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

# --- Shared vocabularies -------------------------------------------------------------


class Theme(StrEnum):
    """Børnerådet's three themes for the films, reused for vignettes."""

    EARLY_ACTION = "tidlig indsats"
    INVOLVING_CHILDREN = "inddragelse af børn og unge"
    CROSS_DISCIPLINARY = "tværfagligt samarbejde"


class Profession(StrEnum):
    PEDAGOGUE = "pædagog"
    TEACHER = "lærer"
    SCHOOL_LEADER = "skoleleder"
    DENTIST = "tandlæge"
    HEALTH_VISITOR = "sundhedsplejerske"
    SOCIAL_WORKER = "socialrådgiver"
    SFO = "sfo-medarbejder"
    COACH = "træner"
    PSYCHOLOGIST = "psykolog"
    """Fx i kommunens PPR (pædagogisk-psykologisk rådgivning)."""
    GP = "praktiserende læge"


class FilmGroup(StrEnum):
    """Who speaks in a film: a young person looking back, or a professional."""

    YOUNG = "ung"
    PROFESSIONAL = "fagperson"


class TargetGroup(StrEnum):
    CHILD = "barn/ung"
    PARENT = "forælder"
    PROFESSIONAL = "fagperson"
    CITIZEN = "borger"


class Channel(StrEnum):
    PHONE = "telefon"
    CHAT = "chat"
    SMS = "sms"
    EMAIL = "e-mail"
    WEB = "web"
    IN_PERSON = "fremmøde"
    LETTER_BOX = "brevkasse"


class NeglectKind(StrEnum):
    NEGLECT = "vanrøgt"
    PHYSICAL = "fysiske overgreb"
    PSYCHOLOGICAL = "psykisk omsorgssvigt"
    SEXUAL = "seksuelle overgreb"


class Detail(StrEnum):
    """Details of a service that may be unconfirmed while the entry itself is sound."""

    PHONE = "telefon"
    SMS = "sms"
    EMAIL = "e-mail"
    WEB = "web"
    HOURS = "åbningstider"
    AGE = "alder"


class QuestionKind(StrEnum):
    FREE_TEXT = "fritekst"
    SINGLE_CHOICE = "enkeltvalg"
    MULTIPLE_CHOICE = "flervalg"
    SCALE = "skala"
    TRAFFIC_LIGHT = "trafiklys"
    ACTION = "handling"


class Verdict(StrEnum):
    """The trainer's verdict on one option; the UI always shows the word, never colour alone."""

    SOUND = "forsvarlig"
    RISKY = "risikabel"
    WRONG = "forkert"


class TrafficLight(StrEnum):
    """TOPI's three positions; the UI always shows the word, never colour alone."""

    GREEN = "grøn"
    YELLOW = "gul"
    RED = "rød"


# --- Provenance ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Sourced:
    """A factual entry: confirmed with a source and a date, or openly unverified (the
    schema's rules say which combinations an author may write)."""

    verified: bool
    source: str | None
    checked: date | None
    check_at: str | None
    """Where a reader can check the entry themselves."""


# --- Questions ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class BaseQuestion:
    id: str
    text: str
    help: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class FreeTextQuestion(BaseQuestion):
    kind: Literal[QuestionKind.FREE_TEXT]


@dataclass(frozen=True, slots=True, kw_only=True)
class Choice:
    """One option of a choice question: the text participants see, and the trainer's key
    (no verdict in a reflection, which asks about the participant's own practice)."""

    text: str
    verdict: Verdict | None
    reason: str
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ChoiceQuestion(BaseQuestion):
    choices: tuple[Choice, ...]
    reflection: bool

    @property
    def options(self) -> list[str]:
        """The option texts: what widgets show and what the store keeps as the answer."""
        return [choice.text for choice in self.choices]


@dataclass(frozen=True, slots=True, kw_only=True)
class SingleChoiceQuestion(ChoiceQuestion):
    kind: Literal[QuestionKind.SINGLE_CHOICE]


@dataclass(frozen=True, slots=True, kw_only=True)
class MultipleChoiceQuestion(ChoiceQuestion):
    kind: Literal[QuestionKind.MULTIPLE_CHOICE]


@dataclass(frozen=True, slots=True, kw_only=True)
class ScaleQuestion(BaseQuestion):
    kind: Literal[QuestionKind.SCALE]
    low: int
    high: int
    low_label: str
    high_label: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TrafficLightQuestion(BaseQuestion):
    kind: Literal[QuestionKind.TRAFFIC_LIGHT]
    meanings: dict[TrafficLight, str]
    """Optional meaning per colour; without one, TOPI's."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ActionQuestion(ChoiceQuestion):
    """Next steps to tick; each case lists its own, since the key depends on the case."""

    kind: Literal[QuestionKind.ACTION]


Question = (
    FreeTextQuestion
    | SingleChoiceQuestion
    | MultipleChoiceQuestion
    | ScaleQuestion
    | TrafficLightQuestion
    | ActionQuestion
)


# --- Films --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Series(Sourced):
    title: str
    publisher: str
    description: str
    page: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Film(Sourced):
    """One slot of the series. An unverified slot has no title, only what is known."""

    id: str
    title: str | None
    label: str | None
    """The kit's own name for a film without a confirmed title (not a title)."""
    group: FilmGroup
    profession: Profession | None
    people: tuple[str, ...]
    page: str | None
    themes: tuple[Theme, ...]
    summary: str
    questions: tuple[Question, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class FilmIndex:
    series: Series
    films: tuple[Film, ...]


# --- Law and vignettes ------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class LegalReference(Sourced):
    id: str
    title: str
    reference: str | None
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class LegalBasis:
    references: tuple[LegalReference, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SelfAssessment:
    """Statements a participant rates at the start of a workshop and again at the end."""

    before: str
    after: str
    questions: tuple[ScaleQuestion, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Evaluation:
    """A few questions about the workshop itself, answered at the end."""

    intro: str
    questions: tuple[Question, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Stage:
    title: str
    text: str
    questions: tuple[Question, ...]
    perspective: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Vignette:
    id: str
    title: str
    fictional: Literal[True]
    age: int
    setting: str
    professions: tuple[Profession, ...]
    themes: tuple[Theme, ...]
    neglect: tuple[NeglectKind, ...]
    intro: str
    films: tuple[str, ...]
    services: tuple[str, ...]
    law: tuple[str, ...]
    stages: tuple[Stage, ...]


# --- Services and municipalities -------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class AgeRange:
    low: int | None
    high: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Service(Sourced):
    id: str
    name: str
    run_by: str
    description: str
    target_groups: tuple[TargetGroup, ...]
    ages: AgeRange | None
    channels: tuple[Channel, ...]
    phone: str | None
    sms: str | None
    email: str | None
    web: str | None
    hours: str | None
    unconfirmed: tuple[Detail, ...]
    """Details we could not confirm; the pages show them as unconfirmed."""
    municipality: int | None
    """The municipality's code, when the service is local."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceDirectory:
    services: tuple[Service, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class HelpRole(Sourced):
    """A way a citizen can help a child (Social- og Boligstyrelsen's Hjerteforældre)."""

    id: str
    name: str
    description: str


@dataclass(frozen=True, slots=True, kw_only=True)
class HelpRoles:
    intro: str
    roles: tuple[HelpRole, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Municipality:
    """One of the 98: its short name for lists, its official name for sentences.

    A contact is only here with the source it was seen in and the date it was
    checked (the schema insists); without one the kit says the contact is unconfirmed.
    """

    code: int
    name: str
    official_name: str
    region: str
    notification_page: str | None
    children_entry: str | None
    web: str | None
    phone: str | None
    on_call: str | None
    source: str | None
    checked: date | None

    @property
    def has_contact(self) -> bool:
        contacts = (self.notification_page, self.children_entry, self.web, self.phone)
        return any((*contacts, self.on_call))


@dataclass(frozen=True, slots=True, kw_only=True)
class MunicipalityFact(Sourced):
    """What holds for every municipality (where to report, the children's digital entry)."""

    id: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MunicipalityDirectory(Sourced):
    facts: tuple[MunicipalityFact, ...]
    municipalities: tuple[Municipality, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class GuideEntry:
    id: str
    situation: str
    advice: str
    phone: str | None
    services: tuple[str, ...]
    source: str | None
    checked: date | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ContactGuide:
    title: str
    entries: tuple[GuideEntry, ...]
