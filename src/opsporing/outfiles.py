"""Where the command line writes: `--out` checked first, and files written whole or not at all.

A trainer runs `export` or `handouts` once, after a workshop, and mails the
result on. A half-written CSV or a 22-byte zip that looks like a result is
worse than none, so every file is written under a temporary name beside its
target and renamed over it only when complete (a rename within one folder is
atomic). A bad `--out` is found while the arguments are parsed, so it is
reported in Danish with argparse's exit code 2 before a PIN is asked for or a
handout is printed.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from opsporing import texts


def _writable_folder(folder: Path, shown: str) -> None:
    """Refuse (in Danish) a folder that is missing, is a file, or cannot be written to."""
    for above in (folder, *folder.parents):
        if above.exists() and not above.is_dir():
            raise argparse.ArgumentTypeError(texts.OUT_UNDER_FILE.format(path=shown, file=above))
    if not folder.is_dir():
        raise argparse.ArgumentTypeError(texts.OUT_NO_FOLDER.format(path=shown, folder=folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise argparse.ArgumentTypeError(texts.OUT_NOT_WRITABLE.format(path=shown, folder=folder))


def file_target(value: str) -> Path:
    """`--out` naming a file: its folder must exist and be writable, and it is no folder itself."""
    if not value.strip():
        raise argparse.ArgumentTypeError(texts.OUT_EMPTY)
    path = Path(value).expanduser()
    if path.is_dir():
        raise argparse.ArgumentTypeError(texts.OUT_IS_FOLDER.format(path=value))
    _writable_folder(path.absolute().parent, value)
    if path.exists() and not os.access(path, os.W_OK):
        raise argparse.ArgumentTypeError(texts.OUT_NOT_WRITABLE.format(path=value, folder=path))
    return path


def folder_target(value: str) -> Path:
    """`--out` naming a folder: made if missing (under a folder that exists and is writable)."""
    if not value.strip():
        raise argparse.ArgumentTypeError(texts.OUT_EMPTY)
    path = Path(value).expanduser()
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(texts.OUT_IS_FILE.format(path=value))
    existing = next(p for p in (path.absolute(), *path.absolute().parents) if p.exists())
    if not existing.is_dir():
        raise argparse.ArgumentTypeError(texts.OUT_UNDER_FILE.format(path=value, file=existing))
    _writable_folder(existing, value)
    return path


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A temporary path beside `target`, renamed to `target` if the block ends without error.

    On any error (a participant's handout that fails, a full disk) the
    temporary file is removed and `target`, if it existed, is left as it was.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o644 & ~_umask())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def write_bytes(target: Path, data: bytes) -> None:
    """Write `data` to `target` whole: readers see the old file or the new one, never a part."""
    with replacing(target) as temporary:
        temporary.write_bytes(data)


def _umask() -> int:
    """The process's umask (read by setting it, so set it straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
