"""What the answer-leak guard held back from replies: kept apart, never shown, sent or exported.

A reply's row holds what the student saw (the notice in place of a withheld block); the held
text lives here with the guard's verdict, so a teacher can audit what the tutor tried to give
away and the practice progress can count it.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass

from tutor.core.store.database import writing


@dataclass(frozen=True)
class WithheldRecord:
    """One block (or a whole reply, judged a walkthrough) the guard held back."""

    id: int
    message_id: int
    at: float
    text: str
    kind: str | None
    score: float
    reasons: tuple[str, ...]
    judged: bool  # the model judge's call (a prose walkthrough), reported apart


_COLUMNS = "id, message_id, at, text, kind, score, reasons, judged"


def add(
    conn: sqlite3.Connection,
    message_id: int,
    text: str,
    *,
    kind: str | None,
    score: float,
    reasons: Sequence[str],
    judged: bool = False,
) -> int:
    with writing(conn):
        cursor = conn.execute(
            "INSERT INTO withheld (message_id, at, text, kind, score, reasons, judged) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (message_id, time.time(), text, kind, score, json.dumps(list(reasons)), int(judged)),
        )
        return int(cursor.lastrowid or 0)


def of_session(conn: sqlite3.Connection, session_id: int) -> list[WithheldRecord]:
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM withheld WHERE message_id IN "
        "(SELECT id FROM messages WHERE session_id = ?) ORDER BY id",
        (session_id,),
    )
    return [_record(row) for row in rows]


@dataclass(frozen=True)
class HeldCounts:
    """One problem's guard events: code held back, and replies the judge found walking
    through the solution (reported apart: their text was already shown)."""

    code: int = 0
    judged: int = 0


def count_by_problem(conn: sqlite3.Connection) -> dict[str, HeldCounts]:
    """What the guard held back in each problem's practice sessions, code and judged apart."""
    rows = conn.execute(
        "SELECT s.problem_id, sum(w.judged = 0), sum(w.judged = 1) FROM withheld w "
        "JOIN messages m ON m.id = w.message_id "
        "JOIN sessions s ON s.id = m.session_id WHERE s.problem_id IS NOT NULL "
        "GROUP BY s.problem_id"
    )
    return {problem: HeldCounts(int(code), int(judged)) for problem, code, judged in rows}


def _record(row: tuple) -> WithheldRecord:
    mid, message_id, at, text, kind, score, reasons, judged = row
    return WithheldRecord(
        mid, message_id, at, text, kind, float(score), tuple(json.loads(reasons)), bool(judged)
    )
