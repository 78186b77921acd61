"""Where each value of a JSON text begins (line and column), by its path, for file:line:col errors.

The text is one that ``json.loads`` has already read, so the walk trusts its shape. It keeps
an explicit stack (no recursion): a file nested thousands deep costs no more than a flat one.
A key given twice points at its last value, as ``json.loads`` keeps the last.
"""

from __future__ import annotations

import re
from json.decoder import scanstring  # type: ignore[attr-defined]

JsonPath = tuple[str | int, ...]

_SPACE = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null|NaN|-?Infinity")


def value_offsets(text: str) -> dict[JsonPath, int]:
    """The offset in ``text`` at which the value at each path begins (``()`` is the whole)."""
    found: dict[JsonPath, int] = {}
    # Each frame: the path of an open object or list, and the next list index (-1: an object).
    stack: list[tuple[JsonPath, int]] = []
    at = _SPACE.match(text, 0).end()  # type: ignore[union-attr]
    path: JsonPath = ()
    while True:
        found[path] = at
        char = text[at : at + 1]
        if char in ("{", "["):
            at = _SPACE.match(text, at + 1).end()  # type: ignore[union-attr]
            if text[at : at + 1] in ("}", "]"):
                at += 1
            else:
                if char == "{":
                    key, at = _key(text, at)
                    stack.append((path, -1))
                    path = (*path, key)
                else:
                    stack.append((path, 1))
                    path = (*path, 0)
                continue
        elif char == '"':
            at = scanstring(text, at + 1)[1]
        else:
            scalar = _SCALAR.match(text, at)
            if scalar is None:
                return found
            at = scalar.end()
        # A value ended: close finished containers, or step to the next item.
        while True:
            if not stack:
                return found
            at = _SPACE.match(text, at).end()  # type: ignore[union-attr]
            parent, index = stack[-1]
            if text[at : at + 1] == ",":
                at = _SPACE.match(text, at + 1).end()  # type: ignore[union-attr]
                if index < 0:
                    key, at = _key(text, at)
                    path = (*parent, key)
                else:
                    stack[-1] = (parent, index + 1)
                    path = (*parent, index)
                break
            stack.pop()
            at += 1  # the closing brace or bracket


def _key(text: str, at: int) -> tuple[str, int]:
    """An object key at ``at`` and the offset of its value (after the colon)."""
    key, end = scanstring(text, at + 1)
    colon = _SPACE.match(text, end).end()  # type: ignore[union-attr]
    return key, _SPACE.match(text, colon + 1).end()  # type: ignore[union-attr]


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``offset``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
