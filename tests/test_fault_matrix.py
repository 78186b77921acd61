"""The fault matrix: each way a model server fails, run through `tutor ask`, and what it shows.

Each case makes one fault with the scripted server (or a dead port, or a host that does not
resolve), runs ``tutor ask`` in-process, and checks what the student gets: the exit code, the
stderr lines (one error line, plus one ``note`` line per automatic retry), that their message
is in the store, that a partial reply is kept and marked ``error``, and that once the fault
clears ``tutor ask --continue`` is answered. The lower levels are tested elsewhere
(tests/test_endpoint.py: the client; tests/test_cli.py: exit 1 and one line); this is the
whole path, as a student meets it.

tests/FAULTS.md is this matrix as a table, written from the same cases and the lines captured
by running them; a case whose row differs from the file fails. After a deliberate change:

    .venv/bin/python -m tests.test_fault_matrix      # runs every case and rewrites FAULTS.md
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import socket
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.scripted_server import Fault, Reply, ScriptedServer
from tutor.cli.main import run
from tutor.core import errors
from tutor.core.config import paths
from tutor.core.endpoint import client as client_module

FAULTS_MD = Path(__file__).resolve().parent / "FAULTS.md"
APP_SECTION = "## In the app"  # the app's table (tests/ui/test_faults.py) follows this heading
REPLY = "What do you think comes first?"  # cut into chunks of 4: "What", " do ", "you "...
PARTIAL = "What do "  # what arrives before a fault after two chunks
AFTER = "Which part would you like to try first?"
KEY_ENV = "TUTOR_FAULT_KEY"
QUESTION = "How do I find a cycle in a linked list?"
LONG_TURN = "Here is my attempt. " + "slow = slow.next; fast = fast.next.next; " * 120


@dataclass(frozen=True)
class Case:
    """One fault: how it is made, and what the student must get."""

    id: str
    fault: str  # as the table names it
    made: str  # how the test makes it
    replies: tuple[Reply, ...] = ()  # scripted for the failing ask
    url: str = "server"  # "server", "refused" (a dead port) or "dns" (a host that never resolves)
    exit: int = 1
    retries: int = 0  # automatic retries, one `tutor: note:` line each
    partial: str = ""  # reply text kept (marked 'error') when the fault hits mid-reply
    earlier_turns: int = 0  # long turns asked before the fault (for the overflow cases)
    config: dict[str, object] = field(default_factory=dict)  # extra endpoint settings
    also: str = ""  # tests of the same fault at a lower level


def persisting(fault: Fault) -> tuple[Reply, ...]:
    """The fault on the first try and on every automatic retry."""
    return tuple(Reply(fault=fault) for _ in range(1 + len(client_module.RETRY_DELAYS)))


def mid_reply(fault: Fault) -> tuple[Reply, ...]:
    return (Reply(text=REPLY, chunk_size=4, fault=fault),)


RETRIES = len(client_module.RETRY_DELAYS)
CASES = [
    Case(
        "refused",
        "Connection refused",
        "base_url on a port where nothing listens",
        url="refused",
        retries=errors.CannotConnect.attempts_more,
        also="test_endpoint.py::test_connection_refused_names_the_url_and_what_to_do",
    ),
    Case(
        "dns",
        "DNS failure",
        "base_url host `no-such-host.invalid`",
        url="dns",
        retries=0,
        also="test_endpoint.py::test_an_unknown_host_is_a_dns_error",
    ),
    Case(
        "first-byte-timeout",
        "Timeout before the first byte",
        "`timeout: 1`; the server waits 3 s before answering",
        replies=tuple(Reply(text=REPLY, first_byte_delay=3) for _ in range(1 + RETRIES)),
        retries=RETRIES,
        config={"timeout": 1},
        also="test_endpoint.py::test_no_first_byte_in_time_is_a_timeout_after_retries",
    ),
    Case(
        "stall",
        "Stall mid-stream",
        "`stall_timeout: 1`; two chunks, then 3 s of silence",
        replies=mid_reply(Fault(stall_after=2, stall_seconds=3)),
        partial=PARTIAL,
        config={"stall_timeout": 1},
        also="test_endpoint.py::test_a_stall_mid_stream_keeps_the_partial_text",
    ),
    Case(
        "dropped",
        "Connection dropped mid-stream",
        "two chunks, then the server closes the socket",
        replies=mid_reply(Fault(drop_after=2)),
        partial=PARTIAL,
        also="test_endpoint.py::test_a_dropped_connection_mid_stream_is_reported_not_retried",
    ),
    Case(
        "401",
        "401 Unauthorized",
        "`Fault.http(401)` (OpenAI's invalid_api_key body)",
        replies=persisting(Fault.http(401)),
        also="test_endpoint.py::test_http_errors_become_one_clear_line",
    ),
    Case(
        "403",
        "403 Forbidden",
        "`Fault.http(403)` (model needs a verified organisation)",
        replies=persisting(Fault.http(403)),
        also="test_endpoint.py::test_http_errors_become_one_clear_line",
    ),
    Case(
        "404",
        "404 for the model",
        "`Fault.http(404)` (model_not_found); the server lists scripted-model",
        replies=persisting(Fault.http(404)),
        also="test_endpoint.py::test_a_missing_model_lists_the_models_the_server_has",
    ),
    Case(
        "429-short",
        "429 with Retry-After: 1",
        "`Fault.http(429, retry_after=1)` on every try",
        replies=persisting(Fault.http(429, retry_after=1)),
        retries=RETRIES,
        also="test_endpoint.py::test_429_honours_retry_after",
    ),
    Case(
        "429-long",
        "429 with Retry-After: 600",
        "`Fault.http(429, retry_after=600)`",
        replies=persisting(Fault.http(429, retry_after=600)),
        also="test_endpoint.py::test_429_with_a_long_retry_after_is_reported_at_once",
    ),
    Case(
        "500",
        "500 Internal Server Error",
        "`Fault.http(500)` on every try",
        replies=persisting(Fault.http(500)),
        retries=RETRIES,
        also="test_endpoint.py::test_http_errors_become_one_clear_line",
    ),
    Case(
        "503",
        "503 Service Unavailable",
        "`Fault.http(503)` on every try",
        replies=persisting(Fault.http(503)),
        retries=RETRIES,
        also="test_endpoint.py::test_retries_before_the_first_token_then_succeeds",
    ),
    Case(
        "malformed",
        "Malformed chunk",
        "two chunks, then `data: {not json`",
        replies=mid_reply(Fault(malformed_after=2)),
        partial=PARTIAL,
        also="test_endpoint.py::test_a_malformed_chunk_is_reported",
    ),
    Case(
        "overflow",
        "Context overflow",
        "config claims 8,192; after 3 long turns the server refuses in OpenAI's words"
        " (window 2,048)",
        replies=(Reply(fault=Fault(overflow="openai", window=2048)), Reply(text=REPLY)),
        exit=0,
        retries=1,
        earlier_turns=3,
        config={"context_window": 8192},
        also="test_conversation.py::"
        "test_an_overflow_teaches_the_window_and_the_request_is_retried_once",
    ),
    Case(
        "overflow-again",
        "Context overflow, again after trimming",
        "as above, but the trimmed request is refused too",
        replies=(
            Reply(fault=Fault(overflow="openai", window=2048)),
            Reply(fault=Fault(overflow="openai", window=2048)),
        ),
        retries=1,
        earlier_turns=3,
        config={"context_window": 8192},
        also="test_endpoint.py::test_an_overflow_carries_the_window_in_each_servers_words",
    ),
]


@dataclass(frozen=True)
class Outcome:
    """What running a case showed."""

    exit: int
    line: str  # the last stderr line (ports replaced by PORT)
    notes: list[str]  # the `tutor: note:` lines before it
    stderr_lines: int
    stdout: str
    stored: str  # the student's message as the store has it
    reply_status: str
    reply_text: str
    reply_error: str | None
    sent_sizes: list[int]  # messages in each chat request the server got for the failing ask
    cleared: tuple[int, str]  # exit and stdout of `tutor ask --continue` after the fault clears


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_config(base_url: str, extra: dict[str, object]) -> None:
    settings = {"timeout": 5, "stall_timeout": 5, **extra}
    lines = [
        "default_endpoint: local",
        "endpoints:",
        "  local:",
        f"    base_url: {base_url}",
        "    model: scripted-model",
        f"    api_key_env: {KEY_ENV}",
    ] + [f"    {k}: {v}" for k, v in settings.items()]
    paths.config_file().write_text("\n".join(lines) + "\n")


def ask(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(["ask", *argv])
    return code, out.getvalue(), err.getvalue()


def stored_messages() -> list[dict]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert run(["sessions", "show", "1", "--json"]) == 0
    messages: list[dict] = json.loads(out.getvalue())["messages"]
    return messages


@contextlib.contextmanager
def quick_retries() -> Iterator[None]:
    """The same number of automatic retries, without the 0.5–4 s waits between them."""
    module: Any = client_module
    delays = module.RETRY_DELAYS
    module.RETRY_DELAYS = tuple(0.01 for _ in delays)
    try:
        yield
    finally:
        module.RETRY_DELAYS = delays


@contextlib.contextmanager
def key_in_environment() -> Iterator[None]:
    """The endpoint's key variable set for the run (the scripted server takes any key)."""
    before = os.environ.get(KEY_ENV)
    os.environ[KEY_ENV] = "sk-fault-matrix-test-key"
    try:
        yield
    finally:
        if before is None:
            del os.environ[KEY_ENV]
        else:
            os.environ[KEY_ENV] = before


