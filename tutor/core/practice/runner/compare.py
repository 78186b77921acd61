"""Comparing an answer with the expected one: deep equality for function tests (lists and
tuples alike, numbers within a tolerance, a list in any order), whitespace-separated tokens
for stdio tests (Kattis's default checker)."""

from __future__ import annotations

import math
from typing import Any

from tutor.core.practice.runner.model import Compare
from tutor.core.practice.runner.values import Opaque, SetOf

TOKEN_CHARS = 60


def close(got: float, expected: float, tolerance: float) -> bool:
    """Kattis's rule: within ``tolerance`` absolutely or relative to the expected value."""
    if math.isnan(got) or math.isnan(expected):
        return math.isnan(got) and math.isnan(expected)
    diff = abs(got - expected)
    return diff <= tolerance or diff <= tolerance * abs(expected)


def _number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def same(got: Any, expected: Any, compare: Compare, top: bool = True) -> bool:
    """Whether a returned value is the expected one. Booleans equal only booleans; numbers
    compare by value (2 == 2.0); ``unordered`` lets the top-level list come in any order."""
    if isinstance(got, Opaque):
        return False
    if isinstance(got, bool) or isinstance(expected, bool):
        return isinstance(got, bool) and isinstance(expected, bool) and got == expected
    if _number(got) and _number(expected):
        if compare.float_tolerance is not None:
            return close(float(got), float(expected), compare.float_tolerance)
        return bool(got == expected)
    if isinstance(got, SetOf):
        if isinstance(expected, (set, frozenset)) or (top and compare.unordered):
            return isinstance(expected, (set, frozenset, list, tuple)) and _as_bags(
                list(got.items), list(expected), compare
            )
        return False
    if isinstance(got, (list, tuple)) and isinstance(expected, (list, tuple)):
        if len(got) != len(expected):
            return False
        if top and compare.unordered:
            return _as_bags(list(got), list(expected), compare)
        return all(same(g, e, compare, False) for g, e in zip(got, expected, strict=False))
    if isinstance(got, dict) and isinstance(expected, dict):
        if len(got) != len(expected):
            return False
        return all(k in got and same(got[k], v, compare, False) for k, v in expected.items())
    if isinstance(expected, (list, tuple, dict, set, frozenset)) or isinstance(got, (list, dict)):
        return False
    return bool(got == expected)


def _as_bags(got: list[Any], expected: list[Any], compare: Compare) -> bool:
    """Equal as multisets: each expected item matched by a distinct returned item."""
    if len(got) != len(expected):
        return False
    left = sorted(got, key=_order)
    for item in sorted(expected, key=_order):
        for i, candidate in enumerate(left):
            if same(candidate, item, compare, False):
                del left[i]
                break
        else:
            return False
    return True


def _order(value: Any) -> tuple[Any, ...]:
    """A sort key for any value, so that equal items meet early in ``_as_bags``."""
    if value is None:
        return (0,)
    if isinstance(value, bool):
        return (1, value)
    if _number(value):
        return (2, float(value))
    if isinstance(value, str):
        return (3, value)
    if isinstance(value, (list, tuple)):
        return (4, tuple(_order(v) for v in value))
    return (5, repr(value))


def _tokens(data: bytes) -> list[tuple[str, int]]:
    """Each whitespace-separated token with the line it is on."""
    found = []
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines() or [""], 1):
        found += [(token, number) for token in line.split()]
    return found


def _quote(token: str) -> str:
    return repr(token if len(token) <= TOKEN_CHARS else token[:TOKEN_CHARS] + "…")


def _token_same(got: str, expected: str, compare: Compare) -> bool:
    if got == expected or (not compare.case_sensitive and got.casefold() == expected.casefold()):
        return True
    if compare.float_tolerance is None:
        return False
    try:
        return close(float(got), float(expected), compare.float_tolerance)
    except ValueError:
        return False


def output_difference(output: bytes, answer: bytes, compare: Compare) -> str | None:
    """``None`` when the output matches the answer token by token; else where it differs."""
    got, expected = _tokens(output), _tokens(answer)
    for i, ((g, line), (e, _)) in enumerate(zip(got, expected, strict=False), 1):
        if not _token_same(g, e, compare):
            return f"line {line}, token {i}: expected {_quote(e)}, got {_quote(g)}"
    if len(got) < len(expected):
        if not got:
            return f"no output; expected {_quote(expected[0][0])} first"
        following = _quote(expected[len(got)][0])
        return f"the output stops after {len(got)} tokens; next expected {following}"
    if len(got) > len(expected):
        extra, line = got[len(expected)]
        return f"extra output after the answer: {_quote(extra)} on line {line}"
    return None
