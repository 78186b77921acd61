"""Sessions in tutor's export format, built from texts, for tests and benchmarks to import."""

from __future__ import annotations

from typing import Any

Said = tuple[str, str, float]  # role, content, unix time


def transcript(title: str, messages: list[Said], *, start: float) -> dict[str, Any]:
    """A finished session (every message 'complete'), created at ``start`` and updated at its
    newest message, as ``tutor sessions import`` reads it."""
    from tutor.core.store.transcript import FORMAT, VERSION, iso_utc

    return {
        "format": FORMAT,
        "version": VERSION,
        "session": {
            "title": title,
            "persona": "socratic",
            "endpoint": "local",
            "model": "scripted-model",
            "variables": {},
            "created_at": iso_utc(start),
            "updated_at": iso_utc(max((at for _, _, at in messages), default=start)),
        },
        "messages": [
            {
                "role": role,
                "content": content,
                "status": "complete",
                "pinned": False,
                "created_at": iso_utc(at),
            }
            for role, content, at in messages
        ],
    }
