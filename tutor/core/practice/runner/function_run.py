"""Function tests: every case of a problem in one child (one interpreter start) — the
harness calls ``entry_point(*args)`` per case and reports over its own channel; a case that
kills the child gets its verdict and the rest go on in a fresh one."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Sequence
from importlib import resources

from tutor.core.practice.runner.case_watch import CaseWatch
from tutor.core.practice.runner.commands import harness_argv
from tutor.core.practice.runner.failures import LanguageUnavailable, RunnerError
from tutor.core.practice.runner.model import (
    Compare,
    FunctionCase,
    Isolation,
    Limits,
    RunResult,
    TestResult,
)
from tutor.core.practice.runner.rlimits import run_limits
from tutor.core.practice.runner.sandbox import Sandbox
from tutor.core.practice.runner.toolchains import FUNCTION_KIND, language_of, toolchain
from tutor.core.practice.runner.values import encode_args

STARTUP_SECONDS = 5.0  # starting the interpreter and loading the file, beyond the time limit
HARNESS = {
    "python": ("harness_python.py", "harness.py"),
    "javascript": ("harness_node.js", "harness.js"),
}


def _harness_argv(
    language: str,
    program: str,
    folder: str,
    entry: str,
    first: int,
    limits: Limits,
    channel: int,
    ack: int,
) -> list[str]:
    return harness_argv(language, program, folder, channel, ack, entry, first, limits)


def _harness_source(language: str) -> bytes:
    name = HARNESS[language][0]
    return resources.files("tutor.core.practice.runner").joinpath(name).read_bytes()


def run_function(
    source: str,
    language: str,
    entry_point: str,
    cases: Sequence[FunctionCase],
    limits: Limits,
    compare: Compare,
    isolation: Isolation = Isolation.LIMITS,
) -> RunResult:
    """Call ``entry_point`` of ``source`` once per case, all cases in one child process."""
    language = language_of(language)
    if language not in FUNCTION_KIND:
        raise RunnerError(f"function tests run in Python or JavaScript, not {language}")
    chain = toolchain(language)
    if not chain.available:
        raise LanguageUnavailable(str(chain.missing))
    with Sandbox(isolation, chain) as box:
        program, _ = box.program("run")
        folder = box.folder
        folder.write("solution" + (".py" if language == "python" else ".js"), source.encode())
        folder.write(HARNESS[language][1], _harness_source(language))
        job = {"time_limit": limits.time_limit, "cases": [encode_args(c.args) for c in cases]}
        folder.write("job.json", json.dumps(job).encode())
        results: dict[int, TestResult] = {}
        first = 0
        while first < len(cases):
            watch = CaseWatch(cases, limits, compare, language, entry_point)
            rl = run_limits(language, limits, cases=len(cases) - first)
            devnull = os.open(os.devnull, os.O_RDONLY)
            try:
                watch.child = box.start(
                    functools.partial(
                        _harness_argv,
                        language,
                        program,
                        str(folder.program),
                        entry_point,
                        first,
                        limits,
                    ),
                    rl,
                    stdin=devnull,
                    output_cap=limits.output_bytes,
                    seconds=limits.wall_seconds + STARTUP_SECONDS,
                )
            finally:
                os.close(devnull)
            outcome = watch.child.watch(watch.on_message)
            results.update(watch.results)
            done_all = all(i in results for i in range(first, len(cases)))
            first = len(cases) if done_all else watch.died(outcome, first)
            results.update(watch.results)
        return RunResult(
            [results[i] for i in range(len(cases))],
            None,
            box.network_cut,
            isolation,
            language,
            box.notes,
        )
