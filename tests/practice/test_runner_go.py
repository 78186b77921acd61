"""Go, run for real where its toolchain is here: a built-in stdio problem solved by `tutor
practice run`, a wrong answer, a compile error at its file:line, time and memory limits that
bind (and let a program inside them pass), STRICT isolation, and the lines said when Go cannot
be used (a function problem; no toolchain)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_cli import cli
from tutor.core.practice.runner import (
    Compare,
    Isolation,
    LanguageUnavailable,
    Limits,
    StdioCase,
    Verdict,
    availability,
    languages,
    run_stdio,
    toolchains,
)
from tutor.core.practice.runner.strict import StrictSandbox

ROOT = Path(__file__).resolve().parents[2]
needs_go = pytest.mark.skipif(
    not languages()["go"].available, reason=str(languages()["go"].missing)
)

# maze-steps (a stdio problem of the built-in pack) solved by breadth-first search
MAZE = """package main

import (
	"bufio"
	"fmt"
	"os"
)

func main() {
	in := bufio.NewReader(os.Stdin)
	var rows, cols int
	fmt.Fscan(in, &rows, &cols)
	grid := make([]string, rows)
	for r := range grid {
		fmt.Fscan(in, &grid[r])
	}
	steps := make([]int, rows*cols)
	queue := []int{}
	for i := range steps {
		steps[i] = -1
		if grid[i/cols][i%cols] == 'S' {
			steps[i] = 0
			queue = append(queue, i)
		}
	}
	moves := [][2]int{{1, 0}, {-1, 0}, {0, 1}, {0, -1}}
	for head := 0; head < len(queue); head++ {
		r, c := queue[head]/cols, queue[head]%cols
		if grid[r][c] == 'E' {
			fmt.Println(steps[queue[head]])
			return
		}
		for _, m := range moves {
			nr, nc := r+m[0], c+m[1]
			if nr < 0 || nr >= rows || nc < 0 || nc >= cols || grid[nr][nc] == '#' {
				continue
			}
			if steps[nr*cols+nc] < 0 {
				steps[nr*cols+nc] = steps[queue[head]] + 1
				queue = append(queue, nr*cols+nc)
			}
		}
	}
	fmt.Println(NO_WAY)
}
"""
# Holds N MiB (each byte written, so it is really there) and prints N; a negative N keeps
# asking for more until something stops it.
HOLD = """package main

import "fmt"

