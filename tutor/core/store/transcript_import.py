"""Importing a JSON transcript: every field checked (types, lengths), every problem with its place.

The whole session goes in one transaction, so a bad file adds nothing. A reply exported
while it was streaming comes in as 'interrupted' (no process is writing it any more). A time
in the future becomes now, so a file cannot rank its session above the student's own. The
endpoint is kept as written but never used as an address: a session goes on only with an
endpoint the config names (``tutor.core.endpoint.spec.resume_on``).
"""

from __future__ import annotations

import sqlite3
import time
from datetime import datetime
from typing import Any

from tutor.core.errors import TranscriptError
from tutor.core.store import messages, sessions
from tutor.core.store.database import writing
from tutor.core.store.json_places import JsonPath, line_and_column, value_offsets
from tutor.core.store.records import ROLES, STATUSES, SessionInfo
from tutor.core.store.transcript import FORMAT, VERSION, iso_utc

_SESSION_KEYS = ("title", "persona", "endpoint", "model", "variables", "created_at", "updated_at")
_MESSAGE_KEYS = ("role", "content", "status", "pinned", "created_at")
_OPTIONAL_KEYS = ("model", "finish_reason", "error", "usage")
_USAGE_KEYS = ("prompt_tokens", "completion_tokens")

# The longest text each field may hold, in characters (a 1 MB paste is a fine message).
LIMITS = {
    "title": 1_000,
    "persona": 200,
    "endpoint": 500,
    "model": 200,
    "finish_reason": 100,
    "error": 10_000,
    "content": 10_000_000,
    "variable": 100_000,
    "variable name": 100,
}
MESSAGES_MAX = 100_000


def _where(path: JsonPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


class _Reader:
    """Checks the values of one file and keeps every problem with its JSON path."""

    def __init__(self, source: str, text: str | None) -> None:
        self.source = source
        self.text = text
        self.problems: list[tuple[JsonPath, str, JsonPath]] = []  # where, what, line of
        self.now = time.time()

    def problem(self, path: JsonPath, what: str, *, at: JsonPath | None = None) -> None:
        """``what`` is wrong at ``path``; its line is that of ``at`` (default: ``path``)."""
        self.problems.append((path, what, path if at is None else at))

    def error(self) -> TranscriptError:
        offsets = value_offsets(self.text) if self.text is not None else {}
        lines = []
        for path, what, at in self.problems:
            known = next((at[:n] for n in range(len(at), -1, -1) if at[:n] in offsets), None)
            place = self.source
            if self.text is not None and known is not None:
                line, col = line_and_column(self.text, offsets[known])
                place = f"{self.source}:{line}:{col}"
            lines.append(f"{place}: {_where(path)}: {what}" if path else f"{place}: {what}")
        return TranscriptError(lines)

    def fail(self, path: JsonPath, what: str) -> TranscriptError:
        """The problem that stops the reading, with those found before it."""
        self.problem(path, what)
        return self.error()

    def obj(
        self, value: object, path: JsonPath, required: tuple[str, ...], optional: tuple[str, ...]
    ) -> dict[str, Any] | None:
        """An object with these keys (and maybe those); no others. None if it is not one."""
        if not isinstance(value, dict):
            self.problem(path, f"expected an object, found {_kind(value)}")
            return None
        missing = [key for key in required if key not in value]
        for key in missing:
            self.problem(path, f"missing key {key!r}")
        for key in value:
            if key not in required and key not in optional:
                self.problem(path, f"unknown key {key!r}", at=(*path, key))
        return None if missing else value

    def text_of(self, value: object, path: JsonPath, *, optional: bool = False) -> Any:
        name = str(path[-1])
        if value is None and optional:
            return None
        if not isinstance(value, str):
            self.problem(path, f"expected a string, found {_kind(value)}")
            return None
        variable = path[:2] == ("session", "variables")
        limit = LIMITS["variable" if variable else name]
        if len(value) > limit:
            self.problem(path, f"too long: {len(value):,} characters (at most {limit:,})")
        return value

    def variables(self, value: object, path: JsonPath) -> dict[str, str]:
        if not isinstance(value, dict):
            self.problem(path, f"expected an object, found {_kind(value)}")
            return {}
        for name in value:
            if len(name) > LIMITS["variable name"]:
                self.problem(path, f"a variable name is {len(name):,} characters (at most 100)")
            self.text_of(value[name], (*path, name))
        return value

    def count(self, value: object, path: JsonPath) -> int | None:
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 0
        ):
            self.problem(path, f"expected a whole number ≥ 0 or null, found {_kind(value)}")
            return None
        return value

    def time(self, value: object, path: JsonPath) -> float:
        """Unix time of an ISO 8601 time; one in the future is now."""
        hint = "expected an ISO 8601 UTC time like '2026-11-20T19:02:11Z'"
        if not isinstance(value, str):
            self.problem(path, f"{hint}, found {_kind(value)}")
            return self.now
        try:
            when = datetime.fromisoformat(value)
        except ValueError:
            self.problem(path, f"{hint}, found {value!r}")
            return self.now
        if when.tzinfo is None:
            self.problem(path, f"{hint} (with Z or an offset), found {value!r}")
            return self.now
        try:
            iso_utc(when.timestamp())  # it must be exportable again
        except (ValueError, OverflowError, OSError):
            self.problem(path, f"time out of range: {value!r}")
            return self.now
        return min(when.timestamp(), self.now)

    def choice(self, value: object, path: JsonPath, allowed: tuple[str, ...]) -> str:
        if value not in allowed:
            names = " or ".join(repr(a) for a in allowed)
            if len(allowed) > 2:
                names = ", ".join(repr(a) for a in allowed[:-1]) + f" or {allowed[-1]!r}"
            self.problem(path, f"expected {names}, found {_shown(value)}")
        return str(value)


