"""Assertions on one turn (``turn: N``, ``turn: last``) are checked on that reply and no other.

Each reply is written so that checking a turn's assertion on any other reply would give the
other answer: the case-level assertion fails on one turn while a turn's own assertion passes
on its turn, and a turn's assertion fails on its reply though another reply would hold it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.rehearsal.conftest import Cli
from tests.scripted_server import ScriptedServer

FENCE = "```"
TURNS = [
    {"turn": 2, "expect": [{"contains": "base case"}]},
    {"turn": "last", "expect": ["no-code"]},
]
CASES: list[dict[str, Any]] = [
    {
        "name": "turn checks pass",
        "student": ["Help me with recursion.", "Where does it stop?", "And then?"],
        "expect": ["ends-with-question"],
        "turns": TURNS,
    },
    {
        "name": "turn checks fail",
        "student": ["Help me with recursion.", "Where does it stop?", "And then?"],
        "expect": ["ends-with-question"],
        "turns": TURNS,
    },
    {
        "name": "last of a simulated student",
        "simulate": {"student": "insists-on-answer", "turns": 2},
        "turns": [{"turn": "last", "expect": [{"max-words": 3}]}],
    },
]
REPLIES = [
    # turn checks pass: turn 1 has code and no "base case" and fails the case's own check
    f"Look:\n{FENCE}\nx = 1\n{FENCE}\nDone.",
    "What is the base case?",
    "Which input stops it?",
    # turn checks fail: turn 1 holds both turn checks, turns 2 and 3 do not
    "What is the base case?",
    "Which input stops it?",
    f"Try:\n{FENCE}\nf(0)\n{FENCE}\nWhat prints?",
    # simulated: the first reply is short, the last is not
    "Why?",
    "What did you try before asking me again?",
]


def checks_by_turn(case: dict[str, Any]) -> list[list[tuple[str, bool]]]:
    return [[(c["assertion"], c["passed"]) for c in t["checks"]] for t in case["turns"]]


def test_each_turns_assertions_look_at_that_reply_only(
    config: Path, server: ScriptedServer, judge: ScriptedServer, cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "turns.yaml"
    path.write_text(yaml.safe_dump({"persona": "socratic", "cases": CASES}), encoding="utf-8")
    server.script(*REPLIES)
    judge.script("Give me the code.", "The code, now.")
    code, data = cli.json("personas", "test", str(path), "--judge", "judge")
    assert code == 3
    passing, failing, simulated = data["rehearsals"][0]["cases"]
    assert [t["reply"] for c in (passing, failing, simulated) for t in c["turns"]] == REPLIES
    assert checks_by_turn(passing) == [
        [("ends-with-question", False)],
        [("ends-with-question", True), ('contains "base case"', True)],
        [("ends-with-question", True), ("no-code", True)],
    ]
    assert checks_by_turn(failing) == [
        [("ends-with-question", True)],
        [("ends-with-question", True), ('contains "base case"', False)],
        [("ends-with-question", True), ("no-code", False)],
    ]
    # 'last' is the simulated student's last turn, however many the case asks for
    assert checks_by_turn(simulated) == [[], [("max-words 3", False)]]
    assert [c["passed"] for c in (passing, failing, simulated)] == [False, False, False]


def test_a_turn_that_passes_makes_the_case_pass_whatever_other_turns_say(
    config: Path, server: ScriptedServer, cli: Cli, tmp_path: Path
) -> None:
    case = {
        "name": "only turn 2",
        "student": ["Hi.", "Where does it stop?"],
        "turns": [{"turn": 2, "expect": ["no-code", {"contains": "base case"}]}],
    }
    path = tmp_path / "one.yaml"
    path.write_text(yaml.safe_dump({"persona": "socratic", "cases": [case]}), encoding="utf-8")
    server.script(f"Here it all is:\n{FENCE}\ndef f(n):\n    return 1\n{FENCE}", "The base case?")
    code, out, err = cli("personas", "test", str(path))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert 'case "only turn 2": passed' in lines
    turn_one = lines[lines.index("  turn 1") + 1 : lines.index("  turn 2")]
    assert turn_one == []  # nothing is asked of turn 1, so its code is not held against it
    assert lines[lines.index("  turn 2") + 1 :][:2] == [
        "    ok    no-code — 0 code blocks, 0 lines",
        '    ok    contains "base case" — found',
    ]
