"""Two processes on one store: two `tutor ask` streaming at once, and readers beside a writer.

Nothing may reach the student as "database is locked" or a traceback, and every word of every
message and reply must be in the store afterwards.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

from tests.reliability.processes import run_tutor, spawn_ask, write_config
from tests.scripted_server import Reply, ScriptedServer

ROUNDS = 5
WORDS = 50
CHUNK_DELAY = 0.02  # each reply streams for about a second


def words(tag: str) -> list[str]:
    return [f"{tag}w{i:02d} " for i in range(WORDS)]


def finish(process: subprocess.Popen[bytes], timeout: float = 60) -> tuple[int, str]:
    """Wait for a child; its exit code and stderr."""
    process.wait(timeout=timeout)
    assert process.stderr is not None
    return process.returncode, process.stderr.read().decode()


def chat_times(server: ScriptedServer) -> list[float]:
    return [r.at for r in list(server.requests) if r.path == "/v1/chat/completions"]


def test_two_asks_stream_into_two_sessions_at_once(
    server: ScriptedServer, isolated_home: Path
) -> None:
    write_config(isolated_home, server.base_url)  # no store yet: round 0 creates it twice at once
    started = time.monotonic()
    sessions: dict[str, int] = {}
    expected: dict[str, list[tuple[str, str]]] = {"a": [], "b": []}
    for round_ in range(ROUNDS):
        texts = {who: "".join(words(f"{who}{round_}")) for who in "ab"}
        server.script(*(Reply(chunks=words(f"{who}{round_}"), delay=CHUNK_DELAY) for who in "ab"))
        asked = len(chat_times(server))
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
        first, second = sorted(chat_times(server)[asked:])
        assert second - first < WORDS * CHUNK_DELAY / 2, "the two streams did not overlap"
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
    write_config(isolated_home, server.base_url)
    started = time.monotonic()
    reply = words("long") * 3  # about three seconds
    server.script(Reply(chunks=reply, delay=CHUNK_DELAY))
    question = "why is my binary search off by one?"
    process, tap = spawn_ask(question)
    seen: list[tuple[str, int]] = []  # (reply status, its length) as each `show` found it
    commands = 0
    while process.poll() is None:
        listed = run_tutor("sessions", "list", "--json")
        assert (listed.code, listed.err) == (0, "")
        commands += 1
        if not listed.json():
            continue
        session_id = str(listed.json()[0]["id"])
        for argv in (
            ("sessions", "search", "binary search", "--json"),
            ("sessions", "show", session_id, "--json"),
            ("sessions", "export", session_id, "--format", "json"),
        ):
            done = run_tutor(*argv)
            assert (done.code, done.err) == (0, ""), argv
            commands += 1
            if argv[1] == "search":
                assert [hit["role"] for hit in done.json()] == ["user"]
            elif argv[1] == "show":
                messages = done.json()["messages"]
                if len(messages) == 2:
                    seen.append((messages[1]["status"], len(messages[1]["content"])))
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
    assert len(lengths) >= 3 and lengths == sorted(lengths) and lengths[-1] > lengths[0]
    print(f"\nreaders beside a writer: {commands} commands, {time.monotonic() - started:.1f} s")
