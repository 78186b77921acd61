"""Crash safety: `tutor ask` killed with SIGKILL at 20 seeded moments of a slow stream.

Every kill is checked the way a student would find things the next morning: the store file
passes ``PRAGMA integrity_check``, their message is there, and the next `tutor` command shows
the reply marked 'interrupted' holding at least everything the terminal had shown one second
before the kill (replies are saved at least every 0.5 s while they stream).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from tests.reliability.processes import StdoutTap, run_tutor, spawn_ask, write_config
from tests.scripted_server import Reply, ScriptedServer

KILLS = 20
SEED = 4_2026
WORDS = 80  # chunks per reply, one word each
CHUNK_DELAY = 0.025  # seconds between chunks: the stream lasts about 2 s
FIRST_BYTE_DELAY = 0.3  # the server "thinks" this long after the request before the first byte
KEPT_AFTER = 1.0  # what stdout showed this long before the kill must be in the store


def reply_words(run: int) -> list[str]:
    """One reply's chunks; every word names its run and position, so a prefix proves order."""
    return [f"r{run:02d}w{i:03d} " for i in range(WORDS)]


def kill_offsets(rng: random.Random) -> list[float]:
    """One offset (seconds after the request reached the server) in each of KILLS equal slots
    from the request to 95% of the stream, so kills land before the first byte and late."""
    span = FIRST_BYTE_DELAY + 0.95 * WORDS * CHUNK_DELAY
    slot = span / KILLS
    offsets = [rng.uniform(i * slot, (i + 1) * slot) for i in range(KILLS)]
    rng.shuffle(offsets)
    return offsets


@dataclass
class Kill:
    """One killed run and what it left behind."""

    run: int
    offset: float
    shown: str  # all stdout had delivered by the kill
    owed: str  # what stdout had delivered KEPT_AFTER before the kill
    stored: str
    unsaved_age: float  # how old the oldest shown-but-unsaved text was at the kill


def wait_for_request(server: ScriptedServer, question: str, timeout: float = 20) -> float:
    """``time.time()`` when the chat request carrying ``question`` reached the server."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for seen in list(server.requests):
            if seen.path == "/v1/chat/completions" and question.encode() in seen.body:
                return seen.at
        time.sleep(0.003)
    raise AssertionError(f"no chat request for {question!r} within {timeout} s")


def check_store_file(path: Path, question: str) -> tuple[int, str]:
    """integrity_check on the file as the killed process left it; the session and reply state."""
    conn = sqlite3.connect(path, timeout=10)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        found = conn.execute(
            "SELECT session_id FROM messages WHERE role = 'user' AND content = ?", (question,)
        ).fetchall()
        assert len(found) == 1, f"the student's message {question!r} is not in the store"
        (status,) = conn.execute(
            "SELECT status FROM messages WHERE session_id = ? AND role = 'assistant'", found[0]
        ).fetchone()
        return int(found[0][0]), str(status)
    finally:
        conn.close()


def unsaved_age(tap: StdoutTap, stored: str, killed_at: float) -> float:
    """Seconds between the moment stdout first showed text the store lacks and the kill."""
    total = 0
    for at, piece in list(tap.pieces):
        total += len(piece.decode())
        if total > len(stored):
            return max(0.0, killed_at - at)
    return 0.0


def kill_one(server: ScriptedServer, store: Path, run: int, offset: float) -> Kill:
    words = reply_words(run)
    server.script(Reply(chunks=words, delay=CHUNK_DELAY, first_byte_delay=FIRST_BYTE_DELAY))
    question = f"run {run}: why does my recursion never stop?"
    process, tap = spawn_ask(question)
    try:
        asked_at = wait_for_request(server, question)
        time.sleep(max(0.0, asked_at + offset - time.time()))
        os.kill(process.pid, signal.SIGKILL)
        killed_at = time.time()
    finally:
        process.kill()
        process.wait(timeout=10)
    tap.join()
    assert process.returncode == -signal.SIGKILL
    session_id, status = check_store_file(store, question)
    assert status == "streaming"  # as the dead process left it: nobody has looked yet

    shown = run_tutor("sessions", "show", str(session_id), "--json")  # the next command
    assert (shown.code, shown.err) == (0, "")
    user, reply = shown.json()["messages"]
    assert (user["role"], user["content"]) == ("user", question)
    assert (reply["role"], reply["status"]) == ("assistant", "interrupted")
    stored = reply["content"]
    owed = tap.shown_by(killed_at - KEPT_AFTER)
    assert stored.startswith(owed), (run, offset, owed, stored)
    assert "".join(words).startswith(stored), (run, stored)  # nothing but the reply, in order
    age = unsaved_age(tap, stored, killed_at)
    return Kill(run, offset, tap.shown_by(killed_at), owed, stored, age)


def test_kill_9_at_twenty_moments_loses_nothing_older_than_a_second(
    server: ScriptedServer, isolated_home: Path
) -> None:
    write_config(isolated_home, server.base_url)
    store = isolated_home / "data" / "sessions.sqlite3"
    started = time.monotonic()
    kills = [
        kill_one(server, store, run, offset)
        for run, offset in enumerate(kill_offsets(random.Random(SEED)))
    ]
    with sqlite3.connect(store) as conn:  # every run left exactly its own session behind
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        counts = dict(conn.execute("SELECT status, count(*) FROM messages GROUP BY status"))
    assert counts == {"complete": KILLS, "interrupted": KILLS}  # the questions, the replies
    before_first_byte = sum(1 for k in kills if not k.shown)
    mid_stream = sum(1 for k in kills if k.shown)
    assert before_first_byte >= 2 and mid_stream >= 15  # the moments really are spread
    assert any(k.owed for k in kills)  # the prefix check had something to hold on to
    shown, stored = sum(len(k.shown) for k in kills), sum(len(k.stored) for k in kills)
    print(
        f"\nkills: {len(kills)} ({before_first_byte} before the first byte); "
        f"shown {shown} chars, stored {stored}; "
        f"oldest unsaved text at a kill: {max(k.unsaved_age for k in kills):.2f} s; "
        f"{time.monotonic() - started:.1f} s"
    )
