"""The answer-leak guard: checks a tutor reply against a problem's accepted solutions, hidden
tests and the student's own code before the student sees it."""

from tutor.core.guard.blocks import CodeBlock, find_blocks
from tutor.core.guard.check import check_leak, check_leak_async, guard_for
from tutor.core.guard.decision import Guard
from tutor.core.guard.execution import HiddenTests, execution_available
from tutor.core.guard.gate import Check, CodeGate, Hold, Release, Show, Withhold, gated
from tutor.core.guard.judge import Judge, Verdict, judge_by, judge_messages, parse_verdict
from tutor.core.guard.references import Reference, problem_shape
from tutor.core.guard.report import KINDS, LeakReport

__all__ = [
    "KINDS",
    "Check",
    "CodeBlock",
    "CodeGate",
    "Guard",
    "HiddenTests",
    "Hold",
    "Judge",
    "LeakReport",
    "Reference",
    "Release",
    "Show",
    "Verdict",
    "Withhold",
    "check_leak",
    "check_leak_async",
    "execution_available",
    "find_blocks",
    "gated",
    "guard_for",
    "judge_by",
    "judge_messages",
    "parse_verdict",
    "problem_shape",
]
