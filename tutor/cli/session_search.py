"""`tutor sessions search`: the sessions whose title, and the messages that, hold every word."""

from __future__ import annotations

import argparse
from typing import Any

from tutor.cli import output
from tutor.core.errors import UsageError


def run(args: argparse.Namespace) -> int:
    from tutor.core.config import paths
    from tutor.core.store import Store

    if not args.query.strip():
        raise UsageError("the search query is empty — give a word or phrase to look for")
    with Store.open(paths.store_file()) as store:
        titles = store.search_titles(args.query, limit=max(1, args.limit))
        hits = store.search(args.query, limit=max(1, args.limit))
    if args.json:
        output.print_json([*map(_title_json, titles), *map(_hit_json, hits)])
        return 0
    if not hits and not titles:
        output.say(f"nothing found for '{args.query}' in the titles or the messages")
        return 0
    for t in titles:
        output.say(f"{t.session_id}  {output.when(t.updated_at)}  {t.title}")
        output.say("    (the title matches)")
    for h in hits:
        output.say(f"{h.session_id}  {output.when(h.created_at)}  {h.session_title}")
        output.say(f"    {output.role_word(h.role)}: {h.snippet}")
    return 0


def _title_json(t: Any) -> dict[str, Any]:
    """A title match, in the shape of a message hit (no message, no role; the title as snippet)."""
    return {
        "in": "title",
        "session_id": t.session_id,
        "session_title": t.title,
        "message_id": None,
        "role": None,
        "snippet": t.title,
        "spans": [list(s) for s in t.spans],
        "created_at": t.updated_at,
    }


def _hit_json(h: Any) -> dict[str, Any]:
    return {
        "in": "message",
        "session_id": h.session_id,
        "session_title": h.session_title,
        "message_id": h.message_id,
        "role": h.role,
        "snippet": h.snippet,
        "spans": [list(s) for s in h.spans],
        "created_at": h.created_at,
    }
