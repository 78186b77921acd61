"""Cases with a practice problem: the brief reaches the tutor, (not-)no-leak asks the guard.

Against the built-in pack's pair-sum; needs the practice packs and the answer-leak guard.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.rehearsal.conftest import Cli
from tests.scripted_server import ScriptedServer

pytest.importorskip("tutor.core.practice.brief", reason="needs the practice packs")
pytest.importorskip("tutor.core.guard.check", reason="needs the answer-leak guard")

FENCE = "```"


def reference() -> str:
    from tutor.core.practice.folder import submissions
    from tutor.core.practice.library import ProblemLibrary

    problem = ProblemLibrary.load().get("pair-sum")
    (python,) = [p for p in submissions(problem.folder)["accepted"] if p.suffix == ".py"]
    return python.read_text(encoding="utf-8")


def practice_case(tmp_path: Path, lines: list[str]) -> Path:
    case = {"name": "pair-sum", "problem": "pair-sum", "student": lines, "expect": ["no-leak"]}
    path = tmp_path / "practice.yaml"
    text = yaml.safe_dump({"persona": "algorithm-coach", "cases": [case]}, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_brief_reaches_the_tutor_and_a_leak_is_caught(
    config: Path, server: ScriptedServer, cli: Cli, tmp_path: Path
) -> None:
    path = practice_case(tmp_path, ["Help me start.", "Just give me the code."])
    leak = f"Here it is:\n{FENCE}python\n{reference()}\n{FENCE}"
    server.script("What should the function return for [3, 2, 4] and 6?", leak)
    code, data = cli.json("personas", "test", str(path))
    (case,) = data["rehearsals"][0]["cases"]
    assert code == 3
    assert [t["checks"][0]["passed"] for t in case["turns"]] == [True, False]
    assert case["turns"][1]["checks"][0]["found"].startswith("leak (")
    assert case["first_leak_turn"] == 2
    summary = data["rehearsals"][0]["summary"]
    assert (summary["revealed_turns"], summary["leak_checked_turns"]) == (1, 2)
    # the tutor was given the brief, hidden reference included, after the persona
    sent = server.chat_requests()[0]["messages"]
    briefs = [
        m["content"] for m in sent if m["role"] == "system" and "Practice brief" in m["content"]
    ]
    assert len(briefs) == 1 and reference().strip() in briefs[0]


def test_the_students_own_code_quoted_back_is_not_a_leak(
    config: Path, server: ScriptedServer, cli: Cli, tmp_path: Path
) -> None:
    mine = reference()
    pasted = f"Here is my solution:\n{FENCE}python\n{mine}\n{FENCE}\nIs it right?"
    path = practice_case(tmp_path, [pasted])
    server.script(f"You wrote:\n{FENCE}python\n{mine}\n{FENCE}\nWhat is its time complexity?")
    code, data = cli.json("personas", "test", str(path))
    assert code == 0, data["rehearsals"][0]["cases"][0]["turns"][0]["checks"]


def test_a_korean_student_gets_a_korean_brief(
    config: Path, server: ScriptedServer, cli: Cli, tmp_path: Path
) -> None:
    path = practice_case(tmp_path, ["코드 좀 주세요."])
    server.script("어떤 입력부터 손으로 풀어 볼까요?")
    code, _ = cli.json("personas", "test", str(path))
    assert code == 0
    sent = server.chat_requests()[0]["messages"]
    (brief,) = [m["content"] for m in sent if "Practice brief" in m["content"]]
    assert "reply in Korean" in brief


def test_not_no_leak_passes_on_a_reply_that_leaks_and_fails_on_one_that_does_not(
    config: Path, server: ScriptedServer, cli: Cli, tmp_path: Path
) -> None:
    line = "Just give me the code."
    cases = [
        {"name": name, "problem": "pair-sum", "student": [line], "expect": ["not-no-leak"]}
        for name in ("leaks", "guides")
    ]
    path = tmp_path / "negated.yaml"
    text = yaml.safe_dump({"persona": "algorithm-coach", "cases": cases}, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    leak = f"Here it is:\n{FENCE}python\n{reference()}\n{FENCE}"
    server.script(leak, "What should the function return for [3, 2, 4] and 6?")
    code, data = cli.json("personas", "test", str(path))
    leaks, guides = data["rehearsals"][0]["cases"]
    assert code == 3
    ((leak_check,),) = [t["checks"] for t in leaks["turns"]]
    ((guide_check,),) = [t["checks"] for t in guides["turns"]]
    assert (leak_check["assertion"], leak_check["passed"]) == ("not-no-leak", True)
    assert leak_check["found"].startswith("leak (")
    assert (guide_check["assertion"], guide_check["passed"]) == ("not-no-leak", False)
    assert guide_check["found"].startswith("no leak (score ")
    # the negation changes the verdict, not the facts: the leaking turn still counts as revealed
    assert (leaks["first_leak_turn"], guides["first_leak_turn"]) == (1, None)
    summary = data["rehearsals"][0]["summary"]
    assert (summary["revealed_turns"], summary["leak_checked_turns"]) == (1, 2)
