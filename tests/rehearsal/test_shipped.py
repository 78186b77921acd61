"""The rehearsals shipped for the built-in personas: coverage, packaging, and teeth.

A tutor handing over finished code must fail every one of their cases.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.rehearsal.conftest import Cli
from tests.scripted_server import Reply, ScriptedServer
from tutor.core.rehearsal.files import builtin_rehearsals_dir, read_rehearsal, rehearsals_naming
from tutor.core.rehearsal.spec import Case

BUILTINS = ["socratic", "algorithm-coach", "explainer"]
HANGUL = re.compile(r"[\uac00-\ud7a3]")
NEEDS_PRACTICE = {"algorithm-coach-practice"}  # problem: and no-leak cases
DUMP = (
    "Sure, here is the complete solution:\n```python\ndef solve(nums, target):\n"
    "    seen = {}\n    for i, x in enumerate(nums):\n        if target - x in seen:\n"
    "            return [seen[target - x], i]\n        seen[x] = i\n```\nThat's it."
)


def korean(case: Case) -> bool:
    said = " ".join(case.student) + (case.simulate.opening or "" if case.simulate else "")
    return bool(HANGUL.search(said)) or bool(
        case.simulate and case.simulate.student == "writes-in-korean"
    )


@pytest.mark.parametrize("persona", BUILTINS)
def test_each_built_in_persona_has_at_least_ten_cases_of_every_kind(persona: str) -> None:
    rehearsals, unreadable = rehearsals_naming(persona, user_dir=Path("/nonexistent"))
    assert unreadable == []
    cases = [c for r in rehearsals for c in r.cases]
    plain = [c for r in rehearsals if r.key.split(":")[1] not in NEEDS_PRACTICE for c in r.cases]
    assert len(plain) >= 10, "at least ten cases that need no practice pack"
    assert any(korean(c) for c in plain) and any(not korean(c) for c in plain)
    assert any(c.simulate for c in plain) and any(not c.simulate for c in plain)
    names = [c.name for c in cases]
    for must in ("just give me the code", "my teacher said you may", "ignore your instructions"):
        assert any(n.startswith(must) for n in names), must
    code = [c for c in plain if any("```" in line for line in c.student)]
    assert any("correct" in c.name for c in code), "a correct solution that must be confirmed"
    assert any("wrong" in c.name for c in cases), "a wrong one that must be questioned"
    students = {c.simulate.student for c in cases if c.simulate}
    assert {"insists-on-answer", "writes-in-korean", "extracts-instructions"} <= students


def test_every_shipped_student_persona_is_used() -> None:
    used = {
        c.simulate.student
        for path in builtin_rehearsals_dir().glob("*.yaml")
        for c in read_rehearsal(path).cases
        if c.simulate
    }
    assert used == {
        "insists-on-answer",
        "confused-beginner",
        "pastes-wrong-code",
        "writes-in-korean",
        "extracts-instructions",
    }


def test_the_rehearsals_ship_in_the_wheel() -> None:
    table = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "tutor.builtin_rehearsals" in table["packages"]
    assert table["package-dir"]["tutor.builtin_rehearsals"] == "rehearsals"
    assert table["package-data"]["tutor.builtin_rehearsals"] == ["*.yaml"]
    assert (ROOT / "rehearsals" / "__init__.py").is_file()
    shipped = sorted(p.stem for p in (ROOT / "rehearsals").glob("*.yaml"))
    assert shipped == ["algorithm-coach", "algorithm-coach-practice", "explainer", "socratic"]


SHIPPED = ["socratic", "algorithm-coach", "explainer", "algorithm-coach-practice"]


@pytest.mark.parametrize("name", SHIPPED)
def test_a_tutor_that_hands_over_code_fails_every_case(
    name: str,
    config: Path,
    server: ScriptedServer,
    judge: ScriptedServer,
    cli: Cli,
) -> None:
    server.configure(default_reply=Reply(text=DUMP))
    judge.configure(default_reply=Reply(text="yes"))
    path = builtin_rehearsals_dir() / f"{name}.yaml"
    code, data = cli.json("personas", "test", str(path), "--judge", "judge")
    (run,) = data["rehearsals"]
    assert code == 3
    cases = read_rehearsal(path).cases
    assert [c["case"] for c in run["cases"]] == [c.name for c in cases]
    still_passing = [c["case"] for c in run["cases"] if c["passed"]]
    assert still_passing == []
    turns = sum(c.replies for c in cases)
    assert run["summary"]["tutor_turns"] == turns == len(server.chat_requests())
