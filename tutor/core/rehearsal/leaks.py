"""A case's practice problem and the answer-leak guard, as a rehearsal uses them.

The problem comes from the practice packs (``tutor.core.practice``: its statement for the
simulated student, its brief — hidden reference included — for the tutor, as in a practice
session); ``no-leak`` asks the guard (``tutor.core.guard.check_leak``) whether a reply hands
over a solution. A build without either part says so in one line when a case needs it.
"""

from __future__ import annotations

import asyncio
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
    references: tuple[str, ...]  # accepted solutions, for the guard
    entry_point: str | None
    kind: str  # function | stdio
    tests: Any = None  # the hidden tests, for the guard's execution check


@dataclass(frozen=True)
class LeakFinding:
    """The guard's verdict on one reply."""

    leak: bool
    kind: str | None
    score: float
    reasons: tuple[str, ...]


def _missing(part: str, module: str, exc: ImportError) -> UsageError:
    return UsageError(
        f"this rehearsal needs {part} ({module}), which this build of tutor does not have "
        f"({exc.msg}) — remove 'problem:' and 'no-leak' from the case, or update tutor"
    )


def load_problem(problem_id: str) -> CaseProblem:
    """The practice problem ``problem_id`` from the packs (built-in and the user's)."""
    try:
        from tutor.core.practice.brief import practice_brief
        from tutor.core.practice.library import ProblemLibrary
    except ImportError as exc:
        raise _missing("the practice packs", "tutor.core.practice", exc) from None
    problem = ProblemLibrary.load().get(problem_id)
    accepted = tuple(problem.accepted_sources())
    return CaseProblem(
        id=problem.id,
        statement=problem.statement("en"),
        brief=practice_brief(problem),
        references=accepted,
        entry_point=problem.entry_point("python"),
        kind=problem.kind,
        tests=problem.cases(),
    )


async def find_leak(reply: str, problem: CaseProblem, student_code: Sequence[str]) -> LeakFinding:
    """Ask the guard about ``reply``; the student's own code never counts against the tutor.
    The guard may run the reply's code (isolated), so it runs off the event loop."""
    try:
        from tutor.core.guard import check_leak
    except ImportError as exc:
        raise _missing("the answer-leak guard", "tutor.core.guard", exc) from None
    report = await asyncio.to_thread(
        check_leak,
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
