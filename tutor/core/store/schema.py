"""The store's tables and the numbered migrations that bring any older file up to date.

``PRAGMA user_version`` holds the schema version. ``MIGRATIONS[i]`` takes a file from
version ``i`` to ``i + 1`` (SQL statements, or a function for what SQL alone cannot say);
they run in order inside one ``BEGIN IMMEDIATE`` transaction, so two processes opening a
fresh file at once cannot both migrate it, and a failed step leaves the file as it was.
Never edit a published step: append a new one. v1: sessions, messages, token counts,
search index. v2: ``earlier_versions`` keeps the text an edit replaced. v3: ``id_floors``
— a deleted session's or message's id is never handed out again (SQLite reuses the highest id
once its row is gone; a `tutor ask --session 7` or an app still showing the deleted session
must not land in a newer one). Inserts take ``id_floors.last + 1``; a trigger raises it.
v4: ``rehearsal_runs`` and ``rehearsal_checks`` — what each `tutor personas test` run found
(one row per rehearsal run, one per assertion checked), so ``--compare`` can say what changed.
v5: practice — ``sessions.problem_id``/``problem_hash`` tie a session to the problem (and the
files' hash) it practised; ``practice_problems`` (one row per problem touched: time spent,
solved-at, the student's work file), ``practice_runs`` (each run: passed/total, every test's
verdict as JSON) and ``practice_hints`` (each hint: rung, when, authored or asked).

Search index (see ``search.py`` for how queries use it): ``message_text`` is an FTS5
table with the trigram tokenizer, external content = the view ``searchable_messages``,
kept in sync by triggers. Rows that are streaming or replaced are not indexed (a reply
is indexed once it ends, so the ~2 updates a second while it streams cost no index work).
Each indexed text gets two newlines appended, so every occurrence of any 1–2 character
string starts some trigram — that is what makes short queries work (``search.py``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from tutor.core.errors import StoreError

Step = str | Callable[[sqlite3.Connection], None]  # an SQL statement, or code for one step

_PAD = "char(10, 10)"  # appended to indexed text; see the module docstring
_INDEXED = "status NOT IN ('streaming', 'replaced')"

# One trigger, two statements in this order: SQLite gives no order between two triggers on
# the same event, and the old text must leave the index before the new one enters.
_UPDATE_TRIGGER = f"""CREATE TRIGGER message_text_update AFTER UPDATE OF content, status
    ON messages BEGIN
    INSERT INTO message_text (message_text, rowid, content)
        SELECT 'delete', old.id, old.content || {_PAD} WHERE old.{_INDEXED};
    INSERT INTO message_text (rowid, content)
        SELECT new.id, new.content || {_PAD} WHERE new.{_INDEXED};
