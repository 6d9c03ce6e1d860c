"""Find the content files, validate each against its model, then check cross-references.

Which file holds what is decided here, by path, in `KINDS`: authors never name
a model. Every problem is collected (not just the first) so one run of
`opsporing validate` lists everything to fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from opsporing import paths, texts
from opsporing.content.catalogue import Content
from opsporing.content.errors import ContentError, translate
from opsporing.content.schema import (
    ContactGuide,
    Evaluation,
    FilmIndex,
    HelpRoles,
    LegalBasis,
    MunicipalityDirectory,
    SelfAssessment,
    ServiceDirectory,
    Vignette,
    plain,
)
from opsporing.content.yamlfile import Loc, YamlFile, read_yaml


@dataclass(frozen=True)
class Kind:
    """One kind of content file: where it lives (a path or a glob) and its model."""

    name: str
    pattern: str
    model: type[BaseModel]
    required: bool = True
    """A kit without an optional kind (a municipality's own selection) simply lacks it."""


KINDS: tuple[Kind, ...] = (
    Kind("film", "films/rettidig-omsorg.yaml", FilmIndex),
    Kind("vignet", "exercises/vignetter/*.yaml", Vignette),
    Kind("lovgrundlag", "exercises/lovgrundlag.yaml", LegalBasis),
    Kind("tjenester", "services/tjenester/*.yaml", ServiceDirectory),
    Kind("hjerteforaeldre", "services/hjerteforaeldre.yaml", HelpRoles),
    Kind("kommuner", "services/kommuner.yaml", MunicipalityDirectory),
    Kind("hvem-kontakter-jeg", "services/hvem-kontakter-jeg.yaml", ContactGuide),
    Kind("selvvurdering", "exercises/selvvurdering.yaml", SelfAssessment, required=False),
    Kind("evaluering", "exercises/evaluering.yaml", Evaluation, required=False),
)


@dataclass(frozen=True)
class _Parsed:
    file: YamlFile
    value: Any


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _parse(file: YamlFile, model: type[BaseModel], errors: list[ContentError]) -> Any:
    try:
        return model.model_validate(file.data)
    except ValidationError as exc:
        for detail in exc.errors():
            loc, message = translate(detail)
            errors.append(file.error(loc, message))
        return None


def _stray_files(root: Path) -> list[Path]:
    """YAML files under the content folders that no kind claims (a misplaced or misnamed file)."""
    claimed = {p for kind in KINDS for p in root.glob(kind.pattern)}
    found = {p for d in paths.CONTENT_FOLDERS for p in (root / d).rglob("*.y*ml")}
    return sorted(found - claimed)


def _read_all(root: Path, errors: list[ContentError]) -> dict[str, list[_Parsed]]:
    parsed: dict[str, list[_Parsed]] = {}
    for kind in KINDS:
        files = sorted(root.glob(kind.pattern))
        if not files and kind.required:
            errors.append(ContentError(kind.pattern, 1, "", texts.ERR_MISSING_FILE))
        for path in files:
            try:
                file = read_yaml(path, _relative(path, root))
            except ContentError as exc:
                errors.append(exc)
                continue
            value = _parse(file, kind.model, errors)
            if value is not None:
                parsed.setdefault(kind.name, []).append(_Parsed(file, value))
    expected = ", ".join(kind.pattern for kind in KINDS)
    for path in _stray_files(root):
        errors.append(
            ContentError(
                _relative(path, root), 1, "", texts.ERR_UNKNOWN_FILE.format(expected=expected)
            )
        )
    return parsed


class _Ids:
    """Registers ids of one namespace and reports the second use of any."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.first: dict[Any, str] = {}
        self.errors = errors

    def add(self, value: Any, file: YamlFile, loc: Loc) -> None:
        where = f"{file.shown_as}:{file.line(loc)}"
        if value in self.first:
            self.errors.append(
                file.error(loc, texts.ERR_DUPLICATE_ID.format(id=value, first=self.first[value]))
            )
        else:
            self.first[value] = where


def _check_references(parsed: dict[str, list[_Parsed]], errors: list[ContentError]) -> None:
    films, services, law, codes, vignettes = (_Ids(errors) for _ in range(5))
    for p in parsed.get("film", []):
        for i, film in enumerate(p.value.films):
            films.add(film.id, p.file, ("film", i, "id"))
            _unique_question_ids(film.questions, p.file, ("film", i, "spørgsmål"), errors)
    for p in parsed.get("tjenester", []):
        for i, service in enumerate(p.value.services):
            services.add(service.id, p.file, ("tjenester", i, "id"))
    for p in parsed.get("lovgrundlag", []):
        for i, ref in enumerate(p.value.references):
            law.add(ref.id, p.file, ("henvisninger", i, "id"))
    for p in parsed.get("kommuner", []):
        for i, municipality in enumerate(p.value.municipalities):
            codes.add(municipality.code, p.file, ("kommuner", i, "kode"))
        _unique(p.value.facts, "id", p.file, ("fælles",), errors)
    for p in parsed.get("hjerteforaeldre", []):
        _unique(p.value.roles, "id", p.file, ("roller",), errors)
    for p in parsed.get("hvem-kontakter-jeg", []):
        _unique(p.value.entries, "id", p.file, ("situationer",), errors)
    for kind in ("selvvurdering", "evaluering"):
        for p in parsed.get(kind, []):
            _unique_question_ids(p.value.questions, p.file, ("spørgsmål",), errors)

    def refer(ids: _Ids, value: Any, file: YamlFile, loc: Loc, message: str) -> None:
        if value not in ids.first:
            errors.append(file.error(loc, message))

    for p in parsed.get("vignet", []):
        v: Vignette = p.value
        vignettes.add(v.id, p.file, ("id",))
        for i, film_id in enumerate(v.films):
            refer(films, film_id, p.file, ("film", i), texts.ERR_UNKNOWN_FILM.format(id=film_id))
        for i, sid in enumerate(v.services):
            refer(services, sid, p.file, ("tjenester", i), texts.ERR_UNKNOWN_SERVICE.format(id=sid))
        for i, lid in enumerate(v.law):
            refer(law, lid, p.file, ("lov", i), texts.ERR_UNKNOWN_LAW.format(id=lid))
        for field, ids in (("film", v.films), ("tjenester", v.services), ("lov", v.law)):
            _unique_values(ids, p.file, (field,), errors)
        # Stages have no id: the title is what a participant and the plenum tell them by.
        _unique(v.stages, "title", p.file, ("trin",), errors, field="titel")
        for n, stage in enumerate(v.stages):
            _unique_question_ids(stage.questions, p.file, ("trin", n, "spørgsmål"), errors)
    for p in parsed.get("tjenester", []):
        for i, service in enumerate(p.value.services):
            if service.municipality is not None:
                refer(
                    codes,
                    service.municipality,
                    p.file,
                    ("tjenester", i, "kommune"),
                    texts.ERR_UNKNOWN_MUNICIPALITY.format(code=service.municipality),
                )
    for p in parsed.get("hvem-kontakter-jeg", []):
        for i, entry in enumerate(p.value.entries):
            _unique_values(entry.services, p.file, ("situationer", i, "tjenester"), errors)
            for j, sid in enumerate(entry.services):
                refer(
                    services,
                    sid,
                    p.file,
                    ("situationer", i, "tjenester", j),
                    texts.ERR_UNKNOWN_SERVICE.format(id=sid),
                )


def _unique_question_ids(
    questions: list[Any], file: YamlFile, loc: Loc, errors: list[ContentError]
) -> None:
    _unique(questions, "id", file, loc, errors)


def _unique(
    items: list[Any],
    attribute: str,
    file: YamlFile,
    loc: Loc,
    errors: list[ContentError],
    field: str | None = None,
) -> None:
    """Reject the second item of one list with the same id (or title).

    Pages, answers and the plenum find an item by its id; a second item with
    the same id would silently shadow the first, or mix two questions' answers.
    """
    ids = _Ids(errors)
    for i, item in enumerate(items):
        ids.add(getattr(item, attribute), file, (*loc, i, field or attribute))


def _unique_values(values: list[Any], file: YamlFile, loc: Loc, errors: list[ContentError]) -> None:
    """Reject an id listed twice in one list of references (a case's films, a guide's services)."""
    ids = _Ids(errors)
    for i, value in enumerate(values):
        ids.add(value, file, (*loc, i))


def validate(root: Path) -> tuple[Content | None, list[ContentError]]:
    """Load everything under `root`; return the content (if sound) and every error found."""
    errors: list[ContentError] = []
    if not all((root / d).is_dir() for d in paths.CONTENT_FOLDERS):
        return None, [ContentError(str(root), 1, "", texts.ERR_NO_CONTENT_DIR.format(root=root))]
    parsed = _read_all(root, errors)
    _check_references(parsed, errors)
    if errors:
        return None, errors

    def one(name: str) -> Any:
        return parsed[name][0].value

    content = Content(
        film_index=plain(one("film")),
        vignettes=tuple(plain(p.value) for p in parsed.get("vignet", [])),
        law=plain(one("lovgrundlag").references),
        services=tuple(plain(s) for p in parsed.get("tjenester", []) for s in p.value.services),
        help_roles=plain(one("hjerteforaeldre")),
        municipality_directory=plain(one("kommuner")),
        guide=plain(one("hvem-kontakter-jeg")),
        self_assessment=plain(one("selvvurdering")) if "selvvurdering" in parsed else None,
        evaluation=plain(one("evaluering")) if "evaluering" in parsed else None,
    )
    return content, []
