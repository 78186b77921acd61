"""`run_function` on 20 function cases versus a bare `python3` making the same calls.

    .venv/bin/python bench/bench_practice_run.py [--runs 21] [--isolation limits|strict]

Same source (a hash-map pair-sum), same 20 cases. *Bare*: the interpreter the runner uses,
started with ``subprocess.run``, loads the file and calls the function once per case, printing
each result as JSON. *Runner*: ``run_function`` — a run user and a fresh folder, the exec
wrapper (unshare, setpriv, prlimit), the harness with its channel, per-case limits and
comparing. Runs interleaved; medians of wall time and their ratio (the goal is ≤ 1.5×), and
of CPU time (this process and its children: steadier than wall time on a busy machine). Then
where the runner's extra time goes: the same wrapper around ``python -c pass`` versus a bare
one. Last, the whole command: ``python -m tutor practice run ID FILE --pack DIR`` (a fresh
process: start-up, the pack read, the run, the store written, the report printed; a pack of one
problem holding the same 20 cases, a fresh config and data folder) against the same bare
``python3``, interleaved.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.core.practice.runner import Compare, FunctionCase, Isolation, Limits, run_function
from tutor.core.practice.runner.confine import limits_confinement
from tutor.core.practice.runner.rlimits import run_limits
from tutor.core.practice.runner.runuser import claim_run_user
from tutor.core.practice.runner.toolchains import languages

SOURCE = """
def pair_sum(numbers, target):
    seen = {}
    for i, n in enumerate(numbers):
        if target - n in seen:
            return [seen[target - n], i]
        seen[n] = i
    return None