END"""

_V1: tuple[Step, ...] = (
    """CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL DEFAULT '',
        persona TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        model TEXT NOT NULL,
        variables TEXT NOT NULL DEFAULT '{}',
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL
    )""",
    "CREATE INDEX sessions_by_update ON sessions (updated_at DESC, id DESC)",
    """CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
        content TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN
            ('streaming', 'complete', 'cancelled', 'error', 'interrupted', 'replaced')),
        pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
        created_at REAL NOT NULL,
        model TEXT,
        finish_reason TEXT,
        error TEXT,
        prompt_tokens INTEGER,
        completion_tokens INTEGER,
        writer TEXT
    )""",
    "CREATE INDEX messages_by_session ON messages (session_id, id)",
    "CREATE INDEX messages_streaming ON messages (id) WHERE status = 'streaming'",
    """CREATE TABLE token_counts (
        message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        counter_key TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (message_id, counter_key)
    ) WITHOUT ROWID""",
    f"""CREATE VIEW searchable_messages AS
        SELECT id, content || {_PAD} AS content FROM messages WHERE {_INDEXED}""",
    """CREATE VIRTUAL TABLE message_text USING fts5 (
        content, content = 'searchable_messages', content_rowid = 'id',
        tokenize = 'trigram'
    )""",
    "CREATE VIRTUAL TABLE message_trigrams USING fts5vocab (message_text, 'row')",
    f"""CREATE TRIGGER message_text_insert AFTER INSERT ON messages
        WHEN new.{_INDEXED} BEGIN
        INSERT INTO message_text (rowid, content) VALUES (new.id, new.content || {_PAD});
    END""",
    f"""CREATE TRIGGER message_text_delete AFTER DELETE ON messages
        WHEN old.{_INDEXED} BEGIN
        INSERT INTO message_text (message_text, rowid, content)
            VALUES ('delete', old.id, old.content || {_PAD});
    END""",
    _UPDATE_TRIGGER,
    """CREATE TRIGGER token_counts_stale AFTER UPDATE OF content ON messages BEGIN
        DELETE FROM token_counts WHERE message_id = new.id;
    END""",
)


def _repair_update_trigger(conn: sqlite3.Connection) -> None:
    """Files made by pre-release builds of v1 kept the index in step with two triggers that
    could run in the wrong order; swap them for the one above and re-index once."""
    names = ("message_text_unindex", "message_text_reindex")
    found = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?)", names
    ).fetchone()[0]
    if not found:
        return
    for name in names:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    conn.execute(_UPDATE_TRIGGER.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))
    conn.execute("INSERT INTO message_text (message_text) VALUES ('rebuild')")


_V2: tuple[Step, ...] = (
    _repair_update_trigger,
    """CREATE TABLE earlier_versions (
        message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        content TEXT NOT NULL,
        replaced_at REAL NOT NULL
    )""",
    "CREATE INDEX earlier_versions_by_message ON earlier_versions (message_id)",
)

_FLOORED = ("sessions", "messages")
_V3: tuple[Step, ...] = (
    "CREATE TABLE id_floors (name TEXT PRIMARY KEY, last INTEGER NOT NULL) WITHOUT ROWID",
    *(
        f"INSERT INTO id_floors VALUES ('{table}', (SELECT coalesce(max(id), 0) FROM {table}))"
        for table in _FLOORED
    ),
    *(
        f"""CREATE TRIGGER {table}_id_floor AFTER INSERT ON {table} BEGIN
            UPDATE id_floors SET last = max(last, new.id) WHERE name = '{table}';
        END"""
        for table in _FLOORED
    ),
)

_V4: tuple[Step, ...] = (
    """CREATE TABLE rehearsal_runs (
        id INTEGER PRIMARY KEY,
        rehearsal TEXT NOT NULL,
        persona TEXT NOT NULL,
        persona_hash TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        model TEXT NOT NULL,
        judge_model TEXT NOT NULL,
        repeat INTEGER NOT NULL,
        started_at REAL NOT NULL,
        summary TEXT NOT NULL
    )""",
    "CREATE INDEX rehearsal_runs_by_rehearsal ON rehearsal_runs (rehearsal, id)",
    """CREATE TABLE rehearsal_checks (
        run_id INTEGER NOT NULL REFERENCES rehearsal_runs (id) ON DELETE CASCADE,
        case_name TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        turn INTEGER NOT NULL,
        assertion TEXT NOT NULL,
        passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
        found TEXT NOT NULL,
        reply TEXT
    )""",
    "CREATE INDEX rehearsal_checks_by_run ON rehearsal_checks (run_id)",
)

_V5: tuple[Step, ...] = (
    "ALTER TABLE sessions ADD COLUMN problem_id TEXT",
    "ALTER TABLE sessions ADD COLUMN problem_hash TEXT",
    """CREATE INDEX sessions_by_problem ON sessions (problem_id, updated_at DESC, id DESC)
        WHERE problem_id IS NOT NULL""",
    """CREATE TABLE practice_problems (
        problem_id TEXT PRIMARY KEY,
        started_at REAL NOT NULL,
        last_active_at REAL NOT NULL,
        seconds_spent REAL NOT NULL DEFAULT 0,
        solved_at REAL,
        work_file TEXT,
        language TEXT
    ) WITHOUT ROWID""",
    """CREATE TABLE practice_runs (
        id INTEGER PRIMARY KEY,
        problem_id TEXT NOT NULL REFERENCES practice_problems (problem_id) ON DELETE CASCADE,
        problem_hash TEXT NOT NULL,
        at REAL NOT NULL,
        language TEXT NOT NULL,
        code_hash TEXT NOT NULL,
        passed INTEGER NOT NULL,
        total INTEGER NOT NULL,
        results TEXT NOT NULL,
        compile_error TEXT,
        network_cut INTEGER NOT NULL CHECK (network_cut IN (0, 1))
    )""",
    "CREATE INDEX practice_runs_by_problem ON practice_runs (problem_id, id)",
    """CREATE TABLE practice_hints (
        id INTEGER PRIMARY KEY,
        problem_id TEXT NOT NULL REFERENCES practice_problems (problem_id) ON DELETE CASCADE,
        rung INTEGER NOT NULL CHECK (rung BETWEEN 1 AND 6),
        at REAL NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('authored', 'asked')),
        last_run_id INTEGER,
        code_hash TEXT,
        session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL
    )""",
    "CREATE INDEX practice_hints_by_problem ON practice_hints (problem_id, id)",
)

MIGRATIONS: tuple[tuple[Step, ...], ...] = (_V1, _V2, _V3, _V4, _V5)
LATEST = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, path: Path) -> int:
    """Bring the file up to ``LATEST``; returns the version it had. Refuses newer files."""
    found = _version(conn)
    if found == LATEST:
        return found
    _refuse_newer(found, path)
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = _version(conn)  # another process may have migrated while we waited
        _refuse_newer(found, path)
        if found == 0 and _has_tables(conn):
            raise StoreError(
                f"{path} is an SQLite database but not a tutor session store — "
                "point TUTOR_DATA_DIR elsewhere or move the file aside"
            )
        for steps in MIGRATIONS[found:]:
            for step in steps:
                if isinstance(step, str):
                    conn.execute(step)
                else:
                    step(conn)
        conn.execute(f"PRAGMA user_version = {LATEST}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return found


def _version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is not None


def _refuse_newer(found: int, path: Path) -> None:
    if found > LATEST:
        raise StoreError(
            f"{path} was written by a newer tutor (store version {found}, this tutor reads up "
            f"to {LATEST}) — upgrade tutor: pip install -U socratic-tutor"
        )