func main() {
	var n int
	fmt.Scan(&n)
	kept := [][]byte{}
	for i := 0; n < 0 || i < n; i++ {
		block := make([]byte, 1<<20)
		for j := range block {
			block[j] = byte(i + j)
		}
		kept = append(kept, block)
	}
	fmt.Println(len(kept))
}
"""


def solution(tmp_path: Path, text: str) -> str:
    path = tmp_path / "maze.go"
    path.write_text(text)
    return str(path)


@needs_go
def test_a_builtin_stdio_problem_solved_in_go(
    isolated_home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = solution(tmp_path, MAZE.replace("NO_WAY", "-1"))
    code, out, err = cli(capsys, "practice", "run", "maze-steps", path)
    assert (code, err) == (0, "")
    assert "sample 'shortest-way': passed" in out
    assert "hidden 'large-serpentine' (500 by 500, one winding corridor" in out
    assert re.search(r"^passed (\d+) of \1 tests · go · network", out, re.M)
    assert "solved — every test passes" in out


@needs_go
def test_a_wrong_answer_in_go_shows_the_sample_and_exits_3(
    isolated_home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = solution(tmp_path, MAZE.replace("NO_WAY", "0"))
    code, out, _ = cli(capsys, "practice", "run", "maze-steps", path)
    assert code == 3
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("sample 'no-way-out': wrong"))
    assert lines[at + 6 : at + 9] == [
        "    expected: -1",
        "    got: 0",
        "    why: line 1, token 1: expected '-1', got '0'",
    ]
    assert "sample 'shortest-way': passed" in out
    assert "hidden 'walled-in' (E is enclosed by walls): wrong answer" in out


@needs_go
def test_a_go_compile_error_is_its_first_errors_at_file_line_col(
    isolated_home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = MAZE.replace("NO_WAY", "-1").replace(
        "\tmoves := ", '\tvar limit int = "none"\n\tmoves := '
    )
    line = broken.splitlines().index('\tvar limit int = "none"') + 1
    code, out, _ = cli(capsys, "practice", "run", "maze-steps", solution(tmp_path, broken))
    assert code == 3
    lines = out.splitlines()
    assert lines[0] == "your code did not compile:"
    assert lines[1].startswith(f'maze.go:{line}:18: cannot use "none"')  # the student's name
    assert "sample 'no-way-out': compile error" in out
    assert f"    why: maze.go:{line}:18: cannot use" in out and "solution.go" not in out
    # go's own heading and the run folder's paths (relative or not) are not shown
    assert "command-line-arguments" not in out
    assert "../program" not in out and "tutor-run-" not in out


@needs_go
def test_a_go_loop_that_never_ends_is_a_time_limit_and_the_next_test_runs() -> None:
    source = (
        'package main\n\nimport "fmt"\n\nfunc main() {\n\tvar n int\n\tfmt.Scan(&n)\n'
        "\tfor i := 0; n == 0; i++ {\n\t\tif i < 0 {\n\t\t\tbreak\n\t\t}\n\t}\n"
        "\tfmt.Println(n * 2)\n}\n"
    )
    cases = [StdioCase("endless", b"0\n", b"0\n"), StdioCase("quick", b"21\n", b"42\n")]
    result = run_stdio(source, "go", cases, Limits(time_limit=1.0), Compare())
    endless, quick = result.results
    assert endless.verdict is Verdict.TIME_LIMIT
    assert endless.message == "used more than 1 s of CPU time"
    assert quick.verdict is Verdict.PASSED and quick.got == "42\n"


# The runner in a process of its own, as `tutor practice run` starts it: Linux counts a child's
# peak memory from the high-water mark of the process that started it, so a big pytest process
# would hide it. ``ballast_mib`` makes that process big on purpose.
SMALL_RUN = """
import json, sys
from tutor.core.practice.runner import Compare, Isolation, Limits, StdioCase, run_stdio
source, cases, memory_mib, isolation, ballast_mib = json.loads(sys.stdin.read())
ballast = bytearray(ballast_mib << 20)
for i in range(0, len(ballast), 4096):
    ballast[i] = 1
