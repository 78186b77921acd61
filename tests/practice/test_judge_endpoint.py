"""The config's ``judge_endpoint``: a guarded practice session whose persona turns the judge on
asks it, not the tutor's endpoint; so do `check-leak --judge` and `personas test` when no flag
names another; a flag wins. Two scripted servers: the tutor's (``local``) and the judge's
(``grader``); what each received says where the questions went."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.practice.test_practice_cli import GOOD, REFERENCE, write_guard_personas
from tests.scripted_server import Reply, ScriptedServer
from tests.test_cli import cli
from tutor.core.guard.judge import QUESTION

pytestmark = pytest.mark.usefixtures("without_builtin_pack")

WALK = "Keep a running total: start at the first number, add the second, give that back."
TUTOR_KEY, JUDGE_KEY = "tutor-key-1", "judge-key-2"


@pytest.fixture
def grader() -> Iterator[ScriptedServer]:
    """The judge's server: it answers only with the judge endpoint's own key."""
    with ScriptedServer(models=["grader-model"], require_key=JUDGE_KEY) as running:
        yield running


def write_config(home: Path, tutor: ScriptedServer, grader: ScriptedServer, top: str) -> Path:
    path = home / "config" / "config.yaml"
    text = f"""\
        default_endpoint: local
        endpoints:
          local:
            base_url: {tutor.base_url}
            model: scripted-model
            api_key: {TUTOR_KEY}
            stall_timeout: 2
            timeout: 5
          grader:
            base_url: {grader.base_url}
            model: grader-model
            api_key_env: GRADER_KEY
            stall_timeout: 2
            timeout: 5
        """
    path.write_text(top + "\n" + textwrap.dedent(text))
    path.chmod(0o600)
    return path


def keys_seen(server: ScriptedServer) -> set[str]:
    return {r.headers.get("authorization", "") for r in server.requests}


def test_a_guarded_practice_ask_sends_the_judge_question_to_the_judge_endpoint_only(
    server: ScriptedServer,
    grader: ScriptedServer,
    isolated_home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GRADER_KEY", JUDGE_KEY)
    write_config(isolated_home, server, grader, "judge_endpoint: grader\njudge_model: strict-1")
    write_guard_personas()
    server.script(Reply(text=WALK))
    grader.script("YES - it spells out every step of the solution.")
    code, out, err = cli(
        capsys, "practice", "ask", "add-two", "how?", "--pack", GOOD, "--persona", "judging"
    )
    assert code == 0, err
    assert out == WALK + "\n"
    assert "the judge found this reply walks through the solution — recorded" in err
    (reply,) = server.chat_requests()  # the tutor's endpoint: the reply, no judge question
    assert all(m["content"] != QUESTION for m in reply["messages"])
    (judged,) = grader.chat_requests()
    assert judged["model"] == "strict-1"  # judge_model, not the endpoint's own
    assert judged["messages"][0] == {"role": "system", "content": QUESTION}
    assert WALK in judged["messages"][1]["content"]
    assert REFERENCE in judged["messages"][1]["content"]
    assert keys_seen(grader) == {f"Bearer {JUDGE_KEY}"}  # its own key; the tutor's went nowhere
    assert keys_seen(server) == {f"Bearer {TUTOR_KEY}"}


def test_a_persona_without_the_judge_asks_no_judge_endpoint(
    server: ScriptedServer,
    grader: ScriptedServer,
    isolated_home: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """algorithm-coach guards but has the judge off: the judge endpoint is not even opened (its
    key variable is unset here, which would be an error if it were)."""
    write_config(isolated_home, server, grader, "judge_endpoint: grader")
    server.script(Reply(text=WALK))
    code, out, err = cli(capsys, "practice", "ask", "add-two", "how?", "--pack", GOOD)
    assert (code, out) == (0, WALK + "\n"), err
    assert len(server.chat_requests()) == 1 and grader.requests == []


def test_check_leak_asks_the_configured_judge_unless_endpoint_names_another(
    server: ScriptedServer,
    grader: ScriptedServer,
    isolated_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GRADER_KEY", JUDGE_KEY)
    write_config(isolated_home, server, grader, "judge_endpoint: grader")
    solution = tmp_path / "accepted.py"
    solution.write_text(f"def add_two(a, b):\n    # {REFERENCE}\n    return a + b\n")
    reply = tmp_path / "reply.md"
    reply.write_text(WALK)
    args = ["practice", "check-leak", "--solution", str(solution), str(reply), "--judge", "--json"]
    grader.script("YES - every step.")
    code, out, err = cli(capsys, *args)
    assert (code, json.loads(out)["kind"]) == (3, "walkthrough"), err
    (asked,) = grader.chat_requests()
    assert asked["model"] == "grader-model" and WALK in asked["messages"][-1]["content"]
    assert server.chat_requests() == []
    server.script("NO. It asks a question.")  # the flag wins over the config
    code, out, err = cli(capsys, *args, "--endpoint", "local", "--model", "other-model")
    assert (code, json.loads(out)["leak"]) == (0, False), err
    (asked,) = server.chat_requests()
    assert asked["model"] == "other-model"
    assert len(grader.chat_requests()) == 1  # still only the first


def test_a_judge_endpoint_that_is_not_configured_is_a_config_error(
    server: ScriptedServer,
    grader: ScriptedServer,
    isolated_home: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = write_config(isolated_home, server, grader, "judge_endpoint: grade")
    code, out, err = cli(capsys, "practice", "ask", "add-two", "how?", "--pack", GOOD)
    assert code == 2 and out == ""
    assert err.strip() == (
        f"tutor: {path}:1:17: judge_endpoint 'grade' is not under 'endpoints:' — "
        "name one of: local, grader, or add 'grade:' there"
    )
    assert server.requests == [] and grader.requests == []
