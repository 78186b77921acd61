"""`tutor practice check-leak` as a user runs it: files and stdin in, one JSON object or a few
lines out, exit 3 on a leak, one clear line (exit 2) for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tutor.cli.main import run
from tutor.core.guard import execution_available

SOLUTION = """def count_islands(grid):
    seen = set()
    total = 0
    for r, row in enumerate(grid):
        for c, ch in enumerate(row):
            if ch == "#" and (r, c) not in seen:
                total += 1
                stack = [(r, c)]
                seen.add((r, c))
                while stack:
                    y, x = stack.pop()
                    for ny, nx in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):
                        if 0 <= ny < len(grid) and 0 <= nx < len(grid[0]):
                            if grid[ny][nx] == "#" and (ny, nx) not in seen:
                                seen.add((ny, nx))
                                stack.append((ny, nx))
    return total
"""
LEAK = f"Sure, here it is:\n\n```python\n{SOLUTION}```\n"
QUESTION = "When you find a `#`, how will you avoid counting its neighbours again later?"


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "accepted.py").write_text(SOLUTION)
    (tmp_path / "leak.md").write_text(LEAK)
    (tmp_path / "question.md").write_text(QUESTION)
    return tmp_path


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = run(["practice", "check-leak", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_leak_in_json_with_spans_into_the_reply(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(
        capsys, "--solution", str(files / "accepted.py"), str(files / "leak.md"), "--json"
    )
    assert (code, err) == (3, "")
    report = json.loads(out)
    assert list(report) == ["leak", "score", "kind", "spans", "reasons"]
    assert report["leak"] is True and report["kind"] == "copy" and report["score"] == 1.0
    ((start, end),) = report["spans"]
    assert LEAK[start:end] == f"```python\n{SOLUTION}```"


def test_no_leak_as_text_and_the_reply_after_the_solutions(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(
        capsys, "--solution", str(files / "accepted.py"), str(files / "question.md")
    )
    assert (code, out, err) == (0, "no leak (score 0.00)\n", "")
    code, out, _ = cli(capsys, "--solution", str(files / "accepted.py"), str(files / "leak.md"))
    assert code == 3 and out.splitlines()[0] == "leak: copy (score 1.00)"
    assert out.splitlines()[1] == f"  at characters {LEAK.index('```')}–{LEAK.rindex('```') + 3}"


def test_the_students_own_code_is_not_a_leak(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (files / "mine.py").write_text(SOLUTION)
    code, out, _ = cli(
        capsys, str(files / "leak.md"), "--solution", str(files / "accepted.py"),
        "--student", str(files / "mine.py"), "--json",
    )  # fmt: skip
    assert code == 0
    assert json.loads(out)["reasons"] == ["block 1 is the student's own code"]


def test_the_reply_from_stdin_in_a_real_process(files: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tutor", "practice", "check-leak", "--solution",
         str(files / "accepted.py"), "-", "--json"],
        input=LEAK.replace("count_islands", "countIslands").encode(),
        capture_output=True,
        cwd=ROOT,
        check=False,
    )  # fmt: skip
    assert done.returncode == 3 and done.stderr == b""
    assert json.loads(done.stdout)["leak"] is True


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--solution", "{d}/missing.py", "{d}/leak.md"], "missing.py: cannot read the solution"),
        (["--solution", "{d}/leak.md", "{d}/question.md"], "cannot tell the language"),
        (["--solution", "{d}/accepted.py", "{d}/nope.md"], "nope.md: cannot read the reply"),
        (["{d}/leak.md"], "one of the arguments --problem --solution is required"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    files: Path, capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    code, out, err = cli(capsys, *[a.format(d=files) for a in argv])
    assert code == 2 and out == ""
    assert err.startswith("tutor: ") and said in err and err.count("\n") == 1


def test_a_solution_without_a_clear_entry_point_asks_for_one(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (files / "two.py").write_text("X = 1\n")
    code, _, err = cli(capsys, "--solution", str(files / "two.py"), str(files / "question.md"))
    assert code == 2 and "give --entry-point" in err
    code, out, _ = cli(
        capsys, "--solution", str(files / "two.py"), str(files / "leak.md"),
        "--entry-point", "count_islands",
    )  # fmt: skip
    assert code == 3 and out.startswith("leak: complete")


TESTS_YAML = """cases:
  - {name: two, args: [["#.", ".#"]], expected: 2}
  - {name: ring, args: [["###", "#.#", "###"]], expected: 1}
  - {name: none, args: [["..."]], expected: 0}
  - {name: big, data: big.json}
