"""Function tests: every case of a problem in one child (one interpreter start) — the
harness calls ``entry_point(*args)`` per case and reports over its own channel; a case that
kills the child gets its verdict and the rest go on in a fresh one."""

from __future__ import annotations

import functools
import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from tutor.core.practice.runner.commands import harness_argv
from tutor.core.practice.runner.compare import same
from tutor.core.practice.runner.diagnose import crash_message, limit_verdict
from tutor.core.practice.runner.failures import LanguageUnavailable, RunnerError
from tutor.core.practice.runner.model import (
    Compare,
    FunctionCase,
    Isolation,
    Limits,
    RunResult,
    TestResult,
    Verdict,
)
from tutor.core.practice.runner.process import Child, Outcome
from tutor.core.practice.runner.rlimits import run_limits
from tutor.core.practice.runner.sandbox import Sandbox
from tutor.core.practice.runner.toolchains import FUNCTION_KIND, language_of, toolchain
from tutor.core.practice.runner.values import decode, encode_args, show

STARTUP_SECONDS = 5.0  # starting the interpreter and loading the file, beyond the time limit
PRINTED_CHARS = 4096
HARNESS = {
    "python": ("harness_python.py", "harness.py"),
    "javascript": ("harness_node.js", "harness.js"),
}
KIND_VERDICT = {
    "time": Verdict.TIME_LIMIT,
    "memory": Verdict.MEMORY_LIMIT,
    "exit": Verdict.RUNTIME_ERROR,
    "error": Verdict.RUNTIME_ERROR,
}
EXIT_ADVICE = " — a function returns its answer instead of ending the program"


def printed(out: bytes, err: bytes) -> str | None:
    text = (out + err).decode("utf-8", "replace")
    if not text:
        return None
    return text if len(text) <= PRINTED_CHARS else text[:PRINTED_CHARS] + "… (cut)"


@dataclass
class _Watch:
    """What one child has reported so far."""

    cases: Sequence[FunctionCase]
    limits: Limits
    compare: Compare
    language: str
    entry: str
    child: Child | None = None
    results: dict[int, TestResult] = field(default_factory=dict)
    current: int | None = None
    loaded: bool = False
    load_problem: TestResult | None = None

    def on_message(self, message: dict[str, Any]) -> None:
        assert self.child is not None
        kind = message.get("e")
        now = time.monotonic()
        if kind == "ready":
            self.loaded = True
            self.child.take_output()  # what loading printed belongs to no case
            self.child.ack()
        elif kind == "start":
            self.current = int(message["i"])  # nothing is printed between an ack and this
            self.child.set_deadline(now + self.limits.wall_seconds + 0.5)
        elif kind == "done":
            self.finish(message)
            self.child.set_deadline(now + self.limits.wall_seconds + 0.5)
            self.child.ack()
        elif kind == "load_failed":
            verdict = KIND_VERDICT.get(str(message.get("kind")), Verdict.RUNTIME_ERROR)
            text = str(message.get("message") or "")
            if message.get("kind") == "exit":
                text += " while your file was loading" + EXIT_ADVICE
            else:
                text = f"while loading your file: {text}"
            self.load_problem = TestResult("", verdict, 0.0, message=text, line=message.get("line"))
        elif kind == "no_entry":
            names = [str(n) for n in message.get("names") or []]
            text = f"your file has no function named {self.entry}"
            text += f" (it defines {', '.join(names)})" if names else ""
            self.load_problem = TestResult("", Verdict.RUNTIME_ERROR, 0.0, message=text)

    def finish(self, message: dict[str, Any]) -> None:
        assert self.child is not None
        i = int(message["i"])
        case = self.cases[i]
        out, err = self.child.take_output()
        cpu = float(message.get("cpu") or 0.0)
        expected = show(case.expected, self.language)
        said = printed(out, err)
        if not message.get("ok"):
            verdict = KIND_VERDICT.get(str(message.get("kind")), Verdict.RUNTIME_ERROR)
            text = str(message.get("message") or "failed")
            text += EXIT_ADVICE if message.get("kind") == "exit" else ""
            line = message.get("line")
            result = TestResult(case.name, verdict, cpu, None, expected, text, line, said)
        else:
            value = decode(message.get("value"))
            got = show(value, self.language)
            if cpu > self.limits.time_limit:
                text = f"used more than {self.limits.time_limit:g} s of CPU time"
                result = TestResult(
                    case.name, Verdict.TIME_LIMIT, cpu, got, expected, text, None, said
                )
            elif same(value, case.expected, self.compare):
                result = TestResult(case.name, Verdict.PASSED, cpu, got, expected, None, None, said)
            else:
                result = TestResult(
                    case.name, Verdict.WRONG_ANSWER, cpu, got, expected, None, None, said
                )
        self.results[i] = result
        self.current = None

    def died(self, outcome: Outcome, first: int) -> int:
        """Give verdicts for what the child's death cut short; the next case to run."""
        if self.load_problem is not None:
            for i in range(first, len(self.cases)):
                base = self.load_problem
                self.results[i] = TestResult(
                    self.cases[i].name,
                    base.verdict,
                    0.0,
                    None,
                    show(self.cases[i].expected, self.language),
                    base.message,
                    base.line,
                )
            return len(self.cases)
        victim = self.current if self.current is not None else None
        if victim is None and not self.loaded:
            victim = first  # it died while loading: every case would, so all get this verdict
        if victim is None:
            done = [i for i in self.results if i >= first]
            victim = max(done) + 1 if done else first
            if victim >= len(self.cases):
                return victim
        out, err = self.child.take_output() if self.child else (b"", b"")
        limit = limit_verdict(outcome, self.limits, self.language)
        if limit is not None:
            verdict, text = limit
        else:
            verdict = Verdict.RUNTIME_ERROR
            last = [x for x in err.decode("utf-8", "replace").splitlines() if x.strip()]
            text = (
                last[-1].strip() if last else crash_message(outcome) + " in the middle of this test"
            )
        if not self.loaded:
            text = f"while loading your file: {text}"
        case = self.cases[victim]
        expected = show(case.expected, self.language)
        cpu = outcome.cpu if limit and verdict is Verdict.TIME_LIMIT else 0.0
        self.results[victim] = TestResult(
            case.name, verdict, cpu, None, expected, text, None, printed(out, err)
        )
        if not self.loaded:
            for i in range(victim + 1, len(self.cases)):
                other = self.cases[i]
                self.results[i] = TestResult(
                    other.name, verdict, 0.0, None, show(other.expected, self.language), text
                )
            return len(self.cases)
        return victim + 1


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
            watch = _Watch(cases, limits, compare, language, entry_point)
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
