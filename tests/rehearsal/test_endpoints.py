"""`tutor personas test --endpoint E`: the tutor's requests go to that configured endpoint.

Three scripted servers: ``local`` (the config's default), ``second`` (named with --endpoint)
and ``judge``. What each one received says where the run went.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.rehearsal.conftest import Cli, write
from tests.scripted_server import ScriptedServer

QUESTION = "Which input breaks it?"
RUBRIC = "Does the tutor ask a question?"


@pytest.fixture
def second(config: Path) -> Iterator[ScriptedServer]:
    """A second tutor endpoint, ``second``, added to the config."""
    with ScriptedServer(models=["second-model"], default_reply=None) as running:
        with config.open("a", encoding="utf-8") as file:
            file.write(
                f"  second:\n    base_url: {running.base_url}\n    model: second-model\n"
                "    stall_timeout: 2\n    timeout: 5\n"
            )
        yield running


def rehearsal(folder: Path) -> Path:
    return write(
        folder,
        "r.yaml",
        f"""
        persona: socratic
        cases:
          - name: asks
            student: [My loop never ends.]
            expect: [ends-with-question, {{rubric: "{RUBRIC}"}}]
        """,
    )


def test_the_named_endpoint_gets_the_tutor_and_by_default_the_judge(
    server: ScriptedServer,
    second: ScriptedServer,
    judge: ScriptedServer,
    cli: Cli,
    tmp_path: Path,
) -> None:
    second.script(QUESTION, "yes")
    code, out, err = cli("personas", "test", str(rehearsal(tmp_path)), "--endpoint", "second")
    assert (code, err) == (0, "")
    assert "tutor second-model at second · judge second-model at second" in out.splitlines()[0]
    assert server.chat_requests() == [] and judge.chat_requests() == []
    tutor, ruling = second.chat_requests()
    assert tutor["model"] == ruling["model"] == "second-model"
    said = [m["content"] for m in tutor["messages"] if m["role"] == "user"]
    assert said[-1] == "My loop never ends."
    assert RUBRIC in ruling["messages"][-1]["content"]


def test_with_a_judge_the_named_endpoint_gets_only_the_tutor_and_the_run_keeps_its_name(
    server: ScriptedServer,
    second: ScriptedServer,
    judge: ScriptedServer,
    cli: Cli,
    tmp_path: Path,
) -> None:
    path = rehearsal(tmp_path)
    server.script(QUESTION)
    judge.script("yes", "yes")
    code, data = cli.json("personas", "test", str(path), "--judge", "judge")
    assert code == 0 and data["rehearsals"][0]["endpoint"] == "local"
    second.script(QUESTION)
    code, data = cli.json(
        "personas", "test", str(path), "--endpoint", "second", "--judge", "judge", "--compare"
    )
    (run,) = data["rehearsals"]
    assert code == 0
    assert (run["endpoint"], run["model"], run["judge_model"]) == (
        "second",
        "second-model",
        "judge-model",
    )
    assert len(server.chat_requests()) == 1  # only the first run's
    assert [r["model"] for r in second.chat_requests()] == ["second-model"]
    assert len(judge.chat_requests()) == 2
    # the comparison knows the second run went to another endpoint and model
    assert run["compare"]["model_changed"] is True
    assert run["compare"]["model"] == ["scripted-model", "second-model"]
    assert run["compare"]["endpoint"] == ["local", "second"]


def test_the_configs_judge_endpoint_judges_unless_judge_names_another(
    server: ScriptedServer, judge: ScriptedServer, config: Path, cli: Cli, tmp_path: Path
) -> None:
    """``judge_endpoint: judge`` (with ``judge_model``) in the config is --judge's default."""
    config.write_text("judge_endpoint: judge\njudge_model: judge-strict\n" + config.read_text())
    path = rehearsal(tmp_path)
    server.script(QUESTION)
    judge.script("yes")
    code, data = cli.json("personas", "test", str(path))
    assert code == 0 and data["rehearsals"][0]["judge_model"] == "judge-strict"
    assert len(server.chat_requests()) == 1  # the tutor's turn only
    (ruling,) = judge.chat_requests()
    assert ruling["model"] == "judge-strict" and RUBRIC in ruling["messages"][-1]["content"]
    server.script(QUESTION, "yes")  # --judge names the tutor's own endpoint: the flag wins
    code, data = cli.json("personas", "test", str(path), "--judge", "local")
    assert code == 0 and data["rehearsals"][0]["judge_model"] == "scripted-model"
    assert len(server.chat_requests()) == 3 and len(judge.chat_requests()) == 1
