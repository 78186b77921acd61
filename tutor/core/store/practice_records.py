"""The records of practice progress the store hands out: a problem's progress, a run, a hint."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

HintSource = Literal["authored", "asked"]
IDLE_CAP_S = 600.0  # a gap between two actions counts at most this much as time spent
PROBLEM_STATUSES = ("new", "tried", "solved")  # never touched; ProblemProgress.status


@dataclass(frozen=True)
class RunRecord:
    """One run of the student's code: how many tests passed and each test's outcome.

    ``results`` holds one dict per test: ``name``, ``verdict``, ``sample`` and, where the run
    said them, ``seconds``, ``message``, ``line`` and (sample tests only) ``got``.
    """

    id: int
    problem_id: str
    problem_hash: str
    at: float
    language: str
    code_hash: str
    passed: int
    total: int
    results: list[dict[str, Any]]
    compile_error: str | None
    network_cut: bool

    @property
    def all_passed(self) -> bool:
        return self.total > 0 and self.passed == self.total and self.compile_error is None

    def failing(self) -> list[dict[str, Any]]:
        return [r for r in self.results if r.get("verdict") != "passed"]


@dataclass(frozen=True)
class HintRecord:
    """One hint given: its rung, when, whether the pack wrote it or the tutor was asked, and
    what the student had done by then (the newest run, their code's hash)."""

    id: int
    problem_id: str
    rung: int
    at: float
    source: HintSource
    last_run_id: int | None
    code_hash: str | None
    session_id: int | None


@dataclass(frozen=True)
class ProblemProgress:
    """What the student has done on one problem so far."""

    problem_id: str
    started_at: float
    last_active_at: float
    seconds_spent: float
    solved_at: float | None
    work_file: str | None
    language: str | None
    runs: int
    attempts: int  # distinct versions of the code that were run
    best_passed: int
    best_total: int
    last_passed: int | None
    last_total: int | None
    hints: int
    top_rung: int

    @property
    def status(self) -> str:
        """``solved``, or ``tried`` (started, ran or asked, not solved yet)."""
        return "solved" if self.solved_at is not None else "tried"


RUN_COLUMNS = (
    "id, problem_id, problem_hash, at, language, code_hash, passed, total, results, "
    "compile_error, network_cut"
)
HINT_COLUMNS = "id, problem_id, rung, at, source, last_run_id, code_hash, session_id"


def run_from_row(row: tuple[Any, ...]) -> RunRecord:
    rid, pid, digest, at, language, code, passed, total, results, compiled, cut = row
    return RunRecord(
        rid,
        pid,
        digest,
        at,
        language,
        code,
        passed,
        total,
        json.loads(results),
        compiled,
        bool(cut),
    )


def hint_from_row(row: tuple[Any, ...]) -> HintRecord:
    return HintRecord(*row)