"""
BARE = """
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("solution", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
for args in json.load(open(sys.argv[2])):
    print(json.dumps(module.pair_sum(*args)))
"""


def make_cases(count: int = 20) -> list[FunctionCase]:
    rng = random.Random(9)
    cases = []
    for i in range(count):
        numbers = rng.sample(range(1, 10_000), 50 + 50 * i)
        a, b = sorted(rng.sample(range(len(numbers)), 2))
        cases.append(FunctionCase(f"case-{i}", [numbers, numbers[a] + numbers[b]], None))
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--isolation", choices=["limits", "strict"], default="limits")
    options = parser.parse_args()
    isolation = Isolation(options.isolation)
    python = languages()["python"].programs["run"]
    cases = make_cases()
    times: dict[str, list[float]] = {"bare": [], "runner": []}
    cpu: dict[str, list[float]] = {"bare": [], "runner": []}
    with tempfile.TemporaryDirectory() as where:
        solution, job = Path(where) / "solution.py", Path(where) / "cases.json"
        solution.write_text(SOURCE)
        job.write_text(json.dumps([c.args for c in cases]))
        for i in range(options.runs):
            for name in ("bare", "runner") if i % 2 else ("runner", "bare"):
                started, used = time.perf_counter(), cpu_now()
                if name == "bare":
                    subprocess.run([python, "-c", BARE, str(solution), str(job)], check=True,
                                   capture_output=True)  # fmt: skip
                else:
                    result = run_function(
                        SOURCE, "python", "pair_sum", cases, Limits(), Compare(), isolation
                    )
                    assert result.total == 20 and result.passed == 0  # expected None: wrong
                times[name].append(time.perf_counter() - started)
                cpu[name].append(cpu_now() - used)
    bare, runner = (statistics.median(times[n]) for n in ("bare", "runner"))
    print(f"python: {python}; {options.runs} runs each, interleaved; isolation {isolation.value}")
    print(f"bare python3, 20 calls:     {bare * 1000:6.1f} ms")
    print(f"run_function, 20 cases:     {runner * 1000:6.1f} ms   ratio {runner / bare:.2f}x")
    bare_cpu, runner_cpu = (statistics.median(cpu[n]) for n in ("bare", "runner"))
    print(f"CPU time: bare {bare_cpu * 1000:.1f} ms, runner {runner_cpu * 1000:.1f} ms"
          f"   ratio {runner_cpu / bare_cpu:.2f}x")  # fmt: skip
    wrapper_cost(python, options.runs)
    command_cost(python, cases, options.runs)


def cpu_now() -> float:
    """CPU seconds of this process and its waited-for children so far."""
    mine, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def wrapper_cost(python: str, runs: int) -> None:
    """The exec wrapper alone (as a Python harness gets it: it sets its own limits): the same
    chain around ``python -I -c pass``."""
    user = claim_run_user()
    try:
        rl = run_limits("python", Limits(), cases=20)
        confined = limits_confinement(user, rl, child_sets_limits=True)
        plain = [python, "-I", "-c", "pass"]
        times: dict[str, list[float]] = {"plain": [], "wrapped": []}
        for _ in range(runs):
            for name, argv in (("plain", plain), ("wrapped", [*confined.prefix, *plain])):
                started = time.perf_counter()
                subprocess.run(argv, check=True, cwd="/")
                times[name].append(time.perf_counter() - started)
    finally:
        if user is not None:
            user.release()
    plain_ms, wrapped_ms = (statistics.median(times[n]) * 1000 for n in ("plain", "wrapped"))
    print(f"python -I -c pass:          {plain_ms:6.1f} ms")
    print(f"  inside the exec wrapper:  {wrapped_ms:6.1f} ms   (+{wrapped_ms - plain_ms:.1f} ms)")


def command_cost(python: str, cases: list[FunctionCase], runs: int) -> None:
    """`tutor practice run` as a student types it, against the bare interpreter."""
    namespace: dict[str, object] = {}
    exec(SOURCE, namespace)
    solve = namespace["pair_sum"]
    with tempfile.TemporaryDirectory() as where:
        root = Path(where)
        folder = root / "pack" / "pairs-20"
        (folder / "statement").mkdir(parents=True)
        (folder / "starter").mkdir()
        (folder / "problem.yaml").write_text(
            "name: {en: Twenty pairs}\ndifficulty: 1\nconcepts: [hashing]\nkind: function\n"
            "entry_point: pair_sum\nlimits: {time_limit: 2, memory: 256}\n"
        )
        (folder / "statement" / "problem.en.md").write_text("# Twenty pairs\n")
        (folder / "starter" / "python.py").write_text("def pair_sum(numbers, target):\n    pass\n")
        rows = [
            {"name": c.name, "args": c.args, "expected": solve(*c.args), "sample": i == 0}  # type: ignore[operator]
            for i, c in enumerate(cases)
        ]
        (folder / "tests.yaml").write_text(json.dumps({"cases": rows}))  # JSON is YAML
        solution, job = root / "solution.py", root / "cases.json"
        solution.write_text(SOURCE)
        job.write_text(json.dumps([c.args for c in cases]))
        env = dict(os.environ)
        env.update(
            TUTOR_CONFIG=str(root / "config.yaml"),
            TUTOR_DATA_DIR=str(root / "data"),
            PYTHONPATH=str(Path(__file__).resolve().parent.parent),
        )
        command = [sys.executable, "-m", "tutor", "practice", "run", "pairs-20", str(solution)]
        command += ["--pack", str(root / "pack")]
        bare = [python, "-c", BARE, str(solution), str(job)]
        times: dict[str, list[float]] = {"bare": [], "command": []}
        cpu: dict[str, list[float]] = {"bare": [], "command": []}
        for i in range(runs):
            for name in ("bare", "command") if i % 2 else ("command", "bare"):
                started, used = time.perf_counter(), cpu_now()
                done = subprocess.run(
                    bare if name == "bare" else command, capture_output=True, env=env, text=True
                )
                times[name].append(time.perf_counter() - started)
                cpu[name].append(cpu_now() - used)
                assert done.returncode == 0, done.stdout + done.stderr
                if name == "command":
                    assert "passed 20 of 20 tests" in done.stdout, done.stdout
    bare_s, command_s = (statistics.median(times[n]) for n in ("bare", "command"))
    print(f"tutor practice run (whole command): {command_s * 1000:6.1f} ms"
          f"   vs bare {bare_s * 1000:.1f} ms   ratio {command_s / bare_s:.2f}x")  # fmt: skip
    bare_cpu, command_cpu = (statistics.median(cpu[n]) for n in ("bare", "command"))
    print(f"  CPU time: bare {bare_cpu * 1000:.1f} ms, command {command_cpu * 1000:.1f} ms"
          f"   ratio {command_cpu / bare_cpu:.2f}x")  # fmt: skip


if __name__ == "__main__":
    main()
