"""Each assertion, both ways and negated, on replies from the scripted server.

A reply that holds it and one that does not, each under the assertion and its ``not-`` form,
through `tutor personas test` — what the user reads is what is checked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.rehearsal.conftest import Cli
from tests.scripted_server import Fault, Reply, ScriptedServer

FENCE = "```"
EN = "My function returns the wrong value. What should I check?"
KO = "함수가 틀린 값을 돌려줘요. 뭘 확인해야 해요?"

# (assertion as written in YAML, the student's message, a reply that holds it, one that doesn't)
TABLE: list[tuple[Any, str, str, str]] = [
    ({"contains": "base case"}, EN, "What is the base case here?", "What stops the recursion?"),
    ({"regex": "(?i)\\bwhich\\b"}, EN, "Which input breaks it?", "What input breaks it?"),
    ({"max-questions": 1}, EN, "Which input breaks it?", "Why? And which input breaks it?"),
    ({"min-questions": 2}, EN, "Why? And which input breaks it?", "Which input breaks it?"),
    ("ends-with-question", EN, "Good. Which input breaks it?", "Which input? Think about it."),
    (
        "no-code",
        EN,
        "Which line runs first?",
        f"Try this:\n{FENCE}python\nprint(total(3))\n{FENCE}\nWhat prints?",
    ),
    (
        {"max-code-lines": 2},
        EN,
        f"{FENCE}\na = 1\nb = 2\n{FENCE}\nWhat is b?",
        f"{FENCE}\na = 1\nb = 2\nc = 3\n{FENCE}\nWhat is c?",
    ),
    ({"language": "ko"}, EN, "어떤 입력에서 틀려요?", "Which input breaks it?"),
    ({"language": "en"}, KO, "Which input breaks it?", "어떤 입력에서 틀려요?"),
    ("language", KO, "어떤 입력에서 틀린 값이 나와요?", "Which input gives the wrong value?"),
    ("language", EN, "Which input gives the wrong value?", "어떤 입력에서 틀린 값이 나와요?"),
    ({"max-words": 5}, EN, "Which input breaks it?", "Which of the inputs you tried breaks it?"),
    ({"max-words": 4}, KO, "어떤 입력에서 틀려요?", "어떤 입력을 넣었을 때 함수가 틀린 값을 줘요?"),
]


def negated(assertion: Any) -> Any:
    if isinstance(assertion, str):
        return "not-" + assertion
    ((key, value),) = assertion.items()
    return {"not-" + key: value}


def cases_for(table: list[tuple[Any, str, str, str]]) -> tuple[list[dict], list[str], list[bool]]:
    """Four cases a row: (holds, fails) × (assertion, not-assertion); their replies in order."""
    cases, replies, expected = [], [], []
    for i, (assertion, student, good, bad) in enumerate(table):
        for polarity, form in (("", assertion), ("not-", negated(assertion))):
            for which, reply in (("holds", good), ("fails", bad)):
                cases.append(
                    {"name": f"{i} {polarity}{which}", "student": [student], "expect": [form]}
                )
                replies.append(reply)
                expected.append((which == "holds") == (polarity == ""))
    return cases, replies, expected


def run_cases(cli: Cli, tmp_path: Path, cases: list[dict]) -> tuple[int, dict]:
    path = tmp_path / "checks.yaml"
    text = yaml.safe_dump({"persona": "socratic", "cases": cases}, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return cli.json("personas", "test", str(path))


def test_every_text_assertion_both_ways_and_negated(
    config: Path, server: ScriptedServer, cli: Cli, tmp_path: Path
) -> None:
    cases, replies, expected = cases_for(TABLE)
    server.script(*replies)
    code, data = run_cases(cli, tmp_path, cases)
    (run,) = data["rehearsals"]
    results = {c["case"]: c for c in run["cases"]}
    got = [results[c["name"]]["passed"] for c in cases]
    wrong = [
        (c["name"], c["expect"], results[c["name"]]["turns"][0]["checks"][0]["found"])
        for c, want, have in zip(cases, expected, got, strict=True)
        if want != have
    ]
    assert wrong == []
    assert [r["turns"][0]["reply"] for r in run["cases"]] == replies  # each got its own reply
    assert code == 3  # half of them fail
    assert (
        run["summary"]["checks"] == len(cases)
        and run["summary"]["checks_passed"] == len(cases) // 2
    )


@pytest.mark.parametrize(
    ("judge_says", "plain", "negated_form"),
    [("Yes.", True, False), ("no", False, True), ("Maybe, it depends.", False, False)],
)
def test_a_rubric_is_decided_by_the_judge_endpoint(
    config: Path,
    server: ScriptedServer,
    judge: ScriptedServer,
    cli: Cli,
    tmp_path: Path,
    judge_says: str,
    plain: bool,
    negated_form: bool,
) -> None:
    question = "Does the tutor ask about a specific input?"
    cases = [
        {"name": "plain", "student": [EN], "expect": [{"rubric": question}]},
        {"name": "negated", "student": [EN], "expect": [{"not-rubric": question}]},
    ]
    server.script("Which input breaks it?", "Which input breaks it?")
    judge.script(judge_says, judge_says)
    path = tmp_path / "rubric.yaml"
    path.write_text(yaml.safe_dump({"persona": "socratic", "cases": cases}), encoding="utf-8")
    code, data = cli.json("personas", "test", str(path), "--judge", "judge")
    passed = [c["passed"] for c in data["rehearsals"][0]["cases"]]
    assert passed == [plain, negated_form]
    assert code == (0 if plain and negated_form else 3)
    # the judge, not the tutor, was asked: with the question, the student's words and the reply
    asked = judge.chat_requests()
    assert len(asked) == 2 and len(server.chat_requests()) == 2
    prompt = asked[0]["messages"][-1]["content"]
    assert question in prompt and EN in prompt and "Which input breaks it?" in prompt
    assert asked[0]["model"] == "judge-model"
    assert data["rehearsals"][0]["judge_model"] == "judge-model"


def test_a_failing_check_is_shown_with_the_reply_that_failed_it(
    config: Path, server: ScriptedServer, cli: Cli, tmp_path: Path
) -> None:
    cases = [
        {
            "name": "asks for the code",
            "student": ["Just give me the code.", "Please?"],
            "expect": ["no-code", "ends-with-question"],
        }
    ]
    path = tmp_path / "r.yaml"
    path.write_text(yaml.safe_dump({"persona": "socratic", "cases": cases}), encoding="utf-8")
    leaked = f"Fine:\n{FENCE}python\ndef two_sum(nums, target):\n    return [0, 1]\n{FENCE}"
    server.script("What have you tried?", leaked)
    code, out, err = cli("personas", "test", str(path))
    assert code == 3, err
    lines = out.splitlines()
    assert 'case "asks for the code": FAILED (2 of 4 checks)' in lines
    turn_two = lines[lines.index("  turn 2") :]
    assert turn_two[1].startswith("    FAIL  no-code — 1 code block, 2 lines")
    assert turn_two[2].startswith("    FAIL  ends-with-question — does not end with '?'")
    assert turn_two[3:5] == ["      student:", "      | Please?"]
    assert turn_two[5] == "      reply:"
    shown = ["      | " + line for line in leaked.splitlines()]
    assert turn_two[6 : 6 + len(shown)] == shown
    assert turn_two[6 + len(shown)].startswith("summary: 0 of 1 cases passed (0%)")
    turn_one = lines[lines.index("  turn 1") : lines.index("  turn 2")]
    assert all(line.startswith("    ok") for line in turn_one[1:])  # no reply shown for it


def test_a_judge_whose_template_refuses_system_messages_gets_them_folded(
    config: Path, server: ScriptedServer, judge: ScriptedServer, cli: Cli, tmp_path: Path
) -> None:
    cases = [
        {"name": "one", "student": [EN], "expect": [{"rubric": "Is it a question?"}]},
        {"name": "two", "student": [EN], "expect": [{"rubric": "Is it short?"}]},
    ]
    path = tmp_path / "r.yaml"
    path.write_text(yaml.safe_dump({"persona": "socratic", "cases": cases}), encoding="utf-8")
    server.script("Which input breaks it?", "Why?")
    judge.script(Reply(fault=Fault.http(500, "System role not supported")), "yes", "yes")
    code, data = cli.json("personas", "test", str(path), "--judge", "judge")
    assert code == 0, data
    refused, folded, later = (r["messages"] for r in judge.chat_requests())
    assert refused[0]["role"] == "system"
    assert [m["role"] for m in folded] == [m["role"] for m in later] == ["user"]
    assert folded[0]["content"].startswith(refused[0]["content"])
