"""The built-in pack, shipped with tutor: every problem validates (its solutions in LIMITS mode),
and the pack holds what the issue promises — 4–6 hints in English and Korean, an accepted and a
wrong_answer solution for every problem, a too-slow one where complexity is the lesson, and
stdio problems with accepted solutions in two languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_cli import cli
from tutor.core.practice.folder import submissions
from tutor.core.practice.hints import read_hints
from tutor.core.practice.library import BUILT_IN, builtin_problems_dir
from tutor.core.practice.problem_file import read_problem
from tutor.core.practice.work import LANGUAGE_OF_SUFFIX

BUILTIN = builtin_problems_dir()
PROBLEMS = sorted(p.parent.name for p in BUILTIN.glob("*/problem.yaml"))
# Where complexity is not the lesson, no too-slow solution is written, and why:
NOT_ABOUT_SPEED = {
    # The lesson is the rule (every ancestor bounds a node, not only its parent). The
    # constraints keep a tree to 500 levels, so even checking each node against its whole
    # subtree costs at most 10,000 × 500 steps: about 0.5 s of CPU in Python on the worst tree
    # they allow (a 486-level line above a balanced 9,514-node subtree), under the 2 s limit —
    # no brute force fails on time, let alone 10× over it.
    "search-tree-check": "at most 500 levels: the subtree-scanning check is fast enough",
}


@pytest.mark.parametrize("problem", PROBLEMS)
def test_each_builtin_problem_validates(
    problem: str, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The built-in pack runs in LIMITS mode (it ships with tutor), one problem per test."""
    code, out, _ = cli(capsys, "practice", "validate", str(BUILTIN / problem))
    assert code == 0, out
    assert "ok: 1 problem checked, no problems" in out
    assert "strict isolation" not in out  # shipped with tutor: the limits mode


def test_every_problem_has_hints_solutions_and_where_it_matters_a_too_slow_one() -> None:
    assert len(PROBLEMS) >= 24
    stdio_in_two_languages = []
    for name in PROBLEMS:
        folder = BUILTIN / name
        problem, trouble = read_problem(folder, BUILT_IN)
        assert problem is not None and trouble == [], (name, trouble)
        hints = read_hints(folder).by_rung
        assert 4 <= len(hints) <= 6, f"{name}: {len(hints)} hints"
        assert all({"en", "ko"} <= set(texts) for texts in hints.values()), name
        found = submissions(folder)
        assert found.get("accepted") and found.get("wrong_answer"), (name, sorted(found))
        assert bool(found.get("time_limit_exceeded")) is (name not in NOT_ABOUT_SPEED), name
        languages = {LANGUAGE_OF_SUFFIX[p.suffix] for p in found["accepted"]}
        if problem.kind == "stdio" and len(languages) >= 2:
            stdio_in_two_languages.append(name)
    assert len(stdio_in_two_languages) >= 4, stdio_in_two_languages
