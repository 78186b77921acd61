"""The real `tutor` CLI against a real llama.cpp server (llama-cpp-python) with a tiny model.

A recording proxy sits between the two, so every test checks what was actually sent and what
came back; the server itself says how many tokens a request costs (``prompt_tokens``).
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.realserver.conftest import RealServer
from tests.realserver.proxy import Exchange, RecordingProxy
from tests.realserver.student import EXAMPLES, REMINDER, REPLY_RESERVE, SYSTEM, Student

LEARNED_NOTE = "the server's window is 512 tokens: trimmed the request to fit and trying once more"

NO_STREAMED_USAGE = (
    "llama-cpp-python 0.3.36 ignores stream_options.include_usage: its streamed replies carry "
    "no usage, so tutor records none (and cannot calibrate)"
)

CLAUSES = (
    "I wrote a loop that walks the list from both ends,",
    "but when the list has an odd length the two pointers cross",
    "and I cannot tell whether the middle element is checked twice.",
    "My test with seven numbers printed the wrong answer,",
    "so I think the condition should be 'less than or equal',",
    "yet with that change it ran forever on an empty list.",
)


def long_message(turn: int) -> str:
    """A student's message of 60 to 190 tokens (about a third of the window at most)."""
    count = 1 + turn % 3
    return f"Turn {turn}: " + " ".join(CLAUSES[(turn + k) % len(CLAUSES)] for k in range(count))


@pytest.fixture
def student(isolated_home: Path, real_server: RealServer, proxy: RecordingProxy) -> Student:
    return Student(isolated_home, proxy.base_url, real_server.model)


def finish_reason(exchange: Exchange) -> str | None:
    """The finish reason a streamed reply ended with (None when it never said)."""
    reasons = [c.get("finish_reason") for e in exchange.streamed_events() for c in e["choices"]]
    return next((r for r in reversed(reasons) if r), None)


def assert_carries_the_persona(request: dict[str, Any]) -> None:
    messages = request["messages"]
    assert messages[0] == {"role": "system", "content": SYSTEM}
    assert messages[1 : 1 + len(EXAMPLES)] == EXAMPLES
    assert messages[1 + len(EXAMPLES)]["role"] == "user", "the history must start on the student"
    assert messages[-1] == {"role": "system", "content": REMINDER}
    assert request["max_tokens"] == REPLY_RESERVE


# --- streaming, the store, models ----------------------------------------------------------


def test_ask_streams_the_reply_and_the_store_keeps_it(
    student: Student, proxy: RecordingProxy
) -> None:
    done = student.ok("ask", long_message(1))

    (chat,) = proxy.chats()
    assert chat.json["stream"] is True and chat.status == 200
    sent_text = chat.streamed_text()
    assert len(chat.streamed_events()) > 3, "the server streamed the reply in many events"
    assert sent_text, "the tiny model said something"
    assert done.stdout == sent_text + ("" if sent_text.endswith("\n") else "\n")
    session = student.json("sessions", "show", "1")
    reply = session["messages"][-1]
    assert (reply["role"], reply["status"]) == ("assistant", "complete")
    assert reply["content"] == sent_text
    assert reply["finish_reason"] == finish_reason(chat)
    assert session["messages"][-2]["content"] == long_message(1)


def test_ask_records_the_servers_usage(
    student: Student, proxy: RecordingProxy, real_server: RealServer
) -> None:
    student.ok("ask", long_message(2))
    usage = student.json("sessions", "show", "1")["messages"][-1]["usage"]
    assert usage["prompt_tokens"] == real_server.prompt_tokens(proxy.chat_requests()[-1])
    assert usage["completion_tokens"]
    # The server streams no usage, so tutor learned its template's overhead with two one-token
    # requests, once: a second turn sends none.
    probes = proxy.probes()
    assert len(probes) == 2 and all(p.json["max_tokens"] == 1 for p in probes)
    assert all(len(str(p.json["messages"])) < 200 for p in probes)
    proxy.clear()
    student.ok("ask", "--continue", long_message(3))
    assert proxy.probes() == []
    usage = student.json("sessions", "show", "1")["messages"][-1]["usage"]
    assert usage["prompt_tokens"] == real_server.prompt_tokens(proxy.chat_requests()[-1])


def test_models_lists_the_servers_model(student: Student, real_server: RealServer) -> None:
    listed = student.ok("models").stdout
    assert real_server.model in listed.splitlines()[-1]
    data = student.json("models")
    assert [m["id"] for m in data["models"]] == [real_server.model]


# --- counting ---------------------------------------------------------------------------------


def test_counting_comes_from_the_servers_tokenize_route(
    student: Student, proxy: RecordingProxy, real_server: RealServer
) -> None:
    student.write_config(context_window=real_server.window)
    doctor = student.run("doctor").stdout
    assert "the server's tokenizer (llama-cpp-python)" in doctor
    assert f"{real_server.window} tokens (from the config)" in doctor

    result = student.json("ask", long_message(2))
    asked = {e.json["input"] for e in proxy.exchanges if e.path == "/extras/tokenize/count"}
    sent = proxy.chat_requests()[-1]
    assert {m["content"] for m in sent["messages"]} <= asked, "every text counted by the server"
    counted = real_server.prompt_tokens(sent)
    # Content counts are the server's own; only the chat template's per-message cost is guessed
    # (OpenAI's 4 a message) until calibrated — here the template costs 5 a message.
    assert abs(result["prompt_tokens_estimate"] - counted) <= len(sent["messages"])


