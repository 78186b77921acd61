"""The built-in pack, shipped with tutor: every problem validates (its solutions in LIMITS mode)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_cli import cli
from tutor.core.practice.library import builtin_problems_dir

BUILTIN = builtin_problems_dir()


@pytest.mark.parametrize("problem", sorted(p.parent.name for p in BUILTIN.glob("*/problem.yaml")))
def test_each_builtin_problem_validates(
    problem: str, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The built-in pack runs in LIMITS mode (it ships with tutor), one problem per test."""
    code, out, _ = cli(capsys, "practice", "validate", str(BUILTIN / problem))
    assert code == 0, out
    assert "ok: 1 problem checked, no problems" in out
    assert "strict isolation" not in out  # shipped with tutor: the limits mode
