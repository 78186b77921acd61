"""How much of each accepted solution is in a reply's code: the reference's winnowed
fingerprints looked up among the k-grams of the reply's blocks read as one program (so a
solution split over several blocks is found whole), minus whatever the student wrote."""

from __future__ import annotations

from dataclasses import dataclass

from tutor.core.guard.lexing import Tokens, tokenize
from tutor.core.guard.references import Reference
from tutor.core.guard.winnow import GRAM, Fingerprints, gram_hashes


@dataclass(frozen=True)
class Printed:
    """A reference with its fingerprints, computed once per guard."""

    reference: Reference
    prints: Fingerprints

    @staticmethod
    def of(reference: Reference) -> Printed:
        words = tokenize(reference.source, reference.language).words
        return Printed(reference, Fingerprints.of(words))


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


def compare(
    printed: Printed, blocks: list[Tokens], student: frozenset[int] = frozenset()
) -> Likeness:
    """How much of ``printed`` the reply's ``blocks`` (in order) hold, the student's excluded."""
    wanted = printed.prints.selected - student
    total = len(printed.prints.selected)
    if not total or not blocks:
        return Likeness(printed.reference, 0.0, 0.0, ())
    joined = Tokens.joined(blocks)
    owners = [i for i, block in enumerate(blocks) for _ in block.words]
    found: set[int] = set()
    holding: set[int] = set()
    k = min(GRAM, len(joined.words))
    for at, h in enumerate(gram_hashes(joined.words)):
        if h in wanted:
            found.add(h)
            holding.add(owners[at])
            holding.add(owners[min(at + k - 1, len(owners) - 1)])
    alone = 0.0
    for block in blocks:
        own = set(gram_hashes(block.words)) & wanted
        alone = max(alone, len(own) / total)
    return Likeness(printed.reference, len(found) / total, alone, tuple(sorted(holding)))
