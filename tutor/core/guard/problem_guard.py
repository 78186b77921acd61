"""A guard for a problem of a practice pack: its accepted solutions, hidden tests and limits."""

from __future__ import annotations

from collections.abc import Sequence

from tutor.core.errors import UsageError
from tutor.core.guard.check import guard_for
from tutor.core.guard.decision import Guard
from tutor.core.guard.execution import HiddenTests
from tutor.core.guard.references import Reference
from tutor.core.practice.cases import read_cases
from tutor.core.practice.folder import submissions
from tutor.core.practice.problem import Problem
from tutor.core.practice.runner import Compare, FunctionCase, Limits, StdioCase


def problem_references(problem: Problem) -> list[Reference]:
    """Every accepted solution of ``problem`` whose language can be told (any language)."""
    found = []
    for path in submissions(problem.folder).get("accepted", []):
        try:
            found.append(Reference.read(path))
        except UsageError:
            continue  # a file whose language cannot be told
    return found


def problem_tests(problem: Problem) -> HiddenTests:
    """Every test of ``problem`` (samples and hidden ones), with its limits and compare rules."""
    cases = read_cases(problem)
    limits = Limits(time_limit=problem.time_limit, memory_mib=problem.memory_mib)
    rules = problem.compare
    compare = Compare(rules.float_tolerance, rules.unordered, rules.case_sensitive)
    if problem.kind == "function":
        calls = [FunctionCase(c.name, list(c.args or []), c.expected) for c in cases]
        return HiddenTests(calls, limits, compare)
    runs = [StdioCase(c.name, c.input or b"", c.answer or b"") for c in cases]
    return HiddenTests(runs, limits, compare)


def guard_for_problem(
    problem: Problem, *, student_code: Sequence[str] = (), execute: bool = True
) -> Guard:
    """A guard for ``problem``: its solutions, and with ``execute`` its tests (run in strict
    isolation where available)."""
    return guard_for(
        problem_references(problem),
        student_code=student_code,
        tests=problem_tests(problem) if execute else None,
        entry_point=problem.entry_point("python") if problem.kind == "function" else None,
        kind=problem.kind,
    )
