"""The API key never leaves the config: not in any output, file, export, error or repr.

A canary key goes into the config both ways (a literal ``api_key`` and ``api_key_env``) and
into OPENAI_API_KEY; sessions then run through successes, 401s and 403s (one from a server
that echoes the key back), `doctor`, `models`, listings, searches and exports. Afterwards
every stdout and stderr, and every byte of every file tutor could have written (the store with
its -wal/-shm, the facts file, exports, anything under HOME/TMPDIR/XDG dirs) is searched for
the key. Only the config file itself may hold it.
"""

from __future__ import annotations

import asyncio
import time
import traceback
from dataclasses import replace
from pathlib import Path
from typing import Any

from tests.reliability.leaks import Canary, files_under
from tests.reliability.processes import Sandbox, sandbox_env, spawn_ask, write_config
from tests.scripted.replies import error_body
from tests.scripted_server import Fault, Reply, ScriptedServer

OTHER_KEY = "sk-someone-else-0000000000000000"


def a_round_of_commands(tutor: Sandbox, server: ScriptedServer, key: str) -> None:
    """Success, 401 (wrong key), 403, a key-echoing 403, doctor and models, on one endpoint."""
    server.configure(require_key=key)
    tutor.run("ask", "what is a heap?")
    tutor.run("ask", "--continue", "and a priority queue?", "--json")
    tutor.run("models")
    tutor.run("models", "--json")
    tutor.run("doctor")
    server.configure(require_key=OTHER_KEY)  # the server now wants another key: 401
    assert "rejected the API key" in tutor.run("ask", "--continue", "hello?", expect=1).err
    tutor.run("ask", "a new one", "--json", expect=1)
    tutor.run("models", expect=1)
    tutor.run("doctor", expect=1)
    tutor.run("doctor", "--json", expect=1)
    server.configure(require_key=key)
    server.script(Reply(fault=Fault.http(403)))
    assert "403" in tutor.run("ask", "--continue", "why denied?", expect=1).err
    echo = f"The key {key} may not use `{{model}}`; key {key} has no access."
    server.script(Reply(fault=Fault.http(403, echo)))
    assert "[API key]" in tutor.run("ask", "--continue", "and now?", expect=1).err
    server.script(Reply(fault=Fault.http(400, f"bad request from {key}")))
    tutor.run("ask", "--continue", "once more", "--json", expect=1)
    server.script(Reply(text="Back again. What did you try?"))
    tutor.run("ask", "--continue", "it works again?")


def killed_mid_reply(tutor: Sandbox, server: ScriptedServer) -> dict[str, bytes]:
    """SIGKILL an ask mid-reply; the store's files (-wal and -shm too) as the kill left them."""
    server.script(Reply(text="Think about the heap property. " * 20, chunk_size=3, delay=0.01))
    process, tap = spawn_ask("--continue", "slowly please", env=tutor.env)
    deadline = time.monotonic() + 20
    while not tap.pieces and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.7)  # past one save of the partial reply
    process.kill()
    process.wait(timeout=10)
    tap.join()
    assert tap.pieces and process.stderr is not None
    assert process.stderr.read() == b""
    data = tutor.home / "data"
    return {path.name: path.read_bytes() for path in data.glob("sessions.sqlite3*")}


def browse_and_export(tutor: Sandbox) -> None:
    exports = tutor.home / "exports"
    exports.mkdir(exist_ok=True)
    listed = tutor.run("sessions", "list", "--json").json()
    tutor.run("sessions", "list")
    for info in listed:
        sid = str(info["id"])
        tutor.run("sessions", "show", sid)
        tutor.run("sessions", "show", sid, "--json")
        tutor.run("sessions", "export", sid)
        tutor.run("sessions", "export", sid, "--format", "json")
        tutor.run("sessions", "export", sid, "--format", "md", "-o", str(exports / f"{sid}.md"))
        target = exports / f"{sid}.json"
        tutor.run("sessions", "export", sid, "--format", "json", "-o", str(target))
        tutor.run("sessions", "import", str(target))
    for query in ("heap", "denied", "access", "sk-", "key"):
        tutor.run("sessions", "search", query)
        tutor.run("sessions", "search", query, "--json")


