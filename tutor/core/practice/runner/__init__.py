"""The practice runner: the student's code run against tests under limits, as a user of its own
— a library call (`run_function`, `run_stdio`) for the CLI, the app and the answer-leak guard."""

from tutor.core.practice.runner.availability import isolation_available
from tutor.core.practice.runner.failures import (
    IsolationUnavailable,
    LanguageUnavailable,
    RunnerError,
    UnknownLanguage,
)
from tutor.core.practice.runner.function_run import run_function
from tutor.core.practice.runner.model import (
    Compare,
    FunctionCase,
    Isolation,
    Limits,
    RunResult,
    StdioCase,
    TestResult,
    Verdict,
)
from tutor.core.practice.runner.stdio_run import run_stdio
from tutor.core.practice.runner.toolchains import Toolchain, language_of, languages

__all__ = [
    "Compare",
    "FunctionCase",
    "Isolation",
    "IsolationUnavailable",
    "LanguageUnavailable",
    "Limits",
    "RunResult",
    "RunnerError",
    "StdioCase",
    "TestResult",
    "Toolchain",
    "UnknownLanguage",
    "Verdict",
    "isolation_available",
    "language_of",
    "languages",
    "run_function",
    "run_stdio",
]
