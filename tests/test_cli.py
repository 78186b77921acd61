"""The headless CLI: exact commands, stdout/stderr, exit codes, JSON shapes — over real HTTP."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.scripted_server import Fault, Reply, ScriptedServer
from tutor.cli.main import run

KEY = "sk-test-do-not-print-0123456789"


def write_config(home: Path, server: ScriptedServer, **extra: object) -> Path:
    lines = [
        "default_endpoint: local",
        "endpoints:",
        "  local:",
        f"    base_url: {server.base_url}",
        "    model: scripted-model",
        "    stall_timeout: 1",
        "    timeout: 5",
    ]
    lines += [f"    {k}: {v}" for k, v in extra.items()]
    path = home / "config" / "config.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = run(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_streams_the_reply_and_keeps_the_session(
    server: ScriptedServer, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(isolated_home, server)
    server.script(Reply(text="What have you tried so far?"))
    code, out, err = cli(capsys, "ask", "How do I reverse a list?")
    assert (code, out, err) == (0, "What have you tried so far?\n", "")
    code, out, _ = cli(capsys, "sessions", "list", "--json")
    sessions = json.loads(out)
    assert len(sessions) == 1 and sessions[0]["title"] == "How do I reverse a list?"
    assert sessions[0]["persona"] == "socratic"


def test_ask_json_has_every_field(
    server: ScriptedServer, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(isolated_home, server)
    code, out, _ = cli(capsys, "ask", "hi", "--json")
    data = json.loads(out)
    assert code == 0
    for field in (
        "session_id",
        "reply",
        "finish_reason",
        "usage",
        "prompt_tokens_estimate",
        "context_window",
        "sent_message_count",
        "dropped_message_count",
        "model",
        "endpoint",
    ):
        assert field in data, field
    assert data["model"] == "scripted-model" and data["endpoint"] == "local"
    assert data["usage"]["prompt_tokens"] > 0 and data["prompt_tokens_estimate"] > 0
    assert data["sent_message_count"] == len(server.chat_requests()[0]["messages"])


def test_continue_and_session_reuse_the_history(
    server: ScriptedServer, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(isolated_home, server)
    cli(capsys, "ask", "first question")
    cli(capsys, "ask", "--continue", "second question")
    cli(capsys, "ask", "--session", "1", "third question")
    sent = server.chat_requests()[-1]["messages"]
    contents = [m["content"] for m in sent if m["role"] == "user"]
    assert contents[-3:] == ["first question", "second question", "third question"]
    _code, out, _ = cli(capsys, "sessions", "show", "1", "--json")
    assert len(json.loads(out)["messages"]) == 6


def test_persona_var_and_pin_reach_the_request(
    server: ScriptedServer, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(isolated_home, server)
    folder = isolated_home / "config" / "personas"
    folder.mkdir()
    (folder / "quiz.yaml").write_text(
        "name: Quiz\nextends: socratic\nvariables: {topic: null}\nsystem: Quiz me on {{topic}}.\n"
    )
    code, _, err = cli(capsys, "ask", "go", "--persona", "quiz", "--var", "topic=graphs", "--pin")
    assert code == 0, err
    sent = server.chat_requests()[-1]["messages"]
    assert sent[0] == {"role": "system", "content": "Quiz me on graphs."}
    code, out, _ = cli(capsys, "sessions", "show", "1", "--json")
    assert json.loads(out)["messages"][0]["pinned"] is True


def test_a_missing_variable_is_a_usage_error(
    server: ScriptedServer, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(isolated_home, server)
    folder = isolated_home / "config" / "personas"
    folder.mkdir()
    (folder / "quiz.yaml").write_text(
        "extends: socratic\nvariables: {topic: null}\nsystem: On {{topic}}.\n"
    )
    code, _out, err = cli(capsys, "ask", "go", "--persona", "quiz")
    assert code == 2 and "--var topic=" in err and err.count("\n") == 1
    assert server.chat_requests() == []


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        (Fault.http(401), "wants an API key"),
        (Fault.http(404), "lists model 'scripted-model' but refused to use it (404: "),
        (Fault(drop_after=1), "dropped"),
        (Fault(malformed_after=1), "malformed"),
        (Fault(stall_after=1, stall_seconds=3), "stalled"),
    ],
)
def test_endpoint_failures_exit_1_with_one_line(
    server: ScriptedServer,
    isolated_home: Path,
    capsys: pytest.CaptureFixture[str],
    fault: Fault,
    words: str,
) -> None:
    write_config(isolated_home, server)
    server.script(Reply(text="abcdefgh", chunk_size=2, fault=fault))
    code, out, err = cli(capsys, "ask", "hello")
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and lines[0].startswith("tutor: ")
    code, out, _ = cli(capsys, "sessions", "show", "1", "--json")
    messages = json.loads(out)["messages"]
    assert messages[0]["content"] == "hello"  # the student's message is kept
    assert messages[1]["status"] == "error"


def test_tokens_counts_each_message_and_the_total(
    isolated_home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "m.json"
    path.write_text(
        json.dumps(
            [
                {"role": "system", "content": "You are a helpful, pattern-following assistant."},
                {"role": "user", "content": "정렬 알고리즘을 설명해 주세요"},
            ]
        )
    )
    code, out, _ = cli(capsys, "tokens", str(path), "--model", "gpt-4o", "--json")
    data = json.loads(out)
    assert code == 0 and len(data["messages"]) == 2
    assert data["total"] == sum(m["tokens"] for m in data["messages"]) + 3
    assert data["counted_by"].startswith("o200k_base") and data["exact"] is True
    code, out, _ = cli(capsys, "tokens", str(path), "--model", "llama3.1:8b")
    assert "estimate" in out.splitlines()[-1] and out.splitlines()[-1].startswith("total ")


def test_tokens_rejects_a_file_that_is_not_a_message_list(
    isolated_home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"role": "user"}')
    code, _, err = cli(capsys, "tokens", str(path), "--model", "gpt-4o")
    assert code == 2 and "list of messages" in err


def test_models_lists_what_the_server_has(
    server: ScriptedServer, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.configure(models=["qwen2.5-coder", "llama3.1"])
    code, out, _ = cli(capsys, "models", "--endpoint", server.base_url, "--json")
    assert code == 0 and [m["id"] for m in json.loads(out)["models"]] == [
        "qwen2.5-coder",
        "llama3.1",
    ]


def test_personas_list_show_validate(
    isolated_home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = cli(capsys, "personas", "list", "--json")
    ids = [p["id"] for p in json.loads(out)]
    assert {"socratic", "algorithm-coach", "explainer"} <= set(ids)
    assert all(p["always_sent_tokens"] > 50 for p in json.loads(out))
    code, out, _ = cli(capsys, "personas", "show", "socratic")
    assert code == 0 and "always sent:" in out
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nsytem: hello\n")
    code, out, _ = cli(capsys, "personas", "validate", str(bad))
    assert code == 2  # a broken persona, as the README's exit codes say
    assert f"{bad}:2:1:" in out and "did you mean 'system'" in out


def test_sessions_search_export_import_rm(
    server: ScriptedServer, isolated_home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write_config(isolated_home, server)
    cli(capsys, "ask", "이진 탐색은 어떻게 동작하나요?")
    code, out, _ = cli(capsys, "sessions", "search", "탐색", "--json")
    assert code == 0 and json.loads(out)[0]["session_id"] == 1
    target = tmp_path / "s.json"
    code, _, _ = cli(capsys, "sessions", "export", "1", "--format", "json", "-o", str(target))
    assert code == 0 and json.loads(target.read_text())["messages"][0]["content"].startswith("이진")
    code, out, _ = cli(capsys, "sessions", "import", str(target))
    assert code == 0 and "session 2" in out
    code, out, _ = cli(capsys, "sessions", "export", "2", "--format", "md")
    assert "이진 탐색" in out
    code, out, _ = cli(capsys, "sessions", "rm", "1")
    code, out, err = cli(capsys, "sessions", "show", "1")
    assert code == 2 and "no session 1" in err


def test_no_endpoint_anywhere_says_how_to_configure_one(
    isolated_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tutor.core.endpoint import probe

    # Point the probe at ports where nothing listens, so a developer's own server cannot answer.
    monkeypatch.setattr(probe, "LOCAL_SERVERS", (("nothing", 9),))
    code, _, err = cli(capsys, "ask", "hello")
    assert code == 2
    assert "no model server found" in err and "config" in err and err.count("\n") == 1


def test_bad_usage_exits_2_with_one_line(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(capsys, "ask", "--session", "x", "hi")
    assert code == 2 and err.count("\n") == 1 and "--help" in err
    code, _, err = cli(capsys, "sessions", "show", "999")
    assert code == 2 and "no session 999" in err


def test_a_broken_config_names_file_line_and_column(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = isolated_home / "config" / "config.yaml"
    path.write_text("endpoints:\n  local:\n    base_url: http://x/v1\n    modle: m\n")
    code, _, err = cli(capsys, "ask", "hi")
    assert code == 2 and f"{path}:4:5:" in err and "did you mean 'model'" in err


def test_a_literal_key_in_a_world_readable_config_warns(
    server: ScriptedServer, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_config(isolated_home, server, api_key=KEY)
    path.chmod(0o644)
    code, out, err = cli(capsys, "ask", "hi")
    assert code == 0 and "chmod 600" in err and KEY not in err + out
    path.chmod(0o600)
    code, out, err = cli(capsys, "ask", "hi")
    assert "chmod" not in err


def subprocess_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    return env


def test_ctrl_c_exits_130_and_keeps_the_partial_reply(
    server: ScriptedServer, isolated_home: Path
) -> None:
    write_config(isolated_home, server)
    server.script(Reply(text="y" * 400, chunk_size=1, delay=0.02))
    proc = subprocess.Popen(
        [sys.executable, "-m", "tutor", "ask", "slow please"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=subprocess_env(isolated_home),
    )
    assert proc.stdout is not None
    first = proc.stdout.read(20)  # the reply has started
    assert first == b"y" * 20
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=20)
    assert proc.returncode == 130
    assert b"Traceback" not in err and err.decode().strip().startswith("tutor: interrupted")
    check = subprocess.run(
        [sys.executable, "-m", "tutor", "sessions", "show", "1", "--json"],
        capture_output=True,
        env=subprocess_env(isolated_home),
        check=True,
    )
    reply = json.loads(check.stdout)["messages"][1]
    assert reply["status"] == "cancelled" and len(reply["content"]) >= 20


def test_importing_the_core_loads_neither_textual_nor_rich() -> None:
    """Every module of tutor.core (walked, so new ones are covered) and the CLI's entry."""
    code = (
        "import sys, pkgutil, importlib, tutor.core, tutor.cli.main;"
        " [importlib.import_module(m.name) for m in"
        " pkgutil.walk_packages(tutor.core.__path__, 'tutor.core.')];"
        " bad = [m for m in ('textual', 'rich') if m in sys.modules];"
        " print(bad); sys.exit(bool(bad))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_of_a_broken_file_lists_every_problem_with_its_line(
    isolated_home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = json.loads((ROOT / "sessions" / "two-sum-ko.json").read_text("utf-8"))
    data["session"]["model"] = None
    data["messages"][1]["status"] = "done"
    path = tmp_path / "shared.json"
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False))
    code, out, err = cli(capsys, "sessions", "import", str(path))
    lines = err.splitlines()
    assert (code, out, len(lines)) == (2, "", 2)
    assert lines[0].startswith(f"tutor: {path}:") and "messages[1].status: expected" in lines[0]
    assert lines[1].startswith(f"tutor: {path}:") and "session.model: expected a string" in lines[1]
    assert json.loads(cli(capsys, "sessions", "list", "--json")[1]) == []
    path.write_text("[" * 100_000 + "]" * 100_000)
    code, _out, err = cli(capsys, "sessions", "import", str(path))
    assert code == 2 and err.count("\n") == 1 and "nested too deeply" in err


def test_doctor_counts_sessions_without_loading_them(
    server: ScriptedServer,
    isolated_home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tutor.core.config import paths
    from tutor.core.store import Store, sessions

    write_config(isolated_home, server)
    with Store.open(paths.store_file()) as store:
        for title in ("one", "two", "three"):
            store.create_session("socratic", "local", "scripted-model", title=title)

    def listing(*_args: object) -> None:
        raise AssertionError("doctor listed the sessions to count them")

    monkeypatch.setattr(sessions, "newest", listing)
    code, out, _ = cli(capsys, "doctor", "--json")
    store_check = next(c for c in json.loads(out) if c["name"] == "store")
    assert code == 0 and store_check["ok"] and store_check["detail"].endswith("(3 session(s))")
