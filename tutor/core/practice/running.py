"""Running code against a problem's tests through the runner, and keeping what a run said."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from tutor.core.errors import UsageError
from tutor.core.practice.problem import Case, Problem

if TYPE_CHECKING:
    from tutor.core.practice.runner import RunResult

MAX_KEPT = 2000  # characters of a sample test's output kept with a run


def run_code(
    problem: Problem,
    source: str,
    language: str,
    cases: Sequence[Case],
    *,
    strict: bool = False,
    file_name: str | None = None,
) -> RunResult:
    """Run ``source`` on ``cases`` with the problem's limits and compare rules. ``strict``
    isolates code nobody here wrote (namespaces, an empty home); otherwise the runner's
    limits for the student's own code apply. ``file_name``: the student's name for the file,
    said in compiler and runtime messages instead of the runner's own (``solution.cpp``)."""
    result = _run(problem, source, language, cases, strict)
    return result if file_name is None else named(result, source, file_name)


def named(result: RunResult, source: str, file_name: str) -> RunResult:
    """``result`` with the runner's name for the source file replaced by ``file_name``
    wherever a message says it (``solution.cpp:2:21: error`` → ``mine.cpp:2:21: error``)."""
    from tutor.core.practice.runner.commands import source_name

    own = source_name(result.language, source)
    if own == file_name:
        return result
    said = re.compile(rf"(?<![\w./-]){re.escape(own)}(?![\w.])")

    def say(text: str | None) -> str | None:
        return None if text is None else said.sub(lambda _: file_name, text)

    tests = [replace(r, message=say(r.message), printed=say(r.printed)) for r in result.results]
    return replace(result, results=tests, compile_error=say(result.compile_error))


def _run(
    problem: Problem, source: str, language: str, cases: Sequence[Case], strict: bool
) -> RunResult:
    from tutor.core.practice import runner

    limits = runner.Limits(time_limit=problem.time_limit, memory_mib=problem.memory_mib)
    rules = problem.compare
    compare = runner.Compare(
        float_tolerance=rules.float_tolerance,
        unordered=rules.unordered,
        case_sensitive=rules.case_sensitive,
    )
    isolation = runner.Isolation.STRICT if strict else runner.Isolation.LIMITS
    if problem.kind == "function":
        entry = problem.entry_point(language)
        if entry is None:
            raise UsageError(f"'{problem.id}' names no entry point for {language}")
        tests = [runner.FunctionCase(c.name, list(c.args or []), c.expected) for c in cases]
        return runner.run_function(source, language, entry, tests, limits, compare, isolation)
    stdio = [runner.StdioCase(c.name, c.input or b"", c.answer or b"") for c in cases]
    return runner.run_stdio(source, language, stdio, limits, compare, isolation)


def kept_results(result: RunResult, cases: Sequence[Case]) -> list[dict[str, Any]]:
    """Each test's outcome as the store keeps it: name, verdict, whether it is a sample,
    seconds, and the message, line and (sample tests only) output where there is one."""
    samples = {c.name for c in cases if c.sample}
    kept: list[dict[str, Any]] = []
    for test in result.results:
        row: dict[str, Any] = {
            "name": test.name,
            "verdict": str(test.verdict).lower(),
            "sample": test.name in samples,
            "seconds": round(test.seconds, 4),
        }
        if test.message:
            row["message"] = test.message[:MAX_KEPT]
        if test.line is not None:
            row["line"] = test.line
        if test.name in samples and test.got is not None:
            row["got"] = test.got[:MAX_KEPT]
        kept.append(row)
    return kept
