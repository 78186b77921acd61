"""Crash safety of the app in a real terminal, and the app beside a `tutor ask` on one store.

The app runs in tmux against a scripted server and is killed with SIGKILL (the app's process,
not the terminal) at seeded moments set by what happened, not by a clock: a kill comes once the
screen shows the run's chosen number of words — while the reply streams on, or while the server
holds it there. Afterwards the store file passes ``PRAGMA integrity_check``, the student's
message is there, and the reply — marked 'interrupted' once the store is opened again — is the
reply's words in order and nothing else; held, it is every word the screen showed (the app saves
a streaming reply at least every 0.5 s, also while it waits, so the test waits for that save
before the kill). Then the app and `tutor ask` share the store, while the app streams and while
it is idle: the server sees both streams open at once, nothing reaches either as "database is
locked", nothing is lost, and the app shows the other process's session.
"""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.reliability.processes import spawn_ask, write_config
from tests.reliability.test_kill import check_store_file
from tests.scripted_server import Reply, ScriptedServer
from tests.terminal import Terminal
from tests.ui.inert_checks import tutor_terminal
from tutor.core.config import paths
from tutor.core.store import Store

SEED = 11_2026
WORDS = 60  # chunks per reply, one word each
CHUNK_DELAY = 0.03  # the stream lasts about 1.8 s
GUARD = 60.0  # waits that never end fail the test after this long (not a measurement)
WORD = re.compile(r"r(\d\d)w(\d\d\d)")


def reply_words(run: int) -> list[str]:
    """One reply's chunks; each word names its run and place, so the screen shows how far."""
    return [f"r{run:02d}w{i:03d} " for i in range(WORDS)]


@dataclass(frozen=True)
class Moment:
    """Kill once ``words`` words are on screen; ``held``: the server holds the reply there."""

    words: int
    held: bool


