"""The validated content, kept on disk for the next kernel: one snapshot per content folder.

Validating the files needs PyYAML, pydantic and the schema: about 10 MiB in every
participant's kernel, forty times over in a room, and CPU a filling pool pays
for each kernel. The content is the same for all of them, so the first process
that validates it (the server, as it starts) leaves a pickle of the result in
the data folder, and a kernel unpickles that instead: only `models` is imported.

A snapshot is used only while no YAML file under the content folders has
changed since (path, size and modification time of each), and only by the same
`models` source, so an author's edit or a new version of the kit is validated
afresh. The data folder is the user's own (it holds the database too), which is
what makes unpickling from it safe.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from pathlib import Path

from opsporing import paths
from opsporing.content import models
from opsporing.content.catalogue import Content

FOLDER = "content-snapshots"
log = logging.getLogger(__name__)

Fingerprint = tuple[tuple[str, int, int], ...]


def fingerprint(root: Path) -> Fingerprint:
    """Every content YAML file under `root`, with its size and modification time."""
    found = []
    for folder in paths.CONTENT_FOLDERS:
        for path in (root / folder).rglob("*.y*ml"):
            stat = path.stat()
            found.append((path.relative_to(root).as_posix(), stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(found))


def _file(root: Path) -> Path:
    """The snapshot's file: named for the content folder and the `models` it was made with."""
    shape = Path(models.__file__).read_bytes()
    key = hashlib.sha256(str(root.resolve()).encode() + b"\0" + shape).hexdigest()[:32]
    return paths.data_folder_path() / FOLDER / f"{key}.pickle"


def read(root: Path) -> Content | None:
    """The content validated before, if nothing under `root` changed since; else None."""
    try:
        with _file(root).open("rb") as stream:
            kept, content = pickle.load(stream)
    except FileNotFoundError:
        return None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError) as error:
        log.warning("content snapshot unreadable, validating the files instead: %s", error)
        return None
    if kept != fingerprint(root) or not isinstance(content, Content):
        return None
    return content


def write(root: Path, content: Content, seen: Fingerprint) -> None:
    """Keep `content`, validated from files that were as `seen`, for the next kernel.

    Written whole under a temporary name and renamed, so a kernel starting at the
    same moment reads the old snapshot or the new one, never half of one. A folder
    that cannot be written costs only memory: the next kernel validates again.
    """
    target = _file(root)
    written: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=target.parent, delete=False) as stream:
            written = Path(stream.name)
            pickle.dump((seen, content), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(written, target)
    except (OSError, pickle.PicklingError) as error:
        log.warning("content snapshot not written: %s", error)
        if written is not None:  # closed by now, so Windows lets it go too
            written.unlink(missing_ok=True)
