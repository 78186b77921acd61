"""Winnowed k-gram fingerprints (Schleimer, Wilkerson & Aiken 2003) with a stable hash.

The same code gives the same fingerprints in every run and on every machine (blake2b, not
Python's salted ``hash()``).
"""

from __future__ import annotations

from dataclasses import dataclass
from hashlib import blake2b

GRAM = 8  # k: tokens per gram (shorter than a line of most solutions' code)
WINDOW = 4  # w: grams per window; any shared run of GRAM + WINDOW - 1 tokens is found
_MOD = (1 << 61) - 1  # a Mersenne prime: the rolling hash stays exact in Python's ints
_BASE = 1_000_003


_VALUES: dict[str, int] = {}  # token -> its number; tokens repeat, so this stays small


def _token_value(word: str) -> int:
    """A token's stable number (blake2b, not Python's salted ``hash()``)."""
    value = _VALUES.get(word)
    if value is None:
        value = int.from_bytes(blake2b(word.encode(), digest_size=8).digest(), "big") % _MOD
        if len(_VALUES) < 100_000:
            _VALUES[word] = value
    return value


def gram_hashes(words: tuple[str, ...], k: int = GRAM) -> list[int]:
    """The hash of every run of ``k`` consecutive tokens, in order (one run of all of them
    when there are fewer than ``k`` but some)."""
    if not words:
        return []
    k = min(k, len(words))
    values = [_token_value(w) for w in words]
    top = pow(_BASE, k - 1, _MOD)
    h = 0
    for v in values[:k]:
        h = (h * _BASE + v) % _MOD
    out = [h]
    for i in range(k, len(values)):
        h = ((h - values[i - k] * top) * _BASE + values[i]) % _MOD
        out.append(h)
    return out


def winnow(hashes: list[int], w: int = WINDOW) -> dict[int, int]:
    """The fingerprints: the smallest hash of each window of ``w`` grams (the rightmost on a
    tie), each with the position of its first choice."""
    if len(hashes) <= w:
        return {h: i for i, h in reversed(list(enumerate(hashes)))} if hashes else {}
    chosen: dict[int, int] = {}
    last = -1
    for start in range(len(hashes) - w + 1):
        window = hashes[start : start + w]
        low = min(window)
        at = start + w - 1 - window[::-1].index(low)
        if at != last:
            chosen.setdefault(low, at)
            last = at
    return chosen


@dataclass(frozen=True)
class Fingerprints:
    """A piece of code's gram hashes (``grams``, in order) and its winnowed fingerprints."""

    grams: tuple[int, ...]
    selected: frozenset[int]

    @staticmethod
    def of(words: tuple[str, ...], k: int = GRAM, w: int = WINDOW) -> Fingerprints:
        grams = gram_hashes(words, k)
        return Fingerprints(tuple(grams), frozenset(winnow(grams, w)))

    def found_in(self, grams: set[int] | frozenset[int]) -> float:
        """The share of these fingerprints that occur among ``grams`` (0 when there are none)."""
        if not self.selected:
            return 0.0
        return len(self.selected & grams) / len(self.selected)
