"""Exporting a session: the JSON transcript format (exact text) and a readable Markdown copy.

JSON format, version 1::

    {"format": "tutor-session", "version": 1,
     "session": {"title", "persona", "endpoint", "model", "variables",
                 "created_at", "updated_at", "problem"?: {"id", "hash"}},
     "messages": [{"role", "content", "status", "pinned", "created_at",
                   "model"?, "finish_reason"?, "error"?,
                   "usage"?: {"prompt_tokens", "completion_tokens"}}]}

Times are ISO 8601 UTC strings ("2026-11-20T19:02:11Z", microseconds when present).
Content is kept byte for byte, control characters included (JSON escapes them). Ids are
not exported: an imported session gets new ones. Keys marked ``?`` are left out when empty.
A practice session names its problem and the sha256 of the problem's files — never the
problem's hidden parts (its reference solution and hidden tests were only ever sent to the
model in the brief, which is not stored).
Every message is exported, replaced replies included; the Markdown copy leaves those out.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from typing import Any

from tutor.core.store import history, sessions
from tutor.core.store.database import reading
from tutor.core.store.records import ROLE_WORDS, SessionInfo, StoredMessage

FORMAT = "tutor-session"
VERSION = 1


def iso_utc(when: float) -> str:
    """Unix time as ISO 8601 UTC with a Z, to the microsecond when it has one."""
    return datetime.fromtimestamp(when, UTC).isoformat().replace("+00:00", "Z")


def _read(conn: sqlite3.Connection, session_id: int) -> tuple[SessionInfo, list[StoredMessage]]:
    with reading(conn):
        info = sessions.get(conn, session_id)
        rows = history.page(conn, session_id, include_replaced=True)
    return info, rows


def export_json(conn: sqlite3.Connection, session_id: int) -> dict[str, Any]:
    """The session as a JSON-ready dict in the transcript format."""
    info, rows = _read(conn, session_id)
    head: dict[str, Any] = {
        "title": info.title,
        "persona": info.persona,
        "endpoint": info.endpoint,
        "model": info.model,
        "variables": info.variables,
        "created_at": iso_utc(info.created_at),
        "updated_at": iso_utc(info.updated_at),
    }
    if info.problem_id:
        head["problem"] = {"id": info.problem_id, "hash": info.problem_hash}
    return {
        "format": FORMAT,
        "version": VERSION,
        "session": head,
        "messages": [_message_json(m) for m in rows],
    }


def _message_json(message: StoredMessage) -> dict[str, Any]:
    out: dict[str, Any] = {
        "role": message.role,
        "content": message.content,
        "status": message.status,
        "pinned": message.pinned,
        "created_at": iso_utc(message.created_at),
    }
    for key in ("model", "finish_reason", "error"):
        if getattr(message, key) is not None:
            out[key] = getattr(message, key)
    if message.prompt_tokens is not None or message.completion_tokens is not None:
        out["usage"] = {
            "prompt_tokens": message.prompt_tokens,
            "completion_tokens": message.completion_tokens,
        }
    return out


def _when(when: float) -> str:
    return datetime.fromtimestamp(when, UTC).strftime("%Y-%m-%d %H:%M UTC")


def export_markdown(conn: sqlite3.Connection, session_id: int) -> str:
    """A readable transcript: title, persona, model, dates, then each message under a heading."""
    info, rows = _read(conn, session_id)
    shown = [m for m in rows if m.status != "replaced"]
    lines = [
        f"# {info.title or f'Session {info.id}'}",
        "",
        f"- Persona: {info.persona}",
        f"- Model: {info.model} ({info.endpoint})",
        f"- Started: {_when(info.created_at)}",
        f"- Last message: {_when(info.updated_at)}",
    ]
    if info.variables:
        lines.append(f"- Variables: {json.dumps(info.variables, ensure_ascii=False)}")
    if info.problem_id:
        digest = f" (files sha256 {info.problem_hash[:12]})" if info.problem_hash else ""
        lines.append(f"- Practised problem: {info.problem_id}{digest}")
    if len(shown) < len(rows):
        lines.append(f"- Replaced replies left out: {len(rows) - len(shown)}")
    for message in shown:
        lines += ["", f"## {_heading(message)}", "", message.content]
    return "\n".join(lines) + "\n"


def _heading(message: StoredMessage) -> str:
    who = ROLE_WORDS.get(message.role, message.role).capitalize()
    notes = [_when(message.created_at)]
    if message.pinned:
        notes.append("pinned")
    if message.status == "error":
        notes.append("error: " + (" ".join((message.error or "").split()) or "unknown"))
    elif message.status != "complete":
        notes.append(message.status)
    return f"{who} · " + " · ".join(notes)
