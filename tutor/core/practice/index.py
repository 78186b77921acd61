"""A cache of what each problem folder's problem.yaml says, so listing a big pack parses no YAML.

Kept in ``<data dir>/problem-index.json``; deleting it only costs one slower listing. An
entry is used while its stamp holds: the size and modification time of problem.yaml and the
modification times of the problem's folder and of those of its ``statement/``,
``problem_statement/`` and ``starter/`` folders that exist (a file added, removed or renamed
there changes them; the folder's own time changes when one of those appears). A file saved
in the last two seconds is not cached (its next edit could keep the same time and size), and
neither is a broken problem nor one whose name comes from its statement.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path
from typing import Any

from tutor.core.practice.problem import CompareRules, Problem

INDEX_VERSION = 2
FRESH_S = 2.0  # files younger than this are not cached
_WATCHED = ("", "statement", "problem_statement", "starter")

Stamp = list[int]


def stamp(folder: str, watched: tuple[str, ...] = _WATCHED) -> Stamp | None:
    """What must not change for a cached entry of ``folder`` to hold: problem.yaml's size and
    time, and the times of the ``watched`` folders; None if unreadable or just saved."""
    try:
        info = os.stat(os.path.join(folder, "problem.yaml"))
    except OSError:
        return None
    if time.time() - info.st_mtime < FRESH_S:
        return None
    out = [info.st_size, info.st_mtime_ns]
    for name in watched:
        try:
            out.append(os.stat(os.path.join(folder, name) if name else folder).st_mtime_ns)
        except OSError:
            out.append(0)
    return out


class ProblemIndex:
    """Problems by folder, each with the stamp it was read under."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.changed = False
        self.entries: dict[str, dict[str, Any]] = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("version") == INDEX_VERSION:
                self.entries = data.get("problems") or {}
        except (OSError, ValueError):
            pass

    def lookup(self, folder: str, pack: str) -> Problem | None:
        """The cached problem of ``folder`` if its files have not changed since."""
        entry = self.entries.get(folder)
        if entry is None:
            return None
        try:
            if stamp(folder, tuple(entry["watched"])) != entry["stamp"]:
                return None
            return _problem(entry["problem"], folder, pack)
        except (KeyError, TypeError, ValueError):
            return None

    def remember(self, problem: Problem) -> None:
        """Cache ``problem`` (read just now) unless a file is fresh or its name came from
        its statement; then forget any old entry of its folder."""
        folder = str(problem.folder)
        # The folder's own time changes when one of the others appears or goes: only the
        # ones there now need watching.
        watched = tuple(n for n in _WATCHED if not n or os.path.isdir(os.path.join(folder, n)))
        current = stamp(folder, watched)
        if current is None or problem.named_in_statement:
            if self.entries.pop(folder, None) is not None:
                self.changed = True
            return
        entry = {"stamp": current, "watched": list(watched), "problem": _fields(problem)}
        self.entries[folder] = entry
        self.changed = True

    def save(self) -> None:
        """Write the index if anything changed (atomically; a failure is ignored: a cache)."""
        if not self.changed:
            return
        from tutor.core.config.private_file import write_private

        data = {"version": INDEX_VERSION, "problems": self.entries}
        with contextlib.suppress(OSError):
            write_private(self.path, json.dumps(data, ensure_ascii=False))
        self.changed = False


def _fields(problem: Problem) -> dict[str, Any]:
    compare = problem.compare
    return {
        "id": problem.id,
        "names": problem.names,
        "kind": problem.kind,
        "difficulty": problem.difficulty,
        "concepts": list(problem.concepts),
        "entry_points": problem.entry_points,
        "source": problem.source,
        "credits": problem.credits,
        "license": problem.license,
        "time_limit": problem.time_limit,
        "memory_mib": problem.memory_mib,
        "compare": [compare.float_tolerance, compare.unordered, compare.case_sensitive],
        "statements": problem.statement_files,
        "starters": problem.starter_files,
        "notes": list(problem.notes),
    }


def _problem(data: dict[str, Any], folder: str, pack: str) -> Problem:
    tolerance, unordered, case_sensitive = data["compare"]
    return Problem(
        id=data["id"],
        folder=Path(folder),
        pack=pack,
        names=dict(data["names"]),
        kind=data["kind"],
        difficulty=data["difficulty"],
        concepts=tuple(data["concepts"]),
        entry_points=dict(data["entry_points"]),
        source=data["source"],
        credits=data["credits"],
        license=data["license"],
        time_limit=float(data["time_limit"]),
        memory_mib=int(data["memory_mib"]),
        compare=CompareRules(tolerance, bool(unordered), bool(case_sensitive)),
        statement_files=dict(data["statements"]),
        starter_files=dict(data["starters"]),
        notes=tuple(data["notes"]),
    )
