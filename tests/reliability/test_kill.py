"""Crash safety: `tutor ask` killed with SIGKILL at 20 seeded moments of a slow stream.

Every kill is checked the way a student would find things the next morning: the store file
passes ``PRAGMA integrity_check``, their message is there, and the next `tutor` command shows
the reply marked 'interrupted', holding the reply's words in order and nothing else.

The moments are set by what happened, not by a clock: a kill comes once the terminal has
shown the run's chosen number of words — while the reply streams on, or while the server holds
it there. Held, the reply must be in the store *whole* before the kill (tutor saves a streaming
reply at least every 0.5 s, also while it waits), so those kills prove nothing shown is lost.
How old the oldest shown-but-unsaved text was at the streaming kills is printed as a figure.
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
GUARD = 60.0  # waits that never end fail the test after this long (not a measurement)


def reply_words(run: int) -> list[str]:
    """One reply's chunks; every word names its run and position, so a prefix proves order."""
    return [f"r{run:02d}w{i:03d} " for i in range(WORDS)]


@dataclass(frozen=True)
class Moment:
    """When a run is killed: once ``words`` words are on the terminal; ``held``: the server
    holds the reply there (and the store has caught up) instead of streaming on."""

    words: int
    held: bool


def kill_moments(rng: random.Random) -> list[Moment]:
    """Two kills before the first word, five at a held reply, the rest mid-stream; the word
    counts spread over the reply, one in each of equal slots."""
    slot = WORDS / KILLS
    counts = [max(1, int(rng.uniform(i * slot, (i + 1) * slot))) for i in range(KILLS)]
    rng.shuffle(counts)
    moments = [Moment(0, True), Moment(0, True)]
    moments += [Moment(n, True) for n in counts[2:7]]
    moments += [Moment(n, False) for n in counts[7:]]
    rng.shuffle(moments)
    return moments


@dataclass
class Kill:
    """One killed run and what it left behind."""

    run: int
    moment: Moment
    shown: str  # all stdout had delivered by the kill
    stored: str
    unsaved_age: float  # how old the oldest shown-but-unsaved text was at the kill


def wait_until(done: object, what: str) -> None:
    deadline = time.monotonic() + GUARD
    while not done():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"{what} did not happen within {GUARD:.0f} s"
        time.sleep(0.003)


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


def reply_in_store(path: Path, question: str) -> str | None:
    """The reply to ``question`` as the store has it now (read by another connection)."""
    conn = sqlite3.connect(path, timeout=10)
    try:
        row = conn.execute(
            "SELECT r.content FROM messages q JOIN messages r ON r.session_id = q.session_id "
            "AND r.role = 'assistant' WHERE q.role = 'user' AND q.content = ?",
            (question,),
        ).fetchone()
    except sqlite3.OperationalError:  # no store or no table yet
        return None
    finally:
        conn.close()
    return None if row is None else str(row[0])


def unsaved_age(tap: StdoutTap, stored: str, killed_at: float) -> float:
    """Seconds between the moment stdout first showed text the store lacks and the kill."""
    total = 0
    for at, piece in list(tap.pieces):
        total += len(piece.decode())
        if total > len(stored):
            return max(0.0, killed_at - at)
    return 0.0


def kill_one(server: ScriptedServer, store: Path, run: int, moment: Moment) -> Kill:
    words = reply_words(run)
    server.script(
        Reply(chunks=words, delay=CHUNK_DELAY, hold_after=[moment.words] if moment.held else [])
    )
    question = f"run {run}: why does my recursion never stop?"
    before = "".join(words[: moment.words])
    holds = server.gates.holds_reached
    process, tap = spawn_ask(question)
    try:
        if moment.held:
            wait_until(lambda: server.gates.holds_reached > holds, "the server's hold")
            wait_until(lambda: tap.shown_by(time.time() + 1) == before, "the words before it")
            wait_until(
                lambda: reply_in_store(store, question) == before, "the save of a held reply"
            )
        else:
            wait_until(
                lambda: len(tap.shown_by(time.time() + 1).split()) >= moment.words, "the words"
            )
        os.kill(process.pid, signal.SIGKILL)
        killed_at = time.time()
    finally:
        process.kill()
        process.wait(timeout=GUARD)
        if moment.held:
            server.release()  # the server's side of the dead stream may end now
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
    assert "".join(words).startswith(stored), (run, stored)  # nothing but the reply, in order
    if moment.held:
        assert stored == before, (run, moment, stored)  # everything shown was kept
    return Kill(run, moment, tap.shown_by(killed_at), stored, unsaved_age(tap, stored, killed_at))


def test_kill_9_at_twenty_moments_loses_nothing_that_was_saved(
    server: ScriptedServer, isolated_home: Path
) -> None:
    write_config(isolated_home, server.base_url, timeout=GUARD, stall_timeout=GUARD)
    store = isolated_home / "data" / "sessions.sqlite3"
    started = time.monotonic()
    moments = kill_moments(random.Random(SEED))
    kills = [kill_one(server, store, run, moment) for run, moment in enumerate(moments)]
    with sqlite3.connect(store) as conn:  # every run left exactly its own session behind
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        counts = dict(conn.execute("SELECT status, count(*) FROM messages GROUP BY status"))
    assert counts == {"complete": KILLS, "interrupted": KILLS}  # the questions, the replies
    streaming = [k for k in kills if not k.moment.held]
    assert sum(1 for k in kills if k.moment.words == 0 and k.stored == "") == 2
    assert sum(1 for k in kills if k.moment.held and k.stored) == 5  # held mid-reply, kept whole
    assert all(len(k.shown.split()) >= k.moment.words for k in streaming)
    shown, stored = sum(len(k.shown) for k in kills), sum(len(k.stored) for k in kills)
    print(
        f"\nkills: {len(kills)} ({len(streaming)} mid-stream); "
        f"shown {shown} chars, stored {stored}; oldest unsaved text at a mid-stream kill: "
        f"{max(k.unsaved_age for k in streaming):.2f} s; {time.monotonic() - started:.1f} s"
    )
