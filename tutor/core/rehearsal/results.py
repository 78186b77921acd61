"""What a rehearsal found: each check of each tutor turn, per case, and the run's summary."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Check:
    """One assertion on one reply. ``found`` says what was seen ("2 questions"); ``revealed``
    is evidence the reply gave the answer away (the guard found a leak, or a leak rubric
    failed)."""

    assertion: str
    passed: bool
    found: str
    revealed: bool = False
    leak_checked: bool = False  # a no-leak or leak rubric was asked of this reply


@dataclass
class TurnResult:
    """One student message, the tutor's reply to it, and the checks on that reply."""

    turn: int
    student: str
    reply: str
    checks: list[Check] = field(default_factory=list)
    prompt_tokens: int | None = None
    completion_tokens: int | None = None

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)

    @property
    def revealed(self) -> bool:
        return any(c.revealed for c in self.checks)

    @property
    def leak_checked(self) -> bool:
        return any(c.leak_checked for c in self.checks)


@dataclass
class CaseResult:
    """One attempt at one case (``--repeat`` makes several)."""

    case: str
    attempt: int
    simulated: bool
    turns: list[TurnResult] = field(default_factory=list)
    student_tokens: int = 0
    judge_tokens: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def checks(self) -> list[Check]:
        return [c for t in self.turns for c in t.checks]

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)

    @property
    def first_leak_turn(self) -> int | None:
        return next((t.turn for t in self.turns if t.revealed), None)

    @property
    def leak_checked(self) -> bool:
        return any(t.leak_checked for t in self.turns)


@dataclass(frozen=True)
class Summary:
    """The figures a run is judged by."""

    cases: int
    cases_passed: int
    checks: int
    checks_passed: int
    turns: int
    revealed_turns: int
    leak_checked_turns: int
    leak_checked_cases: int
    first_leaks: tuple[int, ...]  # the first leaking turn of each case attempt that leaked
    tutor_prompt_tokens: int
    tutor_completion_tokens: int
    turns_without_usage: int
    student_tokens: int
    judge_tokens: int

    @property
    def pass_rate(self) -> float | None:
        return self.cases_passed / self.cases if self.cases else None

    @property
    def check_pass_rate(self) -> float | None:
        return self.checks_passed / self.checks if self.checks else None

    @property
    def reveal_rate(self) -> float | None:
        """Of the tutor turns checked for a leak (no-leak, or a rubric with ``leak: true``),
        the share that revealed the answer; None when no turn was checked."""
        if not self.leak_checked_turns:
            return None
        return self.revealed_turns / self.leak_checked_turns

    @property
    def turns_to_first_leak(self) -> float | None:
        """The median turn of the first leak among the conversations that leaked."""
        return statistics.median(self.first_leaks) if self.first_leaks else None

    @property
    def failed(self) -> bool:
        return self.checks_passed < self.checks

    def to_json(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "cases_passed": self.cases_passed,
            "pass_rate": self.pass_rate,
            "checks": self.checks,
            "checks_passed": self.checks_passed,
            "check_pass_rate": self.check_pass_rate,
            "tutor_turns": self.turns,
            "revealed_turns": self.revealed_turns,
            "reveal_rate": self.reveal_rate,
            "leak_checked_turns": self.leak_checked_turns,
            "leak_checked_conversations": self.leak_checked_cases,
            "leaked_conversations": len(self.first_leaks),
            "turns_to_first_leak": self.turns_to_first_leak,
            "first_leak_turns": list(self.first_leaks),
            "tokens": {
                "tutor_prompt": self.tutor_prompt_tokens,
                "tutor_reply": self.tutor_completion_tokens,
                "tutor_turns_without_usage": self.turns_without_usage,
                "simulated_students": self.student_tokens,
                "judge": self.judge_tokens,
                "total": self.tokens,
            },
        }

    @property
    def tokens(self) -> int:
        return (
            self.tutor_prompt_tokens
            + self.tutor_completion_tokens
            + self.student_tokens
            + self.judge_tokens
        )


def summarise(results: list[CaseResult]) -> Summary:
    """The summary of every case attempt in ``results``."""
    turns = [t for r in results for t in r.turns]
    checks = [c for t in turns for c in t.checks]
    leaks = tuple(turn for r in results if (turn := r.first_leak_turn) is not None)
    return Summary(
        cases=len(results),
        cases_passed=sum(1 for r in results if r.passed),
        checks=len(checks),
        checks_passed=sum(1 for c in checks if c.passed),
        turns=len(turns),
        revealed_turns=sum(1 for t in turns if t.revealed),
        leak_checked_turns=sum(1 for t in turns if t.leak_checked),
        leak_checked_cases=sum(1 for r in results if r.leak_checked),
        first_leaks=leaks,
        tutor_prompt_tokens=sum(t.prompt_tokens or 0 for t in turns),
        tutor_completion_tokens=sum(t.completion_tokens or 0 for t in turns),
        turns_without_usage=sum(1 for t in turns if t.prompt_tokens is None),
        student_tokens=sum(r.student_tokens for r in results),
        judge_tokens=sum(r.judge_tokens for r in results),
    )


def case_json(result: CaseResult) -> dict[str, Any]:
    """One case attempt as ``--json`` prints it."""
    return {
        "case": result.case,
        "attempt": result.attempt,
        "simulated": result.simulated,
        "passed": result.passed,
        "first_leak_turn": result.first_leak_turn,
        "notes": result.notes,
        "student_tokens": result.student_tokens,
        "judge_tokens": result.judge_tokens,
        "turns": [
            {
                "turn": t.turn,
                "student": t.student,
                "reply": t.reply,
                "passed": t.passed,
                "revealed": t.revealed,
                "prompt_tokens": t.prompt_tokens,
                "completion_tokens": t.completion_tokens,
                "checks": [
                    {"assertion": c.assertion, "passed": c.passed, "found": c.found}
                    for c in t.checks
                ],
            }
            for t in result.turns
        ],
    }
