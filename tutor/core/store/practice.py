"""Practice progress in the store: runs, hints, time spent, and sessions tied to a problem."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from tutor.core.store import sessions
from tutor.core.store.database import guarded, writing
from tutor.core.store.practice_progress import progress, touch
from tutor.core.store.practice_records import (
    HINT_COLUMNS,
    RUN_COLUMNS,
    HintRecord,
    HintSource,
    ProblemProgress,
    RunRecord,
    hint_from_row,
    run_from_row,
)
from tutor.core.store.records import SESSION_COLUMNS, SessionInfo, session_from_row

if TYPE_CHECKING:
    from pathlib import Path


class PracticeLog:
    """The practice half of :class:`~tutor.core.store.Store` (mixed into it).

    Time spent is counted from actions, not from how long a file or window stayed open: each
    action on a problem (start, run, hint, ask, and a save of the student's file seen at one of
    those) adds the time since the one before it, at most ``IDLE_CAP_S`` (10 minutes).
    """

    path: Path
    _lock: Any
    _conn: sqlite3.Connection | None

    @property
    def _db(self) -> sqlite3.Connection:
        assert self._conn is not None  # guarded methods have checked it
        return self._conn

    @guarded
    def note_practice(
        self,
        problem_id: str,
        moments: Iterable[float] = (),
        *,
        work_file: str | None = None,
        language: str | None = None,
    ) -> None:
        """Record activity on a problem at ``moments`` (default: now), and the student's file."""
        with writing(self._db) as conn:
            touch(conn, problem_id, moments)
            if work_file is not None:
                conn.execute(
                    "UPDATE practice_problems SET work_file = ?, language = ? WHERE problem_id = ?",
                    (work_file, language, problem_id),
                )

    @guarded
    def record_run(
        self,
        problem_id: str,
        problem_hash: str,
        *,
        language: str,
        code_hash: str,
        passed: int,
        total: int,
        results: list[dict[str, Any]],
        compile_error: str | None = None,
        network_cut: bool = False,
        moments: Iterable[float] = (),
    ) -> RunRecord:
        """Keep one run; the first one that passes every test marks the problem solved."""
        now = time.time()
        with writing(self._db) as conn:
            touch(conn, problem_id, [*moments, now])
            rid = conn.execute(
                "INSERT INTO practice_runs (problem_id, problem_hash, at, language, code_hash, "
                "passed, total, results, compile_error, network_cut) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    problem_id,
                    problem_hash,
                    now,
                    language,
                    code_hash,
                    passed,
                    total,
                    json.dumps(results, ensure_ascii=False),
                    compile_error,
                    int(network_cut),
                ),
            ).lastrowid
            if total > 0 and passed == total and compile_error is None:
                conn.execute(
                    "UPDATE practice_problems SET solved_at = coalesce(solved_at, ?) "
                    "WHERE problem_id = ?",
                    (now, problem_id),
                )
            row = conn.execute(f"SELECT {RUN_COLUMNS} FROM practice_runs WHERE id = ?", (rid,))
            return run_from_row(row.fetchone())

    @guarded
    def record_hint(
        self,
        problem_id: str,
        rung: int,
        source: HintSource,
        *,
        last_run_id: int | None,
        code_hash: str | None,
        session_id: int | None = None,
        moments: Iterable[float] = (),
    ) -> HintRecord:
        """Keep one hint given (authored, or asked of the tutor in ``session_id``)."""
        if source not in ("authored", "asked") or not 1 <= rung <= 6:
            raise ValueError(f"record_hint: bad rung {rung!r} or source {source!r}")
        now = time.time()
        with writing(self._db) as conn:
            touch(conn, problem_id, [*moments, now])
            hid = conn.execute(
                "INSERT INTO practice_hints (problem_id, rung, at, source, last_run_id, "
                "code_hash, session_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (problem_id, rung, now, source, last_run_id, code_hash, session_id),
            ).lastrowid
            row = conn.execute(f"SELECT {HINT_COLUMNS} FROM practice_hints WHERE id = ?", (hid,))
            return hint_from_row(row.fetchone())

    @guarded
    def latest_run(self, problem_id: str) -> RunRecord | None:
        row = self._db.execute(
            f"SELECT {RUN_COLUMNS} FROM practice_runs WHERE problem_id = ? ORDER BY id DESC "
            "LIMIT 1",
            (problem_id,),
        ).fetchone()
        return run_from_row(row) if row else None

    @guarded
    def hints_given(self, problem_id: str) -> list[HintRecord]:
        """The hints given on a problem, oldest first."""
        rows = self._db.execute(
            f"SELECT {HINT_COLUMNS} FROM practice_hints WHERE problem_id = ? ORDER BY id",
            (problem_id,),
        )
        return [hint_from_row(row) for row in rows]

    @guarded
    def all_progress(self) -> dict[str, ProblemProgress]:
        """Progress on every problem the student has touched, by problem id."""
        return progress(self._db, None)

    @guarded
    def problem_progress(self, problem_id: str) -> ProblemProgress | None:
        return progress(self._db, problem_id).get(problem_id)

    @guarded
    def practice_session(self, problem_id: str) -> SessionInfo | None:
        """The newest session tied to the problem, or None."""
        row = self._db.execute(
            f"SELECT {SESSION_COLUMNS} FROM sessions WHERE problem_id = ? "
            "ORDER BY updated_at DESC, id DESC LIMIT 1",
            (problem_id,),
        ).fetchone()
        return session_from_row(row) if row else None

    @guarded
    def tie_session(self, session_id: int, problem_id: str, problem_hash: str) -> SessionInfo:
        """Mark a session as practising ``problem_id`` with files of ``problem_hash``."""
        with writing(self._db) as conn:
            conn.execute(
                "UPDATE sessions SET problem_id = ?, problem_hash = ? WHERE id = ?",
                (problem_id, problem_hash, session_id),
            )
        return sessions.get(self._db, session_id)
