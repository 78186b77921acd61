"""Reading one problem folder's problem.yaml (ours or a Kattis package's) into a Problem."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from tutor.core.errors import Problem as FileProblem
from tutor.core.practice import folder as layout
from tutor.core.practice.checks import FileCheck
from tutor.core.practice.problem import (
    CONCEPTS,
    DEFAULT_MEMORY_MIB,
    DEFAULT_TIME_LIMIT,
    PROBLEM_ID_PATTERN,
    PROBLEM_KINDS,
    CompareRules,
    Problem,
)
from tutor.core.practice.problem_keys import (
    COMPARE_KEYS,
    CONCEPT_NAMES,
    KATTIS_KEYS,
    KATTIS_LIMIT_KEYS,
    LIMIT_KEYS,
    PROBLEM_KEYS,
    UNSUPPORTED_TYPES,
)
from tutor.core.yamldoc.words import did_you_mean, shown


def read_problem(
    folder: Path, pack: str, problem_id: str | None = None
) -> tuple[Problem | None, list[FileProblem]]:
    """The problem in ``folder`` and the problems found in its problem.yaml (and its name).
    Its id is the folder's name unless ``problem_id`` is given (importing under another)."""
    label = str(folder / "problem.yaml")
    check = FileCheck.read(folder / "problem.yaml", label)
    if problem_id is None and not PROBLEM_ID_PATTERN.match(folder.name):
        message = (
            f"the folder name '{folder.name}' cannot be a problem id — rename the folder"
            " (lowercase letters, digits and '-', e.g. 'pair-sum')"
        )
        check.problems.insert(0, FileProblem(label, 0, 0, message))
    if check.doc.data is None and not check.problems:
        check.fail((), "the file is empty — a problem needs at least 'kind:' and 'limits:'")
    if check.problems:
        return None, check.problems
    data = check.doc.data
    if not isinstance(data, dict):
        check.fail((), f"problem.yaml must be a mapping of keys such as 'name:', not {shown(data)}")
        return None, check.problems
    problem = _ProblemReader(check, folder, pack).read(data, problem_id or folder.name)
    check.problems.sort(key=lambda p: (p.line, p.col))
    return (None if check.problems else problem), check.problems


