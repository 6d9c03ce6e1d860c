"""Content as data: the YAML files under films/, exercises/ and services/, validated.

Nothing outside this package knows YAML exists; pages ask for `load()`. Importing
this package imports neither PyYAML nor pydantic: a kernel reads the snapshot
the server left (`snapshot`), and only validating the files imports the schema.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from opsporing.content import snapshot
from opsporing.content.catalogue import Content, QuestionRef, question_key
from opsporing.content.errors import ContentError, ContentErrors

__all__ = [
    "Content",
    "ContentError",
    "ContentErrors",
    "QuestionRef",
    "load",
    "question_key",
    "validate",
]


def validate(root: Path) -> tuple[Content | None, list[ContentError]]:
    """Check every file under `root`; return the content (if sound) and every error found."""
    from opsporing.content import loader  # the schema: PyYAML and pydantic, only when asked

    return loader.validate(root)


@lru_cache(maxsize=4)
def load(root: Path) -> Content:
    """The content, once per process: from the snapshot if the files are as they were when
    it was made, else validated (and kept for the next kernel); raise `ContentErrors` if
    anything is wrong."""
    if (kept := snapshot.read(root)) is not None:
        return kept
    seen = snapshot.fingerprint(root)
    content, errors = validate(root)
    if content is None:
        raise ContentErrors(errors)
    snapshot.write(root, content, seen)
    return content
