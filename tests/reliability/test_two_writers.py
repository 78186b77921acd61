"""Two processes on one store: two `tutor ask` streaming at once, and readers beside a writer.

Nothing may reach the student as "database is locked" or a traceback, and every word of every
message and reply must be in the store afterwards. What happened at once is proved by what the
scripted server saw (the second chat request arriving while the first was open; readers
finding the live reply while the server held it), never by how long something took: a busy
machine only makes these tests slower.
"""

from __future__ import annotations

import json
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.reliability.processes import run_tutor, spawn_ask, write_config
from tests.scripted_server import Reply, ScriptedServer

ROUNDS = 5
WORDS = 50
CHUNK_DELAY = 0.02  # each reply streams for about a second
PATIENT = {"timeout": 90, "stall_timeout": 90}  # the server, not the clock, says when to go on
HELD_AT = (50, 100)  # the reader test's reply pauses after these many chunks


def words(tag: str) -> list[str]:
    return [f"{tag}w{i:02d} " for i in range(WORDS)]


def finish(process: subprocess.Popen[bytes], timeout: float = 60) -> tuple[int, str]:
    """Wait for a child; its exit code and stderr."""
    process.wait(timeout=timeout)
    assert process.stderr is not None
    return process.returncode, process.stderr.read().decode()


def test_two_asks_stream_into_two_sessions_at_once(
    server: ScriptedServer, isolated_home: Path
) -> None:
    # No store yet: round 0 creates it twice at once.
    write_config(isolated_home, server.base_url, **PATIENT)
    started = time.monotonic()
    sessions: dict[str, int] = {}
    expected: dict[str, list[tuple[str, str]]] = {"a": [], "b": []}
    for round_ in range(ROUNDS):
        texts = {who: "".join(words(f"{who}{round_}")) for who in "ab"}
        # Each reply begins only once both chat requests are open at the same time.
        server.script(
            *(Reply(chunks=words(f"{who}{round_}"), delay=CHUNK_DELAY, together=2) for who in "ab")
        )
        arrived = len(server.open_on_arrival)
        runs = {}
        for who in "ab":
            question = f"round {round_}, student {who}: what is a loop invariant?"
            where = ["--session", str(sessions[who])] if who in sessions else []
            runs[who] = (question, *spawn_ask(question, *where, "--json"))
        for who, (question, process, tap) in runs.items():
            code, err = finish(process)
            tap.join()
            assert (code, err) == (0, ""), (round_, who)  # no "database is locked", no traceback
            answer = json.loads(tap.shown_by(time.time() + 1))
            sessions.setdefault(who, answer["session_id"])
            assert answer["session_id"] == sessions[who]
            expected[who].append((question, answer["reply"]))
        assert {reply for _q, reply in (expected["a"][-1], expected["b"][-1])} == set(
            texts.values()
        )
        # The second request came while the first was open. Had one tutor waited for the other
        # (a lock held through a stream), each would have come alone: [1, 1].
        assert server.open_on_arrival[arrived:] == [1, 2], "the two streams did not overlap"
    assert sessions["a"] != sessions["b"]
    for who, session_id in sessions.items():
        shown = run_tutor("sessions", "show", str(session_id), "--json")
        messages = shown.json()["messages"]
        stored = [(m["role"], m["content"], m["status"]) for m in messages]
        wanted = []
        for question, reply in expected[who]:
            wanted += [("user", question, "complete"), ("assistant", reply, "complete")]
        assert stored == wanted
    print(f"\ntwo writers: {ROUNDS} rounds, {time.monotonic() - started:.1f} s")


def test_readers_beside_a_streaming_ask_never_fail_nor_end_its_reply(
    server: ScriptedServer, isolated_home: Path
) -> None:
    write_config(isolated_home, server.base_url, **PATIENT)
    started = time.monotonic()
    reply = words("long") * 3
    server.script(Reply(chunks=reply, delay=CHUNK_DELAY / 4, hold_after=list(HELD_AT)))
    question = "why is my binary search off by one?"
    process, tap = spawn_ask(question)
    seen: list[tuple[str, int]] = []  # (reply status, its length) as each `show` found it
    commands = 0
    for held in (*HELD_AT, None):
        # Readers run until they find the live reply holding every chunk sent before the
        # server's hold (tutor saves a streaming reply within 0.5 s, also while it pauses);
        # then the server goes on. After the last hold, they run until the writer is done.
        partial = "".join(reply[:held]) if held is not None else None
        deadline = time.monotonic() + 120  # a guard against a hang, not a measurement
        while True:
            assert time.monotonic() < deadline, ("the live reply never showed", held, seen[-3:])
            found = read_everything(question)
            commands += found.commands
            if found.reply is not None:
                seen.append((found.reply["status"], len(found.reply["content"])))
            if held is None and process.poll() is not None:
                break
            if found.reply is not None and found.reply["content"] == partial:
                assert found.reply["status"] == "streaming"
                server.release()
                break
    code, err = finish(process)
    tap.join()
    assert (code, err) == (0, "")
    assert tap.shown_by(time.time() + 1) == "".join(reply) + "\n"
    final = run_tutor("sessions", "show", "1", "--json").json()["messages"]
    assert [(m["content"], m["status"]) for m in final] == [
        (question, "complete"),
        ("".join(reply), "complete"),
    ]
    statuses = {status for status, _length in seen}
    assert statuses <= {"streaming", "complete"}  # a reader never took the live reply for dead
    lengths = [length for status, length in seen if status == "streaming"]
    assert lengths == sorted(lengths)  # the live reply only ever grew
    held = {len("".join(reply[:n])) for n in HELD_AT}
    assert held <= set(lengths)  # readers saw it at each hold, mid-stream
    print(f"\nreaders beside a writer: {commands} commands, {time.monotonic() - started:.1f} s")


@dataclass
class Reading:
    """One round of readers: how many commands ran, and the reply as `show` found it."""

    commands: int
    reply: dict[str, Any] | None


def read_everything(question: str) -> Reading:
    """`list`, then `search`, `show` and `export` of the newest session; none may fail."""
    listed = run_tutor("sessions", "list", "--json")
    assert (listed.code, listed.err) == (0, "")
    if not listed.json():
        return Reading(1, None)
    session_id = str(listed.json()[0]["id"])
    reply = None
    for argv in (
        ("sessions", "search", "binary search", "--json"),
        ("sessions", "show", session_id, "--json"),
        ("sessions", "export", session_id, "--format", "json"),
    ):
        done = run_tutor(*argv)
        assert (done.code, done.err) == (0, ""), argv
        if argv[1] == "search":
            hits = [(hit["role"], hit["snippet"]) for hit in done.json() if hit["in"] == "message"]
            assert hits == [("user", question)]
        elif argv[1] == "show":
            messages = done.json()["messages"]
            reply = messages[1] if len(messages) == 2 else None
    return Reading(4, reply)
