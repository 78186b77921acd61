"""A case's practice problem and the answer-leak guard, as a rehearsal uses them.

The problem comes from the practice packs (``tutor.core.practice``: its statement for the
simulated student, its brief — hidden reference included — for the tutor, as in a practice
session); ``no-leak`` asks the guard (``tutor.core.guard.check``) whether a reply hands
over a solution. A build without either part says so in one line when a case needs it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tutor.core.errors import UsageError


@dataclass(frozen=True)
class CaseProblem:
    """What a rehearsal needs of a practice problem."""

    id: str
    statement: str  # what the student sees
    brief: str  # what the tutor is given with every request (reference solution included)
    references: tuple[Any, ...]  # accepted solutions (the guard's References)
    entry_point: str | None
    kind: str  # function | stdio
    tests: Any = None  # the hidden tests in the guard's form (None: no execution layer)


@dataclass(frozen=True)
class LeakFinding:
    """The guard's verdict on one reply."""

    leak: bool
    kind: str | None
    score: float
    reasons: tuple[str, ...]


def _missing(part: str, exc: ImportError) -> UsageError:
    return UsageError(
        f"this rehearsal needs {part}, which this build of tutor does not have "
        f"({exc.msg}) — remove 'problem:' and 'no-leak' from the case, or update tutor"
    )


def load_problem(problem_id: str, lang: str = "en") -> CaseProblem:
    """The practice problem ``problem_id`` from the packs (built-in and the user's), with the
    brief a practice session would start with (no code, run or hints yet) in ``lang``."""
    try:
        from tutor.core.guard.references import Reference
        from tutor.core.practice.brief import BriefParts, practice_brief
        from tutor.core.practice.cases import read_cases
        from tutor.core.practice.coaching import reference_solution
        from tutor.core.practice.folder import submissions
        from tutor.core.practice.library import ProblemLibrary
    except ImportError as exc:
        raise _missing("the practice packs and the answer-leak guard", exc) from None
    problem = ProblemLibrary.load().get(problem_id)
    cases = read_cases(problem)
    statement = problem.statement(lang)
    parts = BriefParts(
        problem=problem,
        lang=lang,
        statement=statement,
        cases=cases,
        reference=reference_solution(problem, "python"),
    )
    accepted = submissions(problem.folder).get("accepted", [])
    return CaseProblem(
        id=problem.id,
        statement=statement,
        brief=practice_brief(parts),
        references=tuple(Reference.read(path) for path in accepted),
        entry_point=problem.entry_point("python"),
        kind=problem.kind,
        tests=_hidden_tests(problem, cases),
    )


def _hidden_tests(problem: Any, cases: Sequence[Any]) -> Any:
    """The problem's tests in the guard's form, for its execution layer (which runs reply
    code only in strict isolation, and is off where that is unavailable)."""
    try:
        from tutor.core.guard.execution import HiddenTests
        from tutor.core.practice import runner
    except ImportError:  # a build whose guard has no execution layer: fingerprints and shape
        return None
    limits = runner.Limits(time_limit=problem.time_limit, memory_mib=problem.memory_mib)
    rules = problem.compare
    compare = runner.Compare(
        float_tolerance=rules.float_tolerance,
        unordered=rules.unordered,
        case_sensitive=rules.case_sensitive,
    )
    if problem.kind == "function":
        tests: list[Any] = [
            runner.FunctionCase(c.name, list(c.args or []), c.expected) for c in cases
        ]
    else:
        tests = [runner.StdioCase(c.name, c.input or b"", c.answer or b"") for c in cases]
    return HiddenTests(tests, limits=limits, compare=compare)


async def find_leak(reply: str, problem: CaseProblem, student_code: Sequence[str]) -> LeakFinding:
    """Ask the guard about ``reply``; the student's own code never counts against the tutor.
    (The guard runs its deterministic layers — and any reply code, isolated — off the loop.)"""
    try:
        from tutor.core.guard.check import check_leak_async
    except ImportError as exc:
        raise _missing("the answer-leak guard", exc) from None
    report = await check_leak_async(
        reply,
        list(problem.references),
        student_code=list(student_code),
        tests=problem.tests,
        entry_point=problem.entry_point,
        kind=problem.kind,
    )
    return LeakFinding(
        leak=bool(report.leak),
        kind=report.kind,
        score=float(report.score),
        reasons=tuple(str(r) for r in report.reasons),
    )
