"""Practice progress in a real SQLite store: schema v5, runs, hints, time spent, tied sessions."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from tutor.core.store import Store, schema
from tutor.core.store.practice_records import IDLE_CAP_S

RESULTS = [
    {"name": "small", "verdict": "passed", "sample": True, "seconds": 0.01},
    {"name": "negatives", "verdict": "wrong_answer", "sample": False, "seconds": 0.01},
]


PRACTICE_VERSION = 5  # the migration that added practice (v4 is rehearsals')


def old_file(path: Path, version: int) -> None:
    """A store as tutor wrote it before practice existed, at ``version``, with one session."""
    conn = sqlite3.connect(path, isolation_level=None)
    for steps in schema.MIGRATIONS[:version]:
        for step in steps:
            if isinstance(step, str):
                conn.execute(step)
            else:
                step(conn)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute(
        "INSERT INTO sessions (id, title, persona, endpoint, model, created_at, updated_at) "
        "VALUES (7, 'old talk', 'socratic', 'local', 'm', 1.0, 2.0)"
    )
    conn.execute(
        "INSERT INTO messages (id, session_id, role, content, status, created_at) "
        "VALUES (41, 7, 'user', 'what is a heap?', 'complete', 1.5)"
    )
    conn.close()


@pytest.mark.parametrize("version", [3, 4])
def test_an_older_store_is_migrated_and_keeps_its_sessions(tmp_path: Path, version: int) -> None:
    path = tmp_path / "sessions.sqlite3"
    old_file(path, version)
    with Store.open(path) as store:
        old = store.get_session(7)
        assert (old.title, old.problem_id, old.problem_hash) == ("old talk", None, None)
        assert [m.content for m in store.messages(7)] == ["what is a heap?"]
        assert store.search("heap")[0].session_id == 7
        new = store.create_session("algorithm-coach", "local", "m")
        assert new.id == 8  # the id floor of v3 still holds
        tied = store.tie_session(new.id, "pair-sum", "ab" * 32)
        assert (tied.problem_id, tied.problem_hash) == ("pair-sum", "ab" * 32)
        assert store.practice_session("pair-sum") == tied
        assert store.practice_session("other") is None
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST
        assert schema.LATEST >= PRACTICE_VERSION
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert {"practice_problems", "practice_runs", "practice_hints"} <= tables


def test_runs_count_attempts_best_result_and_solve_once(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite3") as store:
        assert store.problem_progress("add-two") is None
        first = store.record_run(
            "add-two", "h1", language="python", code_hash="c1", passed=1, total=2, results=RESULTS
        )
        assert (first.passed, first.total, first.all_passed) == (1, 2, False)
        assert [r["verdict"] for r in first.failing()] == ["wrong_answer"]
        store.record_run(  # the same code again: a run, not a new attempt
            "add-two", "h1", language="python", code_hash="c1", passed=1, total=2, results=RESULTS
        )
        compiled = store.record_run(
            "add-two",
            "h1",
            language="cpp",
            code_hash="c2",
            passed=0,
            total=2,
            results=[],
            compile_error="solution.cpp:3: error",
        )
        assert compiled.compile_error and not compiled.all_passed
        progress = store.problem_progress("add-two")
        assert progress is not None and progress.status == "tried"
        assert (progress.runs, progress.attempts, progress.best_passed, progress.best_total) == (
            3,
            2,
            1,
            2,
        )
        assert (progress.last_passed, progress.last_total) == (0, 2)
        solved = store.record_run(
            "add-two", "h1", language="python", code_hash="c3", passed=2, total=2, results=[]
        )
        assert solved.all_passed
        when = store.problem_progress("add-two")
        assert when is not None and when.status == "solved" and when.solved_at == solved.at
        store.record_run(  # a later failing run does not un-solve it, nor move the date
            "add-two", "h2", language="python", code_hash="c4", passed=0, total=2, results=[]
        )
        later = store.problem_progress("add-two")
        assert later is not None and later.solved_at == solved.at and later.best_passed == 2
        latest = store.latest_run("add-two")
        assert latest is not None and (latest.code_hash, latest.problem_hash) == ("c4", "h2")
        assert set(store.all_progress()) == {"add-two"}


def test_hints_are_recorded_with_rung_time_and_source(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite3") as store:
        session = store.create_session("algorithm-coach", "local", "m")
        first = store.record_hint("add-two", 1, "authored", last_run_id=None, code_hash="c1")
        second = store.record_hint(
            "add-two", 2, "asked", last_run_id=5, code_hash="c2", session_id=session.id
        )
        given = store.hints_given("add-two")
        assert [(h.rung, h.source, h.last_run_id, h.session_id) for h in given] == [
            (1, "authored", None, None),
            (2, "asked", 5, session.id),
        ]
        assert first.at <= second.at
        progress = store.problem_progress("add-two")
        assert progress is not None and (progress.hints, progress.top_rung) == (2, 2)
        with pytest.raises(ValueError):
            store.record_hint("add-two", 7, "asked", last_run_id=None, code_hash=None)
        store.delete_session(session.id)
        assert store.hints_given("add-two")[1].session_id is None  # the hint stays


def test_time_spent_counts_actions_with_long_gaps_capped(tmp_path: Path) -> None:
    now = time.time()
    start = now - 3 * 3600
    with Store.open(tmp_path / "s.sqlite3") as store:
        store.note_practice("p", [start], work_file="/w/solution.py", language="python")
        store.note_practice("p", [start + 120, start + 300])  # two saves: 5 minutes of work
        progress = store.problem_progress("p")
        assert progress is not None and progress.seconds_spent == pytest.approx(300)
        assert (progress.work_file, progress.language) == ("/w/solution.py", "python")
        # Left open for hours, then one action: the gap counts 10 minutes, not hours.
        store.note_practice("p", [now - 60])
        progress = store.problem_progress("p")
        assert progress is not None
        assert progress.seconds_spent == pytest.approx(300 + IDLE_CAP_S)
        # A moment before the last action (an old file save) adds nothing.
        store.note_practice("p", [start + 10])
        after = store.problem_progress("p")
        assert after is not None and after.seconds_spent == progress.seconds_spent
        assert after.started_at == pytest.approx(start)


def test_an_export_names_the_problem_and_an_import_keeps_it(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite3") as store:
        session = store.create_session("algorithm-coach", "local", "m", title="Practice: Add")
        store.tie_session(session.id, "add-two", "f" * 64)
        store.add_message(session.id, "user", "why does my loop stop early?")
        exported = store.export_json(session.id)
        assert exported["session"]["problem"] == {"id": "add-two", "hash": "f" * 64}
        markdown = store.export_markdown(session.id)
        assert "- Practised problem: add-two (files sha256 ffffffffffff)" in markdown
        again = store.import_json(exported, source="x.json")
        assert (again.problem_id, again.problem_hash) == ("add-two", "f" * 64)
        plain = store.create_session("socratic", "local", "m")
        assert "problem" not in store.export_json(plain.id)["session"]
