"""An API key goes only where it was configured to go — never to a URL from a file or a flag.

The attack of issue 8: a session file whose endpoint is another server and whose times lie in
the future is imported, then `tutor ask --continue` would carry the student's key to that
server with every request (models, props, show, tokenize, chat). A second scripted server,
the "stranger", records the headers of every request it gets; the key must be in none.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.scripted_server import ScriptedServer
from tutor.cli.main import run
from tutor.core.endpoint.destinations import same_place

KEY = "sk-student-own-key-5f1d0c9a7b3e"
CONFIGS = {
    "api_key_env": ["api_key_env: STUDENT_KEY"],
    "api_key": [f"api_key: {KEY}"],
    "OPENAI_API_KEY": [],  # no config: the environment's endpoint
}
DISCOVERY = {
    ("GET", "/v1/models"),
    ("GET", "/props"),
    ("POST", "/api/show"),
    ("POST", "/extras/tokenize/count"),
    ("POST", "/v1/chat/completions"),
}


@pytest.fixture
def stranger() -> Iterator[ScriptedServer]:
    """A server on another port that nobody configured; it records every request."""
    with ScriptedServer(models=["stranger-model"]) as running:
        yield running


def configure(
    home: Path, server: ScriptedServer, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The student's own endpoint (it wants the key), with the key given ``how``."""
    server.configure(require_key=KEY)
    monkeypatch.setenv("STUDENT_KEY", KEY)
    if how == "OPENAI_API_KEY":
        monkeypatch.setenv("OPENAI_API_KEY", KEY)
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("TUTOR_MODEL", "scripted-model")
        return
    lines = ["endpoints:", "  school:", f"    base_url: {server.base_url}"]
    lines += ["    model: scripted-model", *(f"    {line}" for line in CONFIGS[how])]
    path = home / "config" / "config.yaml"
    path.write_text("\n".join(lines) + "\n")
    path.chmod(0o600)


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = run(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def keyed(server: ScriptedServer) -> list[str]:
    """The requests whose headers carry the key anywhere."""
    return [f"{r.method} {r.path}" for r in server.requests if KEY in json.dumps(r.headers)]


def hostile_session(tmp_path: Path, endpoint: str) -> Path:
    data = json.loads((ROOT / "sessions" / "recursion-socratic.json").read_text("utf-8"))
    data["session"]["endpoint"] = endpoint
    data["session"]["model"] = "stranger-model"
    data["session"]["updated_at"] = "2099-01-01T00:00:00Z"
    data["messages"][-1]["created_at"] = "2099-01-01T00:00:00Z"
    path = tmp_path / "shared-session.json"
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize("how", sorted(CONFIGS))
def test_an_imported_session_does_not_take_the_key_to_its_endpoint(
    server: ScriptedServer,
    stranger: ScriptedServer,
    isolated_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    how: str,
) -> None:
    configure(isolated_home, server, how, monkeypatch)
    before = time.time()
    shared = hostile_session(tmp_path, stranger.base_url)
    code, _out, err = cli(capsys, "sessions", "import", str(shared))
    assert code == 0, err
    listed = json.loads(cli(capsys, "sessions", "list", "--json")[1])
    assert listed[0]["updated_at"] <= time.time()  # the future is clamped to the import
    assert listed[0]["updated_at"] >= before

    code, _out, err = cli(capsys, "ask", "--continue", "next question")
    assert code == 0, err
    assert stranger.requests == []  # not one request, so no key either
    assert server.chat_requests() and keyed(server)  # the student's own server got it all
    notes = err.strip().splitlines()
    assert len(notes) == 1 and notes[0].startswith("tutor: note: session 1 was on ")
    assert stranger.base_url in notes[0] and "goes on with" in notes[0]
    shown = json.loads(cli(capsys, "sessions", "show", "1", "--json")[1])
    assert shown["model"] == "scripted-model" and shown["endpoint"] != stranger.base_url

    code, _out, err = cli(capsys, "ask", "--continue", "and then?")
    assert (code, err) == (0, "")  # said once: the session now names the endpoint it is on


@pytest.mark.parametrize("how", sorted(CONFIGS))
def test_an_outside_url_gets_no_key_on_any_route(
    server: ScriptedServer,
    stranger: ScriptedServer,
    isolated_home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    how: str,
) -> None:
    configure(isolated_home, server, how, monkeypatch)
    code, _out, err = cli(capsys, "ask", "--endpoint", stranger.base_url, "hello")
    assert code == 0, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "without an API key" in lines[0] and stranger.base_url in lines[0]
    for argv in (
        ("models", "--endpoint", stranger.base_url),
        ("doctor", "--endpoint", stranger.base_url),
    ):
        code, out, err = cli(capsys, *argv)
        assert "without an API key" in out + err
    seen = {(r.method, r.path) for r in stranger.requests}
    assert seen >= DISCOVERY, seen
    assert keyed(stranger) == []
    assert server.requests == []


def test_a_url_that_is_a_configured_endpoint_gets_its_key(
    server: ScriptedServer,
    isolated_home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    configure(isolated_home, server, "api_key_env", monkeypatch)
    spelled = server.base_url.replace("http://", "HTTP://").replace("/v1", "/v1/")
    code, _out, err = cli(capsys, "ask", "--endpoint", spelled, "hello")
    assert (code, err) == (0, "")
    assert len(keyed(server)) == len(server.requests) > 0
    session = json.loads(cli(capsys, "sessions", "show", "1", "--json")[1])
    assert session["endpoint"] == "school"  # stored by the config's name


def test_the_environment_key_goes_to_the_openai_base_url_only(
    server: ScriptedServer,
    stranger: ScriptedServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    configure(Path("unused"), server, "OPENAI_API_KEY", monkeypatch)
    code, _out, err = cli(capsys, "ask", "--endpoint", server.base_url + "/", "hi")
    assert (code, err) == (0, "")
    assert keyed(server)
    code, _out, err = cli(capsys, "ask", "--endpoint", stranger.base_url, "hi")
    assert code == 0 and "without an API key" in err
    assert keyed(stranger) == [] and stranger.chat_requests()


def test_a_stranger_that_wants_a_key_is_told_to_be_configured(
    stranger: ScriptedServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    stranger.configure(require_key=KEY)
    code, _out, err = cli(capsys, "models", "--endpoint", stranger.base_url)
    assert code == 1
    assert "sends keys only to configured endpoints" in err and KEY not in err
    assert keyed(stranger) == []


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("https://api.openai.com/v1", "HTTPS://API.OpenAI.com:443/v1/", True),
        ("http://127.0.0.1/v1", "http://127.0.0.1:80/v1", True),
        ("http://h:8080/v1", "http://h:8080/v1//", True),
        ("https://api.openai.com/v1", "http://api.openai.com/v1", False),
        ("http://h:8080/v1", "http://h:8081/v1", False),
        ("https://openrouter.ai/api/v1", "https://openrouter.ai/v1", False),
        ("https://api.openai.com/v1", "https://api.openai.com.evil.example/v1", False),
        ("https://api.openai.com/v1", "https://me@api.openai.com/v1", False),
        ("https://h/v1?x=1", "https://h/v1?x=2", False),
        ("http://h:notaport/v1", "http://h:notaport/v1", False),
        ("ftp://h/v1", "ftp://h/v1", False),
    ],
)
def test_urls_are_compared_as_a_server_sees_them(a: str, b: str, same: bool) -> None:
    assert same_place(a, b) is same
    assert same_place(b, a) is same


def test_a_model_chosen_once_stays_with_its_session(
    server: ScriptedServer,
    isolated_home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`ask --model X` once: that session goes on with X, and what a new session (in the CLI or
    the app, which both ask the workspace) is made with is still the endpoint's own model."""
    import asyncio

    from tutor.core.workspace import Workspace

    server.configure(models=["scripted-model", "other-model"])
    configure(isolated_home, server, "api_key_env", monkeypatch)
    assert cli(capsys, "ask", "--model", "other-model", "first")[0] == 0
    assert cli(capsys, "ask", "--continue", "second")[0] == 0
    assert cli(capsys, "ask", "a new one")[0] == 0
    assert [r["model"] for r in server.chat_requests()] == [
        "other-model",
        "other-model",
        "scripted-model",
    ]
    workspace = Workspace()
    try:
        new = asyncio.run(workspace.endpoint())
        first = asyncio.run(workspace.session_endpoint(workspace.store.get_session(1)))
    finally:
        workspace.close()
    assert (new.model, first.model, first.note) == ("scripted-model", "other-model", "")
