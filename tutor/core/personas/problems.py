"""Turns pydantic's validation errors into Problems that name the field and say how to fix it."""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Sequence

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from tutor.core.errors import Problem
from tutor.core.personas.schema import EXPECT, KEYS, PARAM_KEYS, TURN_KEYS
from tutor.core.yamldoc.reader import KeyPath, YamlDoc
from tutor.core.yamldoc.words import shown

# Keys other tools use for the same thing, so a ported file gets a useful hint.
OTHER_NAMES: dict[str, str] = {
    "prompt": "system",
    "system_prompt": "system",
    "instructions": "system",
    "options": "params",
    "parameters": "params",
    "defaults": "variables",
    "vars": "variables",
    "few_shot": "examples",
    "messages": "examples",
    "max_completion_tokens": "max_tokens",
    "text": "content",
}


def field_label(path: KeyPath) -> str:
    """``("examples", 2, "role")`` → ``examples[2].role``; params are named on their own."""
    if len(path) >= 2 and path[0] == "params":
        path = path[1:]
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def quoted(word: str) -> str:
    """``word`` in single quotes, escaped if it holds line breaks or other control characters."""
    return f"'{word}'" if word.isprintable() else repr(word)


def suggestion(word: str, choices: Sequence[str]) -> str | None:
    """The closest known key to ``word``, if one is close enough."""
    if word in OTHER_NAMES and OTHER_NAMES[word] in choices:
        return OTHER_NAMES[word]
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def unknown_key(doc: YamlDoc, path: KeyPath) -> Problem:
    """An unknown key at ``path``, with a did-you-mean or the list of allowed keys."""
    key = str(path[-1])
    parent = path[:-1]
    if parent == ():
        what, choices, where = "key", KEYS, ""
    elif parent == ("params",):
        what, choices, where = "param", PARAM_KEYS, ""
    else:
        what, choices, where = "key", TURN_KEYS, f" in '{field_label(parent)}'"
    guess = suggestion(key, choices)
    fix = f"did you mean '{guess}'?" if guess else f"allowed: {', '.join(choices)}"
    return doc.problem(path, f"unknown {what} {quoted(key)}{where} — {fix}", key=True)


def _expectation(path: KeyPath) -> str:
    last = path[-1] if path else ""
    if isinstance(last, int):
        return {"examples": "a turn with 'role:' and 'content:'"}.get(str(path[-2]), "text")
    if len(path) == 2 and path[0] == "variables":
        return f"text (its default) or empty (then it must be given: --var {last}=...)"
    return EXPECT.get(str(last), "something else")


def describe(doc: YamlDoc, error: ErrorDetails) -> Problem:
    """One pydantic error as a Problem positioned in ``doc``."""
    path: KeyPath = tuple(error["loc"])
    kind = error["type"]
    label = field_label(path)
    got = shown(error.get("input"))
    if kind == "extra_forbidden":
        return unknown_key(doc, path)
    if kind == "missing":
        return doc.problem(path[:-1], f"'{label}' is missing — add '{path[-1]}: ...'")
    if kind == "empty":
        return doc.problem(path, f"'{label}' {error['msg']}")
    if kind == "literal_error" and path[-1] == "role":
        hint = " (system text goes under 'system:')" if error.get("input") == "system" else ""
        message = f"'{label}' must be 'user' or 'assistant', got {got}{hint}"
        return doc.problem(path, message)
    hint = ""
    if kind == "string_type" and isinstance(error.get("input"), bool):
        hint = (
            " — YAML reads yes, no, on, off, true and false as true/false: put the text in quotes"
        )
    elif kind == "string_type" and isinstance(error.get("input"), int | float):
        hint = f' — put it in quotes: "{got}"'
    elif kind == "string_type" and isinstance(error.get("input"), datetime.date):
        hint = f' — put it in quotes: "{error.get("input")}"'
    elif kind == "string_type" and isinstance(error.get("input"), list) and len(path) == 1:
        hint = " — write one text; start it with '|' to write several lines"
    return doc.problem(path, f"'{label}' must be {_expectation(path)}, got {got}{hint}")


def describe_all(doc: YamlDoc, exc: ValidationError) -> list[Problem]:
    """Every error in ``exc``, in file order, one Problem each."""
    problems = [describe(doc, e) for e in exc.errors(include_url=False)]
    return sorted(problems, key=lambda p: (p.line, p.col))
