"""The execution layer: reply code run against the hidden tests, in strict isolation only.

Model output is hostile input: it runs only in the runner's STRICT mode (new user, mount,
network and PID namespaces, an empty home). Where that is unavailable the layer is off and
``execution_available`` says why.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from tutor.core.guard import shape
from tutor.core.guard.student import StudentCode
from tutor.core.practice.runner import (
    Compare,
    FunctionCase,
    Isolation,
    Limits,
    RunnerError,
    StdioCase,
    isolation_available,
    language_of,
    run_function,
    run_stdio,
)
from tutor.core.practice.runner.toolchains import FUNCTION_KIND, toolchain

SOLVED = 0.8  # the student's own code passing this share already solves the problem


@dataclass(frozen=True)
class HiddenTests:
    """A problem's tests for the execution layer: function or stdio cases, with its limits and
    comparing rules (a pack's ``limits:`` and ``compare:``)."""

    cases: Sequence[FunctionCase] | Sequence[StdioCase]
    limits: Limits = field(default_factory=Limits)
    compare: Compare = field(default_factory=Compare)


def execution_available() -> tuple[bool, str]:
    """Whether reply code can be run here (STRICT isolation works), and one line saying how
    or why not — for the caller to show once."""
    ok, how = isolation_available(Isolation.STRICT)
    if ok:
        return True, f"code in replies is run against the hidden tests ({how})"
    return False, f"code in replies is not run: {how}"


def entry_for(language: str, entry_point: str) -> str:
    """The entry point's name in ``language``: JavaScript takes the camelCase of the Python name
    (as packs do unless problem.yaml names it)."""
    if language == "javascript" and "_" in entry_point:
        head, *rest = entry_point.split("_")
        return head + "".join(word[:1].upper() + word[1:] for word in rest)
    return entry_point


class Execution:
    """Runs reply code for one problem; remembers what it ran (the same code is run once)."""

    def __init__(
        self,
        tests: HiddenTests,
        *,
        entry_point: str | None,
        kind: str,
        student: Sequence[str] = (),
    ) -> None:
        self.tests = tests
        self.entry_point = entry_point
        self.kind = kind
        self.student = StudentCode(student)
        self.on, self.why = execution_available()
        self._ran: dict[tuple[str, str | None], float | None] = {}
        self._solved: bool | None = None

    def share_passed(self, code: str, language: str | None) -> float | None:
        """The share of hidden tests ``code`` passes; None when it cannot be a solution or
        cannot be run here (the layer is off, the language is not runnable)."""
        if not self.on or not self.tests.cases:
            return None
        key = (code, language)
        if key not in self._ran:
            self._ran[key] = self._run(code, language)
        return self._ran[key]

    def student_solved(self) -> bool:
        """True when the student's own code already passes most hidden tests: then nothing in a
        reply can hand them a solution they do not have."""
        if self._solved is None:
            shares = [self.share_passed(code, lang) for code, lang in self.student.programs]
            self._solved = any(s is not None and s >= SOLVED for s in shares)
        return self._solved

    def _run(self, code: str, language: str | None) -> float | None:
        runnable = _runnable(language)
        if runnable is None:
            return None
        try:
            if self.kind == "function" and self.entry_point:
                if runnable not in FUNCTION_KIND or not _defines_a_function(code, runnable):
                    return None
                entry = entry_for(runnable, self.entry_point)
                source = _aliased(code, runnable, entry)
                result = run_function(
                    source,
                    runnable,
                    entry,
                    [c for c in self.tests.cases if isinstance(c, FunctionCase)],
                    self.tests.limits,
                    self.tests.compare,
                    Isolation.STRICT,
                )
            else:
                if not (shape.READS.search(code) and shape.WRITES.search(code)):
                    return None
                result = run_stdio(
                    code,
                    runnable,
                    [c for c in self.tests.cases if isinstance(c, StdioCase)],
                    self.tests.limits,
                    self.tests.compare,
                    Isolation.STRICT,
                )
        except RunnerError:
            return None
        if result.compile_error is not None or not result.total:
            return 0.0
        return result.passed / result.total


def _runnable(language: str | None) -> str | None:
    """The runner's name for ``language`` when its toolchain is here, else None."""
    if language is None:
        return None
    try:
        name = language_of(language)
    except RunnerError:
        return None
    return name if toolchain(name).available else None


_DEFINES = {
    "python": re.compile(r"^\s*(async\s+)?def\s+\w+\s*\(|\blambda\b", re.MULTILINE),
    "javascript": re.compile(r"\bfunction\b|=>"),
}
_TOP_LEVEL = {
    "python": re.compile(r"^def\s+(\w+)\s*\(", re.MULTILINE),
    "javascript": re.compile(
        r"^(?:function\s+(\w+)\s*\(|(?:const|let|var)\s+(\w+)\s*=\s*(?:async\s*)?(?:function\b|\())",
        re.MULTILINE,
    ),
}


def _defines_a_function(code: str, language: str) -> bool:
    return bool(_DEFINES[language].search(code))


def _aliased(code: str, language: str, entry: str) -> str:
    """``code`` with the entry point bound to the function it defines under another spelling
    (pairSum for pair_sum) or another name (one top-level function: solve)."""
    defined = [a or b for a, b in _pairs(_TOP_LEVEL[language].findall(code))]
    if entry in defined or not defined:
        return code
    spelled = [name for name in defined if name in shape.names_of(entry)]
    target = spelled[0] if spelled else (defined[0] if len(set(defined)) == 1 else None)
    if target is None:
        return code
    if language == "python":
        return f"{code}\n\n{entry} = {target}\n"
    return f"{code}\n;var {entry} = {target};\n"


def _pairs(found: list[str] | list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(f, "") if isinstance(f, str) else f for f in found]
