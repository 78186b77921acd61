"""Crash safety of the app in a real terminal, and the app beside a `tutor ask` on one store.

The app runs in tmux against a slowly streaming scripted server and is killed with SIGKILL
(the app's process, not the terminal) at seeded moments. Afterwards the store file passes
``PRAGMA integrity_check``, the student's message is there, and the reply — marked
'interrupted' once the store is opened again — holds at least everything the server had sent,
and the screen had shown, one second before the kill. Then the app and `tutor ask` share the
store, while the app streams and while it is idle: nothing reaches either as "database is
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

from tests.reliability.processes import spawn_ask, wait_for_request, write_config
from tests.scripted_server import Reply, ScriptedServer
from tests.terminal import Terminal
from tests.ui.inert_checks import tutor_terminal
from tutor.core.config import paths
from tutor.core.store import Store

KILLS = 4
SEED = 11_2026
WORDS = 60  # chunks per reply, one word each
CHUNK_DELAY = 0.03  # the stream lasts about 1.8 s
FIRST_BYTE_DELAY = 0.3
KEPT_AFTER = 1.0  # what had arrived this long before the kill must be in the store
SEND_SLACK = 0.05  # a chunk leaves the server at most this late against its schedule
WORD = re.compile(r"r(\d\d)w(\d\d\d)")


def reply_words(run: int) -> list[str]:
    """One reply's chunks; each word names its run and place, so the screen shows how far."""
    return [f"r{run:02d}w{i:03d} " for i in range(WORDS)]


def kill_offsets(rng: random.Random) -> list[float]:
    """One offset after the request in each of KILLS equal slots up to 95% of the stream."""
    span = FIRST_BYTE_DELAY + 0.95 * WORDS * CHUNK_DELAY
    slot = span / KILLS
    return [rng.uniform(i * slot, (i + 1) * slot) for i in range(KILLS)]


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


