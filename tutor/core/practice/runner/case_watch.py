"""Following one harness child through a problem's cases: what it reports for each case
becomes a TestResult, and when it dies in the middle of one, that case gets the verdict."""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tutor.core.practice.runner.compare import same
from tutor.core.practice.runner.diagnose import crash_message, limit_note, limit_verdict
from tutor.core.practice.runner.model import Compare, FunctionCase, Limits, TestResult, Verdict
from tutor.core.practice.runner.process import Child, Outcome
from tutor.core.practice.runner.values import decode, show

PRINTED_CHARS = 4096
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
class CaseWatch:
    """What one child has reported so far."""

    cases: Sequence[FunctionCase]
    limits: Limits
    compare: Compare
    language: str
    entry: str
    first: int = 0  # the case this child starts with
    child: Child | None = None
    results: dict[int, TestResult] = field(default_factory=dict)
    current: int | None = None
    loaded: bool = False
    used_at_start: float = 0.0  # the child's CPU seconds when the current case started
    load_problem: TestResult | None = None

    def on_message(self, message: dict[str, Any]) -> None:
        """One report of the harness. The code under test can write on the channel too: what
        does not fit what the harness would say now is ignored, never trusted."""
        if message.get("e") == "done" and message.get("i") != self.current:
            return
        with contextlib.suppress(ValueError, TypeError, KeyError, IndexError, AttributeError):
            self._take(message)

    def _take(self, message: dict[str, Any]) -> None:
        assert self.child is not None
        kind = message.get("e")
        now = time.monotonic()
        if kind in ("ready", "done"):
            # after the ack the harness starts the next case at once: it is the current one
            if kind == "ready":
                self.loaded = True
                self.child.take_output()  # what loading printed belongs to no case
                self.current = self.first
            else:
                self.finish(message)
                self.current = int(message["i"]) + 1
            if self.current >= len(self.cases):
                self.current = None
            self.used_at_start = float(message.get("used") or 0.0)
            self.child.set_deadline(now + self.limits.wall_seconds + 0.5)
            self.child.ack()
        elif kind == "load_failed":
            verdict = KIND_VERDICT.get(str(message.get("kind")), Verdict.RUNTIME_ERROR)
            text = f"while loading your file: {self.explain(message)}"
            self.load_problem = TestResult("", verdict, 0.0, message=text, line=_line(message))
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
            text = self.explain(message)
            result = TestResult(case.name, verdict, cpu, None, expected, text, _line(message), said)
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

    def explain(self, message: dict[str, Any]) -> str:
        """Why a case failed, in the runner's words for limits, the error's own otherwise."""
        kind = message.get("kind")
        if kind == "time" and message.get("wall"):
            return (
                f"ran {self.limits.wall_seconds:g} s without finishing — is it waiting or sleeping?"
            )
        if kind == "time":
            return f"used more than {self.limits.time_limit:g} s of CPU time"
        if kind == "memory":
            return f"needed more than {self.limits.memory_mib} MiB of memory"
        text = str(message.get("message") or "failed")
        return text + EXIT_ADVICE if kind == "exit" else limit_note(text)

    def ended(self, outcome: Outcome, err: bytes) -> str:
        """Why the child ended in the middle of a case, when no limit explains it."""
        said = [x.strip() for x in err.decode("utf-8", "replace").splitlines() if x.strip()]
        if said:
            return limit_note(said[-1])
        if outcome.signal is not None:
            return crash_message(outcome) + " in the middle of this test"
        ending = f"the program ended in the middle of this test (exit status {outcome.exit_code})"
        return ending + EXIT_ADVICE

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
        # died while loading (every case would: all get this verdict), or in the current case
        victim = self.current if self.loaded else first
        if victim is None:
            return len(self.cases)  # after the last case: nothing was cut short
        out, err = outcome.stdout, outcome.stderr
        outcome = dataclasses.replace(outcome, cpu=max(0.0, outcome.cpu - self.used_at_start))
        limit = limit_verdict(outcome, self.limits, self.language)
        if limit is not None:
            verdict, text = limit
        else:
            verdict, text = Verdict.RUNTIME_ERROR, self.ended(outcome, err)
        if not self.loaded:
            text = f"while loading your file: {text}"
        case = self.cases[victim]
        expected = show(case.expected, self.language)
        cpu = outcome.cpu
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


def _line(message: dict[str, Any]) -> int | None:
    line = message.get("line")
    return line if isinstance(line, int) and not isinstance(line, bool) else None
