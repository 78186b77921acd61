"""What the layers found in one reply, weighed into a LeakReport: the thresholds live here."""

from __future__ import annotations

from dataclasses import dataclass

from tutor.core.guard.blocks import CodeBlock
from tutor.core.guard.lexing import Tokens
from tutor.core.guard.likeness import Likeness
from tutor.core.guard.report import LeakReport
from tutor.core.guard.shape import Shape, has_blanks

SHARE_LEAK = 0.6  # this much of a reference's fingerprints in the reply's code is a leak
SHARE_COPY = 0.7  # ... and this much in one block, with no blanks, is a copy
PASSED_LEAK = 0.9  # a block passing this share of the hidden tests is a leak for certain


@dataclass(frozen=True)
class Seen:
    """One block of the reply as the layers see it."""

    index: int
    block: CodeBlock
    tokens: Tokens
    quoted: bool


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

    def weigh_joined(self, group: list[Seen], passed: float | None, shape: Shape | None) -> None:
        """Blocks of one language joined: run (``passed``), or only seen (``shape``)."""
        blocks = ", ".join(str(s.index + 1) for s in group)
        if passed is not None:
            if passed >= PASSED_LEAK:
                ran = f"blocks {blocks} joined passed {passed:.0%} of the hidden tests"
                self._leak("skeleton", passed, group, ran)
            return
        if shape is not None and shape.complete:
            self._leak("skeleton", 1.0, group, f"blocks {blocks} joined: {shape.what}")

    def report(self, reference_languages: set[str | None]) -> LeakReport:
        """The verdict; a complete solution only in languages no reference uses is a port."""
        if self.kind is None:
            return LeakReport(False, self.score, None, [], self.reasons)
        kind = self.kind
        if kind == "complete" and not (self.leaked_in & reference_languages):
            kind = "port"
        return LeakReport(True, self.score, kind, sorted(self.spans), self.reasons)
