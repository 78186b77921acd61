"""Progress queries: time spent counted from actions, and each problem's runs and hints summed."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable

from tutor.core.store.practice_records import IDLE_CAP_S, ProblemProgress


def touch(conn: sqlite3.Connection, problem_id: str, moments: Iterable[float]) -> None:
    """Add the capped gaps between the problem's last action and ``moments`` to its time."""
    now = time.time()
    when = sorted(m for m in moments if m <= now) or [now]
    row = conn.execute(
        "SELECT last_active_at FROM practice_problems WHERE problem_id = ?", (problem_id,)
    ).fetchone()
    if row is None:
        conn.execute(
            "INSERT INTO practice_problems (problem_id, started_at, last_active_at) "
            "VALUES (?, ?, ?)",
            (problem_id, when[-1], when[-1]),
        )
        return
    last = float(row[0])
    spent = 0.0
    for moment in when:
        if moment > last:
            spent += min(moment - last, IDLE_CAP_S)
            last = moment
    conn.execute(
        "UPDATE practice_problems SET last_active_at = ?, seconds_spent = seconds_spent + ? "
        "WHERE problem_id = ?",
        (last, spent, problem_id),
    )


def progress(conn: sqlite3.Connection, problem_id: str | None) -> dict[str, ProblemProgress]:
    where, args = ("WHERE problem_id = ?", (problem_id,)) if problem_id else ("", ())
    runs = {
        r[0]: r[1:]
        for r in conn.execute(
            # SQLite takes the bare column `total` from the row holding max(passed).
            "SELECT problem_id, count(*), count(DISTINCT code_hash), max(passed), total "
            f"FROM practice_runs {where} GROUP BY problem_id",
            args,
        )
    }
    last = {
        r[0]: r[1:]
        for r in conn.execute(
            "SELECT problem_id, passed, total FROM practice_runs WHERE id IN "
            f"(SELECT max(id) FROM practice_runs {where} GROUP BY problem_id)",
            args,
        )
    }
    hints = {
        r[0]: r[1:]
        for r in conn.execute(
            f"SELECT problem_id, count(*), max(rung) FROM practice_hints {where} "
            "GROUP BY problem_id",
            args,
        )
    }
    out: dict[str, ProblemProgress] = {}
    for row in conn.execute(
        "SELECT problem_id, started_at, last_active_at, seconds_spent, solved_at, work_file, "
        f"language FROM practice_problems {where}",
        args,
    ):
        pid = row[0]
        count, attempts, best, best_total = runs.get(pid, (0, 0, 0, 0))
        last_passed, last_total = last.get(pid, (None, None))
        given, top = hints.get(pid, (0, 0))
        out[pid] = ProblemProgress(
            problem_id=pid,
            started_at=row[1],
            last_active_at=row[2],
            seconds_spent=row[3],
            solved_at=row[4],
            work_file=row[5],
            language=row[6],
            runs=count,
            attempts=attempts,
            best_passed=best,
            best_total=best_total,
            last_passed=last_passed,
            last_total=last_total,
            hints=given,
            top_rung=top,
        )
    return out
