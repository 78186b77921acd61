"""The answer-leak guard of a practice session: built from the problem and the persona.

Practice sessions guard every reply unless the persona says ``guard: {enabled: false}``; the
model judge for prose walkthroughs is on only where the persona says ``judge: true``. The
student's own code (their file, their messages) is never counted against the tutor. Model
code runs against the hidden tests only in strict isolation; where that is unavailable the
execution layer is off and ``note`` says so once. The judge is the session's own endpoint,
or the config's ``judge_endpoint`` where one is named (``judge_client``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.core.endpoint.client import ModelClient
    from tutor.core.personas import Persona
    from tutor.core.practice.problem import Problem
    from tutor.core.turn.guarded import ReplyCheck
    from tutor.core.workspace import Workspace


@dataclass(frozen=True)
class PracticeGuard:
    """What guarding a practice session amounts to: the check (None: off) and a note."""

    check: ReplyCheck | None
    note: str | None


def practice_guard(
    problem: Problem,
    persona: Persona,
    *,
    student_code: Sequence[str] = (),
    client: ModelClient | None = None,
) -> PracticeGuard:
    """The guard for ``problem`` as ``persona`` sets it; ``client`` answers the judge."""
    if not persona.guarded:
        return PracticeGuard(None, f"the answer-leak guard is off: persona '{persona.id}' says so")
    from tutor.core.guard.execution import execution_available
    from tutor.core.guard.judge import judge_by
    from tutor.core.guard.problem_guard import guard_for_problem
    from tutor.core.turn.guarded import ReplyCheck

    runs, why = execution_available()
    guard = guard_for_problem(problem, student_code=student_code, execute=runs)
    judge = judge_by(client) if persona.judged and client is not None else None
    note = None if runs else f"the guard does not run code found in replies here ({why})"
    return PracticeGuard(ReplyCheck(guard, judge), note)


async def judge_client(workspace: Workspace, persona: Persona) -> ModelClient | None:
    """A client of the config's ``judge_endpoint`` (the caller closes it) when ``persona`` turns
    the judge on; None when it does not, or when no judge endpoint is configured."""
    if not (persona.guarded and persona.judged):
        return None
    spec = await workspace.judge_endpoint()
    return workspace.client(spec) if spec is not None else None
