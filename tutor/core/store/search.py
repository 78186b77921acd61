"""Full-text search over every stored message: substring matches, Korean included, newest first.

How a query runs. It is split on whitespace into terms; a message matches when it
contains every term as a substring (case-insensitive), and the student's text is never
FTS syntax: each term is quoted, so ``"``, ``*``, ``AND``, ``(`` are searched as written.

- A term of 3+ characters is a quoted phrase for the trigram index (``message_text``).
- Trigrams cannot match a 1–2 character term, and 2-syllable Korean words (정렬, 배열,
  재귀) are what students search for. Such a term is expanded through the index's own
  vocabulary (``message_trigrams``, an fts5vocab table, range-scanned): all indexed
  trigrams that *start* with the term, OR-ed together. Every indexed text ends in two
  padding newlines (``schema.py``), so every occurrence starts some trigram and the
  expansion is exact: it finds 정렬 inside 버블정렬 and at the very end of a message.
- Reading the vocabulary costs time in proportion to how often the term occurs, so a
  short term is first counted in the newest ``PROBE_ROWS`` texts (~3 ms). One found in
  more than ``COMMON_SHARE`` of them (e.g. "a", "의") is checked on rows as a plain
  substring instead: scanning newest first, such a term meets ``limit`` matches almost at
  once. Every other short term is expanded.

Why not a second FTS5 index (unicode61 tokens, prefix queries)? Measured on the 1,000,000
message benchmark store (bench/bench_store.py): it answers a short term in ~0.02 ms,
against a median of ~3.4 ms here (100 sampled 1–2 character queries, worst 7.5 ms; the
worst query of all measured, two terms, ~30 ms — all far under the 100 ms target). But it
finds a term only at the start of a word: for 정렬 it found 71,181 of the 86,954 messages
that contain it (버블정렬, 삽입정렬 were missed), and it adds 278 MB to a 900 MB file.
Exact matches and one index won. Known limit: a short term that is rare among the newest
texts but was very common long ago costs more to expand (measured 2–10 ms per 100,000
messages holding it).

Results are newest first by message id — the order messages were stored in (an imported
session counts as stored when it was imported).
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from tutor.core.store.records import SearchHit, TitleHit
from tutor.core.store.snippets import SEPARATORS, snippet

MAX_EXPANSION = 400  # more trigrams than this: the term is checked on rows instead
PROBE_ROWS = 5000  # how many of the newest texts a short term's frequency is estimated on
COMMON_SHARE = 0.1  # in more texts than this: check it on rows, don't expand it
MAX_LIMIT = 1000
_TOP = "\U0010ffff"


def search(conn: sqlite3.Connection, query: str, limit: int = 50) -> list[SearchHit]:
    """Messages containing every term of ``query``, newest first, with snippets."""
    terms = list(dict.fromkeys(t for t in SEPARATORS.split(query) if t))
    limit = max(0, min(limit, MAX_LIMIT))
    if not terms or not limit:
        return []
    plan = _plan(conn, terms)
    if plan is None:
        return []
    rows = _rows(conn, *plan, limit)
    pattern = _pattern(terms)
    hits = []
    for mid, sid, title, role, content, created in rows:
        text, spans = snippet(content, pattern)
        hits.append(SearchHit(sid, title, mid, role, text, spans, created))
    return hits


def search_titles(conn: sqlite3.Connection, query: str, limit: int = 50) -> list[TitleHit]:
    """Sessions whose title contains every term of ``query`` (as ``search`` reads it), most
    recently updated first. Titles are short and one per session: they are scanned, not
    indexed."""
    terms = list(dict.fromkeys(t for t in SEPARATORS.split(query) if t))
    limit = max(0, min(limit, MAX_LIMIT))
    if not terms or not limit:
        return []
    conn.create_function("tutor_fold", 1, _fold, deterministic=True)
    where = " AND ".join("instr(tutor_fold(title), ?) > 0" for _ in terms)
    rows = conn.execute(
        f"SELECT id, title, updated_at FROM sessions WHERE {where} "
        "ORDER BY updated_at DESC, id DESC LIMIT ?",
        (*(t.lower() for t in terms), limit),
    ).fetchall()
    pattern = _pattern(terms)
    return [
        TitleHit(sid, title, tuple(m.span() for m in pattern.finditer(title)), updated)
        for sid, title, updated in rows
    ]


def _pattern(terms: list[str]) -> re.Pattern[str]:
    """Every term, longest first, case-insensitive: to mark the matches in a text."""
    return re.compile(
        "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE
    )


def _plan(conn: sqlite3.Connection, terms: list[str]) -> tuple[str, list[str]] | None:
    """The MATCH expression and the terms to check on rows; None when nothing can match."""
    clauses = [_quote(t) for t in terms if len(t) >= 3]
    checked: list[str] = []
    for term in (t for t in terms if len(t) < 3):
        share = _share(conn, term)
        expansion = _expand(conn, term) if share < COMMON_SHARE else None
        if expansion is None:
            checked.append(term.lower())
        elif not expansion:
            return None  # no indexed text contains it
        else:
            clauses.append("(" + " OR ".join(_quote(t) for t in expansion) + ")")
    return " AND ".join(clauses), checked


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _share(conn: sqlite3.Connection, term: str) -> float:
    """The share of the newest ``PROBE_ROWS`` indexed texts that contain ``term``."""
    # SQLite's lower() folds ASCII only, which is enough for an estimate and much faster.
    found, total = conn.execute(
        "SELECT count(*) FILTER (WHERE instr(lower(content), ?) > 0), count(*) FROM "
        "(SELECT content FROM messages WHERE status NOT IN ('streaming', 'replaced') "
        "ORDER BY id DESC LIMIT ?)",
        (term.lower(), PROBE_ROWS),
    ).fetchone()
    return found / total if total else 0.0


def _expand(conn: sqlite3.Connection, term: str) -> list[str] | None:
    """Indexed trigrams starting with ``term``; None when there are too many.

    Costs time in proportion to how often the term occurs (fts5vocab reads the trigrams'
    whole lists to count them): only rare terms, or a term that must drive, are expanded.
    """
    low = term.lower()
    rows = conn.execute(
        "SELECT term FROM message_trigrams WHERE term >= ? AND term <= ? LIMIT ?",
        (low, low + _TOP * 2, MAX_EXPANSION + 1),
    ).fetchall()
    if len(rows) > MAX_EXPANSION:
        return None
    return [t for (t,) in rows if t.startswith(low)]


_COLUMNS = "m.id, m.session_id, s.title, m.role, m.content, m.created_at"
_JOIN = "JOIN messages m ON m.id = {src} JOIN sessions s ON s.id = m.session_id"


def _rows(conn: sqlite3.Connection, match: str, checked: list[str], limit: int) -> list[Any]:
    filters = "".join(f" AND instr({_folded(t)}, ?) > 0" for t in checked)
    if checked:
        conn.create_function("tutor_fold", 1, _fold, deterministic=True)
    if not match:
        sql = (
            f"SELECT {_COLUMNS} FROM messages m JOIN sessions s ON s.id = m.session_id "
            f"WHERE m.status NOT IN ('streaming', 'replaced'){filters} "
            "ORDER BY m.id DESC LIMIT ?"
        )
        return conn.execute(sql, (*checked, limit)).fetchall()
    sql = (
        f"SELECT {_COLUMNS} FROM message_text f {_JOIN.format(src='f.rowid')} "
        f"WHERE message_text MATCH ?{filters} ORDER BY f.rowid DESC LIMIT ?"
    )
    return conn.execute(sql, (match, *checked, limit)).fetchall()


def _folded(term: str) -> str:
    """SQL for the lower-cased content: SQLite's fast ASCII-only lower() when that is exact
    for this term (ASCII or uncased letters, such as Hangul), Python's lower() otherwise."""
    exact = all(c.isascii() or c.lower() == c.upper() for c in term)
    return "lower(m.content)" if exact else "tutor_fold(m.content)"


def _fold(text: str | None) -> str:
    return "" if text is None else text.lower()
