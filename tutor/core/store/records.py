"""The records the store hands out: SessionInfo, StoredMessage, SearchHit, and reply statuses."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Any, Literal

Role = Literal["user", "assistant"]
Status = Literal["streaming", "complete", "cancelled", "error", "interrupted", "replaced"]

ROLES: tuple[Role, ...] = ("user", "assistant")
ROLE_WORDS: dict[str, str] = {"user": "student", "assistant": "tutor"}  # what people read
STATUSES: tuple[Status, ...] = (
    "streaming",  # a reply being written right now (partial text is on disk)
    "complete",  # finished normally
    "cancelled",  # the student stopped it; the text so far is kept
    "error",  # the endpoint failed; ``error`` holds the one-line reason
    "interrupted",  # its writer died mid-reply (crash, kill, power cut); partial text kept
    "replaced",  # the student regenerated it; kept, but never shown as current nor sent
)
FINAL_STATUSES: tuple[Status, ...] = ("complete", "cancelled", "error", "interrupted")


@dataclass(frozen=True)
class SessionInfo:
    """One tutoring session (its messages are read separately, lazily)."""

    id: int
    title: str
    persona: str
    endpoint: str
    model: str
    variables: dict[str, Any]
    created_at: float  # unix time
    updated_at: float  # unix time of the newest message (or of creation)
    problem_id: str | None = None  # the practice problem the session is about, if any
    problem_hash: str | None = None  # sha256 of that problem's files when last practised


@dataclass(frozen=True)
class StoredMessage:
    """One message as stored; for the student's messages the reply fields are None."""

    id: int
    session_id: int
    role: Role
    content: str
    status: Status
    pinned: bool
    created_at: float
    model: str | None
    finish_reason: str | None
    error: str | None
    prompt_tokens: int | None
    completion_tokens: int | None
    writer: str | None  # "host:pid:start" of the process writing a reply


@dataclass(frozen=True)
class SearchHit:
    """A message that matches a search.

    ``snippet`` is one line of plain text around the first match (whitespace and control
    characters collapsed to single spaces, "…" where cut). ``spans`` are the
    ``(start, end)`` character offsets of every match inside ``snippet`` — the caller
    decides how to mark them, so no marker character can clash with the content.
    """

    session_id: int
    session_title: str
    message_id: int
    role: Role
    snippet: str
    spans: tuple[tuple[int, int], ...]
    created_at: float


@dataclass(frozen=True)
class TitleHit:
    """A session whose title holds every term of a search; ``spans`` mark them in ``title``."""

    session_id: int
    title: str
    spans: tuple[tuple[int, int], ...]
    updated_at: float


# The id a new row of ``{table}`` gets: one past the highest ever given (schema v3), so the id
# of a deleted session or message is never handed out again.
NEXT_ID = "(SELECT last + 1 FROM id_floors WHERE name = '{table}')"
SESSION_COLUMNS = (
    "id, title, persona, endpoint, model, variables, created_at, updated_at, problem_id, "
    "problem_hash"
)
MESSAGE_COLUMNS = (
    "id, session_id, role, content, status, pinned, created_at, model, finish_reason, "
    "error, prompt_tokens, completion_tokens, writer"
)


def session_from_row(row: sqlite3.Row | tuple[Any, ...]) -> SessionInfo:
    """Build a SessionInfo from a row selected with ``SESSION_COLUMNS``."""
    sid, title, persona, endpoint, model, variables, created, updated, problem, digest = row
    return SessionInfo(
        id=sid,
        title=title,
        persona=persona,
        endpoint=endpoint,
        model=model,
        variables=json.loads(variables),
        created_at=created,
        updated_at=updated,
        problem_id=problem,
        problem_hash=digest,
    )


def message_from_row(row: sqlite3.Row | tuple[Any, ...]) -> StoredMessage:
    """Build a StoredMessage from a row selected with ``MESSAGE_COLUMNS``."""
    (mid, sid, role, content, status, pinned, created, model, finish, error, pt, ct, writer) = row
    return StoredMessage(
        id=mid,
        session_id=sid,
        role=role,
        content=content,
        status=status,
        pinned=bool(pinned),
        created_at=created,
        model=model,
        finish_reason=finish,
        error=error,
        prompt_tokens=pt,
        completion_tokens=ct,
        writer=writer,
    )


def storable(text: str) -> str:
    """The text unchanged — unless it holds lone surrogates (possible in JSON from a server),
    which UTF-8 cannot encode: those become U+FFFD instead of failing the write."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATES.sub("\ufffd", text)
    return text


_SURROGATES = re.compile("[\ud800-\udfff]")
