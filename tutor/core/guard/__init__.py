"""The answer-leak guard: a tutor reply checked against the hidden solution before it is shown.

Layers: fingerprints of every accepted solution, the shape of a complete solution, the reply's
code run against the hidden tests (strict isolation only), an optional model judge; the
student's own code never counts. ``CodeGate`` holds code blocks while a reply streams.
"""

from tutor.core.guard.blocks import CodeBlock, find_blocks
from tutor.core.guard.check import check_leak, check_leak_async, guard_for
from tutor.core.guard.decision import Guard
from tutor.core.guard.execution import HiddenTests, execution_available
from tutor.core.guard.gate import Check, CodeGate, Hold, Release, Show, Withhold, gated
from tutor.core.guard.judge import Judge, Verdict, judge_by, judge_messages, parse_verdict
from tutor.core.guard.problem_guard import guard_for_problem, problem_references, problem_tests
from tutor.core.guard.references import Reference, problem_shape
from tutor.core.guard.report import LEAK_KINDS, LeakReport

__all__ = [
    "LEAK_KINDS",
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
    "guard_for_problem",
    "judge_by",
    "judge_messages",
    "parse_verdict",
    "problem_references",
    "problem_shape",
    "problem_tests",
]