class _ProblemReader:
    def __init__(self, check: FileCheck, folder: Path, pack: str) -> None:
        self.check = check
        self.folder = folder
        self.pack = pack
        self.meant: set[str] = set()

    def read(self, data: dict[str, Any], problem_id: str) -> Problem:
        check = self.check
        self.meant = check.unknown_keys((), data, PROBLEM_KEYS, KATTIS_KEYS)
        kind = self._kind(data)
        names = check.per_language(("name",), data.get("name"))
        difficulty = check.number(
            ("difficulty",), data.get("difficulty"), low=1, high=5, whole=True
        )
        limits = check.mapping(("limits",), data.get("limits"), "'limits: {time_limit: 2}'")
        check.unknown_keys(("limits",), limits, LIMIT_KEYS, KATTIS_LIMIT_KEYS)
        seconds = check.number(
            ("limits", "time_limit"), limits.get("time_limit"), low=0.01, high=60
        )
        memory = check.number(("limits", "memory"), limits.get("memory"), low=16, high=8192)
        statements, notes = layout.statements(self.folder)
        named_in_statement = not names
        if named_in_statement:
            names = layout.title_in_statements(statements)
        return Problem(
            id=problem_id,
            folder=self.folder,
            pack=self.pack,
            names=names,
            kind=kind,
            difficulty=int(difficulty) if difficulty is not None else None,
            concepts=self._concepts(data),
            entry_points=self._entry_points(data, kind),
            source=_as_text(data.get("source")),
            credits=_as_text(data.get("credits") or data.get("author")),
            license=_as_text(data.get("license")),
            time_limit=seconds or DEFAULT_TIME_LIMIT,
            memory_mib=int(memory or DEFAULT_MEMORY_MIB),
            compare=self._compare(data),
            statement_files=self._inside(statements),
            starter_files=self._inside(layout.starters(self.folder)),
            notes=(*notes, *self._checker_notes(data)),
            named_in_statement=named_in_statement,
        )

    def _inside(self, files: dict[str, Path]) -> dict[str, str]:
        return {key: path.relative_to(self.folder).as_posix() for key, path in files.items()}

    def _kind(self, data: dict[str, Any]) -> str:
        kind = data.get("kind", "stdio")
        if kind not in PROBLEM_KINDS:
            self.check.fail(("kind",), f"'kind' must be 'function' or 'stdio', got {shown(kind)}")
            return "stdio"
        words = [w for key in ("type", "validation") for w in _words(data.get(key))]
        for word in words:
            if word in UNSUPPORTED_TYPES:
                where = ("type",) if "type" in data else ("validation",)
                self.check.fail(
                    where,
                    f"{word} problems are not supported — tutor runs only problems that read"
                    " stdin and print an answer",
                )
        return str(kind)

    def _concepts(self, data: dict[str, Any]) -> tuple[str, ...]:
        if "concepts" not in data:
            return tuple(self.check.words(("keywords",), data.get("keywords")))
        found = self.check.words(("concepts",), data["concepts"])
        for i, concept in enumerate(found):
            if concept not in CONCEPTS:
                meant = CONCEPT_NAMES.get(concept)
                fix = f"did you mean '{meant}'?" if meant else did_you_mean(concept, CONCEPTS)
                message = f"unknown concept '{concept}' — {fix}"
                self.check.fail(("concepts", i), message)
        return tuple(found)

    def _entry_points(self, data: dict[str, Any], kind: str) -> dict[str, str]:
        value = data.get("entry_point")
        if kind == "stdio":
            if value is not None:
                self.check.fail(
                    ("entry_point",),
                    "stdio problems read stdin, so they have no entry point — remove"
                    " 'entry_point' or set 'kind: function'",
                    key=True,
                )
            return {}
        if value is None:
            if "entry_point" in self.meant:
                return {}  # the misspelt key is reported already
            self.check.fail(
                (),
                "'entry_point' is missing — add the function the student"
                " writes, e.g. 'entry_point: pair_sum'",
            )
            return {}
        if isinstance(value, str):
            value = {"python": value}
        points = self.check.mapping(("entry_point",), value, "'{python: pair_sum}'")
        out: dict[str, str] = {}
        for language, name in points.items():
            text = self.check.text(("entry_point", language), name, required=True)
            if text and not text.replace("_", "a").isalnum():
                self.check.fail(("entry_point", language), f"'{text}' is not a function name")
            elif text:
                out[str(language)] = text
        return out

    def _compare(self, data: dict[str, Any]) -> CompareRules:
        check = self.check
        compare = check.mapping(("compare",), data.get("compare"), "'compare: {unordered: true}'")
        check.unknown_keys(("compare",), compare, COMPARE_KEYS)
        flags = data.get("validator_flags")
        legacy = flags.split() if isinstance(flags, str) and "compare" not in data else []
        tolerance = check.number(
            ("compare", "float_tolerance"), compare.get("float_tolerance"), low=0, high=1
        )
        for i, word in enumerate(legacy[:-1]):
            if word.startswith("float_") and word.endswith("tolerance"):
                with contextlib.suppress(ValueError):
                    tolerance = float(legacy[i + 1])
        return CompareRules(
            float_tolerance=tolerance,
            unordered=check.flag(("compare", "unordered"), compare.get("unordered")),
            case_sensitive=check.flag(("compare", "case_sensitive"), compare.get("case_sensitive"))
            or "case_sensitive" in legacy,
        )

    def _checker_notes(self, data: dict[str, Any]) -> list[str]:
        custom = "custom" in _words(data.get("validation")) or any(
            (self.folder / name).is_dir() for name in ("output_validators", "output_validator")
        )
        if not custom:
            return []
        return [
            "this problem comes with its own output checker, which tutor does not run: answers"
            " are compared token by token, so a correct answer in another form may fail"
        ]


def _words(value: Any) -> list[str]:
    if isinstance(value, str):
        return value.split()
    return [str(v) for v in value] if isinstance(value, list) else []


def _as_text(value: Any) -> str | None:
    """Kattis lets ``source`` and ``credits`` be text, a mapping or a list; shown as text."""
    if value is None:
        return None
    if isinstance(value, dict):
        parts = [_as_text(v) for k, v in value.items() if k != "url"] or [
            _as_text(value.get("url"))
        ]
        return ", ".join(p for p in parts if p) or None
    if isinstance(value, list):
        return ", ".join(p for p in (_as_text(v) for v in value) if p) or None
    return str(value).strip() or None
