"""Saving a persona file into the user's folder, checked first and never half-written.

The id is checked, the text validated as if it already lived there, the file replaced whole,
and no persona — the user's or a built-in — replaced unasked.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from tutor.core.config import paths
from tutor.core.config.private_file import write_private
from tutor.core.errors import PersonaError, UsageError
from tutor.core.personas.library import (
    BUILTIN_LAYER,
    USER_LAYER,
    builtin_personas_dir,
    validate_as,
)
from tutor.core.personas.loader import persona_files, read_draft
from tutor.core.personas.problems import quoted
from tutor.core.personas.schema import ID_PATTERN


def check_id(persona_id: str) -> None:
    """Raise :class:`UsageError` (one line) unless ``persona_id`` can name a persona file."""
    if persona_id.lower().endswith((".yaml", ".yml")):
        stem = persona_id.rsplit(".", 1)[0]
        raise UsageError(f"give the id without '.yaml': '{stem}' (the file is named after it)")
    if not re.match(ID_PATTERN, persona_id):
        raise UsageError(
            f"{quoted(persona_id)} cannot be a persona id — use letters, digits, '-', '_' and '.',"
            " starting with a letter or digit (at most 64)"
        )


def persona_path(persona_id: str, user_dir: Path | None = None) -> Path:
    """Where the user's persona ``persona_id`` is saved: ``<personas folder>/<id>.yaml``."""
    return (user_dir or paths.user_personas_dir()) / f"{persona_id}.yaml"


def _holders(persona_id: str, user_dir: Path, builtin_dir: Path) -> tuple[list[Path], bool]:
    """The user's files that define ``persona_id``, and whether a built-in does."""
    mine = [p for p in persona_files(user_dir) if read_draft(p, USER_LAYER).id == persona_id]
    builtin = any(read_draft(p, BUILTIN_LAYER).id == persona_id for p in persona_files(builtin_dir))
    return mine, builtin


def save_persona(
    persona_id: str,
    text: str,
    *,
    force: bool = False,
    user_dir: Path | None = None,
    builtin_dir: Path | None = None,
) -> Path:
    """Write ``text`` as the user's persona ``persona_id`` and return the file's path.

    Raises :class:`UsageError` when the id is taken (a file of the user's, or a built-in the
    file would replace for them) and ``force`` is not set, or when another file defines it;
    :class:`PersonaError` with every problem (at the target's file:line:col) when the text is
    not a valid persona there — then nothing is written.
    """
    check_id(persona_id)
    user_dir = user_dir or paths.user_personas_dir()
    builtin_dir = builtin_dir or builtin_personas_dir()
    target = persona_path(persona_id, user_dir)
    mine, builtin = _holders(persona_id, user_dir, builtin_dir)
    others = [p for p in mine if p.resolve() != target.resolve()]
    if others:
        raise UsageError(
            f"persona '{persona_id}' is defined in {others[0]} — edit that file, or remove it first"
        )
    if (mine or target.exists()) and not force:
        raise UsageError(
            f"{target} already exists — add --force to replace it, or choose another id"
        )
    if builtin and not force:
        raise UsageError(
            f"'{persona_id}' is a built-in persona; a file of yours with that id replaces it"
            " for you — add --force to do that, or choose another id"
        )
    try:
        user_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".new-", dir=user_dir) as folder:
            candidate = Path(folder) / target.name
            with candidate.open("w", encoding="utf-8") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            problems = validate_as(candidate, target, builtin_dir=builtin_dir, user_dir=user_dir)
            if problems:
                raise PersonaError(problems)
        write_private(target, text)
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
    return target