def test_the_key_is_in_no_output_file_export_or_error(
    server: ScriptedServer, isolated_home: Path
) -> None:
    started = time.monotonic()
    canary = Canary.new()
    config = write_config(isolated_home, server.base_url, f"api_key: {canary.key}")
    config.chmod(0o600)
    tutor = Sandbox(isolated_home, sandbox_env(isolated_home))
    a_round_of_commands(tutor, server, canary.key)

    write_config(isolated_home, server.base_url, "api_key_env: TUTOR_CANARY_KEY")
    tutor.env = sandbox_env(isolated_home, TUTOR_CANARY_KEY=canary.key)
    a_round_of_commands(tutor, server, canary.key)
    left_by_a_kill = killed_mid_reply(tutor, server)

    config.unlink()  # no config: the key is OPENAI_API_KEY, for OPENAI_BASE_URL (= --endpoint)
    tutor.env = sandbox_env(
        isolated_home,
        OPENAI_API_KEY=canary.key,
        OPENAI_BASE_URL=server.base_url,
        TUTOR_MODEL="scripted-model",
    )
    server.configure(require_key=canary.key)
    tutor.run("ask", "--endpoint", server.base_url, "a heap with env keys?")
    tutor.run("models", "--endpoint", server.base_url)
    tutor.run("doctor", "--endpoint", server.base_url)
    server.configure(require_key=OTHER_KEY)
    tutor.run("ask", "--endpoint", server.base_url, "rejected?", expect=1)

    write_config(isolated_home, server.base_url, f"api_key: {canary.key}").chmod(0o644)
    server.configure(require_key=canary.key)
    warned = tutor.run("ask", "--continue", "a readable config?")
    assert "chmod 600" in warned.err
    browse_and_export(tutor)

    assert len(server.chat_requests()) >= 15  # the runs really reached the server
    sent = [r.headers.get("authorization") for r in server.requests]
    assert f"Bearer {canary.key}" in sent  # the key was really used
    printed = {f"{i}: {' '.join(f.argv)}": f.out + f.err for i, f in enumerate(tutor.done)}
    assert canary.found_in_texts(printed) == []
    written = files_under(isolated_home, skip={config})
    names = {path.name for path in written}
    assert {"sessions.sqlite3", "endpoint-facts.json", "1.md", "1.json"} <= names, names
    assert canary.found_in_files(written) == []
    assert {"sessions.sqlite3-wal", "sessions.sqlite3-shm"} <= set(left_by_a_kill)
    assert [name for name, data in left_by_a_kill.items() if canary.seen_in_bytes(data)] == []
    print(
        f"\nkey check: {len(tutor.done)} commands, {len(written)} files, "
        f"{time.monotonic() - started:.1f} s"
    )


def test_the_search_would_catch_a_key_that_reached_the_store(
    server: ScriptedServer, isolated_home: Path
) -> None:
    """The check above can fail: a key pasted as a message is found in the raw store bytes,
    in `sessions show` and in an export, even after the writer has closed the store."""
    canary = Canary.new()
    write_config(isolated_home, server.base_url)
    tutor = Sandbox(isolated_home, sandbox_env(isolated_home))
    tutor.run("ask", f"is this my key? {canary.key[:-4]}****")  # masked, still 28 secret chars
    shown = tutor.run("sessions", "show", "1")
    assert canary.found_in_texts({"show": shown.out}) == ["show"]
    found = canary.found_in_files(files_under(isolated_home / "data"))
    assert "sessions.sqlite3" in {path.name for path in found}
    assert not canary.seen_in(f"{canary.key[:16]}...{canary.key[-4:]}")  # a short mask is fine


def test_no_repr_str_or_traceback_holds_the_key(tmp_path: Path) -> None:
    """In-process: the config, the endpoint spec, and every error the real client raises
    (wrong key, and servers that echo the key in 400/403/404/500 bodies and in a stream)."""
    from tutor.core.config.file import load_config
    from tutor.core.endpoint.client import ModelClient
    from tutor.core.endpoint.failures import status_error
    from tutor.core.endpoint.spec import from_config

    canary = Canary.new()
    path = tmp_path / "config.yaml"
    path.write_text(f"endpoints:\n  x:\n    base_url: {URL}\n    api_key: {canary.key}\n")
    path.chmod(0o600)
    config = load_config(path)
    spec = from_config(config.endpoints["x"])
    assert spec.api_key == canary.key  # the key is really in there
    texts = {"config": repr(config), "entry": repr(config.endpoints["x"]), "spec": repr(spec)}
    for status in (401, 403):
        texts[f"{status}"] = repr(status_error(spec, status, {}, {}))

    echo = f"key {canary.key} is not allowed"
    faults = {
        "401": None,
        "400 echo": Fault.http(400, echo),
        "403 echo": Fault.http(403, echo),
        "404 echo": Fault.http(404, echo),
        "422 echo": Fault.http(422, echo),
        "429 echo": Fault(
            status=429, body=error_body(echo, "insufficient_quota", "insufficient_quota")
        ),
    }
    with ScriptedServer(require_key=canary.key) as server:
        for name, fault in faults.items():
            server.reset()
            server.configure(require_key=OTHER_KEY if fault is None else canary.key)
            server.script(*[Reply(fault=fault)] if fault else [])
            client = ModelClient(replace(spec, base_url=server.base_url, model="scripted-model"))
            raised = asyncio.run(first_error(client))
            texts[name] = "".join(traceback.format_exception(raised)) + repr(raised)
            if name not in ("401", "404 echo"):  # these quote the server
                assert "[API key]" in str(raised), texts[name]
    assert canary.found_in_texts(texts) == [], texts


URL = "http://127.0.0.1:9/v1"


async def first_error(client: Any) -> BaseException:
    """Stream one reply with ``client`` and return what it raised."""
    from tutor.core.endpoint.client import ReplyText

    try:
        async for event in client.stream(
            [{"role": "user", "content": "hi"}], max_tokens=8, params={}
        ):
            assert not isinstance(event, ReplyText)
    except Exception as error:  # whatever comes out is checked
        return error
    finally:
        await client.aclose()
    raise AssertionError("the request did not fail")
