"""Where the kit finds its content and keeps its data, overridable by environment; the data
folder is made here, or refused in Danish when it cannot be (`StorageError`)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from opsporing import texts

CONTENT_ENV = "OPSPORING_CONTENT"
DATA_ENV = "OPSPORING_DATA_DIR"
DB_URL_ENV = "OPSPORING_DB_URL"

REPO_ROOT = Path(__file__).resolve().parents[2]
"""The checkout this package was installed from (editable install), holding the content."""

INSTALLED_KIT = Path(__file__).resolve().parent / "kit"
"""The content and notebooks a wheel carries (`pyproject.toml` puts them there), for a kit
installed as an application: no checkout, run from any folder."""

CONTENT_FOLDERS = ("films", "exercises", "services")
NOTEBOOKS = "notebooks"


def has_content(folder: Path) -> bool:
    """Whether `folder` holds the kit's content folders (a checkout, a wheel, a copy)."""
    return all((folder / name).is_dir() for name in CONTENT_FOLDERS)


def kit_root() -> Path:
    """The kit's own files: the checkout when run from one (or an editable install of it),
    otherwise what the wheel installed. Never a municipality's copy: that is `content_root`."""
    if has_content(REPO_ROOT) and (REPO_ROOT / NOTEBOOKS).is_dir():
        return REPO_ROOT
    return INSTALLED_KIT


def content_root() -> Path:
    """The folder holding films/, exercises/ and services/.

    A municipality points `OPSPORING_CONTENT` at its own copy; otherwise the
    nearest folder above the working directory that has the content folders
    (notebooks run from notebooks/, a trainer stands in their copy), and finally
    the kit's own content: the checkout's, or the installed kit's.
    """
    if env := os.environ.get(CONTENT_ENV):
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "films").is_dir() and (folder / "exercises").is_dir():
            return folder
    return kit_root()


def notebooks_dir(content: Path) -> Path:
    """The page notebooks to serve with `content`: its own notebooks/ if it has them (a
    checkout), else the kit's. A municipality's copy holds only what it edits."""
    own = content / NOTEBOOKS
    return own if own.is_dir() else kit_root() / NOTEBOOKS


class StorageError(Exception):
    """The data folder or database cannot be used; `str()` is the Danish reason and remedy.

    Raised here for the data folder and by `opsporing.storage` for the rest of its checks.
    """


def data_folder_path() -> Path:
    """Where the embedded database lives: `OPSPORING_DATA_DIR` or the user's data folder."""
    return Path(os.environ.get(DATA_ENV) or platformdirs.user_data_dir("opsporing")).expanduser()


def data_dir() -> Path:
    """The data folder, made if missing, or a Danish `StorageError` saying why it cannot be."""
    folder = data_folder_path()
    if folder.exists() and not folder.is_dir():
        raise StorageError(texts.STORAGE_NOT_A_FOLDER.format(path=folder, env=DATA_ENV))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(
            texts.STORAGE_CANNOT_MAKE.format(
                path=folder, problem=error.strerror or error, env=DATA_ENV
            )
        ) from None
    return folder
