"""Writing messages: the student's turns, replies written while they stream, pins and edits."""

from __future__ import annotations

import sqlite3
import time

from tutor.core.errors import MessageNotFound
from tutor.core.store import history, sessions
from tutor.core.store.database import writing
from tutor.core.store.liveness import writer_tag
from tutor.core.store.records import (
    FINAL_STATUSES,
    MESSAGE_COLUMNS,
    NEXT_ID,
    ROLES,
    STATUSES,
    StoredMessage,
    storable,
)


def add(
    conn: sqlite3.Connection,
    session_id: int,
    role: str,
    content: str,
    *,
    pinned: bool = False,
    status: str = "complete",
) -> StoredMessage:
    """Store a finished message and commit it; a first user message titles an untitled session."""
    _check(role in ROLES, f"role must be one of {ROLES}, not {role!r}")
    _check(status in STATUSES, f"status must be one of {STATUSES}, not {status!r}")
    now = time.time()
    with writing(conn):
        sessions.touch(conn, session_id, now)
        mid = insert(conn, session_id, role, content, status, pinned=pinned, created_at=now)
        if role == "user":
            conn.execute(
                "UPDATE sessions SET title = ? WHERE id = ? AND title = ''",
                (sessions.title_from(content), session_id),
            )
    return history.get(conn, mid)


def insert(
    conn: sqlite3.Connection,
    session_id: int,
    role: str,
    content: str,
    status: str,
    *,
    pinned: bool = False,
    created_at: float,
    model: str | None = None,
    finish_reason: str | None = None,
    error: str | None = None,
    prompt_tokens: int | None = None,
    completion_tokens: int | None = None,
    writer: str | None = None,
) -> int:
    """Insert one row inside the caller's transaction; returns its id."""
    cursor = conn.execute(
        f"INSERT INTO messages ({MESSAGE_COLUMNS}) VALUES "
        f"({NEXT_ID.format(table='messages')}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            session_id,
            role,
            storable(content),
            status,
            int(pinned),
            created_at,
            model,
            finish_reason,
            error,
            prompt_tokens,
            completion_tokens,
            writer,
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def begin_reply(conn: sqlite3.Connection, session_id: int, model: str) -> int:
    """Create an empty 'streaming' assistant row tagged with this process; returns its id."""
    now = time.time()
    with writing(conn):
        sessions.touch(conn, session_id, now)
        return insert(
            conn,
            session_id,
            "assistant",
            "",
            "streaming",
            created_at=now,
            model=model,
            writer=writer_tag(),
        )


def update_reply(conn: sqlite3.Connection, message_id: int, content: str) -> bool:
    """Write the text streamed so far. False when the row is gone (its session was deleted)
    or already finished: a finished reply is never overwritten by a late writer."""
    with writing(conn):
        return bool(
            conn.execute(
                f"UPDATE messages SET content = ?, status = 'streaming' WHERE id = ? AND {_OPEN}",
                (storable(content), message_id),
            ).rowcount
        )


def finish_reply(
    conn: sqlite3.Connection,
    message_id: int,
    content: str,
    status: str,
    *,
    error: str | None = None,
    finish_reason: str | None = None,
    prompt_tokens: int | None = None,
    completion_tokens: int | None = None,
) -> bool:
    """Write the final text, status and usage; False when the row is gone or finished."""
    _check(status in FINAL_STATUSES, f"a reply ends as one of {FINAL_STATUSES}, not {status!r}")
    now = time.time()
    usage = (prompt_tokens, completion_tokens)
    with writing(conn):
        row = conn.execute(
            f"SELECT session_id FROM messages WHERE id = ? AND {_OPEN}", (message_id,)
        )
        found = row.fetchone()
        if found is None:
            return False
        conn.execute(
            "UPDATE messages SET content = ?, status = ?, error = ?, finish_reason = ?, "
            "prompt_tokens = ?, completion_tokens = ? WHERE id = ?",
            (storable(content), status, error, finish_reason, *usage, message_id),
        )
        sessions.touch(conn, found[0], now)
    return True


def set_status(
    conn: sqlite3.Connection, message_id: int, status: str, *, error: str | None = None
) -> None:
    """Change a message's status (e.g. 'replaced' when the student regenerates a reply).
    ``error`` replaces the error text when given; otherwise the text stays as it was."""
    _check(status in STATUSES, f"status must be one of {STATUSES}, not {status!r}")
    if error is None:
        _change(conn, message_id, "status = ?", (status,))
    else:
        _change(conn, message_id, "status = ?, error = ?", (status, error))


def set_pinned(conn: sqlite3.Connection, message_id: int, pinned: bool) -> None:
    """Pin a message (always sent with the context) or unpin it."""
    _change(conn, message_id, "pinned = ?", (int(pinned),))


def edit(conn: sqlite3.Connection, message_id: int, content: str) -> None:
    """Replace a message's text. The text it had is kept in ``earlier_versions``; its cached
    token counts are dropped by a trigger."""
    with writing(conn):
        row = conn.execute("SELECT content FROM messages WHERE id = ?", (message_id,)).fetchone()
        if row is None:
            raise MessageNotFound(message_id)
        new = storable(content)
        if new != row[0]:
            conn.execute(
                "INSERT INTO earlier_versions (message_id, content, replaced_at) VALUES (?, ?, ?)",
                (message_id, row[0], time.time()),
            )
            conn.execute("UPDATE messages SET content = ? WHERE id = ?", (new, message_id))


def _change(conn: sqlite3.Connection, message_id: int, assignments: str, values: tuple) -> None:
    with writing(conn):
        found = conn.execute(
            f"UPDATE messages SET {assignments} WHERE id = ?", (*values, message_id)
        ).rowcount
    if not found:
        raise MessageNotFound(message_id)


# A reply that may still be written: streaming, or marked interrupted by another process
# that took its writer for dead (a writer that is in fact alive takes it back).
_OPEN = "status IN ('streaming', 'interrupted')"


def _check(ok: bool, message: str) -> None:
    if not ok:
        raise ValueError(message)