def observe(case: Case) -> Outcome:
    """Run ``case`` through `tutor ask` (config and store from $TUTOR_CONFIG/$TUTOR_DATA_DIR)."""
    port = free_port()
    with ScriptedServer() as server, quick_retries(), key_in_environment():
        url = {
            "server": server.base_url,
            "refused": f"http://127.0.0.1:{port}/v1",
            "dns": "http://no-such-host.invalid/v1",
        }[case.url]
        write_config(url, case.config)
        for turn in range(case.earlier_turns):
            assert ask(*(("--continue",) if turn else ()), LONG_TURN)[0] == 0
        server.requests.clear()
        server.script(*case.replies)
        flag = ("--continue",) if case.earlier_turns else ()
        code, out, err = ask(*flag, QUESTION)
        sizes = [len(body["messages"]) for body in server.chat_requests()]
        messages = stored_messages()
        mine = [m for m in messages if m["role"] == "user" and m["content"] == QUESTION]
        after = messages.index(mine[-1]) + 1 if mine else len(messages)
        reply = messages[after] if after < len(messages) else {}
        server.reset()
        server.script(Reply(text=AFTER))
        cleared = _after_the_fault_clears(case, server, port)
    lines = err.splitlines()
    return Outcome(
        exit=code,
        line=_without_ports(lines[-1]) if lines else "",
        notes=[_without_ports(n) for n in lines if n.startswith("tutor: note: ")],
        stderr_lines=len(lines),
        stdout=out,
        stored=mine[-1]["content"] if mine else "",
        reply_status=reply.get("status", ""),
        reply_text=reply.get("content", ""),
        reply_error=_without_ports(reply["error"]) if reply.get("error") else None,
        sent_sizes=sizes,
        cleared=cleared,
    )


