"""YAML problems and values in the words of the person editing the file: where, and what to do."""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Sequence
from typing import Any

Where = tuple[int, int]  # 1-based line, column

_CLOSERS = {"flow sequence": ("list", "]"), "flow mapping": ("mapping", "}")}


def _mark(m: Any) -> Where:
    return (m.line + 1, m.column + 1) if m is not None else (0, 0)


_SECRET = re.compile(r"^(sk-|sk_|pk-|gsk_|xai-|hf_|or-|key-)|^[A-Za-z0-9_\-]{32,}$")


def looks_secret(text: str) -> bool:
    """True for text shaped like an API key: a known prefix, or one long unbroken token."""
    return bool(_SECRET.search(text.strip()))


def shown(value: Any) -> str:
    """A short description of a value found in the file, for "got ..." in messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        if not value:
            return "empty text"
        if looks_secret(value):
            return "text that looks like an API key (not shown)"
        return repr(value if len(value) <= 40 else value[:39] + "…")
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, datetime.date):
        return f"a date ({value})"
    return type(value).__name__


def explain(exc: Any, text: str) -> tuple[Where, str]:
    """The position and one-line message (what went wrong — what to do) for a
    ``yaml.MarkedYAMLError`` raised while reading ``text``."""
    problem = str(exc.problem or "")
    context = str(exc.context or "")
    at = _mark(exc.problem_mark or exc.context_mark)
    opened = _mark(exc.context_mark)
    lines = text.splitlines()
    line = lines[at[0] - 1] if 0 < at[0] <= len(lines) else ""
    if "quoted scalar" in context and "end of stream" in problem:
        return opened, (
            "YAML syntax error: the quoted text that starts here is never closed"
            " — add the closing quote where the text ends"
        )
    if "quoted scalar" in context and ("escape" in problem or "hexdecimal" in problem):
        return at, (
            f"YAML syntax error: {problem} — in double quotes '\\' starts an escape: write '\\\\'"
            " for a backslash, or use single quotes"
        )
    for kind, (noun, closer) in _CLOSERS.items():
        if kind in context and "did not find expected" in problem:
            return at, (
                f"YAML syntax error: {problem} — close the {noun} opened at {opened[0]}:"
                f"{opened[1]} with '{closer}' and separate its items with ','"
            )
    if "duplicate anchor" in context:
        return at, (
            f"YAML syntax error: this anchor is already defined at {opened[0]}:{opened[1]}"
            " — give each anchor ('&name') its own name"
        )
    if "single document" in context:
        return at, (
            "YAML syntax error: a second document ('---') starts here — the file holds one;"
            " remove the '---' and what follows it"
        )
    return (
        at,
        f"YAML syntax error: {problem or context or 'invalid YAML'} — {_fix(problem, line, at[1])}",
    )


def _fix(problem: str, line: str, col: int) -> str:
    """What to do about the error ``problem`` found at column ``col`` of ``line``."""
    if "\t" in line:
        return "YAML does not allow tabs for indentation; use spaces"
    if "mapping values are not allowed" in problem:
        if ": " in line[: max(col - 1, 0)] or line[: max(col - 1, 0)].rstrip().endswith(":"):
            return "quote a value that contains ': ' or put it on its own line with '|'"
        return (
            "line this key up with the keys above it, and check that the line above is a"
            " whole 'key: value' (quote a value that contains ': ')"
        )
    if "expected <block end>" in problem or "could not find expected ':'" in problem:
        return "check the indentation and that every key ends with ':'"
    if "did not find expected" in problem:
        if 0 < col <= len(line) and line[col - 1] in "]}":
            return f"remove the extra '{line[col - 1]}' or open it earlier"
        return "check the indentation: the keys of one mapping, or the items of one list, line up"
    if "undefined alias" in problem:
        return "define the anchor ('&name') before using '*name', or write the value out"
    if "nesting depth" in problem:
        return "lists or mappings are nested too deeply; flatten the file"
    if "cannot start any token" in problem:
        return "put a value that starts with '@', '`' or '%' in quotes"
    return "check the quotes, brackets, indentation and 'key: value' pairs here"


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """What to write instead of an unknown ``word``: the closest of ``choices``, or all."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"known: {', '.join(choices)}"
