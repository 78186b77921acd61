"""What changed between two runs of the same rehearsal: who ran, the rates, and each check."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from tutor.core.store.rehearsals import RehearsalRecord

CheckKey = tuple[str, int, str]  # case, turn, assertion


@dataclass(frozen=True)
class Shift:
    """One check whose pass count moved: ``before`` and ``after`` are (passed, of)."""

    case: str
    turn: int
    assertion: str
    before: tuple[int, int]
    after: tuple[int, int]

    def to_json(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "turn": self.turn,
            "assertion": self.assertion,
            "before": {"passed": self.before[0], "of": self.before[1]},
            "after": {"passed": self.after[0], "of": self.after[1]},
        }


@dataclass(frozen=True)
class Comparison:
    """The earlier run, what differs in how the two were run, and what moved."""

    earlier: RehearsalRecord
    later: RehearsalRecord
    worse: tuple[Shift, ...]  # checks that pass less often now
    better: tuple[Shift, ...]  # checks that pass more often now
    added: int  # checks only the later run has (a new case or assertion)
    dropped: int  # checks only the earlier run had

    @property
    def persona_edited(self) -> bool:
        return self.earlier.persona_hash != self.later.persona_hash

    @property
    def model_changed(self) -> bool:
        return (self.earlier.endpoint, self.earlier.model) != (
            self.later.endpoint,
            self.later.model,
        )

    def rate(self, name: str) -> tuple[float | None, float | None]:
        """A summary figure (``pass_rate``, ``reveal_rate``...) before and after."""
        return self.earlier.summary.get(name), self.later.summary.get(name)

    def to_json(self) -> dict[str, Any]:
        return {
            "earlier_run": self.earlier.id,
            "earlier_started_at": self.earlier.started_at,
            "persona_edited": self.persona_edited,
            "persona_hash": [self.earlier.persona_hash, self.later.persona_hash],
            "model_changed": self.model_changed,
            "model": [self.earlier.model, self.later.model],
            "endpoint": [self.earlier.endpoint, self.later.endpoint],
            "pass_rate": list(self.rate("pass_rate")),
            "check_pass_rate": list(self.rate("check_pass_rate")),
            "reveal_rate": list(self.rate("reveal_rate")),
            "turns_to_first_leak": list(self.rate("turns_to_first_leak")),
            "now_failing": [s.to_json() for s in self.worse],
            "now_passing": [s.to_json() for s in self.better],
            "checks_added": self.added,
            "checks_dropped": self.dropped,
        }


def _tally(run: RehearsalRecord) -> dict[CheckKey, tuple[int, int]]:
    counts: dict[CheckKey, list[int]] = defaultdict(lambda: [0, 0])
    for check in run.checks:
        tally = counts[(check.case, check.turn, check.assertion)]
        tally[0] += int(check.passed)
        tally[1] += 1
    return {key: (won, of) for key, (won, of) in counts.items()}


def compare(earlier: RehearsalRecord, later: RehearsalRecord) -> Comparison:
    """Check by check (case, turn, assertion; attempts of ``--repeat`` pooled), what moved."""
    before, after = _tally(earlier), _tally(later)
    worse: list[Shift] = []
    better: list[Shift] = []
    for key in [k for k in after if k in before]:  # in the order the later run checked
        was, now = before[key], after[key]
        change = now[0] / now[1] - was[0] / was[1]
        if change:
            (worse if change < 0 else better).append(Shift(*key, was, now))
    return Comparison(
        earlier=earlier,
        later=later,
        worse=tuple(worse),
        better=tuple(better),
        added=len(after.keys() - before.keys()),
        dropped=len(before.keys() - after.keys()),
    )