class ScreenWatch:
    """Reads the terminal every few tens of milliseconds and keeps (time.time(), screen)."""

    def __init__(self, term: Terminal) -> None:
        self.term = term
        self.seen: list[tuple[float, str]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.is_set():
            try:
                screen = self.term.screen()
            except RuntimeError:  # the terminal went away
                return
            self.seen.append((time.time(), screen))
            self._stop.wait(0.03)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def furthest_word(self, run: int, by: float) -> int:
        """The highest word number of ``run`` on any screen read by ``by`` (-1 if none)."""
        found = [-1]
        for at, screen in self.seen:
            if at <= by:
                found += [int(n) for r, n in WORD.findall(screen) if int(r) == run]
        return max(found)


@dataclass
class Kill:
    run: int
    offset: float
    last_screen: str  # what the student saw just before the kill
    sent_owed: str  # what the server had sent KEPT_AFTER before the kill
    shown_owed: str  # what the screen had shown KEPT_AFTER before the kill
    stored: str


def sent_by(words: list[str], first_byte_at: float, moment: float) -> str:
    """The words the server had surely sent by ``moment``: chunk i leaves at
    ``first_byte_at + i * CHUNK_DELAY`` (plus at most SEND_SLACK)."""
    count = 0
    while count < len(words) and first_byte_at + count * CHUNK_DELAY + SEND_SLACK <= moment:
        count += 1
    return "".join(words[:count])


def reply_as_left(path: Path, question: str) -> str:
    """``PRAGMA integrity_check`` on the store file as it is; the status of the reply row that
    follows the student's ``question`` (read with plain sqlite3, which marks nothing)."""
    conn = sqlite3.connect(path, timeout=10)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        (asked,) = conn.execute(
            "SELECT id, session_id FROM messages WHERE role = 'user' AND content = ?", (question,)
        ).fetchall()
        row = conn.execute(
            "SELECT status FROM messages WHERE session_id = ? AND id > ? AND role = 'assistant'"
            " ORDER BY id LIMIT 1",
            asked[::-1],
        ).fetchone()
        assert row is not None, "no reply row after the student's message"
        return str(row[0])
    finally:
        conn.close()


def kill_one(server: ScriptedServer, home: Path, run: int, offset: float) -> Kill:
    words = reply_words(run)
    server.script(Reply(chunks=words, delay=CHUNK_DELAY, first_byte_delay=FIRST_BYTE_DELAY))
    question = f"run {run}: why does my recursion never stop?"
    with tutor_terminal(home) as term:
        term.wait_for("tokens ·")
        term.type(question)
        term.wait_for(question[:20])
        term.keys("Enter")
        asked_at = wait_for_request(server, question)
        watch = ScreenWatch(term)
        time.sleep(max(0.0, asked_at + offset - time.time()))
        last_screen = term.screen()
        os.kill(app_pid(term), signal.SIGKILL)
        killed_at = time.time()
        watch.stop()
        term.wait_for("[exited 137]", timeout=5)
    path = paths.store_file()
    assert reply_as_left(path, question) == "streaming"  # the file as the dead app left it
    with Store.open(path) as store:  # the next start: the dead writer's reply is interrupted
        session = store.latest_session()
        assert session is not None
        messages = store.messages(session.id)
    mine = [i for i, m in enumerate(messages) if m.content == question]
    assert len(mine) == 1, "the student's message is stored once"
    reply = messages[mine[0] + 1]
    assert (reply.role, reply.status) == ("assistant", "interrupted")
    owed_at = killed_at - KEPT_AFTER
    sent_owed = sent_by(words, asked_at + FIRST_BYTE_DELAY, owed_at)
    shown_owed = "".join(words[: watch.furthest_word(run, owed_at) + 1])
    assert reply.content.startswith(sent_owed), (run, offset, sent_owed, reply.content)
    assert reply.content.startswith(shown_owed), (run, offset, shown_owed, reply.content)
    assert "".join(words).startswith(reply.content)  # nothing but this reply, in order
    return Kill(run, offset, last_screen, sent_owed, shown_owed, reply.content)


def test_the_app_killed_mid_reply_keeps_what_was_shown_a_second_before(
    server: ScriptedServer, isolated_home: Path, tmp_path: Path
) -> None:
    write_config(isolated_home, server.base_url)
    kills = [
        kill_one(server, tmp_path, run, offset)
        for run, offset in enumerate(kill_offsets(random.Random(SEED)))
    ]
    assert any(k.sent_owed and k.shown_owed for k in kills)  # the checks had words to hold
    assert any(not WORD.search(k.last_screen) for k in kills)  # a kill before the first word
    assert any(WORD.search(k.last_screen) for k in kills)  # and kills mid-reply
    print(
        "\napp kills: "
        + "; ".join(
            f"at {k.offset:.2f} s: sent {len(k.sent_owed)}/shown {len(k.shown_owed)} chars owed, "
            f"{len(k.stored)} stored"
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


def wait_until(condition: Callable[[], object], what: str, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


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
        # 1. the app streams (about 2.4 s) while `tutor ask` writes another session
        server.script(Reply(chunks=app_reply, delay=0.03))
        term.type(in_app)
        term.wait_for(in_app)
        term.keys("Enter")
        app_asked = wait_for_request(server, in_app)
        server.script(Reply(chunks=ask_reply, delay=0.02))
        process, tap = spawn_ask(streaming)
        ask_asked = wait_for_request(server, streaming)
        assert ask_asked + 30 * 0.02 < app_asked + 80 * 0.03, "the two streams overlap"
        assert process.wait(timeout=30) == 0
        tap.join()
        assert process.stderr is not None and process.stderr.read() == b""
        assert tap.shown_by(time.time() + 1) == "".join(ask_reply) + "\n"
        wait_until(lambda: stored_sessions()[in_app] == answered(in_app, app_reply), "the app")
        # the app lists the other session when its turn ends (it re-reads the list then)
        term.wait_for(streaming[:20])
        # 2. the app sits idle on its session while `tutor ask` starts a third one
        server.script(Reply(chunks=idle_reply, delay=0.02))
        process, tap = spawn_ask(idle)
        assert process.wait(timeout=30) == 0
        assert process.stderr is not None and process.stderr.read() == b""
        term.wait_for(idle)  # the idle app lists the new session by itself (it checks each second)
        term.keys("C-q")
        term.wait_for("[exited 0]")
        watch.stop()
    shown = [screen for _at, screen in watch.seen]
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
