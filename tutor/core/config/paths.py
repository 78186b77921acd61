"""Where tutor keeps its config, data (store, facts, practice work), user personas and problems."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

APP = "tutor"
PRIVATE_FOLDER = 0o700


def config_file() -> Path:
    """``$TUTOR_CONFIG``, else ``<user config dir>/tutor/config.yaml``."""
    explicit = os.environ.get("TUTOR_CONFIG")
    if explicit:
        return Path(explicit).expanduser()
    return config_dir() / "config.yaml"


def config_dir() -> Path:
    """The folder that holds the config file and the user's ``personas/``."""
    explicit = os.environ.get("TUTOR_CONFIG")
    if explicit:
        return Path(explicit).expanduser().parent
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP, appauthor=False))


def user_personas_dir() -> Path:
    """User personas: ``<config dir>/personas/*.yaml`` (they override built-ins of the same id)."""
    return config_dir() / "personas"


def user_problems_dir() -> Path:
    """The user's practice pack: ``<config dir>/problems/<id>/`` (overrides built-ins by id)."""
    return config_dir() / "problems"


def practice_dir() -> Path:
    """Where `tutor practice start` puts the student's files: ``<data dir>/practice/<id>/``."""
    return data_dir() / "practice"


def data_dir() -> Path:
    """``$TUTOR_DATA_DIR``, else ``<user data dir>/tutor/``; created on demand, mode 0700.

    The default folder is tutor's own, so one that others can read (made by an older tutor)
    is closed to them; a folder named by ``$TUTOR_DATA_DIR`` is the user's choice and is only
    made private when tutor creates it.
    """
    explicit = os.environ.get("TUTOR_DATA_DIR")
    if explicit:
        path = Path(explicit).expanduser()
        private_folder(path, tighten=False)
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP, appauthor=False))
        private_folder(path, tighten=True)
    return path


def private_folder(path: Path, *, tighten: bool) -> None:
    """Create ``path`` (and its parents) with mode 0700; with ``tighten``, an existing folder
    that group or others may enter is made 0700 too (when it is the user's own)."""
    path.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    if tighten:
        with contextlib.suppress(OSError):
            status = path.stat()
            if status.st_mode & 0o077 and status.st_uid == getattr(os, "getuid", int)():
                path.chmod(PRIVATE_FOLDER)


def store_file() -> Path:
    """The SQLite session store."""
    return data_dir() / "sessions.sqlite3"


def facts_file() -> Path:
    """What tutor has learned about endpoints: windows from overflow errors, calibration."""
    return data_dir() / "endpoint-facts.json"


def exports_dir() -> Path:
    """Where the app writes session exports: ``$TUTOR_EXPORTS_DIR``, else
    ``<user documents dir>/tutor-exports`` (``~/Documents/tutor-exports`` on Linux)."""
    explicit = os.environ.get("TUTOR_EXPORTS_DIR")
    if explicit:
        return Path(explicit).expanduser()
    from platformdirs import user_documents_dir

    return Path(user_documents_dir()) / "tutor-exports"
