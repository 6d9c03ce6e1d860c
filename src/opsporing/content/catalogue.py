"""All the kit's content, loaded and cross-checked, with the lookups pages need."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from opsporing.content.models import (
    ContactGuide,
    Evaluation,
    Film,
    FilmIndex,
    HelpRoles,
    LegalReference,
    Municipality,
    MunicipalityDirectory,
    Question,
    SelfAssessment,
    Service,
    Vignette,
)


@dataclass(frozen=True)
class QuestionRef:
    """A question with the key answers are stored under: `<owner>/<question id>`.

    The owner is a film id, or a vignette id with its stage number (`mads/1`),
    so authors only keep question ids unique within one film or stage.
    """

    key: str
    question: Question
    film: Film | None = None
    vignette: Vignette | None = None
    stage: int | None = None
    moment: str | None = None
    """Outside films and cases: `BEFORE` or `AFTER` for the self-assessment
    (`selvvurdering/foer/<id>`), `EVALUATION` for the workshop's evaluation
    (`evaluering/<id>`)."""


SELF_ASSESSMENT = "selvvurdering"
BEFORE, AFTER = "foer", "efter"
EVALUATION = "evaluering"


def question_key(owner: str, question_id: str) -> str:
    return f"{owner}/{question_id}"


@dataclass(frozen=True)
class Content:
    film_index: FilmIndex
    vignettes: tuple[Vignette, ...]
    law: tuple[LegalReference, ...]
    services: tuple[Service, ...]
    help_roles: HelpRoles
    municipality_directory: MunicipalityDirectory
    guide: ContactGuide
    self_assessment: SelfAssessment | None = None
    evaluation: Evaluation | None = None

    @property
    def films(self) -> tuple[Film, ...]:
        return tuple(self.film_index.films)

    @property
    def municipalities(self) -> tuple[Municipality, ...]:
        return tuple(self.municipality_directory.municipalities)

    def film(self, film_id: str) -> Film:
        return self._films_by_id[film_id]

    def vignette(self, vignette_id: str) -> Vignette:
        return self._vignettes_by_id[vignette_id]

    def service(self, service_id: str) -> Service:
        return self._services_by_id[service_id]

    def legal_reference(self, reference_id: str) -> LegalReference:
        return {ref.id: ref for ref in self.law}[reference_id]

    def municipality(self, code: int) -> Municipality:
        return {m.code: m for m in self.municipalities}[code]

    def question(self, key: str) -> QuestionRef:
        return self._questions_by_key[key]

    def self_assessment_questions(self, moment: str) -> list[QuestionRef]:
        """The self-assessment asked at `moment` (`BEFORE` or `AFTER`); none without one."""
        if self.self_assessment is None:
            return []
        owner = f"{SELF_ASSESSMENT}/{moment}"
        return [
            QuestionRef(question_key(owner, q.id), q, moment=moment)
            for q in self.self_assessment.questions
        ]

    def evaluation_questions(self) -> list[QuestionRef]:
        """The workshop's evaluation, asked at the end; none without one."""
        if self.evaluation is None:
            return []
        return [
            QuestionRef(question_key(EVALUATION, q.id), q, moment=EVALUATION)
            for q in self.evaluation.questions
        ]

    def questions(self) -> Iterator[QuestionRef]:
        """Every question in the kit, in the order a participant meets them: the
        self-assessment's first round, films, cases, the self-assessment again and
        the evaluation."""
        yield from self.self_assessment_questions(BEFORE)
        for film in self.films:
            for q in film.questions:
                yield QuestionRef(question_key(film.id, q.id), q, film=film)
        for vignette in self.vignettes:
            for number, stage in enumerate(vignette.stages, start=1):
                for q in stage.questions:
                    yield QuestionRef(
                        question_key(f"{vignette.id}/{number}", q.id),
                        q,
                        vignette=vignette,
                        stage=number,
                    )
        yield from self.self_assessment_questions(AFTER)
        yield from self.evaluation_questions()

    @cached_property
    def _films_by_id(self) -> dict[str, Film]:
        return {f.id: f for f in self.films}

    @cached_property
    def _vignettes_by_id(self) -> dict[str, Vignette]:
        return {v.id: v for v in self.vignettes}

    @cached_property
    def _services_by_id(self) -> dict[str, Service]:
        return {s.id: s for s in self.services}

    @cached_property
    def _questions_by_key(self) -> dict[str, QuestionRef]:
        return {ref.key: ref for ref in self.questions()}
