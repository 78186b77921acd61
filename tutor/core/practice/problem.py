"""A practice problem as read from its folder: names, limits, statements, starters, test cases."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROBLEM_KINDS = ("function", "stdio")
PROBLEM_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
DEFAULT_TIME_LIMIT = 2.0
DEFAULT_MEMORY_MIB = 256
STUDENT_LANGUAGES = ("en", "ko")  # the languages tutor speaks; statements may come in more

CONCEPTS = (
    "hashing",
    "two-pointers",
    "sliding-window",
    "prefix-sums",
    "binary-search",
    "stack",
    "monotonic-stack",
    "heap",
    "intervals",
    "greedy",
    "sorting",
    "bfs",
    "grid",
    "dfs",
    "union-find",
    "topological-sort",
    "dijkstra",
    "graphs",
    "dp",
    "dp-2d",
    "knapsack",
    "backtracking",
    "bit-manipulation",
    "trees",
    "strings",
    "math",
    "simulation",
)


@dataclass(frozen=True)
class CompareRules:
    """How an answer is compared with the expected one (problem.yaml's ``compare:``)."""

    float_tolerance: float | None = None
    unordered: bool = False
    case_sensitive: bool = False


@dataclass(frozen=True)
class Case:
    """One test: function kind has ``args`` and ``expected``; stdio kind ``input``/``answer``.

    Sample cases are shown to the student in full; the others only by name, description and
    verdict. ``source`` is the file that defines the case (for messages).
    """

    name: str
    sample: bool
    source: str
    description: str | None = None
    hint: str | None = None
    args: list[Any] | None = None
    expected: Any = None
    input: bytes | None = None
    answer: bytes | None = None


@dataclass(frozen=True, eq=False)
class Problem:
    """One problem of a pack. ``pack`` says where it came from: ``built-in``, ``user`` or the
    folder given with ``--pack``. Tests and hints are read on demand (``cases.py``,
    ``hints.py``), so listing a thousand problems reads only their ``problem.yaml``."""

    id: str
    folder: Path
    pack: str
    names: dict[str, str]
    kind: str = "stdio"
    difficulty: int | None = None
    concepts: tuple[str, ...] = ()
    entry_points: dict[str, str] = field(default_factory=dict)
    source: str | None = None
    credits: str | None = None
    license: str | None = None
    time_limit: float = DEFAULT_TIME_LIMIT
    memory_mib: int = DEFAULT_MEMORY_MIB
    compare: CompareRules = CompareRules()
    statement_files: dict[str, str] = field(default_factory=dict)  # lang → path in the folder
    starter_files: dict[str, str] = field(default_factory=dict)  # language → path in the folder
    notes: tuple[str, ...] = ()  # things a teacher should know (a custom checker not run…)
    named_in_statement: bool = False  # no name in problem.yaml: taken from the statement

    @property
    def builtin(self) -> bool:
        return self.pack == "built-in"

    @property
    def statements(self) -> dict[str, Path]:
        """The statement file per language."""
        return {lang: self.folder / name for lang, name in self.statement_files.items()}

    @property
    def starters(self) -> dict[str, Path]:
        """The starter file per programming language (``python``, ``javascript``, …)."""
        return {lang: self.folder / name for lang, name in self.starter_files.items()}

    def title(self, lang: str = "en") -> str:
        """The name in ``lang``, else in English, else any, else the id."""
        for choice in (lang, "en", *self.names):
            if self.names.get(choice):
                return self.names[choice]
        return self.id

    def statement_file(self, lang: str = "en") -> tuple[str, Path] | None:
        """The statement in ``lang`` (else English, else any) and the language it is in."""
        for choice in (lang, "en", *sorted(self.statement_files)):
            if choice in self.statement_files:
                return choice, self.folder / self.statement_files[choice]
        return None

    def statement(self, lang: str = "en") -> str:
        """The statement's text ("" when the problem has none)."""
        found = self.statement_file(lang)
        if found is None:
            return ""
        try:
            return found[1].read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            return f"(the statement {found[1]} cannot be read: {exc.strerror or exc})"

    def entry_point(self, language: str) -> str | None:
        """The function the student writes in ``language`` (function kind); JavaScript takes
        the camelCase of the Python name unless problem.yaml names it."""
        if language in self.entry_points:
            return self.entry_points[language]
        python = self.entry_points.get("python")
        if python and language == "javascript":
            head, *rest = python.split("_")
            return head + "".join(word[:1].upper() + word[1:] for word in rest)
        return python


def student_language(explicit: str | None, environ: dict[str, str]) -> str:
    """``--lang`` if given, else Korean when ``$LANG`` starts with ``ko``, else English."""
    if explicit:
        return explicit.strip().lower()
    return "ko" if environ.get("LANG", "").lower().startswith("ko") else "en"