def _after_the_fault_clears(case: Case, server: ScriptedServer, port: int) -> tuple[int, str]:
    if case.url == "refused":  # the server comes up on the port that refused
        with ScriptedServer(port=port) as revived:
            revived.script(Reply(text=AFTER))
            code, out, _ = ask("--continue", "I restarted the server.")
        return code, out
    if case.url == "dns":  # the student fixes the host in base_url
        write_config(server.base_url, case.config)
    code, out, _ = ask("--continue", "Can you answer now?")
    return code, out


def _without_ports(line: str) -> str:
    return re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", line)


# --- the table -------------------------------------------------------------------------------

HEADER = [
    "| Fault | How the test makes it | `tutor ask` prints on stderr (last line) | Exit"
    " | Student's message | Partial reply | Retries by itself | After it clears | Tests |",
    "|---|---|---|---|---|---|---|---|---|",
]


def _code(text: str) -> str:
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def retries_text(case: Case, outcome: Outcome) -> str:
    if not outcome.notes:
        return "no"
    if case.id.startswith("overflow"):
        return "once: learns the window, trims older turns, sends again (a note)"
    if case.id == "429-short":
        return f"{len(outcome.notes)}×, each after the Retry-After wait (a note each)"
    waits = ", ".join(f"{d:g}" for d in client_module.RETRY_DELAYS[: len(outcome.notes)])
    return f"{len(outcome.notes)}× before the first token, after {waits} s (a note each)"


