"""The optional judge for prose walkthroughs: the request it builds, how its answer is read,
and the whole path through a real HTTP endpoint (the scripted server) from the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.scripted_server import Reply, ScriptedServer
from tests.test_cli import write_config
from tutor.cli.main import run
from tutor.core.guard import Reference, check_leak, check_leak_async, judge_messages, parse_verdict

REFERENCE = Reference(
    "def lonely_number(nums):\n    x = 0\n    for n in nums:\n        x ^= n\n    return x\n",
    "python",
    "accepted.py",
)
WALKTHROUGH = (
    "Start a variable at 0. Loop over every number and XOR it into the variable. Pairs cancel "
    "out because a ^ a is 0, so after the loop the variable holds the lonely number: return it."
)


def test_the_request_holds_the_question_the_reference_and_the_reply() -> None:
    messages = judge_messages(WALKTHROUGH, [REFERENCE])
    assert [m["role"] for m in messages] == ["system", "user"]
    assert "YES" in messages[0]["content"] and "NO" in messages[0]["content"]
    assert REFERENCE.source.strip() in messages[1]["content"]
    assert WALKTHROUGH in messages[1]["content"]


@pytest.mark.parametrize(
    ("answer", "leak"),
    [
        ("YES — it spells out every step.", True),
        ("**Yes.** The loop and the return are given.", True),
        ("no, it only asks a question", False),
        ("NO", False),
        ("예, 풀이를 모두 설명해요.", True),
        ("아니요.", False),
        ("I cannot tell.", None),
        ("", None),
    ],
)
def test_the_answer_is_read_from_its_first_word(answer: str, leak: bool | None) -> None:
    assert parse_verdict(answer).leak is leak


def test_the_judge_is_asked_only_when_the_code_layers_found_nothing() -> None:
    asked: list[list[dict[str, str]]] = []

    async def judge(messages: list[dict[str, str]]) -> str:
        asked.append(messages)
        return "YES: every step is spelled out."

    report = check_leak(
        WALKTHROUGH, [REFERENCE], entry_point="lonely_number", kind="function", judge=judge
    )
    assert report.leak and report.kind == "walkthrough" and report.spans == [(0, len(WALKTHROUGH))]
    assert report.reasons[-1].startswith("judge: yes")
    code = f"```python\n{REFERENCE.source}```"
    copied = check_leak(
        code, [REFERENCE], entry_point="lonely_number", kind="function", judge=judge
    )
    assert copied.kind == "copy" and len(asked) == 1  # the copy needed no judge


async def test_a_no_or_an_unclear_answer_is_not_a_leak() -> None:
    async def unsure(messages: list[dict[str, str]]) -> str:
        return "It depends."

    report = await check_leak_async(
        WALKTHROUGH, [REFERENCE], entry_point="lonely_number", kind="function", judge=unsure
    )
    assert not report.leak and report.reasons == ["judge: no clear yes or no — It depends."]


def test_check_leak_with_the_judge_on_a_real_endpoint(
    server: ScriptedServer,
    isolated_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    write_config(isolated_home, server)
    solution = tmp_path / "accepted.py"
    solution.write_text(REFERENCE.source)
    reply = tmp_path / "reply.md"
    reply.write_text(WALKTHROUGH)
    server.script(Reply(text="YES - it gives the loop, the update and the return."))
    code = run(["practice", "check-leak", "--solution", str(solution), str(reply), "--judge"])
    out, err = capsys.readouterr()
    assert code == 3 and err == ""
    assert out.splitlines()[0] == "leak: walkthrough (score 1.00)"
    (request,) = server.chat_requests()
    assert request["temperature"] == 0 and request["model"] == "scripted-model"
    assert WALKTHROUGH in request["messages"][-1]["content"]
    server.script(Reply(text="NO. It only asks a question."))
    code = run(
        ["practice", "check-leak", "--solution", str(solution), str(reply), "--judge", "--json"]
    )
    out, _ = capsys.readouterr()
    assert code == 0
    assert json.loads(out) == {
        "leak": False,
        "score": 0.0,
        "kind": None,
        "spans": [],
        "reasons": ["judge: no — NO. It only asks a question."],
    }
