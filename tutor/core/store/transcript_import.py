"""Importing a JSON transcript: every field checked (types, lengths), every problem with its place.

The whole session goes in one transaction, so a bad file adds nothing. A reply exported
while it was streaming comes in as 'interrupted' (no process is writing it any more). A time
in the future becomes now, so a file cannot rank its session above the student's own. The
endpoint is kept as written but never used as an address: a session goes on only with an
endpoint the config names (``tutor.core.endpoint.spec.resume_on``).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from tutor.core.store import messages, sessions
from tutor.core.store.database import writing
from tutor.core.store.json_places import JsonPath
from tutor.core.store.records import ROLES, STATUSES, SessionInfo
from tutor.core.store.transcript import FORMAT, VERSION
from tutor.core.store.transcript_checks import MESSAGES_MAX, TranscriptReader, kind_of, shown

_SESSION_KEYS = ("title", "persona", "endpoint", "model", "variables", "created_at", "updated_at")
_MESSAGE_KEYS = ("role", "content", "status", "pinned", "created_at")
_OPTIONAL_KEYS = ("model", "finish_reason", "error", "usage")
_USAGE_KEYS = ("prompt_tokens", "completion_tokens")


def import_json(
    conn: sqlite3.Connection, data: object, *, source: str, text: str | None = None
) -> SessionInfo:
    """Check ``data`` (read from ``text``, when given, for line:col) and add it as a session."""
    read = TranscriptReader(source, text)
    top = read.obj(data, (), ("format", "version", "session", "messages"), ())
    if top is None:
        raise read.error()
    if top["format"] != FORMAT:
        raise read.fail(("format",), f"expected {FORMAT!r}, found {shown(top['format'])}")
    version = top["version"]
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise read.fail(
            ("version",),
            f"version {version} is newer than this tutor reads ({VERSION}) — "
            "upgrade tutor: pip install -U socratic-tutor",
        )
    if version != VERSION:
        raise read.fail(("version",), f"expected {VERSION}, found {shown(version)}")
    head = read.obj(top["session"], ("session",), _SESSION_KEYS, ("problem",))
    rows = _messages(read, top["messages"])
    if head is None:
        raise read.error()
    info = {key: read.text_of(head[key], ("session", key)) for key in _SESSION_KEYS[:4]}
    variables = read.variables(head["variables"], ("session", "variables"))
    created = read.time(head["created_at"], ("session", "created_at"))
    updated = read.time(head["updated_at"], ("session", "updated_at"))
    problem = _problem(read, head.get("problem"))
    if read.problems:
        raise read.error()
    title = info["title"]
    if not title:
        first = next((r for r in rows if r["role"] == "user"), None)
        title = sessions.title_from(first["content"]) if first else ""
    with writing(conn):
        sid = sessions.create(
            conn,
            info["persona"],
            info["endpoint"],
            info["model"],
            title=title,
            variables=variables,
            created_at=created,
            updated_at=updated,
        )
        for row in rows:
            messages.insert(conn, sid, **row)
        if problem:
            conn.execute(
                "UPDATE sessions SET problem_id = ?, problem_hash = ? WHERE id = ?", (*problem, sid)
            )
    return sessions.get(conn, sid)


def _problem(read: TranscriptReader, value: object) -> tuple[str, str | None] | None:
    """A practice session's ``{"id", "hash"}``, or None when the session practised none."""
    if value is None:
        return None
    found = read.obj(value, ("session", "problem"), ("id",), ("hash",))
    if found is None:
        return None
    return (
        read.text_of(found["id"], ("session", "problem", "id")),
        read.text_of(found.get("hash"), ("session", "problem", "hash"), optional=True),
    )


def _messages(read: TranscriptReader, value: object) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        read.problem(("messages",), f"expected a list, found {kind_of(value)}")
        return []
    if len(value) > MESSAGES_MAX:
        read.problem(("messages",), f"{len(value):,} messages (at most {MESSAGES_MAX:,})")
        return []
    return [row for i, m in enumerate(value) if (row := _message(read, m, ("messages", i)))]


def _message(read: TranscriptReader, value: object, path: JsonPath) -> dict[str, Any] | None:
    m = read.obj(value, path, _MESSAGE_KEYS, _OPTIONAL_KEYS)
    if m is None:
        return None
    status = read.choice(m["status"], (*path, "status"), STATUSES)
    if not isinstance(m["pinned"], bool):
        read.problem((*path, "pinned"), f"expected true or false, found {kind_of(m['pinned'])}")
    row: dict[str, Any] = {
        "role": read.choice(m["role"], (*path, "role"), ROLES),
        "content": read.text_of(m["content"], (*path, "content")),
        "status": "interrupted" if status == "streaming" else status,
        "pinned": m["pinned"],
        "created_at": read.time(m["created_at"], (*path, "created_at")),
    }
    for key in ("model", "finish_reason", "error"):
        row[key] = read.text_of(m.get(key), (*path, key), optional=True)
    usage = m.get("usage")
    if usage is not None:
        usage = read.obj(usage, (*path, "usage"), (), _USAGE_KEYS) or {}
    for key in _USAGE_KEYS:
        row[key] = read.count((usage or {}).get(key), (*path, "usage", key))
    return row
