"""How much of each accepted solution a reply's code holds, by winnowed fingerprints.

The reply's blocks are read as one program (a solution split over blocks is found whole), and
whatever the student wrote is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from tutor.core.guard.lexing import Tokens, tokenize
from tutor.core.guard.references import Reference
from tutor.core.guard.winnow import GRAM, Fingerprints, gram_hashes


@dataclass(frozen=True)
class Printed:
    """A reference with its fingerprints."""

    reference: Reference
    prints: Fingerprints


@lru_cache(maxsize=64)
def printed(reference: Reference) -> Printed:
    """``reference``'s fingerprints (computed once per reference and process)."""
    words = tokenize(reference.source, reference.language).words
    return Printed(reference, Fingerprints.of(words))


class ReplyCode:
    """The k-grams of a reply's code blocks read as one program, each with the block it starts
    in (and those of each block alone) — computed once, compared with every reference."""

    def __init__(self, blocks: list[Tokens]) -> None:
        joined = Tokens.joined(blocks)
        owners = [i for i, block in enumerate(blocks) for _ in block.words]
        k = min(GRAM, len(joined.words))
        self.grams: list[tuple[int, int, int]] = [  # (hash, first block, last block)
            (h, owners[at], owners[min(at + k - 1, len(owners) - 1)])
            for at, h in enumerate(gram_hashes(joined.words))
        ]
        self.each: list[set[int]] = [set() for _ in blocks]  # the grams inside each block
        for h, first, last in self.grams:
            if first == last:
                self.each[first].add(h)


@dataclass(frozen=True)
class Likeness:
    """``share``: the part of ``reference``'s fingerprints found in the reply's code read as
    one program; ``alone``: the best part found in any single block; ``blocks``: the indices
    of the blocks holding what was found."""

    reference: Reference
    share: float
    alone: float
    blocks: tuple[int, ...]


def student_grams(pieces: list[Tokens]) -> frozenset[int]:
    """Every k-gram of the student's code: what the tutor may quote freely."""
    return frozenset(h for piece in pieces for h in gram_hashes(piece.words))


def compare(printed: Printed, code: ReplyCode, student: frozenset[int] = frozenset()) -> Likeness:
    """How much of ``printed`` the reply's ``code`` holds, the student's k-grams excluded."""
    wanted = printed.prints.selected - student
    total = len(printed.prints.selected)
    if not total or not code.grams:
        return Likeness(printed.reference, 0.0, 0.0, ())
    found: set[int] = set()
    holding: set[int] = set()
    for h, first, last in code.grams:
        if h in wanted:
            found.add(h)
            holding.update((first, last))
    alone = max((len(own & wanted) / total for own in code.each), default=0.0)
    return Likeness(printed.reference, len(found) / total, alone, tuple(sorted(holding)))
