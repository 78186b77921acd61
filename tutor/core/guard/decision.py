"""The guard's decision on a reply: every layer's evidence (fingerprints, shape, execution,
the judge) weighed into one LeakReport."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from tutor.core.guard.blocks import CodeBlock, find_blocks
from tutor.core.guard.gate import Check
from tutor.core.guard.judge import Judge, ask_judge
from tutor.core.guard.lexing import Tokens, tokenize
from tutor.core.guard.likeness import Likeness, ReplyCode, compare, printed, student_grams
from tutor.core.guard.references import Reference
from tutor.core.guard.report import LeakReport
from tutor.core.guard.shape import Shape, function_shape, has_blanks, program_shape
from tutor.core.guard.student import StudentCode
from tutor.core.guard.winnow import gram_hashes

SHARE_LEAK = 0.6  # this much of a reference's fingerprints in the reply's code is a leak
SHARE_COPY = 0.7  # ... and this much in one block, with no blanks, is a copy
PASSED_LEAK = 0.9  # a block passing this share of the hidden tests is a leak for certain
QUOTED = 0.9  # a block whose k-grams are this much the student's is the student's code


class Runs(Protocol):
    """The execution layer as the decision sees it (see ``tutor.core.guard.execution``)."""

    def share_passed(self, code: str, language: str | None) -> float | None:
        """The share of hidden tests ``code`` passes; None when it cannot be run."""

    def student_solved(self) -> bool:
        """True when the student's own code already passes most hidden tests."""


@dataclass(frozen=True)
class Seen:
    """One block of the reply as the layers see it."""

    index: int
    block: CodeBlock
    tokens: Tokens
    quoted: bool


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
        for s in mine:
            found.weigh_block(s, self._shape(s), self._passed(s))
        if self.runs is not None and len(mine) > 1:
            self._run_joined(mine, found)
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

    def _run_joined(self, mine: list[Seen], found: Findings) -> None:
        """Blocks of one language run as one program: a solution split over several blocks."""
        if self.runs is None:
            return
        by_language: dict[str | None, list[Seen]] = {}
        for s in mine:
            by_language.setdefault(s.block.language, []).append(s)
        for language, group in by_language.items():
            if len(group) > 1:
                code = "\n".join(s.block.code for s in group)
                found.weigh_joined(group, self.runs.share_passed(code, language))


class Findings:
    """What the layers found so far, and the report they add up to."""

    _ORDER = ("walkthrough", "complete", "port", "skeleton", "copy")  # the later names more

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        self.score = 0.0
        self.kind: str | None = None
        self.spans: list[tuple[int, int]] = []
        self.leaked_in: set[str | None] = set()

    def _leak(self, kind: str, score: float, blocks: list[Seen], reason: str) -> None:
        if self.kind is None or self._ORDER.index(kind) > self._ORDER.index(self.kind):
            self.kind = kind
        self.score = max(self.score, score)
        self.spans += [s.block.span for s in blocks if s.block.span not in self.spans]
        self.leaked_in |= {s.block.language for s in blocks}
        self.reasons.append(reason)

    def weigh_likeness(self, like: Likeness, mine: list[Seen]) -> None:
        self.score = max(self.score, like.share)
        where = [mine[i] for i in like.blocks]
        said = f"{like.share:.0%} of {like.reference.name}'s fingerprints are in the reply's code"
        if like.share < SHARE_LEAK:
            if like.share > 0:
                self.reasons.append(said)
            return
        blanks = any(has_blanks(s.block.code, s.block.language) for s in where)
        if like.alone >= SHARE_COPY and not blanks:
            self._leak("copy", like.share, where, f"{said} (one block holds {like.alone:.0%})")
        else:
            split = f" over {len(where)} blocks" if len(where) > 1 else ""
            self._leak("skeleton", like.share, where, f"{said}{split}, as a fill-in")

    def weigh_block(self, s: Seen, shape: Shape, passed: float | None) -> None:
        n = s.index + 1
        if passed is not None:
            self.score = max(self.score, passed)
            ran = f"block {n} passed {passed:.0%} of the hidden tests"
            if passed >= PASSED_LEAK:
                self._leak("complete", passed, [s], ran)
                return
            if shape.complete:  # run, and not a solution: a wrong attempt
                self.reasons.append(f"block {n}: {shape.what}, but {ran} — not a solution")
            return
        if shape.complete:
            self._leak("complete", 1.0, [s], f"block {n}: {shape.what}")

    def weigh_joined(self, group: list[Seen], passed: float | None) -> None:
        if passed is None or passed < PASSED_LEAK:
            return
        blocks = ", ".join(str(s.index + 1) for s in group)
        ran = f"blocks {blocks} joined passed {passed:.0%} of the hidden tests"
        self._leak("skeleton", passed, group, ran)

    def report(self, reference_languages: set[str | None]) -> LeakReport:
        """The verdict; a complete solution only in languages no reference uses is a port."""
        if self.kind is None:
            return LeakReport(False, self.score, None, [], self.reasons)
        kind = self.kind
        if kind == "complete" and not (self.leaked_in & reference_languages):
            kind = "port"
        return LeakReport(True, self.score, kind, sorted(self.spans), self.reasons)
