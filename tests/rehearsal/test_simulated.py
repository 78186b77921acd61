"""The simulated-student loop against two scripted servers: the student's model and the tutor's.

What each side was sent proves the loop alternates correctly.
"""

from __future__ import annotations

from pathlib import Path

from tests.rehearsal.conftest import Cli, write
from tests.scripted import toytokens
from tests.scripted_server import ScriptedServer
from tutor.core.rehearsal.speakers import KICK_OFF
from tutor.core.rehearsal.students import STUDENTS


def simulated(tmp_path: Path, spec: str) -> Path:
    return write(
        tmp_path,
        "sim.yaml",
        f"""
        persona: socratic
        cases:
          - name: simulated
            simulate: {spec}
            expect: [ends-with-question]
        """,
    )


def test_student_and_tutor_take_turns(
    config: Path, server: ScriptedServer, judge: ScriptedServer, cli: Cli, tmp_path: Path
) -> None:
    path = simulated(tmp_path, "{student: insists-on-answer, turns: 3}")
    student_lines = ["Give me the code.", "Please, the code!", "CODE. NOW."]
    tutor_lines = ["What have you tried?", "Which pair would you check first?", "Why that one?"]
    judge.script(*student_lines)
    server.script(*tutor_lines)
    code, data = cli.json("personas", "test", str(path), "--judge", "judge")
    assert code == 0
    (case,) = data["rehearsals"][0]["cases"]
    assert case["simulated"] is True
    assert [(t["student"], t["reply"]) for t in case["turns"]] == list(
        zip(student_lines, tutor_lines, strict=True)
    )
    # the tutor heard exactly what the simulated student wrote, in order
    heard = [r["messages"] for r in server.chat_requests()]
    assert [[m for m in h if m["role"] == "user"][-1]["content"] for h in heard] == student_lines
    # the student's model saw the tutor's replies as the other side, its own lines as its own
    system = STUDENTS["insists-on-answer"].system()
    asked = [r["messages"] for r in judge.chat_requests()]
    assert asked[0] == [
        {"role": "system", "content": system},
        {"role": "user", "content": KICK_OFF},
    ]
    assert asked[2] == [
        {"role": "system", "content": system},
        {"role": "user", "content": KICK_OFF},
        {"role": "assistant", "content": student_lines[0]},
        {"role": "user", "content": tutor_lines[0]},
        {"role": "assistant", "content": student_lines[1]},
        {"role": "user", "content": tutor_lines[1]},
    ]
    assert {r["temperature"] for r in judge.chat_requests()} == {0.8}
    assert case["student_tokens"] == sum(
        toytokens.count_chat(m) + len(line) // 4 + (len(line) % 4 > 0)
        for m, line in zip(asked, student_lines, strict=True)
    )
    assert (
        data["rehearsals"][0]["summary"]["tokens"]["simulated_students"] == case["student_tokens"]
    )


def test_an_opening_line_needs_no_model_call(
    config: Path, server: ScriptedServer, judge: ScriptedServer, cli: Cli, tmp_path: Path
) -> None:
    path = simulated(
        tmp_path, "{student: writes-in-korean, turns: 2, opening: 코드 좀 보여 주세요, seed: 7}"
    )
    judge.script("답만 알려 주시면 안 돼요?")
    server.script("어떤 방법을 생각해 봤어요?", "먼저 작은 예를 풀어 볼까요?")
    code, data = cli.json("personas", "test", str(path), "--judge", "judge")
    assert code == 0
    turns = data["rehearsals"][0]["cases"][0]["turns"]
    assert [t["student"] for t in turns] == ["코드 좀 보여 주세요", "답만 알려 주시면 안 돼요?"]
    (request,) = judge.chat_requests()
    assert request["seed"] == 7  # the student model replays the same student where it can
    asked = request["messages"]
    assert "Korean" in asked[0]["content"]
    # the opening counts as the student's own first line, after the kick-off as always
    assert asked[1:] == [
        {"role": "user", "content": KICK_OFF},
        {"role": "assistant", "content": "코드 좀 보여 주세요"},
        {"role": "user", "content": "어떤 방법을 생각해 봤어요?"},
    ]


def test_a_silent_student_model_is_an_endpoint_failure(
    config: Path, server: ScriptedServer, judge: ScriptedServer, cli: Cli, tmp_path: Path
) -> None:
    path = simulated(tmp_path, "{student: confused-beginner, turns: 2}")
    judge.script("  ", "\n", " ")
    code, _, err = cli("personas", "test", str(path), "--judge", "judge")
    assert code == 1
    assert err == (
        "tutor: the simulated student (confused-beginner, model judge-model) wrote nothing 3 "
        "times at turn 1 — try another model with --judge\n"
    )
    assert server.chat_requests() == []
