"""Stdio tests: the program compiled once (when its language is compiled), then run once per
test with the test's input on stdin; its output compared token by token with the answer."""

from __future__ import annotations

import os
from collections.abc import Sequence

from tutor.core.practice.runner.commands import build, run_argv, run_env, source_name
from tutor.core.practice.runner.compare import output_difference
from tutor.core.practice.runner.descriptors import memory_file
from tutor.core.practice.runner.diagnose import (
    crash_message,
    first_errors,
    limit_note,
    limit_verdict,
    runtime_error,
    strip_paths,
)
from tutor.core.practice.runner.failures import LanguageUnavailable
from tutor.core.practice.runner.model import (
    Compare,
    Isolation,
    Limits,
    RunResult,
    StdioCase,
    TestResult,
    Verdict,
)
from tutor.core.practice.runner.process import Outcome
from tutor.core.practice.runner.rlimits import COMPILE_CPU, compile_limits, run_limits
from tutor.core.practice.runner.sandbox import Sandbox
from tutor.core.practice.runner.toolchains import language_of, toolchain

COMPILED = ("cpp", "java", "rust", "go")
INTERPRETED = ("python", "javascript", "java")  # java: the JVM runs the compiled classes
COMPILE_WALL = 2 * COMPILE_CPU
COMPILE_OUTPUT = 1 << 20
SHOWN = 4096


def _shown(data: bytes) -> str:
    text = data.decode("utf-8", "replace")
    return text if len(text) <= SHOWN else text[:SHOWN] + f"… ({len(text) - SHOWN} more characters)"


def _compile(box: Sandbox, language: str, name: str) -> str | None:
    """Compile the source into ``program/``; the compiler's first errors when it fails."""
    compiler, as_user = box.program("compile")
    step = build(language, compiler, f"{box.folder.program}/{name}", str(box.folder.work))
    devnull = os.open(os.devnull, os.O_RDONLY)
    try:
        child = box.start(
            step.argv,
            compile_limits(),
            stdin=devnull,
            output_cap=COMPILE_OUTPUT,
            seconds=COMPILE_WALL,
            as_user=as_user,
            env=step.env,
        )
    finally:
        os.close(devnull)
    outcome = child.watch()
    built = all((box.folder.work / output).exists() for output in step.outputs)
    if outcome.exit_code == 0 and built:
        box.folder.adopt(step.outputs)
        box.folder.fresh_work()
        return None
    if outcome.timed_out or outcome.cpu >= COMPILE_CPU:
        return f"the compiler ran out of time ({COMPILE_CPU} s of CPU)"
    said = (outcome.stdout + outcome.stderr).decode("utf-8", "replace")
    folders = [str(box.folder.program), str(box.folder.work), str(box.folder.root)]
    folders.append(os.path.relpath(box.folder.program, box.folder.work))  # go's ../program/
    text = first_errors(strip_paths(said, folders), language)
    if outcome.signal is not None and not said.strip():
        text = f"the compiler {crash_message(outcome)}"
    return text


def _judge(
    case: StdioCase, outcome: Outcome, limits: Limits, compare: Compare, language: str, name: str
) -> TestResult:
    got, expected = _shown(outcome.stdout), _shown(case.answer)
    stderr = outcome.stderr.decode("utf-8", "replace")
    printed = _shown(outcome.stderr) if outcome.stderr else None
    limit = limit_verdict(outcome, limits, language)
    if limit is not None:
        verdict, message = limit
        return TestResult(case.name, verdict, outcome.cpu, got, expected, message, None, printed)
    if outcome.signal is not None or outcome.exit_code != 0:
        message, line = runtime_error(language, stderr, name)
        message = limit_note(message) if message else crash_message(outcome)
        return TestResult(
            case.name, Verdict.RUNTIME_ERROR, outcome.cpu, got, expected, message, line, printed
        )
    difference = output_difference(outcome.stdout, case.answer, compare)
    verdict = Verdict.PASSED if difference is None else Verdict.WRONG_ANSWER
    return TestResult(case.name, verdict, outcome.cpu, got, expected, difference, None, printed)


def run_stdio(
    source: str,
    language: str,
    cases: Sequence[StdioCase],
    limits: Limits,
    compare: Compare,
    isolation: Isolation = Isolation.LIMITS,
) -> RunResult:
    """Run the program once per case (compiling it first when its language is compiled)."""
    language = language_of(language)
    chain = toolchain(language)
    if not chain.available:
        raise LanguageUnavailable(str(chain.missing))
    with Sandbox(isolation, chain) as box:
        name = source_name(language, source)
        box.folder.write(name, source.encode())
        program = box.program("run")[0] if language in INTERPRETED else None
        error = _compile(box, language, name) if language in COMPILED else None
        if error is not None:
            failed = [TestResult(c.name, Verdict.COMPILE_ERROR, 0.0, message=error) for c in cases]
            return RunResult(failed, error, box.network_cut, isolation, language, box.notes)
        argv = run_argv(language, program, str(box.folder.program), source, limits)
        rl = run_limits(language, limits)
        results = []
        for case in cases:
            box.folder.fresh_work()
            stdin = memory_file(case.input)
            try:
                child = box.start(
                    argv,
                    rl,
                    stdin=stdin,
                    output_cap=limits.output_bytes,
                    seconds=limits.wall_seconds,
                    env=run_env(language, limits),
                )
            finally:
                os.close(stdin)
            outcome = child.watch()
            results.append(_judge(case, outcome, limits, compare, language, name))
        return RunResult(results, None, box.network_cut, isolation, language, box.notes)
