"""Importing a JSON transcript: every field checked, each problem reported with its JSON path.

The whole session goes in one transaction, so a bad file adds nothing. A reply exported
while it was streaming comes in as 'interrupted' (no process is writing it any more).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from tutor.core.errors import TranscriptError
from tutor.core.store import messages, sessions
from tutor.core.store.database import writing
from tutor.core.store.records import ROLES, STATUSES, SessionInfo
from tutor.core.store.transcript import FORMAT, VERSION, iso_utc

_SESSION_KEYS = ("title", "persona", "endpoint", "model", "variables", "created_at", "updated_at")
_MESSAGE_KEYS = ("role", "content", "status", "pinned", "created_at")
_OPTIONAL_KEYS = ("model", "finish_reason", "error", "usage")
_USAGE_KEYS = ("prompt_tokens", "completion_tokens")


class _Reader:
    """Checks values of one file, raising TranscriptError("<source>: <path>: <problem>")."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, problem: str) -> TranscriptError:
        where = f"{path}: " if path else ""
        return TranscriptError(f"{self.source}: {where}{problem}")

    def obj(
        self, value: object, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        """An object with these keys (and maybe those); no others."""
        found = self.mapping(value, path)
        for key in required:
            if key not in found:
                raise self.fail(path, f"missing key {key!r}")
        for key in found:
            if key not in required and key not in optional:
                raise self.fail(path, f"unknown key {key!r}")
        return found

    def mapping(self, value: object, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, f"expected an object, found {_kind(value)}")
        return value

    def text(self, value: object, path: str, *, optional: bool = False) -> Any:
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise self.fail(path, f"expected a string, found {_kind(value)}")
        return value

    def count(self, value: object, path: str) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(path, f"expected a whole number ≥ 0 or null, found {_kind(value)}")
        return value

    def time(self, value: object, path: str) -> float:
        hint = "expected an ISO 8601 UTC time like '2026-11-20T19:02:11Z'"
        if not isinstance(value, str):
            raise self.fail(path, f"{hint}, found {_kind(value)}")
        try:
            when = datetime.fromisoformat(value)
        except ValueError:
            raise self.fail(path, f"{hint}, found {value!r}") from None
        if when.tzinfo is None:
            raise self.fail(path, f"{hint} (with Z or an offset), found {value!r}")
        try:
            iso_utc(when.timestamp())  # it must be exportable again
        except (ValueError, OverflowError, OSError):
            raise self.fail(path, f"time out of range: {value!r}") from None
        return when.timestamp()

    def choice(self, value: object, path: str, allowed: tuple[str, ...]) -> str:
        if value not in allowed:
            names = " or ".join(repr(a) for a in allowed)
            if len(allowed) > 2:
                names = ", ".join(repr(a) for a in allowed[:-1]) + f" or {allowed[-1]!r}"
            raise self.fail(path, f"expected {names}, found {value!r}")
        return str(value)


def _kind(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"the number {value!r}"
    return names.get(type(value), type(value).__name__)


def import_json(conn: sqlite3.Connection, data: object, *, source: str) -> SessionInfo:
    """Check ``data`` against the transcript format and add it as a new session."""
    read = _Reader(source)
    top = read.obj(data, "", ("format", "version", "session", "messages"))
    if top["format"] != FORMAT:
        raise read.fail("format", f"expected {FORMAT!r}, found {top['format']!r}")
    version = top["version"]
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise read.fail(
            "version",
            f"version {version} is newer than this tutor reads ({VERSION}) — "
            "upgrade tutor: pip install -U socratic-tutor",
        )
    if version != VERSION:
        raise read.fail("version", f"expected {VERSION}, found {version!r}")
    head = read.obj(top["session"], "session", _SESSION_KEYS, ("problem",))
    problem = _problem(read, head.get("problem"))
    variables = read.mapping(head["variables"], "session.variables")
    info = {key: read.text(head[key], f"session.{key}") for key in _SESSION_KEYS[:4]}
    created = read.time(head["created_at"], "session.created_at")
    updated = read.time(head["updated_at"], "session.updated_at")
    if not isinstance(top["messages"], list):
        raise read.fail("messages", f"expected a list, found {_kind(top['messages'])}")
    rows = [_message(read, m, f"messages[{i}]") for i, m in enumerate(top["messages"])]
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


def _problem(read: _Reader, value: object) -> tuple[str, str | None] | None:
    """A practice session's ``{"id", "hash"}``, or None when the session practised none."""
    if value is None:
        return None
    found = read.obj(value, "session.problem", ("id",), ("hash",))
    return (
        read.text(found["id"], "session.problem.id"),
        read.text(found.get("hash"), "session.problem.hash", optional=True),
    )


def _message(read: _Reader, value: object, path: str) -> dict[str, Any]:
    m = read.obj(value, path, _MESSAGE_KEYS, _OPTIONAL_KEYS)
    role = read.choice(m["role"], f"{path}.role", ROLES)
    content = read.text(m["content"], f"{path}.content")
    status = read.choice(m["status"], f"{path}.status", STATUSES)
    if not isinstance(m["pinned"], bool):
        raise read.fail(f"{path}.pinned", f"expected true or false, found {_kind(m['pinned'])}")
    row: dict[str, Any] = {
        "role": role,
        "content": content,
        "status": "interrupted" if status == "streaming" else status,
        "pinned": m["pinned"],
        "created_at": read.time(m["created_at"], f"{path}.created_at"),
    }
    for key in ("model", "finish_reason", "error"):
        row[key] = read.text(m.get(key), f"{path}.{key}", optional=True)
    usage = read.obj({} if m.get("usage") is None else m["usage"], f"{path}.usage", (), _USAGE_KEYS)
    for key in _USAGE_KEYS:
        row[key] = read.count(usage.get(key), f"{path}.usage.{key}")
    return row
