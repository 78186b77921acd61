"""Reading messages back: one by id, a session's history page by page, counts."""

from __future__ import annotations

import sqlite3

from tutor.core.errors import MessageNotFound
from tutor.core.store.records import MESSAGE_COLUMNS, StoredMessage, message_from_row


def get(conn: sqlite3.Connection, message_id: int) -> StoredMessage:
    """The message, or MessageNotFound."""
    row = conn.execute(
        f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE id = ?", (message_id,)
    ).fetchone()
    if row is None:
        raise MessageNotFound(message_id)
    return message_from_row(row)


def page(
    conn: sqlite3.Connection,
    session_id: int,
    *,
    before_id: int | None = None,
    limit: int | None = None,
    include_replaced: bool = False,
) -> list[StoredMessage]:
    """The newest ``limit`` messages before ``before_id``, oldest first."""
    where = "session_id = ?"
    params: list[object] = [session_id]
    if before_id is not None:
        where += " AND id < ?"
        params.append(before_id)
    if not include_replaced:
        where += " AND status != 'replaced'"
    params.append(-1 if limit is None else max(0, limit))
    rows = conn.execute(
        f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE {where} ORDER BY id DESC LIMIT ?",
        params,
    ).fetchall()
    return [message_from_row(row) for row in reversed(rows)]


def count(conn: sqlite3.Connection, session_id: int, *, include_replaced: bool = False) -> int:
    """How many messages the session has (replaced replies left out unless asked)."""
    extra = "" if include_replaced else " AND status != 'replaced'"
    row = conn.execute(
        f"SELECT count(*) FROM messages WHERE session_id = ?{extra}", (session_id,)
    ).fetchone()
    return int(row[0])


def earlier_versions(conn: sqlite3.Connection, message_id: int) -> list[str]:
    """The texts a message had before it was edited, oldest first."""
    rows = conn.execute(
        "SELECT content FROM earlier_versions WHERE message_id = ? ORDER BY rowid",
        (message_id,),
    )
    return [text for (text,) in rows]
