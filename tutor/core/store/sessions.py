"""Sessions in the store: create, look up, list newest first, rename, update, delete."""

from __future__ import annotations

import json
import sqlite3
import time
from typing import Any

from tutor.core.errors import SessionNotFound
from tutor.core.store.database import writing
from tutor.core.store.records import (
    NEXT_ID,
    SESSION_COLUMNS,
    SessionInfo,
    session_from_row,
    storable,
)

TITLE_MAX = 60
UPDATABLE = ("persona", "endpoint", "model", "variables")


def title_from(text: str) -> str:
    """A title from a message: its first non-empty line, spaces collapsed, at most 60
    characters — a longer line is cut after its last whole word that fits (a word longer than
    that is cut at 60). No ellipsis is stored: whoever shows a title shortens it with one when
    it does not fit the width (the sidebar does)."""
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= TITLE_MAX else _cut_at_word(line)
    return ""


def _cut_at_word(line: str) -> str:
    """``line`` (longer than TITLE_MAX, spaces single) cut at its last space within the limit;
    with none (one long word), at the limit. Punctuation left dangling at the cut goes too."""
    head = line[: TITLE_MAX + 1]  # a space right after the 60th character ends a word there
    space = head.rfind(" ")
    cut = line[:space] if space > 0 else line[:TITLE_MAX]
    return cut.rstrip(" ,;:-–—") or cut


def variables_json(variables: dict[str, Any] | None) -> str:
    """Variables as stored: a JSON object (keys sorted, so equal dicts store equal text)."""
    value = {} if variables is None else variables
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise TypeError("session variables must be a dict with string keys")
    return storable(json.dumps(value, ensure_ascii=False, sort_keys=True))


def create(
    conn: sqlite3.Connection,
    persona: str,
    endpoint: str,
    model: str,
    *,
    title: str = "",
    variables: dict[str, Any] | None = None,
    created_at: float | None = None,
    updated_at: float | None = None,
) -> int:
    """Insert a session inside the caller's write transaction; returns its id."""
    now = time.time()
    created = now if created_at is None else created_at
    cursor = conn.execute(
        "INSERT INTO sessions (id, title, persona, endpoint, model, variables, created_at, "
        f"updated_at) VALUES ({NEXT_ID.format(table='sessions')}, ?, ?, ?, ?, ?, ?, ?)",
        (
            storable(title),
            storable(persona),
            storable(endpoint),
            storable(model),
            variables_json(variables),
            created,
            created if updated_at is None else updated_at,
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def get(conn: sqlite3.Connection, session_id: int) -> SessionInfo:
    """The session, or SessionNotFound."""
    row = conn.execute(
        f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,)
    ).fetchone()
    if row is None:
        raise SessionNotFound(session_id)
    return session_from_row(row)


def newest(conn: sqlite3.Connection, limit: int = 50, offset: int = 0) -> list[SessionInfo]:
    """Sessions, most recently updated first (uses the ``sessions_by_update`` index)."""
    rows = conn.execute(
        f"SELECT {SESSION_COLUMNS} FROM sessions ORDER BY updated_at DESC, id DESC "
        "LIMIT ? OFFSET ?",
        (max(0, limit), max(0, offset)),
    )
    return [session_from_row(row) for row in rows]


def count(conn: sqlite3.Connection) -> int:
    """How many sessions there are (one COUNT, nothing loaded)."""
    return int(conn.execute("SELECT count(*) FROM sessions").fetchone()[0])


def rename(conn: sqlite3.Connection, session_id: int, title: str) -> None:
    """Give the session a new title (spaces collapsed; not cut)."""
    with writing(conn):
        found = conn.execute(
            "UPDATE sessions SET title = ? WHERE id = ?",
            (storable(" ".join(title.split())), session_id),
        ).rowcount
    if not found:
        raise SessionNotFound(session_id)


def update(conn: sqlite3.Connection, session_id: int, fields: dict[str, Any]) -> None:
    """Change persona, endpoint, model and/or variables of a session."""
    unknown = sorted(set(fields) - set(UPDATABLE))
    if unknown:
        raise TypeError(f"update_session: cannot update {', '.join(unknown)}")
    if not fields:
        get(conn, session_id)
        return
    for key, value in fields.items():
        if key != "variables" and not isinstance(value, str):
            raise TypeError(f"update_session: {key} must be a string, not {value!r}")
    values = {
        key: variables_json(value) if key == "variables" else storable(value)
        for key, value in fields.items()
    }
    assignments = ", ".join(f"{key} = ?" for key in values)
    with writing(conn):
        found = conn.execute(
            f"UPDATE sessions SET {assignments} WHERE id = ?", (*values.values(), session_id)
        ).rowcount
    if not found:
        raise SessionNotFound(session_id)


def delete(conn: sqlite3.Connection, session_id: int) -> None:
    """Delete the session and, by cascade, its messages, counts and search entries."""
    with writing(conn):
        found = conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount
    if not found:
        raise SessionNotFound(session_id)


def touch(conn: sqlite3.Connection, session_id: int, when: float) -> None:
    """Record activity (inside the caller's transaction); SessionNotFound if it is gone."""
    found = conn.execute(
        "UPDATE sessions SET updated_at = max(updated_at, ?) WHERE id = ?", (when, session_id)
    ).rowcount
    if not found:
        raise SessionNotFound(session_id)
