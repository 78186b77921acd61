"""Rehearsal runs in the store: what each run of a rehearsal found, for ``--compare``.

A run is one row (who was tested, on which model, the summary as JSON) plus one row per
assertion checked. The reply text is kept only where a check failed — the evidence a teacher
wants to see again; passing replies are not stored, and trial turns never become sessions.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from tutor.core.store.database import reading, writing
from tutor.core.store.records import storable


@dataclass(frozen=True)
class RehearsalCheck:
    """One assertion on one tutor turn of one case attempt."""

    case: str
    attempt: int
    turn: int
    assertion: str
    passed: bool
    found: str
    reply: str | None = None  # kept when the check failed


@dataclass(frozen=True)
class RehearsalRecord:
    """One run of one rehearsal. ``id`` is 0 until it is stored."""

    rehearsal: str
    persona: str
    persona_hash: str
    endpoint: str
    model: str
    judge_model: str
    repeat: int
    started_at: float
    summary: dict[str, Any]
    checks: tuple[RehearsalCheck, ...] = field(default=())
    id: int = 0


def add_run(conn: sqlite3.Connection, run: RehearsalRecord) -> int:
    """Store ``run`` and its checks in one transaction; returns the run's id."""
    with writing(conn):
        cursor = conn.execute(
            """INSERT INTO rehearsal_runs (rehearsal, persona, persona_hash, endpoint, model,
                judge_model, repeat, started_at, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                run.rehearsal,
                run.persona,
                run.persona_hash,
                run.endpoint,
                run.model,
                run.judge_model,
                run.repeat,
                run.started_at,
                json.dumps(run.summary, ensure_ascii=False, sort_keys=True),
            ),
        )
        run_id = int(cursor.lastrowid or 0)
        conn.executemany(
            """INSERT INTO rehearsal_checks (run_id, case_name, attempt, turn, assertion, passed,
                found, reply) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                (
                    run_id,
                    c.case,
                    c.attempt,
                    c.turn,
                    c.assertion,
                    int(c.passed),
                    storable(c.found),
                    None if c.passed or c.reply is None else storable(c.reply),
                )
                for c in run.checks
            ],
        )
    return run_id


def last_run(
    conn: sqlite3.Connection, rehearsal: str, before: int | None = None
) -> RehearsalRecord | None:
    """The newest stored run of ``rehearsal`` (older than run ``before`` when given)."""
    with reading(conn):
        row = conn.execute(
            """SELECT id, rehearsal, persona, persona_hash, endpoint, model, judge_model, repeat,
                started_at, summary FROM rehearsal_runs WHERE rehearsal = ? AND id < ?
                ORDER BY id DESC LIMIT 1""",
            (rehearsal, before if before is not None else 2**62),
        ).fetchone()
        if row is None:
            return None
        checks = conn.execute(
            """SELECT case_name, attempt, turn, assertion, passed, found, reply
                FROM rehearsal_checks WHERE run_id = ? ORDER BY rowid""",
            (row[0],),
        ).fetchall()
    return RehearsalRecord(
        id=row[0],
        rehearsal=row[1],
        persona=row[2],
        persona_hash=row[3],
        endpoint=row[4],
        model=row[5],
        judge_model=row[6],
        repeat=row[7],
        started_at=row[8],
        summary=json.loads(row[9]),
        checks=tuple(
            RehearsalCheck(c[0], c[1], c[2], c[3], bool(c[4]), c[5], c[6]) for c in checks
        ),
    )


def run_count(conn: sqlite3.Connection, rehearsal: str) -> int:
    """How many runs of ``rehearsal`` are stored."""
    found = conn.execute(
        "SELECT count(*) FROM rehearsal_runs WHERE rehearsal = ?", (rehearsal,)
    ).fetchone()
    return int(found[0])