def kill_moments(rng: random.Random) -> list[Moment]:
    """Before the first word (held there), held mid-reply, and twice mid-stream."""
    return [
        Moment(0, True),
        Moment(rng.randint(10, WORDS - 10), True),
        Moment(rng.randint(5, WORDS // 2), False),
        Moment(rng.randint(WORDS // 2, WORDS - 5), False),
    ]


def wait_until(done: Callable[[], object], what: str) -> None:
    deadline = time.monotonic() + GUARD
    while not done():
        assert time.monotonic() < deadline, f"{what} did not happen within {GUARD:.0f} s"
        time.sleep(0.01)


def app_pid(term: Terminal) -> int:
    """The app's process: the one child of the pane's shell (``env`` execs python)."""
    shell = term.pid()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.02)
    raise AssertionError("the app's process never started")


def words_on_screen(term: Terminal, run: int) -> int:
    """How many of ``run``'s words the screen shows (the highest word number, plus one)."""
    numbers = [int(n) for r, n in WORD.findall(term.screen()) if int(r) == run]
    return max(numbers, default=-1) + 1


def reply_after(path: Path, question: str) -> tuple[str, str] | None:
    """(status, content) of the reply row that follows the student's ``question`` (the app
    goes on in the newest session, so it is not the session's only reply), read by another
    connection; None until there is one."""
    conn = sqlite3.connect(path, timeout=10)
    try:
        row = conn.execute(
            "SELECT r.status, r.content FROM messages q JOIN messages r"
            " ON r.session_id = q.session_id AND r.role = 'assistant' AND r.id > q.id"
            " WHERE q.role = 'user' AND q.content = ? ORDER BY r.id LIMIT 1",
            (question,),
        ).fetchone()
    except sqlite3.OperationalError:  # no store or no table yet
        return None
    finally:
        conn.close()
    return None if row is None else (str(row[0]), str(row[1]))


@dataclass
class Kill:
    run: int
    moment: Moment
    shown: int  # words on screen at the kill
    stored: str


def kill_one(server: ScriptedServer, home: Path, run: int, moment: Moment) -> Kill:
    words = reply_words(run)
    held = [moment.words] if moment.held else []
    server.script(Reply(chunks=words, delay=CHUNK_DELAY, hold_after=held))
    question = f"run {run}: why does my recursion never stop?"
    before = "".join(words[: moment.words])
    holds = server.gates.holds_reached
    store = paths.store_file()
    with tutor_terminal(home) as term:
        term.wait_for("tokens ·")
        term.type(question)
        term.wait_for(question[:20])
        term.keys("Enter")
        try:
            if moment.held:
                wait_until(lambda: server.gates.holds_reached > holds, "the server's hold")
                wait_until(lambda: words_on_screen(term, run) == moment.words, "the words")
                wait_until(
                    lambda: reply_after(store, question) == ("streaming", before), "the held save"
                )
            else:
                wait_until(lambda: words_on_screen(term, run) >= moment.words, "the words")
            shown = words_on_screen(term, run)
            os.kill(app_pid(term), signal.SIGKILL)
            term.wait_for("[exited 137]", timeout=GUARD)
        finally:
            if moment.held:
                server.release()  # the server's side of the dead stream may end now
    check_store_file(store, question)  # integrity_check; the student's message is there once
    left = reply_after(store, question)
    assert left is not None and left[0] == "streaming"  # the file as the dead app left it
    with Store.open(store) as opened:  # the next start: the dead writer's reply is interrupted
        session = opened.latest_session()
        assert session is not None
        messages = opened.messages(session.id)
    mine = [i for i, m in enumerate(messages) if m.content == question]
    assert len(mine) == 1, "the student's message is stored once"
    reply = messages[mine[0] + 1]
    assert (reply.role, reply.status) == ("assistant", "interrupted")
    assert "".join(words).startswith(reply.content)  # nothing but this reply, in order
    if moment.held:
        assert reply.content == before, (run, moment, reply.content)  # all it showed is kept
    return Kill(run, moment, shown, reply.content)


def test_the_app_killed_mid_reply_keeps_what_it_showed(
    server: ScriptedServer, isolated_home: Path, tmp_path: Path
) -> None:
    write_config(isolated_home, server.base_url, timeout=GUARD, stall_timeout=GUARD)
    moments = kill_moments(random.Random(SEED))
    kills = [kill_one(server, tmp_path, run, moment) for run, moment in enumerate(moments)]
    assert kills[0].stored == "" and kills[1].stored  # held before the first word, and mid-reply
    assert all(k.shown >= k.moment.words for k in kills)
    print(
        "\napp kills: "
        + "; ".join(
            f"{'held' if k.moment.held else 'streaming'} at {k.moment.words} words: "
            f"{k.shown} shown, {len(k.stored.split())} stored"
            for k in kills
        )
    )
    last = kills[-1]
    with tutor_terminal(tmp_path) as term:  # the student opens tutor again
        screen = term.wait_for("interrupted — the app closed before this reply finished")
        assert f"run {last.run}: why does my recursion never stop?" in screen
        if last.stored:
            assert last.stored.split()[-1] in screen
        term.keys("C-q")
        term.wait_for("[exited 0]")


# --- the app and `tutor ask` on one store -------------------------------------------------------


def words(tag: str, count: int) -> list[str]:
    return [f"{tag}w{i:02d} " for i in range(count)]


class ScreenWatch:
    """Reads the terminal every few tens of milliseconds and keeps every screen it saw."""

    def __init__(self, term: Terminal) -> None:
        self.term = term
        self.seen: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.is_set():
            try:
                self.seen.append(self.term.screen())
            except RuntimeError:  # the terminal went away
                return
            self._stop.wait(0.03)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def stored_sessions() -> dict[str, list[tuple[str, str, str]]]:
    """Every session in the store: title → (role, status, content) of its messages."""
    with Store.open(paths.store_file()) as store:
        return {
            s.title: [(m.role, m.status, m.content) for m in store.messages(s.id)]
            for s in store.list_sessions(limit=100)
        }


def answered(question: str, reply: list[str]) -> list[tuple[str, str, str]]:
    return [("user", "complete", question), ("assistant", "complete", "".join(reply))]


def test_the_app_and_tutor_ask_share_the_store(
    server: ScriptedServer, isolated_home: Path, tmp_path: Path
) -> None:
    write_config(isolated_home, server.base_url)
    in_app, streaming, idle = "app: what is a heap?", "ask: what is a trie?", "ask: and a graph?"
    app_reply, ask_reply, idle_reply = words("app", 80), words("ask", 30), words("idle", 10)
    with tutor_terminal(tmp_path) as term:
        term.wait_for("tokens ·")
        watch = ScreenWatch(term)
        # 1. the app streams, held open after 20 words, while `tutor ask` writes another session
        holds = server.gates.holds_reached
        server.script(Reply(chunks=app_reply, delay=0.01, hold_after=[20]))
        term.type(in_app)
        term.wait_for(in_app)
        term.keys("Enter")
        wait_until(lambda: server.gates.holds_reached > holds, "the app's stream to be held")
        server.script(Reply(chunks=ask_reply, delay=0.01))
        process, tap = spawn_ask(streaming)
        assert process.wait(timeout=GUARD) == 0
        tap.join()
        assert process.stderr is not None and process.stderr.read() == b""
        assert tap.shown_by(time.time() + 1) == "".join(ask_reply) + "\n"
        # the whole of `tutor ask` came while the app's stream was open: the server saw two
        assert server.open_on_arrival[-2:] == [1, 2], "the two streams did not overlap"
        server.release()
        wait_until(lambda: stored_sessions()[in_app] == answered(in_app, app_reply), "the app")
        # the app lists the other session when its turn ends (it re-reads the list then)
        term.wait_for(streaming[:20])
        # 2. the app sits idle on its session while `tutor ask` starts a third one
        server.script(Reply(chunks=idle_reply, delay=0.02))
        process, tap = spawn_ask(idle)
        assert process.wait(timeout=GUARD) == 0
        assert process.stderr is not None and process.stderr.read() == b""
        term.wait_for(idle)  # the idle app lists the new session by itself (it checks each second)
        term.keys("C-q")
        term.wait_for("[exited 0]")
        watch.stop()
    shown = watch.seen
    assert not [s for s in shown if "locked" in s or "Traceback" in s or "error" in s.lower()]
    assert stored_sessions() == {
        in_app: answered(in_app, app_reply),
        streaming: answered(streaming, ask_reply),
        idle: answered(idle, idle_reply),
    }
    with tutor_terminal(tmp_path) as term:  # started again: the newest session is open
        screen = term.wait_for("idlew09")
        assert idle in screen and "idlew00" in screen  # the student's question, its reply
        term.keys("C-q")
        term.wait_for("[exited 0]")
