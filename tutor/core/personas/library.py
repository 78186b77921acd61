"""All personas the student can pick: the built-ins plus the user's folder, and what is wrong."""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Collection, Iterable
from pathlib import Path

from tutor.core.config import paths
from tutor.core.config.file import DEFAULT_PERSONA
from tutor.core.errors import PersonaError, Problem, UsageError
from tutor.core.personas.extends import Resolver
from tutor.core.personas.loader import Draft, persona_files, read_draft
from tutor.core.personas.persona import BUILT_IN, Persona

BUILTIN_LAYER, USER_LAYER, CHECKED_LAYER = 0, 1, 2


def builtin_personas_dir() -> Path:
    """The folder of the built-in persona files (the ``tutor.builtin_personas`` package).

    In a source checkout that is not installed, the package does not exist; the top-level
    ``personas/`` folder is the same files.
    """
    try:
        from importlib.resources import files

        return Path(str(files("tutor.builtin_personas")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[3] / "personas"


def _read_folder(folder: Path, layer: int, skip: Collection[Path] = ()) -> list[Draft]:
    source = BUILT_IN if layer == BUILTIN_LAYER else None
    found = persona_files(folder)
    if skip:
        found = [p for p in found if p.resolve() not in skip]
    return [read_draft(p, layer, source) for p in found]


def _sorted(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.path, p.line, p.col))


class PersonaLibrary:
    """The personas that loaded (``personas``) and every problem found (``problems``).

    A user file with the id of a built-in replaces it; a file with problems is left out (the
    built-in of the same id, if any, stays) and never stops the others from loading.
    """

    def __init__(
        self, personas: dict[str, Persona], problems: list[Problem], drafts: list[Draft]
    ) -> None:
        self.personas = personas
        self.problems = problems
        self._broken = {d.id: d for d in drafts if d.id not in personas}

    @classmethod
    def load(cls, builtin_dir: Path | None = None, user_dir: Path | None = None) -> PersonaLibrary:
        """Read the built-ins (default: the shipped ones) and the user's folder (default:
        ``<config dir>/personas``); a missing folder simply adds nothing."""
        builtin_dir = builtin_dir or builtin_personas_dir()
        user_dir = user_dir or paths.user_personas_dir()
        drafts = _read_folder(builtin_dir, BUILTIN_LAYER) + _read_folder(user_dir, USER_LAYER)
        resolver = Resolver(drafts)
        personas = resolver.personas()
        return cls(personas, _sorted(resolver.problems), drafts)

    def ids(self) -> list[str]:
        """Persona ids, the default first, then the rest in alphabetical order."""
        rest = sorted(pid for pid in self.personas if pid != DEFAULT_PERSONA)
        return ([DEFAULT_PERSONA] if DEFAULT_PERSONA in self.personas else []) + rest

    def get(self, persona_id: str) -> Persona:
        """The persona ``persona_id``; :class:`UsageError` if there is none, or
        :class:`PersonaError` (with the file's problems) if its file is broken."""
        persona = self.personas.get(persona_id)
        if persona is not None:
            return persona
        broken = self._broken.get(persona_id)
        if broken is not None:
            own = [p for p in self.problems if p.path == broken.path]
            raise PersonaError(own or [Problem(broken.path, 0, 0, "this persona has problems")])
        close = difflib.get_close_matches(persona_id, self.ids(), n=1, cutoff=0.6)
        guess = f"did you mean '{close[0]}'? Available" if close else "available"
        raise UsageError(f"no persona '{persona_id}' — {guess}: {', '.join(self.ids())}")

    def broken_ids(self) -> list[str]:
        """The ids of persona files that did not load (their problems are in ``problems``)."""
        return sorted(self._broken)


def validate_files(
    files: list[Path], *, builtin_dir: Path | None = None, user_dir: Path | None = None
) -> list[Problem]:
    """Every problem in ``files`` (folders are read for their ``*.yaml``), checked as if they
    sat on top of the library, so ``extends: socratic`` resolves. A checked file replaces a
    user persona with the same path or id; one inside the user folder is checked in its place
    there. An empty list means all of them are fine."""
    resolver, checked = _checking(files, builtin_dir, user_dir)
    resolver.personas()
    labels = {d.path for d in checked}
    return _sorted(p for p in resolver.problems if p.path in labels)


def load_file(
    path: Path, *, builtin_dir: Path | None = None, user_dir: Path | None = None
) -> Persona:
    """The persona in one file, resolved on top of the library as ``validate_files`` checks
    it; :class:`PersonaError` with the file's problems when it cannot be used."""
    resolver, checked = _checking([path], builtin_dir, user_dir)
    (draft,) = checked
    persona = resolver.resolve(draft)
    problems = _sorted(p for p in resolver.problems if p.path == draft.path)
    if persona is None or problems:
        raise PersonaError(problems or [Problem(draft.path, 0, 0, "this persona has problems")])
    return persona


def _checking(
    files: list[Path], builtin_dir: Path | None, user_dir: Path | None
) -> tuple[Resolver, list[Draft]]:
    """A resolver over the library with ``files`` on top, and the drafts of those files."""
    builtin_dir = builtin_dir or builtin_personas_dir()
    user_dir = user_dir or paths.user_personas_dir()
    found: dict[Path, Path] = {}  # resolved → as given, so a file named twice is read once
    for path in files:
        for target in persona_files(path) if path.is_dir() else [path]:
            found.setdefault(target.resolve(), target)
    # A file inside the user folder is checked where it lives, so that what it says about
    # 'extends' (a cycle through another user file, say) is what loading the library says.
    home = user_dir.resolve()
    checked = [
        read_draft(given, USER_LAYER if real.parent == home else CHECKED_LAYER)
        for real, given in found.items()
    ]
    skip = set(found)
    drafts = _read_folder(builtin_dir, BUILTIN_LAYER)
    drafts += _read_folder(user_dir, USER_LAYER, skip) + checked
    return Resolver(drafts), checked


def validate_as(
    candidate: Path, target: Path, *, builtin_dir: Path | None = None, user_dir: Path | None = None
) -> list[Problem]:
    """Every problem in ``candidate`` checked as if it were already saved as ``target`` in the
    user folder (replacing any file there), each said at ``target``. ``candidate`` must have
    ``target``'s file name, so that its id is the same."""
    builtin_dir = builtin_dir or builtin_personas_dir()
    user_dir = user_dir or paths.user_personas_dir()
    draft = read_draft(candidate, USER_LAYER)
    drafts = _read_folder(builtin_dir, BUILTIN_LAYER)
    drafts += [*_read_folder(user_dir, USER_LAYER, {target.resolve()}), draft]
    resolver = Resolver(drafts)
    resolver.personas()
    own = [p for p in resolver.problems if p.path == draft.path]
    return [dataclasses.replace(p, path=str(target)) for p in _sorted(own)]
