"""The Guard: a problem's solutions, tests and student code, and its verdict on each reply."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Protocol

from tutor.core.guard.blocks import find_blocks
from tutor.core.guard.findings import Findings, Seen
from tutor.core.guard.gate import Check
from tutor.core.guard.judge import Judge, ask_judge
from tutor.core.guard.lexing import tokenize
from tutor.core.guard.likeness import Likeness, ReplyCode, compare, printed, student_grams
from tutor.core.guard.references import Reference
from tutor.core.guard.report import LeakReport
from tutor.core.guard.shape import Shape, code_lines, function_shape, program_shape
from tutor.core.guard.student import StudentCode
from tutor.core.guard.winnow import gram_hashes

QUOTED = 0.9  # a block whose k-grams are this much the student's is the student's code
RUN_AT_MOST = 8  # blocks of one reply run against the tests (each run takes the tests' time)


class Runs(Protocol):
    """The execution layer as the decision sees it (see ``tutor.core.guard.execution``)."""

    def share_passed(self, code: str, language: str | None) -> float | None:
        """The share of hidden tests ``code`` passes; None when it cannot be run."""

    def student_solved(self) -> bool:
        """True when the student's own code already passes most hidden tests."""


class Guard:
    """Checks replies for one problem: its accepted solutions, entry point and kind (function
    or stdio), the student's code and, for the execution layer, something that runs code
    against the hidden tests (None: that layer is off)."""

    def __init__(
        self,
        references: Sequence[Reference],
        *,
        entry_point: str | None,
        kind: str,
        student_code: Sequence[str] = (),
        runs: Runs | None = None,
    ) -> None:
        self.printed = [printed(r) for r in references]
        self.languages = {r.language for r in references}
        self.entry_point = entry_point
        self.kind = kind
        self.student = StudentCode(student_code)
        self.student_grams = student_grams(self.student.tokens)
        self.runs = runs

    def check(self, reply: str) -> LeakReport:
        """The deterministic layers' verdict on ``reply`` (no judge)."""
        if self.runs is not None and self.runs.student_solved():
            said = "the student's own code already passes the hidden tests: nothing to give away"
            return LeakReport(False, 0.0, None, [], [said])
        seen = self._seen(reply)
        mine = [s for s in seen if not s.quoted]
        reasons = [f"block {s.index + 1} is the student's own code" for s in seen if s.quoted]
        likeness = self._likeness(mine)
        found = Findings(reasons)
        if likeness is not None:
            found.weigh_likeness(likeness, mine)
        for n, s in enumerate(mine):
            found.weigh_block(s, self._shape(s), self._passed(s) if n < RUN_AT_MOST else None)
        if self.runs is not None and len(mine) > RUN_AT_MOST:
            skipped = f"blocks {mine[RUN_AT_MOST].index + 1}–{mine[-1].index + 1}"
            found.reasons.append(f"{skipped} were not run (at most {RUN_AT_MOST} blocks a reply)")
        if len(mine) > 1:
            self._weigh_joined(mine, found)
        return found.report(self.languages)

    def check_held(self, held: Check) -> LeakReport:
        """The verdict on a block the streaming gate holds: the reply so far is checked (earlier
        blocks too: a solution split over blocks), and it is a leak only when the held block —
        the end of ``held.reply`` — is part of what leaks."""
        report = self.check(held.reply)
        start = len(held.reply) - len(held.block)
        if report.leak and any(s <= start < e or s == start for s, e in report.spans):
            return report
        return LeakReport(False, report.score, None, [], report.reasons)

    async def check_with_judge(self, reply: str, judge: Judge | None) -> LeakReport:
        """The deterministic layers (in a thread), then the judge when they found no leak."""
        report = await asyncio.to_thread(self.check, reply)
        if report.leak or judge is None:
            return report
        verdict = await ask_judge(judge, reply, [p.reference for p in self.printed])
        reasons = [*report.reasons, verdict.reason]
        if verdict.leak:
            return LeakReport(True, 1.0, "walkthrough", [(0, len(reply))], reasons)
        return LeakReport(False, report.score, None, [], reasons)

    def _seen(self, reply: str) -> list[Seen]:
        out = []
        for i, block in enumerate(find_blocks(reply)):
            tokens = tokenize(block.code, block.language).shifted(block.code_start)
            quoted = False
            if self.student_grams:
                grams = gram_hashes(tokens.words)
                theirs = sum(1 for h in grams if h in self.student_grams)
                quoted = bool(grams) and theirs / len(grams) >= QUOTED
            out.append(Seen(i, block, tokens, quoted))
        return out

    def _likeness(self, mine: list[Seen]) -> Likeness | None:
        code = ReplyCode([s.tokens for s in mine])
        found = [compare(p, code, self.student_grams) for p in self.printed]
        return max(found, key=lambda like: like.share, default=None)

    def _shape(self, s: Seen) -> Shape:
        if self.kind == "stdio" or not self.entry_point:
            return program_shape(s.block.code, s.block.language)
        return function_shape(s.block.code, s.block.language, self.entry_point)

    def _passed(self, s: Seen) -> float | None:
        if self.runs is None:
            return None
        return self.runs.share_passed(s.block.code, s.block.language)

    def _weigh_joined(self, mine: list[Seen], found: Findings) -> None:
        """Blocks of one language taken as one program: a solution split over several blocks
        with prose between them. Run when the execution layer is on and can run the language;
        else judged by its shape (a complete entry point or program, no blanks)."""
        by_language: dict[str | None, list[Seen]] = {}
        for s in mine:
            by_language.setdefault(s.block.language, []).append(s)
        for language, group in by_language.items():
            if len(group) < 2:
                continue
            code = "\n".join(s.block.code for s in group)
            passed = self.runs.share_passed(code, language) if self.runs is not None else None
            if passed is not None:
                found.weigh_joined(group, passed, None)
            elif self.kind == "stdio" or not self.entry_point:  # each block's lines are known
                lines = sum(code_lines(s.block.code, language) for s in group)
                found.weigh_joined(group, None, program_shape(code, language, lines))
            else:
                found.weigh_joined(group, None, function_shape(code, language, self.entry_point))