cases = [StdioCase(name, given.encode(), answer.encode()) for name, given, answer in cases]
limits = Limits(time_limit=4.0, memory_mib=memory_mib)
result = run_stdio(source, "go", cases, limits, Compare(), Isolation(isolation))
print(json.dumps([[r.verdict.value, r.message] for r in result.results]))
"""


def run_apart(
    cases: list[tuple[str, str, str]],
    memory_mib: int,
    isolation: str = "limits",
    ballast_mib: int = 0,
) -> list[tuple[Verdict, str | None]]:
    """HOLD run on ``cases`` by the runner in a fresh Python process of tutor's."""
    job = json.dumps([HOLD, cases, memory_mib, isolation, ballast_mib])
    done = subprocess.run(
        [sys.executable, "-c", SMALL_RUN],
        input=job,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return [(Verdict(v), message) for v, message in json.loads(done.stdout)]


@needs_go
def test_the_memory_limit_binds_for_go_and_a_program_inside_it_passes() -> None:
    # Go reserves ~700 MiB of address space at start and its GOMEMLIMIT is only a goal: the
    # verdict must still follow the limit, both ways
    cases = [("half", "64\n", "64\n"), ("over", "192\n", "192\n")]
    cases += [("runaway", "-1\n", "0\n"), ("after", "1\n", "1\n")]
    half, over, runaway, after = run_apart(cases, 128)
    assert half[0] is Verdict.PASSED, half
    for failed in (over, runaway):
        assert failed == (Verdict.MEMORY_LIMIT, "needed more than 128 MiB of memory")
    assert after[0] is Verdict.PASSED


@needs_go
def test_a_big_tutor_process_does_not_make_a_small_go_program_over_its_limit() -> None:
    # the process that starts the run holds 300 MiB: its own size must not count as the
    # program's (every Go run in a big process was a memory limit); the runaway still is one
    cases = [("small", "8\n", "8\n"), ("runaway", "-1\n", "0\n")]
    small, runaway = run_apart(cases, 128, ballast_mib=300)
    assert small[0] is Verdict.PASSED, small
    assert runaway[0] is Verdict.MEMORY_LIMIT, runaway


@needs_go
def test_endless_recursion_in_go_is_its_stack_outgrowing_the_memory_limit() -> None:
    source = (
        'package main\n\nimport "fmt"\n\nfunc depth(n int) int {\n\treturn depth(n+1) + 1\n}\n'
        "\nfunc main() {\n\tfmt.Println(depth(0))\n}\n"
    )
    result = run_stdio(source, "go", [StdioCase("deep", b"", b"0\n")], Limits(), Compare())
    (deep,) = result.results
    assert deep.verdict is Verdict.MEMORY_LIMIT
    assert deep.message == (
        "needed more than 256 MiB of memory for its stack — a recursion too deep, or one"
        " that never ends?"
    )


@needs_go
def test_go_builds_as_the_run_user_and_leaves_nothing_in_its_folder() -> None:
    # the build cache and GOPATH live in the compile's own working folder: the program starts
    # in an empty one, as a user that is not root (as root: a uid of the run's own)
    source = (
        'package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n'
        '\tentries, err := os.ReadDir(".")\n\thome, _ := os.UserHomeDir()\n'
        "\tcwd, _ := os.Getwd()\n"
        "\tfmt.Println(len(entries), err == nil, os.Getuid() == 0, home == cwd)\n}\n"
    )
    result = run_stdio(
        source, "go", [StdioCase("folder", b"", b"0 true false true\n")], Limits(), Compare()
    )
    assert result.compile_error is None
    assert result.results[0].verdict is Verdict.PASSED, result.results[0]
    assert result.notes == []  # no "compiled as you": the build ran as the run's user too


@needs_go
@pytest.mark.parametrize("variant", ["bwrap", "unshare"])
def test_go_compiles_and_runs_in_strict_isolation_within_its_limits(
    variant: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    reason = availability.probe(StrictSandbox(variant))
    if reason is not None:
        pytest.skip(reason)
    monkeypatch.setenv(availability.CHOICE, variant)
    cases = [StdioCase("half", b"64\n", b"64\n")]
    limits = Limits(time_limit=4.0, memory_mib=128)
    result = run_stdio(HOLD, "go", cases, limits, Compare(), Isolation.STRICT)
    assert result.compile_error is None and result.network_cut
    assert result.results[0].verdict is Verdict.PASSED, result.results[0]
    half, over = run_apart([("half", "64\n", "64\n"), ("over", "192\n", "192\n")], 128, "strict")
    assert half[0] is Verdict.PASSED, half
    assert over[0] is Verdict.MEMORY_LIMIT, over


def test_a_function_problem_in_go_is_one_line_and_exit_2(
    isolated_home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "pairs.go"
    path.write_text("package main\n\nfunc main() {}\n")
    code, out, err = cli(capsys, "practice", "run", "pairs-under-limit", str(path))
    assert (code, out) == (2, "")
    assert err == "tutor: function tests run in Python or JavaScript, not go\n"


@pytest.fixture
def go_not_installed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The runner looks for a go program that no machine has."""
    toolchains._detect.cache_clear()
    monkeypatch.setitem(toolchains.PROGRAMS, "go", {"compile": ("go-is-not-installed-here",)})
    yield
    monkeypatch.undo()
    toolchains._detect.cache_clear()


def test_a_missing_go_is_one_clear_line(
    go_not_installed: None, isolated_home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    said = "go is not installed — install Go (https://go.dev/dl/, or apt install golang-go)"
    assert languages()["go"].missing == said
    with pytest.raises(LanguageUnavailable) as caught:
        run_stdio("package main", "go", [StdioCase("a", b"", b"")], Limits(), Compare())
    assert str(caught.value) == said
    path = solution(tmp_path, MAZE)
    code, out, err = cli(capsys, "practice", "run", "maze-steps", path)
    assert (code, out, err) == (2, "", f"tutor: {said}\n")
