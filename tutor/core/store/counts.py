"""A cache of per-message token counts, keyed by the counter that produced them.

``counter_key`` names the tokenizer (e.g. "tiktoken:o200k_base"), so counts of different
counters never mix. A trigger drops a message's counts whenever its content changes.
Counts of replies that are still streaming are not cached: their text is about to change.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from tutor.core.store.database import writing


def cached(
    conn: sqlite3.Connection, message_ids: Iterable[int], counter_key: str
) -> dict[int, int]:
    """The cached counts of those messages (messages without one are absent)."""
    ids = json.dumps([int(i) for i in message_ids])
    rows = conn.execute(
        "SELECT message_id, count FROM token_counts WHERE counter_key = ? "
        "AND message_id IN (SELECT value FROM json_each(?))",
        (counter_key, ids),
    )
    return {mid: n for mid, n in rows}


def save(
    conn: sqlite3.Connection,
    counter_key: str,
    counts: dict[int, int],
    texts: dict[int, str] | None = None,
) -> None:
    """Remember counts; ids of deleted or still-streaming messages are skipped, and so is a
    count whose text (given in ``texts``) is no longer the message's: it was edited since."""
    if not counts:
        return
    texts = texts or {}
    with writing(conn):
        conn.executemany(
            "INSERT OR REPLACE INTO token_counts (message_id, counter_key, count) "
            "SELECT id, ?, ? FROM messages WHERE id = ? AND status != 'streaming' "
            "AND (? IS NULL OR content = ?)",
            [
                (counter_key, int(n), int(mid), texts.get(mid), texts.get(mid))
                for mid, n in counts.items()
            ],
        )