def partial_text(case: Case, outcome: Outcome) -> str:
    if outcome.reply_status == "complete":
        return "none: the retry was answered (`complete`)"
    if outcome.reply_text:
        return f"kept: {outcome.reply_text!r}, status `{outcome.reply_status}` with the error text"
    return f"none arrived; an empty reply row, status `{outcome.reply_status}`"


def row(case: Case, outcome: Outcome) -> str:
    stored = "stored" if outcome.stored == QUESTION else "MISSING"
    cleared = "`ask --continue` answered" if outcome.cleared[0] == 0 else "still failing"
    if case.url == "refused":
        cleared += " (server started)"
    elif case.url == "dns":
        cleared += " (base_url fixed)"
    tests = f"`test_fault_matrix.py::test_fault[{case.id}]`"
    if case.also:
        tests += f"; `{case.also}`"
    cells = [
        case.fault,
        case.made,
        _code(outcome.line),
        str(outcome.exit),
        stored,
        partial_text(case, outcome),
        retries_text(case, outcome),
        cleared,
        tests,
    ]
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def document(rows: list[str]) -> str:
    intro = [
        "# What the student sees when the model server fails",
        "",
        "Every fault below is made by the scripted server (tests/scripted_server.py) and run",
        "through `tutor ask` by tests/test_fault_matrix.py; the stderr line is captured from",
        "that run (the test server's port shown as PORT). Automatic retries happen only before",
        "the first token of a reply, and each prints a `tutor: note:` line first. Exit codes:",
        "`0` answered, `1` endpoint failure, `2` refused before sending.",
        "",
        "Generated — do not edit by hand. After a change to what tutor prints, run",
        "`.venv/bin/python -m tests.test_fault_matrix` and review the diff; the test fails",
        "while this file and the behaviour differ.",
        "",
    ]
    return "\n".join(intro + HEADER + rows) + "\n"


# --- the tests -------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_fault(case: Case) -> None:
    outcome = observe(case)
    assert outcome.exit == case.exit, outcome
    assert outcome.stored == QUESTION  # the student's message is in the store
    assert outcome.line.startswith("tutor: ") and "Traceback" not in outcome.line
    assert len(outcome.notes) == case.retries
    assert outcome.stderr_lines == case.retries + (case.exit != 0)  # notes, then one error line
    assert len(outcome.sent_sizes) == (0 if case.url != "server" else 1 + case.retries)
    if case.id.startswith("overflow"):  # the second request left older turns out
        first, trimmed = outcome.sent_sizes
        assert trimmed < first
    if case.exit == 0:
        assert outcome.stdout == REPLY + "\n" and outcome.reply_status == "complete"
        assert outcome.line.startswith("tutor: note: ")
    else:
        assert outcome.reply_status == "error" and outcome.reply_text == case.partial
        assert outcome.reply_error == outcome.line.removeprefix("tutor: ")
        assert " — " in outcome.line  # what went wrong — what to do
    assert outcome.cleared == (0, AFTER + "\n")
    assert row(case, outcome) in FAULTS_MD.read_text("utf-8").splitlines(), (
        "tests/FAULTS.md is out of date — run: .venv/bin/python -m tests.test_fault_matrix"
    )


def test_faults_md_has_one_row_per_case_in_order() -> None:
    lines = FAULTS_MD.read_text("utf-8").splitlines()
    start = lines.index(HEADER[0])
    assert lines[start + 1] == HEADER[1]
    end = lines.index(APP_SECTION) if APP_SECTION in lines else len(lines)
    table = [line for line in lines[start + 2 : end] if line]
    assert [r.split(" | ")[0].removeprefix("| ") for r in table] == [c.fault for c in CASES]


def main() -> int:
    """Run every case in a throw-away home and rewrite tests/FAULTS.md."""
    rows = []
    for case in CASES:
        with tempfile.TemporaryDirectory() as home:
            os.environ["TUTOR_CONFIG"] = f"{home}/config/config.yaml"
            os.environ["TUTOR_DATA_DIR"] = f"{home}/data"
            Path(home, "config").mkdir()
            rows.append(row(case, observe(case)))
            print(rows[-1], file=sys.stderr)
    text = FAULTS_MD.read_text("utf-8")
    app_part = text[text.index(APP_SECTION) :] if APP_SECTION in text else ""
    FAULTS_MD.write_text(document(rows) + ("\n" + app_part if app_part else ""), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
