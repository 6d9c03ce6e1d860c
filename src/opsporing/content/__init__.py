"""Content as data: the YAML files under films/, exercises/ and services/, validated.

Nothing outside this package knows YAML exists; pages ask for `load()`.
"""

from opsporing.content.catalogue import Content, QuestionRef, question_key
from opsporing.content.errors import ContentError
from opsporing.content.loader import KINDS, ContentErrors, load, validate

__all__ = [
    "KINDS",
    "Content",
    "ContentError",
    "ContentErrors",
    "QuestionRef",
    "load",
    "question_key",
    "validate",
]
