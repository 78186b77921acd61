"""``check_leak``: one reply checked against a problem, in one call."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from tutor.core.guard.decision import Guard
from tutor.core.guard.execution import Execution, HiddenTests
from tutor.core.guard.judge import Judge
from tutor.core.guard.references import Reference
from tutor.core.guard.report import LeakReport


def guard_for(
    references: Sequence[Reference],
    *,
    student_code: Sequence[str] = (),
    tests: HiddenTests | None = None,
    entry_point: str | None,
    kind: str,
) -> Guard:
    """A guard for one problem; with ``tests``, code in replies is run against them (in strict
    isolation only: ``execution_available()`` says whether it can be, and why not)."""
    runs = None
    if tests is not None:
        execution = Execution(tests, entry_point=entry_point, kind=kind, student=student_code)
        runs = execution if execution.on else None
    return Guard(
        references, entry_point=entry_point, kind=kind, student_code=student_code, runs=runs
    )


def check_leak(
    reply: str,
    references: Sequence[Reference],
    *,
    student_code: Sequence[str] = (),
    tests: HiddenTests | None = None,
    entry_point: str | None,
    kind: str,
    judge: Judge | None = None,
) -> LeakReport:
    """Whether ``reply`` hands over a solution. With a ``judge`` (an async callable that sends
    messages and returns the reply text) it must be called where no event loop runs; in async
    code use :func:`check_leak_async`."""
    guard = guard_for(
        references, student_code=student_code, tests=tests, entry_point=entry_point, kind=kind
    )
    if judge is None:
        return guard.check(reply)
    return asyncio.run(guard.check_with_judge(reply, judge))


async def check_leak_async(
    reply: str,
    references: Sequence[Reference],
    *,
    student_code: Sequence[str] = (),
    tests: HiddenTests | None = None,
    entry_point: str | None,
    kind: str,
    judge: Judge | None = None,
) -> LeakReport:
    """:func:`check_leak` for async callers: the deterministic layers run in a thread, the
    judge is awaited on the caller's loop."""
    guard = guard_for(
        references, student_code=student_code, tests=tests, entry_point=entry_point, kind=kind
    )
    return await guard.check_with_judge(reply, judge)
