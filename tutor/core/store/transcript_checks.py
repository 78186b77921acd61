"""Checking a session file's values before import: types, lengths and times, each problem placed.

Every problem is kept with its JSON path and said with the file's line and column when the
text the file was read from is known.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from tutor.core.errors import TranscriptError
from tutor.core.store.json_places import JsonPath, line_and_column, value_offsets
from tutor.core.store.transcript import iso_utc

# The longest text each field may hold, in characters (a 1 MB paste is a fine message).
LIMITS = {
    "title": 1_000,
    "persona": 200,
    "endpoint": 500,
    "model": 200,
    "finish_reason": 100,
    "error": 10_000,
    "content": 10_000_000,
    "variable": 100_000,
    "variable name": 100,
    "id": 200,  # a practised problem's id
    "hash": 200,  # and the sha256 of its files
}
MESSAGES_MAX = 100_000


def _where(path: JsonPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


class TranscriptReader:
    """Checks the values of one file and keeps every problem with its JSON path."""

    def __init__(self, source: str, text: str | None) -> None:
        self.source = source
        self.text = text
        self.problems: list[tuple[JsonPath, str, JsonPath]] = []  # where, what, line of
        self.now = time.time()

    def problem(self, path: JsonPath, what: str, *, at: JsonPath | None = None) -> None:
        """``what`` is wrong at ``path``; its line is that of ``at`` (default: ``path``)."""
        self.problems.append((path, what, path if at is None else at))

    def error(self) -> TranscriptError:
        offsets = value_offsets(self.text) if self.text is not None else {}
        lines = []
        for path, what, at in self.problems:
            known = next((at[:n] for n in range(len(at), -1, -1) if at[:n] in offsets), None)
            place = self.source
            if self.text is not None and known is not None:
                line, col = line_and_column(self.text, offsets[known])
                place = f"{self.source}:{line}:{col}"
            lines.append(f"{place}: {_where(path)}: {what}" if path else f"{place}: {what}")
        return TranscriptError(lines)

    def fail(self, path: JsonPath, what: str) -> TranscriptError:
        """The problem that stops the reading, with those found before it."""
        self.problem(path, what)
        return self.error()

    def obj(
        self, value: object, path: JsonPath, required: tuple[str, ...], optional: tuple[str, ...]
    ) -> dict[str, Any] | None:
        """An object with these keys (and maybe those); no others. None if it is not one."""
        if not isinstance(value, dict):
            self.problem(path, f"expected an object, found {kind_of(value)}")
            return None
        missing = [key for key in required if key not in value]
        for key in missing:
            self.problem(path, f"missing key {key!r}")
        for key in value:
            if key not in required and key not in optional:
                self.problem(path, f"unknown key {key!r}", at=(*path, key))
        return None if missing else value

    def text_of(self, value: object, path: JsonPath, *, optional: bool = False) -> Any:
        name = str(path[-1])
        if value is None and optional:
            return None
        if not isinstance(value, str):
            self.problem(path, f"expected a string, found {kind_of(value)}")
            return None
        variable = path[:2] == ("session", "variables")
        limit = LIMITS["variable" if variable else name]
        if len(value) > limit:
            self.problem(path, f"too long: {len(value):,} characters (at most {limit:,})")
        return value

    def variables(self, value: object, path: JsonPath) -> dict[str, str]:
        if not isinstance(value, dict):
            self.problem(path, f"expected an object, found {kind_of(value)}")
            return {}
        for name in value:
            if len(name) > LIMITS["variable name"]:
                self.problem(path, f"a variable name is {len(name):,} characters (at most 100)")
            self.text_of(value[name], (*path, name))
        return value

    def count(self, value: object, path: JsonPath) -> int | None:
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 0
        ):
            self.problem(path, f"expected a whole number ≥ 0 or null, found {kind_of(value)}")
            return None
        return value

    def time(self, value: object, path: JsonPath) -> float:
        """Unix time of an ISO 8601 time; one in the future is now."""
        hint = "expected an ISO 8601 UTC time like '2026-11-20T19:02:11Z'"
        if not isinstance(value, str):
            self.problem(path, f"{hint}, found {kind_of(value)}")
            return self.now
        try:
            when = datetime.fromisoformat(value)
        except ValueError:
            self.problem(path, f"{hint}, found {value!r}")
            return self.now
        if when.tzinfo is None:
            self.problem(path, f"{hint} (with Z or an offset), found {value!r}")
            return self.now
        try:
            iso_utc(when.timestamp())  # it must be exportable again
        except (ValueError, OverflowError, OSError):
            self.problem(path, f"time out of range: {value!r}")
            return self.now
        return min(when.timestamp(), self.now)

    def choice(self, value: object, path: JsonPath, allowed: tuple[str, ...]) -> str:
        if value not in allowed:
            names = " or ".join(repr(a) for a in allowed)
            if len(allowed) > 2:
                names = ", ".join(repr(a) for a in allowed[:-1]) + f" or {allowed[-1]!r}"
            self.problem(path, f"expected {names}, found {shown(value)}")
        return str(value)


def kind_of(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"the number {value!r}"
    return names.get(type(value), type(value).__name__)


def shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"
