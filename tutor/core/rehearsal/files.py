"""Rehearsal files: reading one, and finding the built-in and user ones that name a persona.

Built-in rehearsals ship in the wheel (``tutor.builtin_rehearsals``; ``rehearsals/`` in a
source checkout); the user's sit in ``<config dir>/rehearsals/``, next to ``personas/``. A user
file with the same name as a built-in one replaces it, as personas do.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection
from pathlib import Path

from tutor.core.config import paths
from tutor.core.errors import Problem, RehearsalError
from tutor.core.rehearsal.cases import CaseReader
from tutor.core.rehearsal.spec import PERSONA_KEY, Case, Rehearsal
from tutor.core.yamldoc.reader import YAML_SUFFIXES as SUFFIXES
from tutor.core.yamldoc.reader import YamlDoc, YamlProblems, read_yaml

FILE_KEYS = ("persona", "description", "variables", "expect", "cases")
_PERSONA_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def builtin_rehearsals_dir() -> Path:
    """The shipped rehearsals (the ``tutor.builtin_rehearsals`` package, else the checkout's)."""
    try:
        from importlib.resources import files

        return Path(str(files("tutor.builtin_rehearsals")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[3] / "rehearsals"


def user_rehearsals_dir() -> Path:
    """``<config dir>/rehearsals/`` — beside the user's ``personas/``."""
    return paths.config_dir() / "rehearsals"


def read_rehearsal(path: Path, *, persona: str | None = None) -> Rehearsal:
    """Read a rehearsal file. ``persona`` (the one being tested) makes ``persona:`` optional;
    every problem found raises :class:`RehearsalError` with its position and a fix."""
    label = str(path)
    try:
        doc = read_yaml(path, label)
    except YamlProblems as exc:
        raise RehearsalError(exc.problems) from None
    reader = CaseReader(doc)
    data = doc.data
    if not isinstance(data, dict):
        what = "empty" if data is None else "not a mapping"
        reader.say((), f"the file is {what} — a rehearsal has 'persona:' and 'cases:'")
        raise RehearsalError(reader.problems)
    reader.known_keys(data, (), FILE_KEYS)
    named = data.get("persona")
    if named is None and persona is None:
        reader.say((), "'persona' is missing — add 'persona: ID' (the persona these cases test)")
    elif named is not None and (not isinstance(named, str) or not _PERSONA_ID.match(named)):
        reader.say(("persona",), "'persona' must be a persona's id, e.g. socratic")
    description = data.get("description")
    if description is not None and not isinstance(description, str):
        reader.say(("description",), "'description' must be a text")
    shared = reader.assertions(data.get("expect"), ("expect",))
    variables = reader.variables(data.get("variables"), ("variables",))
    if "cases" not in data:
        reader.say((), "'cases' is missing — add a list of cases, each with 'name:' and 'student:'")
        cases: list[Case] = []
    else:
        cases = reader.cases(data["cases"], ("cases",), expect=shared, variables=variables)
    if reader.problems:
        raise RehearsalError(sorted(reader.problems, key=lambda p: (p.line, p.col)))
    who = named if isinstance(named, str) else str(persona)
    line, col = doc.where(("persona",))
    return Rehearsal(
        key=f"{who}:{path.stem}",
        persona=who,
        source=label,
        cases=tuple(cases),
        description=description or "",
        persona_at=f"{label}:{line}:{col}",
    )


def is_rehearsal_file(path: Path) -> bool:
    """A rehearsal file has 'cases:' at its top (a persona file has not); a file that cannot be
    read as YAML counts as one when it sits in a folder named ``rehearsals``."""
    try:
        data = read_yaml(path).data
    except YamlProblems:
        return path.parent.name == "rehearsals"
    return isinstance(data, dict) and "cases" in data


def split_rehearsal_files(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """The rehearsal files among ``paths`` (files with 'cases:', and the ``*.yaml`` of folders
    named ``rehearsals``), and the other paths (persona files and folders)."""
    rehearsals: list[Path] = []
    others: list[Path] = []
    for path in paths:
        if path.is_dir() and path.name == "rehearsals":
            rehearsals += [
                p for p in sorted(path.iterdir()) if p.suffix in SUFFIXES and p.is_file()
            ]
        elif path.is_file() and is_rehearsal_file(path):
            rehearsals.append(path)
        else:
            others.append(path)
    return rehearsals, others


def check_rehearsal_files(paths: list[Path], personas: Collection[str]) -> list[Problem]:
    """Every problem of the rehearsal files ``paths``, a persona they name that is not among
    ``personas`` included."""
    problems: list[Problem] = []
    for path in paths:
        try:
            rehearsal = read_rehearsal(path)
        except RehearsalError as error:
            problems += error.problems
            continue
        if rehearsal.persona not in personas:
            close = difflib.get_close_matches(rehearsal.persona, list(personas), n=1)
            fix = f"did you mean '{close[0]}'?" if close else "add the persona first"
            label, line, col = rehearsal.persona_at.rsplit(":", 2)
            message = f"no persona '{rehearsal.persona}' — {fix}"
            problems.append(Problem(label, int(line), int(col), message))
    return problems


def persona_cases(doc: YamlDoc, data: object) -> tuple[list[Case], list[Problem]]:
    """The cases under a persona file's ``rehearsals:`` key, and the problems in them."""
    reader = CaseReader(doc)
    cases = reader.cases(data, (PERSONA_KEY,))
    return cases, list(reader.problems)


def own_rehearsal(persona_id: str, source: str, cases: tuple[Case, ...]) -> Rehearsal:
    """The rehearsal made of a persona's own ``rehearsals:`` cases."""
    return Rehearsal(key=f"{persona_id}:(own)", persona=persona_id, source=source, cases=cases)


def rehearsal_files(builtin_dir: Path | None = None, user_dir: Path | None = None) -> list[Path]:
    """Every rehearsal file, built-in then user; a user file replaces a built-in one of the
    same name."""
    chosen: dict[str, Path] = {}
    for folder in (builtin_dir or builtin_rehearsals_dir(), user_dir or user_rehearsals_dir()):
        try:
            entries = sorted(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            if entry.suffix in SUFFIXES and not entry.name.startswith(".") and entry.is_file():
                chosen[entry.stem] = entry
    return list(chosen.values())


def rehearsals_naming(
    persona_id: str, *, builtin_dir: Path | None = None, user_dir: Path | None = None
) -> tuple[list[Rehearsal], list[Problem]]:
    """The rehearsal files whose ``persona:`` is ``persona_id``, and the problems of files
    that could not be read far enough to tell which persona they test (to warn about). A
    broken file that names this persona raises; broken files naming others are skipped."""
    found: list[Rehearsal] = []
    unknown: list[Problem] = []
    for path in rehearsal_files(builtin_dir, user_dir):
        try:
            found.append(read_rehearsal(path))
        except RehearsalError as error:
            named = _named(path)
            if named == persona_id:
                raise error from None
            if named is None:
                unknown.append(error.problems[0])
    return [r for r in found if r.persona == persona_id], unknown


def _named(path: Path) -> str | None:
    """The persona a possibly broken file names, when that much can be read."""
    try:
        data = read_yaml(path).data
    except YamlProblems:
        return None
    named = data.get("persona") if isinstance(data, dict) else None
    return named if isinstance(named, str) else None