def _kind(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"the number {value!r}"
    return names.get(type(value), type(value).__name__)


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def import_json(
    conn: sqlite3.Connection, data: object, *, source: str, text: str | None = None
) -> SessionInfo:
    """Check ``data`` (read from ``text``, when given, for line:col) and add it as a session."""
    read = _Reader(source, text)
    top = read.obj(data, (), ("format", "version", "session", "messages"), ())
    if top is None:
        raise read.error()
    if top["format"] != FORMAT:
        raise read.fail(("format",), f"expected {FORMAT!r}, found {_shown(top['format'])}")
    version = top["version"]
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise read.fail(
            ("version",),
            f"version {version} is newer than this tutor reads ({VERSION}) — "
            "upgrade tutor: pip install -U socratic-tutor",
        )
    if version != VERSION:
        raise read.fail(("version",), f"expected {VERSION}, found {_shown(version)}")
    head = read.obj(top["session"], ("session",), _SESSION_KEYS, ())
    rows = _messages(read, top["messages"])
    if head is None:
        raise read.error()
    info = {key: read.text_of(head[key], ("session", key)) for key in _SESSION_KEYS[:4]}
    variables = read.variables(head["variables"], ("session", "variables"))
    created = read.time(head["created_at"], ("session", "created_at"))
    updated = read.time(head["updated_at"], ("session", "updated_at"))
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
    return sessions.get(conn, sid)


def _messages(read: _Reader, value: object) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        read.problem(("messages",), f"expected a list, found {_kind(value)}")
        return []
    if len(value) > MESSAGES_MAX:
        read.problem(("messages",), f"{len(value):,} messages (at most {MESSAGES_MAX:,})")
        return []
    return [row for i, m in enumerate(value) if (row := _message(read, m, ("messages", i)))]


def _message(read: _Reader, value: object, path: JsonPath) -> dict[str, Any] | None:
    m = read.obj(value, path, _MESSAGE_KEYS, _OPTIONAL_KEYS)
    if m is None:
        return None
    status = read.choice(m["status"], (*path, "status"), STATUSES)
    if not isinstance(m["pinned"], bool):
        read.problem((*path, "pinned"), f"expected true or false, found {_kind(m['pinned'])}")
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
