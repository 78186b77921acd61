"""Rehearsal runs in a real SQLite store: the v4 step on an older file, keeping and finding runs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tutor.core.store import Store, schema
from tutor.core.store.rehearsals import RehearsalCheck, RehearsalRecord


def run_of(rehearsal: str, passed: bool, started: float) -> RehearsalRecord:
    return RehearsalRecord(
        rehearsal=rehearsal,
        persona="socratic",
        persona_hash="abc123",
        endpoint="local",
        model="m",
        judge_model="j",
        repeat=1,
        started_at=started,
        summary={"pass_rate": 1.0 if passed else 0.0},
        checks=(
            RehearsalCheck("case", 1, 1, "no-code", True, "0 code blocks", "What next?"),
            RehearsalCheck("case", 1, 2, "no-code", passed, "1 code block", "```x```"),
        ),
    )


def test_a_v3_store_gains_the_rehearsal_tables_and_keeps_its_sessions(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    for steps in schema.MIGRATIONS[:3]:
        for step in steps:
            step(conn) if callable(step) else conn.execute(step)
    conn.execute("PRAGMA user_version = 3")
    conn.execute("INSERT INTO sessions VALUES (1, 'old', 'p', 'e', 'm', '{}', 0, 0)")
    conn.close()
    with Store.open(path) as store:
        assert store.get_session(1).title == "old"
        run_id = store.add_rehearsal_run(run_of("socratic:x", True, 1.0))
        assert store.last_rehearsal_run("socratic:x").id == run_id
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST


def test_runs_are_found_newest_first_per_rehearsal(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite3") as store:
        first = store.add_rehearsal_run(run_of("socratic:x", True, 1.0))
        other = store.add_rehearsal_run(run_of("socratic:y", True, 2.0))
        second = store.add_rehearsal_run(run_of("socratic:x", False, 3.0))
        assert store.last_rehearsal_run("socratic:nothing") is None
        newest = store.last_rehearsal_run("socratic:x")
        assert newest is not None and newest.id == second and newest.summary["pass_rate"] == 0.0
        before = store.last_rehearsal_run("socratic:x", before=second)
        assert before is not None and before.id == first and before.started_at == 1.0
        assert store.last_rehearsal_run("socratic:y").id == other
        assert store.rehearsal_run_count("socratic:x") == 2
        # a failing check keeps the reply that failed it; a passing one keeps none
        assert [(c.turn, c.passed, c.reply) for c in newest.checks] == [
            (1, True, None),
            (2, False, "```x```"),
        ]