def test_estimate_equals_the_servers_count_after_calibration(
    student: Student, proxy: RecordingProxy, real_server: RealServer
) -> None:
    student.write_config(context_window=real_server.window)
    for turn in range(3):
        result = student.json("ask", *(["--continue"] if turn else []), long_message(turn))
    assert result["prompt_tokens_exact"] is True
    assert result["prompt_tokens_estimate"] == real_server.prompt_tokens(proxy.chat_requests()[-1])


# --- the window ---------------------------------------------------------------------------


def test_thirty_turns_in_a_512_window_never_overflow_and_keep_the_persona(
    student: Student, proxy: RecordingProxy, real_server: RealServer
) -> None:
    student.write_config(context_window=real_server.window)
    for turn in range(30):
        done = student.ok("ask", *(["--continue"] if turn else []), long_message(turn))
        assert done.stderr == "", f"turn {turn}: {done.stderr}"

    chats = proxy.chats()
    assert len(chats) == 30, "one request a turn: no overflow, no retry"
    for turn, chat in enumerate(chats):
        request = chat.json
        assert chat.status == 200 and finish_reason(chat), f"turn {turn} did not finish"
        assert_carries_the_persona(request)
        assert request["messages"][-2] == {"role": "user", "content": long_message(turn)}
        prompt = real_server.prompt_tokens(request)
        assert prompt + REPLY_RESERVE <= real_server.window, f"turn {turn}: {prompt} tokens"
    sent_turns = [sum(m["role"] == "user" for m in c.json["messages"]) for c in chats]
    assert max(sent_turns[10:]) < 10, "older turns were left out to fit"


def test_a_window_claimed_too_big_is_learned_from_the_overflow(
    student: Student, proxy: RecordingProxy, real_server: RealServer
) -> None:
    student.write_config(context_window=real_server.window)
    for turn in range(3):
        student.ok("ask", *(["--continue"] if turn else []), long_message(2 + 3 * turn))
    student.write_config(context_window=4096)
    proxy.clear()

    overflowed = student.run("ask", "--continue", "--json", long_message(11))
    assert overflowed.returncode == 0, overflowed.stderr
    assert LEARNED_NOTE in overflowed.stderr
    assert overflowed.stderr.count("tutor:") == 1, overflowed.stderr
    first, *retried = proxy.all_chats()
    assert first.json["stream"] is True and not first.streamed_events()
    # llama-cpp-python answers a streamed overflow with 200 and an empty stream; the same
    # request without streaming gets its 400, which names the real window.
    refused = [c for c in retried if c.status == 400]
    assert len(refused) == 1
    assert refused[0].response_json()["error"]["code"] == "context_length_exceeded"
    (again,) = [c for c in retried if c.json.get("stream")]
    assert again.status == 200 and finish_reason(again)
    assert len(again.json["messages"]) < len(first.json["messages"])
    assert_carries_the_persona(again.json)
    assert real_server.prompt_tokens(again.json) + REPLY_RESERVE <= real_server.window
    assert student_json(overflowed)["context_window"] == real_server.window

    proxy.clear()
    next_run = student.run("ask", "--continue", "--json", long_message(12))
    assert next_run.returncode == 0 and next_run.stderr == "", next_run.stderr
    (only,) = proxy.chats()
    assert only.json["stream"] is True and finish_reason(only)
    assert student_json(next_run)["context_window"] == real_server.window


def student_json(done: subprocess.CompletedProcess[str]) -> Any:
    return json.loads(done.stdout)


# --- hostile output -------------------------------------------------------------------------


def run_on_a_terminal(*args: str, timeout: float = 60) -> tuple[int, bytes, str]:
    """``tutor ARGS`` with stdout on a pseudo-terminal: exit code, the terminal's bytes, stderr."""
    master, slave = os.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "tutor", *args],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=subprocess.PIPE,
        env=os.environ.copy(),
    )
    os.close(slave)
    screen = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                if child.poll() is not None:
                    break
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed its end of the terminal
                break
            if not data:
                break
            screen += data
    finally:
        os.close(master)
    code = child.wait(timeout=10)
    assert child.stderr is not None
    return code, bytes(screen), child.stderr.read().decode("utf-8", "replace")


def controls_in(text: str) -> set[str]:
    """Characters a terminal would obey: C0 (but newline, tab, carriage return), DEL, C1."""
    return {c for c in text if (ord(c) < 0x20 and c not in "\n\t\r") or 0x7F <= ord(c) < 0xA0}


def test_random_bytes_from_the_model_are_inert_on_a_terminal_and_exact_in_the_export(
    student: Student, proxy: RecordingProxy
) -> None:
    reply = ""
    for turn in range(5):  # the model's noise nearly always holds controls; make sure of it
        args = ["ask", *(["--continue"] if turn else []), long_message(turn)]
        code, screen, errors = run_on_a_terminal(*args)
        assert code == 0, errors
        reply = proxy.chats()[-1].streamed_text()
        if controls_in(reply):
            break
    hostile = controls_in(reply)
    assert hostile, "the model's reply held control characters"

    shown = screen.decode("utf-8")  # what reached the terminal is clean UTF-8 too
    assert "\x1b" not in shown
    assert not controls_in(shown), sorted(hex(ord(c)) for c in controls_in(shown))
    for char in hostile - {"\r"}:
        if ord(char) < 0x20:
            assert chr(0x2400 + ord(char)) in shown, f"{char!r} shown as a visible placeholder"

    session_id = student.json("sessions", "list")[0]["id"]
    exported = student_json(student.ok("sessions", "export", str(session_id), "--format", "json"))
    assert exported["messages"][-1]["role"] == "assistant"
    assert exported["messages"][-1]["content"] == reply, "the export keeps the exact bytes"

    code, screen, errors = run_on_a_terminal("sessions", "show", str(session_id))
    assert code == 0, errors
    assert not controls_in(screen.decode("utf-8"))
