"""A persona opened for editing: the file Save writes, the text it starts from, and any text
checked as if it were already saved there (the app's persona editor works with these).

The checks are the loader's own — the same messages, positions and "did you mean" as
``tutor personas validate`` — and ``save_persona`` checks the text the same way again before
it writes, so what the editor shows as fine is what saving accepts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tutor.core.config import paths
from tutor.core.errors import Problem, UsageError
from tutor.core.personas.extends import Resolver
from tutor.core.personas.library import (
    BUILTIN_LAYER,
    USER_LAYER,
    builtin_personas_dir,
)
from tutor.core.personas.loader import Draft, persona_files, read_draft
from tutor.core.personas.persona import BUILT_IN, Persona
from tutor.core.personas.saving import check_id, persona_path
from tutor.core.personas.scaffold import scaffold

Origin = Literal["yours", "built-in", "new"]


@dataclass(frozen=True)
class PersonaSheet:
    """What the editor opens. ``target`` is the user's file Save writes
    (``<personas folder>/<id>.yaml``); ``text`` is what the editor starts with; ``origin`` says
    where it came from: ``yours`` (the target itself), ``built-in`` (a copy of the shipped file —
    saving makes the user's own, which then replaces the built-in for them) or ``new`` (a
    scaffold, nothing on disk yet)."""

    persona_id: str
    target: Path
    text: str
    origin: Origin


@dataclass(frozen=True)
class Checked:
    """One text checked: the persona it makes (None when it has problems) and its problems,
    each at the target's ``file:line:col``."""

    text: str
    persona: Persona | None
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return self.persona is not None and not self.problems


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UsageError(
            f"{path} is not UTF-8 text — save it as UTF-8, then open it here again"
            " (`tutor personas validate` shows where)"
        ) from None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None


def _defining(folder: Path, persona_id: str, layer: int) -> list[Path]:
    return [p for p in persona_files(folder) if read_draft(p, layer).id == persona_id]


def sheet_for(
    persona_id: str, *, user_dir: Path | None = None, builtin_dir: Path | None = None
) -> PersonaSheet:
    """The persona ``persona_id`` opened for editing: the user's own file, or a copy of the
    built-in one. Raises :class:`UsageError` (one line) when there is none, or when the user's
    file has a name Save would not write (the editor saves ``<id>.yaml``)."""
    user_dir = user_dir or paths.user_personas_dir()
    builtin_dir = builtin_dir or builtin_personas_dir()
    target = persona_path(persona_id, user_dir)
    mine = _defining(user_dir, persona_id, USER_LAYER)
    if mine:
        if mine[0].resolve() != target.resolve():
            raise UsageError(
                f"{mine[0]} holds persona '{persona_id}', but the editor saves {target.name} — "
                f"rename the file to {target.name} to edit it here"
            )
        return PersonaSheet(persona_id, target, _read_text(target), "yours")
    if target.exists():
        other = read_draft(target, USER_LAYER).id
        raise UsageError(
            f"{target} holds the persona '{other}', not '{persona_id}' — edit '{other}', or "
            "rename that file"
        )
    shipped = _defining(builtin_dir, persona_id, BUILTIN_LAYER)
    if shipped:
        return PersonaSheet(persona_id, target, _read_text(shipped[0]), "built-in")
    raise UsageError(f"no persona '{persona_id}' to edit — 'persona: new' starts one")


def new_sheet(
    persona_id: str,
    parent: Persona | None = None,
    *,
    user_dir: Path | None = None,
    builtin_dir: Path | None = None,
) -> PersonaSheet:
    """A new persona ``persona_id`` (extending ``parent`` when given), from the scaffold.
    Raises :class:`UsageError` when the id cannot name a file or is taken already."""
    check_id(persona_id)
    user_dir = user_dir or paths.user_personas_dir()
    builtin_dir = builtin_dir or builtin_personas_dir()
    target = persona_path(persona_id, user_dir)
    taken = (
        target.exists()
        or _defining(user_dir, persona_id, USER_LAYER)
        or _defining(builtin_dir, persona_id, BUILTIN_LAYER)
    )
    if taken:
        raise UsageError(
            f"persona '{persona_id}' exists already — edit it ('persona: edit' in the palette),"
            " or choose another id"
        )
    return PersonaSheet(persona_id, target, scaffold(persona_id, parent), "new")


class PersonaChecker:
    """Checks editor text as the user's file ``target``, on top of the built-ins and the user's
    other persona files as they were when it was made (``reread`` reads them again)."""

    def __init__(
        self, target: Path, *, user_dir: Path | None = None, builtin_dir: Path | None = None
    ) -> None:
        self.target = target
        self.user_dir = user_dir or paths.user_personas_dir()
        self.builtin_dir = builtin_dir or builtin_personas_dir()
        self._others: list[Draft] = []
        self.reread()

    def reread(self) -> None:
        """Read the other persona files again (blocking: a thread's work)."""
        builtin = [read_draft(p, BUILTIN_LAYER, BUILT_IN) for p in persona_files(self.builtin_dir)]
        mine = self.target.resolve()
        user = [
            read_draft(p, USER_LAYER) for p in persona_files(self.user_dir) if p.resolve() != mine
        ]
        self._others = builtin + user

    def check(self, text: str) -> Checked:
        """``text`` checked as the content of ``target`` (blocking: a thread's work)."""
        draft = read_draft(self.target, USER_LAYER, text=text)
        resolver = Resolver([*self._others, draft])
        resolver.personas()  # every persona, as loading the library would: cycles through others
        persona = resolver.resolve(draft)
        own = sorted(
            (p for p in resolver.problems if p.path == draft.path),
            key=lambda p: (p.line, p.col),
        )
        return Checked(text, None if own else persona, tuple(own))
