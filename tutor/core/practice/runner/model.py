"""What a run is asked to do and what it found: limits, cases, comparing rules, verdicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import Any


@dataclass(frozen=True)
class Limits:
    """What one test may use. ``time_limit`` is CPU seconds; a test also gets wall-clock time of
    ``3 × time_limit + 1`` s (for code that sleeps or waits) before it is stopped."""

    time_limit: float = 2.0
    memory_mib: int = 256
    output_bytes: int = 1 << 20  # stdout + stderr kept per test; more is an output limit

    @property
    def wall_seconds(self) -> float:
        return 3 * self.time_limit + 1


class Isolation(Enum):
    """How far the code is kept from the machine (the README's "Running your code" says it all)."""

    LIMITS = "limits"  # the student's own code
    STRICT = "strict"  # code nobody here wrote: packs from elsewhere, code in model replies


@dataclass(frozen=True)
class FunctionCase:
    """One call ``entry_point(*args)`` and the value it must return."""

    name: str
    args: list[Any]
    expected: Any


@dataclass(frozen=True)
class StdioCase:
    """One run of the program: ``input`` on stdin, ``answer`` the output it must print."""

    name: str
    input: bytes
    answer: bytes


@dataclass(frozen=True)
class Compare:
    """How an answer is compared (a pack's ``compare:``)."""

    float_tolerance: float | None = None  # absolute or relative, Kattis's rule
    unordered: bool = False  # function kind: a list result in any order
    case_sensitive: bool = False  # stdio kind: tokens compared ignoring case unless True


class Verdict(StrEnum):
    """A test's outcome; the value is what ``--json`` says, ``label`` what a person reads."""

    PASSED = "passed"
    WRONG_ANSWER = "wrong_answer"
    RUNTIME_ERROR = "runtime_error"
    TIME_LIMIT = "time_limit"
    MEMORY_LIMIT = "memory_limit"
    OUTPUT_LIMIT = "output_limit"
    COMPILE_ERROR = "compile_error"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


@dataclass(frozen=True)
class TestResult:
    """One test's verdict. ``got`` and ``expected`` are shown text (values as Python writes
    them for function tests, output for stdio tests); ``message`` says why it failed (a runtime
    error's last line, the first differing token, the limit hit); ``line`` is the line of the
    student's file a runtime error happened on; ``printed`` is what the code printed
    (function tests) or wrote to stderr (stdio tests), cut to 4 KiB."""

    __test__ = False  # not a pytest class

    name: str
    verdict: Verdict
    seconds: float
    got: str | None = None
    expected: str | None = None
    message: str | None = None
    line: int | None = None
    printed: str | None = None

    @property
    def passed(self) -> bool:
        return self.verdict is Verdict.PASSED


@dataclass(frozen=True)
class RunResult:
    """Every test's result, in the order given, and how the code was run."""

    results: list[TestResult]
    compile_error: str | None
    network_cut: bool
    isolation: Isolation
    language: str
    notes: list[str] = field(default_factory=list)  # how it ran, said once (e.g. "compiled as you")

    @property
    def passed(self) -> int:
        return sum(1 for r in self.results if r.passed)

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def all_passed(self) -> bool:
        return self.compile_error is None and self.passed == self.total > 0
