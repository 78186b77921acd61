"""What Go costs in the practice runner: compiling (an empty build cache each run) and running.

    .venv/bin/python bench/bench_practice_go.py [--runs 7] [--isolation limits|strict]

The program: a breadth-first search solving the built-in `maze-steps` (imports bufio, fmt, os).
*go build, empty cache*: ``go build`` as the runner calls it (no modules, no cgo, a fresh
GOCACHE and GOPATH), bare, in a temporary folder. *warm cache*: the same build again with the
cache the first one filled. *go build -a*: every imported package compiled too — what a Go
that ships no compiled standard library (Go ≥ 1.20) does with an empty cache. *runner, compile
only*: ``run_stdio`` with no tests (run user, run folder, the exec wrapper, the build).
*runner, all tests*: ``run_stdio`` on the problem's tests (compile once, one process per
test) against *bare*: the built binary started once per test with ``subprocess.run``.
Runs interleaved; medians of wall time and of CPU time (this process and its children).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.practice.test_runner_go import MAZE  # noqa: E402
from tutor.core.practice.runner import Compare, Isolation, Limits, StdioCase, run_stdio  # noqa: E402
from tutor.core.practice.runner.commands import GO_ENV  # noqa: E402
from tutor.core.practice.runner.toolchains import languages  # noqa: E402

SOURCE = MAZE.replace("NO_WAY", "-1")
PROBLEM = ROOT / "problems" / "maze-steps" / "data"


def cases() -> list[StdioCase]:
    found = sorted(PROBLEM.glob("*/*.in"))
    return [StdioCase(p.stem, p.read_bytes(), p.with_suffix(".ans").read_bytes()) for p in found]


def cpu() -> float:
    own, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(work: Callable[[], object]) -> tuple[float, float]:
    wall, used = time.perf_counter(), cpu()
    work()
    return time.perf_counter() - wall, cpu() - used


def go_build(go: str, folder: Path, cache: Path, *flags: str) -> None:
    env = GO_ENV | {"GOCACHE": str(cache), "GOPATH": str(folder / "go-path")}
    env |= {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(folder)}
    argv = [go, "build", *flags, "-o", str(folder / "solution"), str(folder / "solution.go")]
    subprocess.run(argv, env=env, cwd=folder, check=True, capture_output=True)


def bare_round(
    go: str, tests: list[StdioCase], add: Callable[[str, tuple[float, float]], None]
) -> None:
    """The builds and the binary on its own, in a temporary folder."""
    folder = Path(tempfile.mkdtemp(prefix="bench-go-"))
    try:
        (folder / "solution.go").write_text(SOURCE)
        add("go build, empty cache", timed(partial(go_build, go, folder, folder / "c1")))
        add("go build, warm cache", timed(partial(go_build, go, folder, folder / "c1")))
        add("go build -a, empty cache", timed(partial(go_build, go, folder, folder / "c2", "-a")))
        add(f"bare: the binary, {len(tests)} tests", timed(partial(bare, folder, tests)))
    finally:
        shutil.rmtree(folder)


def bare(folder: Path, tests: list[StdioCase]) -> None:
    for case in tests:
        done = subprocess.run([str(folder / "solution")], input=case.input, capture_output=True)
        assert done.stdout.split() == case.answer.split(), case.name


def runner(tests: list[StdioCase], isolation: Isolation) -> None:
    result = run_stdio(SOURCE, "go", tests, Limits(time_limit=4.0), Compare(), isolation)
    assert result.passed == len(tests), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--isolation", choices=["limits", "strict"], default="limits")
    args = parser.parse_args()
    chain = languages()["go"]
    if not chain.available:
        sys.exit(str(chain.missing))
    go = chain.program("compile")
    isolation = Isolation(args.isolation)
    tests = cases()
    limits = Limits(time_limit=4.0)
    results: dict[str, list[tuple[float, float]]] = {}

    def add(name: str, figures: tuple[float, float]) -> None:
        results.setdefault(name, []).append(figures)

    for _ in range(args.runs):
        bare_round(go, tests, add)
        compile_only = partial(run_stdio, SOURCE, "go", [], limits, Compare(), isolation)
        add("runner, compile only", timed(compile_only))
        add(f"runner, compile + {len(tests)} tests", timed(partial(runner, tests, isolation)))

    done = subprocess.run([go, "version"], capture_output=True, text=True)
    load = os.getloadavg()[0]
    print(f"{done.stdout.strip()} · {args.isolation} · {args.runs} runs · load {load:.1f}")
    for name, figures in results.items():
        wall = statistics.median(w for w, _ in figures)
        used = statistics.median(c for _, c in figures)
        print(f"{name:<32} wall {wall * 1000:7.0f} ms   CPU {used * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
