"""Runs a whole rehearsal: checked before any request, every case played ``repeat`` times.

The run is then given in the form the store keeps (for ``--compare``).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tutor.core.errors import UsageError
from tutor.core.rehearsal.play import Stage, play
from tutor.core.rehearsal.results import CaseResult, Summary, summarise
from tutor.core.rehearsal.spec import Rehearsal
from tutor.core.store.rehearsals import RehearsalCheck, RehearsalRecord

if TYPE_CHECKING:
    from tutor.core.personas import Persona


def persona_hash(persona: Persona) -> str:
    """A short fingerprint of everything the persona sends and how: an edit changes it."""
    sent = {
        "system": persona.system,
        "examples": [[e.role, e.content] for e in persona.examples],
        "reminder": persona.reminder,
        "params": persona.params,
        "model": persona.model,
        "variables": persona.variables,
    }
    text = json.dumps(sent, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def prepare(rehearsal: Rehearsal, stage: Stage) -> None:
    """Everything that can fail before a request: each case's variables fill the persona, and
    each named problem loads (its brief and references go into ``stage.problems``)."""
    for case in rehearsal.cases:
        try:
            stage.persona.render(case.variables)
        except UsageError as error:
            raise UsageError(
                f"{rehearsal.source}: case '{case.name}': {error} — in a rehearsal, give them "
                "under 'variables:' (the file's or the case's)"
            ) from None
        stage.problem(case)


@dataclass
class RehearsalRun:
    """One run of a rehearsal against one persona on one model."""

    rehearsal: Rehearsal
    persona_hash: str
    endpoint: str
    model: str
    judge_model: str
    repeat: int
    started_at: float
    results: list[CaseResult] = field(default_factory=list)

    @property
    def summary(self) -> Summary:
        return summarise(self.results)

    def record(self) -> RehearsalRecord:
        """The run as the store keeps it."""
        checks = tuple(
            RehearsalCheck(r.case, r.attempt, t.turn, c.assertion, c.passed, c.found, t.reply)
            for r in self.results
            for t in r.turns
            for c in t.checks
        )
        return RehearsalRecord(
            rehearsal=self.rehearsal.key,
            persona=self.rehearsal.persona,
            persona_hash=self.persona_hash,
            endpoint=self.endpoint,
            model=self.model,
            judge_model=self.judge_model,
            repeat=self.repeat,
            started_at=self.started_at,
            summary=self.summary.to_json(),
            checks=checks,
        )


async def rehearse(
    rehearsal: Rehearsal,
    stage: Stage,
    *,
    repeat: int = 1,
    on_case: Callable[[CaseResult], None] | None = None,
) -> RehearsalRun:
    """Play every case ``repeat`` times, in file order; ``on_case`` hears each as it ends."""
    prepare(rehearsal, stage)
    run = RehearsalRun(
        rehearsal=rehearsal,
        persona_hash=persona_hash(stage.persona),
        endpoint=stage.endpoint,
        model=stage.tutor.spec.model or "",
        judge_model=stage.judge.model,
        repeat=repeat,
        started_at=time.time(),
    )
    for case in rehearsal.cases:
        for attempt in range(1, repeat + 1):
            result = await play(stage, case, attempt)
            run.results.append(result)
            if on_case is not None:
                on_case(result)
    return run