"""
WRONG = "```python\ndef count_islands(grid):\n    return sum(row.count('#') for row in grid)\n```"


def test_tests_run_the_replys_code_and_clear_a_wrong_attempt(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not execution_available()[0]:
        pytest.skip("strict isolation is unavailable here")
    (files / "tests.yaml").write_text(TESTS_YAML)
    (files / "big.json").write_text(json.dumps({"args": [["#" * 50] * 50], "expected": 1}))
    (files / "wrong.md").write_text(WRONG)
    solution = str(files / "accepted.py")
    code, out, err = cli(capsys, "--solution", solution, str(files / "wrong.md"), "--json")
    assert code == 3 and json.loads(out)["kind"] == "complete"  # by its shape alone
    tests = str(files / "tests.yaml")
    code, out, err = cli(capsys, "--solution", solution, "--tests", tests, str(files / "wrong.md"))
    assert (code, err) == (0, "")
    assert (
        "block 1: a complete definition of `count_islands` (python), but block 1 passed 50%" in out
    )
    code, out, _ = cli(capsys, "--solution", solution, "--tests", tests, str(files / "leak.md"))
    assert code == 3 and "  - block 1 passed 100% of the hidden tests" in out.splitlines()


def test_a_broken_tests_file_is_reported_at_its_line(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (files / "tests.yaml").write_text("cases:\n  - {name: a, args: 3}\n")
    code, out, err = cli(
        capsys, "--solution", str(files / "accepted.py"), "--tests", str(files / "tests.yaml"),
        str(files / "leak.md"),
    )  # fmt: skip
    assert code == 2 and out == ""
    assert err.startswith(f"tutor: {files / 'tests.yaml'}:2:5: this case needs 'args:'")


def test_doctor_says_whether_reply_code_can_be_run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def guard_line() -> dict[str, object]:
        run(["doctor", "--json"])
        checks = json.loads(capsys.readouterr().out)
        (line,) = [c for c in checks if c["name"] == "guard"]
        return line

    why = execution_available()[1]
    line = guard_line()
    assert line["ok"] is True and str(line["detail"]).startswith(why)
    monkeypatch.setenv("TUTOR_STRICT_SANDBOX", "none-such")
    off = guard_line()
    assert off["ok"] is True  # the guard still works: fingerprints and shape
    assert str(off["detail"]).startswith("code in replies is not run: TUTOR_STRICT_SANDBOX=none")
    assert str(off["detail"]).endswith("— fingerprints and shape still check replies")


def test_a_problem_of_the_packs_brings_its_solutions_and_tests(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    accepted = (ROOT / "problems/pair-sum/submissions/accepted/one_pass.py").read_text()
    reply = tmp_path / "reply.md"
    reply.write_text(f"Compare with this:\n```python\n{accepted}```\n")
    code, out, err = cli(capsys, "--problem", "pair-sum", str(reply), "--no-run", "--json")
    assert (code, err) == (3, "")
    report = json.loads(out)
    assert report["kind"] == "copy"
    assert report["reasons"][0].startswith("100% of one_pass.py's fingerprints")
    assert not any("hidden tests" in r for r in report["reasons"])
    if execution_available()[0]:
        code, out, _ = cli(capsys, "--problem", "pair-sum", str(reply), "--json")
        assert code == 3 and "block 1 passed 100% of the hidden tests" in json.loads(out)["reasons"]
    code, out, err = cli(capsys, "--problem", "pair-sums", str(reply))
    assert code == 2 and out == "" and "did you mean 'pair-sum'?" in err


def test_check_leak_is_a_practice_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run(["practice", "--help"])
    assert "check-leak" in capsys.readouterr().out
