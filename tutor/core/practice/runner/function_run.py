"""Function tests: every case of a problem in one child (one interpreter start) — the
harness calls ``entry_point(*args)`` per case and reports over its own channel; a case that
kills the child gets its verdict and the rest go on in a fresh one."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence

from tutor.core.practice.runner.case_watch import CaseWatch
from tutor.core.practice.runner.commands import harness_argv
from tutor.core.practice.runner.confine import process_limit
from tutor.core.practice.runner.descriptors import memory_file, rewrite
from tutor.core.practice.runner.failures import LanguageUnavailable, RunnerError
from tutor.core.practice.runner.harness_code import harness_text, python_bytecode
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
EXTENSION = {"python": "py", "javascript": "js"}


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
    encoded = [encode_args(c.args) for c in cases]
    with Sandbox(isolation, chain) as box:
        program, _ = box.program("run")
        folder = box.folder
        solution = folder.write(f"solution.{EXTENSION[language]}", source.encode())
        harness = harness_text(language)
        compiled = python_bytecode(program) if language == "python" else None
        if language == "javascript":
            harness = str(folder.write("harness.js", harness.encode()))
        job_fd = memory_file(b"")
        code_fd = memory_file(compiled) if compiled is not None else None
        try:
            job = (job_fd, encoded, code_fd)
            results = _run_cases(
                box,
                language,
                program,
                harness,
                str(solution),
                job,
                entry_point,
                cases,
                limits,
                compare,
            )
        finally:
            for fd in (job_fd, code_fd):
                if fd is not None:
                    os.close(fd)
        ordered = [results[i] for i in range(len(cases))]
        return RunResult(ordered, None, box.network_cut, isolation, language, box.notes)


def _job(limits: Limits, cases: list[str], rlimits: dict[str, tuple[int, int]] | None) -> bytes:
    """What the harness reads first, one JSON text a line: the time limit and the limits it
    must set on itself (if any), then each case's arguments."""
    head = {"time_limit": limits.time_limit, "rlimits": rlimits}
    return "\n".join([json.dumps(head), *cases]).encode()


def _run_cases(
    box: Sandbox,
    language: str,
    program: str,
    harness: str,
    solution: str,
    job: tuple[int, list[str], int | None],
    entry: str,
    cases: Sequence[FunctionCase],
    limits: Limits,
    compare: Compare,
) -> dict[int, TestResult]:
    """Every case a verdict: one child, and a fresh one after each case that killed one."""
    results: dict[int, TestResult] = {}
    first = 0
    while first < len(cases):
        watch = CaseWatch(cases, limits, compare, language, entry, first)
        rl = run_limits(language, limits, cases=len(cases) - first)
        # Python's harness sets its own limits, before the student's code: one exec fewer
        itself = language == "python" and box.harness_sets_limits()
        job_fd, encoded, code_fd = job
        if code_fd is not None:
            os.lseek(code_fd, 0, os.SEEK_SET)  # a fresh child reads it from its start
        pairs = rl.as_pairs(process_limit(rl)) if itself else None
        rewrite(job_fd, _job(limits, encoded, pairs))
        devnull = os.open(os.devnull, os.O_RDONLY)
        try:
            watch.child = box.start(
                harness_argv(
                    language, program, harness, solution, (job_fd, code_fd), entry, first, limits
                ),
                rl,
                stdin=devnull,
                output_cap=limits.output_bytes,
                seconds=limits.wall_seconds + STARTUP_SECONDS,
                keep_fds=(job_fd,) if code_fd is None else (job_fd, code_fd),
                child_sets_limits=itself,
            )
        finally:
            os.close(devnull)
        outcome = watch.child.watch(watch.on_message)
        results.update(watch.results)
        done_all = all(i in results for i in range(first, len(cases)))
        first = len(cases) if done_all else watch.died(outcome, first)
        results.update(watch.results)
    return results
