"""Content errors in Danish, each naming the file, the line and the field.

A municipality's content author should be able to fix a file from the message
alone, so pydantic's English messages are translated here by error type.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from opsporing import texts
from opsporing.content.models import QuestionKind

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails


@dataclass(frozen=True)
class ContentError(Exception):
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:"
        return f"{where} {self.field}: {self.message}" if self.field else f"{where} {self.message}"


class ContentErrors(Exception):
    """All problems found in the content; `str()` gives one Danish line per problem."""

    def __init__(self, errors: list[ContentError]) -> None:
        super().__init__("\n".join(map(str, errors)))
        self.errors = errors


# Errors our own validators raise: the code, the field it concerns, and the Danish text.
_OWN_ERRORS: dict[str, tuple[str, str]] = {
    "missing_source": ("kilde", texts.ERR_MISSING_SOURCE),
    "missing_checked": ("tjekket", texts.ERR_MISSING_CHECKED),
    "unverified_without_pointer": ("se_her", texts.ERR_UNVERIFIED_WITHOUT_POINTER),
    "verified_film_without_title": ("titel", texts.ERR_VERIFIED_FILM_WITHOUT_TITLE),
    "unverified_film_with_title": ("titel", texts.ERR_UNVERIFIED_FILM_WITH_TITLE),
    "verified_film_with_label": ("betegnelse", texts.ERR_VERIFIED_FILM_WITH_LABEL),
    "scale_order": ("til", texts.ERR_SCALE_ORDER),
    "duplicate_option": ("", texts.ERR_DUPLICATE_OPTION),
    "contact_without_source": ("kilde", texts.ERR_CONTACT_WITHOUT_SOURCE),
}


def _without_union_tags(loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """Drop the question kind pydantic inserts after a list index (`spørgsmål.0.skala.til`).

    The author never wrote that key; the error must point at the path in their file.
    """
    tags = {kind.value for kind in QuestionKind}
    return tuple(
        part
        for i, part in enumerate(loc)
        if not (part in tags and i > 0 and isinstance(loc[i - 1], int))
    )


CHOICES = "valg"
KEY_FIELDS = ("vurdering", "begrundelse", "kilde")

# Errors `ChoiceQuestion` raises about one option's verdict; the context names the option.
_VERDICT_ERRORS: dict[str, str] = {
    "missing_verdict": texts.ERR_MISSING_VERDICT,
    "reflection_with_verdict": texts.ERR_REFLECTION_WITH_VERDICT,
}


def _is_choice(loc: tuple[str | int, ...]) -> bool:
    """Whether `loc` is one option of a choice question (`...valg[2]`)."""
    return len(loc) >= 2 and loc[-2] == CHOICES and isinstance(loc[-1], int)


def _danish_or(expected: object) -> str:
    """pydantic lists allowed values as "'a', 'b' or 'c'"; the author reads Danish."""
    return str(expected).replace("' or '", "' eller '")


def translate(error: ErrorDetails) -> tuple[tuple[str | int, ...], str]:
    """Return the location (extended to the field meant) and a Danish message."""
    loc = _without_union_tags(tuple(error["loc"]))
    kind = error["type"]
    ctx: dict[str, Any] = error.get("ctx") or {}
    given = error.get("input")
    if kind == "value_error":
        code = str(ctx.get("error", ""))
        field, message = _OWN_ERRORS.get(code, ("", texts.ERR_INVALID.format(detail=code)))
        return ((*loc, field) if field else loc), message
    if kind in _VERDICT_ERRORS:
        return (*loc, CHOICES, int(ctx.get("index", 0)), "vurdering"), _VERDICT_ERRORS[kind]
    if kind == "union_tag_invalid":
        return (*loc, "type"), texts.ERR_UNKNOWN_KIND.format(
            value=ctx.get("tag"), allowed=ctx.get("expected_tags")
        )
    if kind == "union_tag_not_found":
        return (*loc, "type"), texts.ERR_MISSING
    if kind == "missing":
        if loc and loc[-1] == CHOICES:
            return loc, texts.ERR_MISSING_CHOICES
        if loc and loc[-1] in KEY_FIELDS and _is_choice(loc[:-1]):
            return loc, texts.ERR_MISSING_KEY_FIELD
        return loc, texts.ERR_MISSING
    if kind == "extra_forbidden":
        return loc, texts.ERR_UNKNOWN_FIELD
    if kind in ("enum", "literal_error"):
        allowed = _danish_or(ctx.get("expected"))
        return loc, texts.ERR_NOT_ALLOWED.format(value=given, allowed=allowed)
    if kind.startswith("date"):
        return loc, texts.ERR_DATE.format(value=given)
    if kind.startswith("url"):
        return loc, texts.ERR_URL.format(value=given)
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return loc, texts.ERR_INT.format(value=given)
    if kind in ("string_type",):
        return loc, texts.ERR_TEXT.format(value=given)
    if kind in ("list_type",):
        return loc, texts.ERR_LIST
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        if _is_choice(loc):
            return loc, texts.ERR_CHOICE_WITHOUT_KEY.format(value=given)
        return loc, texts.ERR_MAPPING
    if kind == "bool_type" or kind == "bool_parsing":
        return loc, texts.ERR_BOOL.format(value=given)
    if kind == "too_short":
        return loc, texts.ERR_TOO_FEW.format(n=ctx.get("min_length"))
    if kind == "too_long":
        return loc, texts.ERR_TOO_MANY.format(n=ctx.get("max_length"))
    if kind == "string_pattern_mismatch":
        return loc, texts.ERR_ID.format(value=given)
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return loc, texts.ERR_RANGE.format(value=given)
    return loc, texts.ERR_INVALID.format(detail=error["msg"])
