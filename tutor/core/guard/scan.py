"""Pygments' RegexLexer loop with each state's rules joined into one expression: same tokens.

The lexer's own loop tries its rules one at a time (~30 regex calls a token for Python code);
one joined expression with the same first-match order makes it one, so that a 150-line reply
is checked in milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pygments.lexer import RegexLexer
from pygments.token import Error, Whitespace, _TokenType

_INLINE_FLAGS = re.compile(r"\(\?([aiLmsux]+)\)")


def tokens(lexer: Any, text: str) -> Iterator[tuple[int, Any, str]]:
    """``lexer.get_tokens_unprocessed(text)``, faster when the lexer is a plain RegexLexer
    (one that does not override the loop); any other lexer runs its own way."""
    joined = _joined(lexer) if _plain(lexer) else None
    if joined is None:
        return iter(lexer.get_tokens_unprocessed(text))
    return _run(lexer, joined, text)


def _plain(lexer: Any) -> bool:
    method = getattr(type(lexer), "get_tokens_unprocessed", None)
    return isinstance(lexer, RegexLexer) and method is RegexLexer.get_tokens_unprocessed


_JOINED: dict[int, tuple[Any, dict[str, re.Pattern[str]] | None]] = {}  # by rule table


def _joined(lexer: Any) -> dict[str, re.Pattern[str]] | None:
    """Each state's rules as one pattern ``(?P<_r0>rule0)|(?P<_r1>rule1)|…`` — the first rule
    that matches wins, as in the lexer's loop. None when some state cannot be joined. Built once
    per rule table (a class's, or an instance's where the lexer makes its own, as C#'s does)."""
    table = lexer._tokens
    kept = _JOINED.get(id(table))
    if kept is None or kept[0] is not table:
        kept = _JOINED[id(table)] = (table, _join(table, getattr(lexer, "flags", re.MULTILINE)))
    return kept[1]


def _join(table: dict[str, Any], flags: int) -> dict[str, re.Pattern[str]] | None:
    out = {}
    for state, rules in table.items():
        parts, groups = [], 0
        for i, (rexmatch, _action, _new_state) in enumerate(rules):
            compiled = rexmatch.__self__
            parts.append(f"(?P<_r{i}>{_renumbered(_scoped(compiled.pattern), groups + 1)})")
            groups += 1 + compiled.groups
        try:
            out[state] = re.compile("|".join(parts), flags)
        except (re.error, OverflowError, AssertionError):
            return None
    return out


def _scoped(pattern: str) -> str:
    """``(?i)rest`` → ``(?i:rest)``: global flags may only open a whole expression."""
    found = _INLINE_FLAGS.match(pattern)
    return f"(?{found.group(1)}:{pattern[found.end() :]})" if found else pattern


def _renumbered(pattern: str, offset: int) -> str:
    """Back-references ``\\N`` moved by ``offset`` groups (outside character classes)."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            if not in_class and pattern[i + 1] in "123456789":
                j = i + 1
                while j < len(pattern) and pattern[j].isdigit():
                    j += 1
                out.append(f"\\{int(pattern[i + 1 : j]) + offset}")
                i = j
                continue
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        out.append(ch)
        i += 1
    return "".join(out)


def _run(lexer: Any, joined: dict[str, re.Pattern[str]], text: str) -> Iterator[Any]:
    """RegexLexer's loop (state stack, pops, pushes, the reset at a line end after an error),
    with one match per token instead of one per rule tried."""
    tokendefs = lexer._tokens
    stack = ["root"]
    rules, pattern = tokendefs["root"], joined["root"]
    pos, end = 0, len(text)
    while True:
        found = pattern.match(text, pos)
        if found is not None:
            rexmatch, action, new_state = rules[int(str(found.lastgroup)[2:])]
            if type(action) is _TokenType:
                yield pos, action, found.group()
                pos = found.end()
            else:
                own = rexmatch(text, pos)  # the rule's own groups, for its callback
                if action is not None:
                    yield from action(lexer, own)
                pos = own.end()
            if new_state is not None:
                _move(stack, new_state)
                rules, pattern = tokendefs[stack[-1]], joined[stack[-1]]
            continue
        if pos >= end:
            break
        if text[pos] == "\n":
            stack = ["root"]
            rules, pattern = tokendefs["root"], joined["root"]
            yield pos, Whitespace, "\n"
        else:
            yield pos, Error, text[pos]
        pos += 1


def _move(stack: list[str], new_state: Any) -> None:
    if isinstance(new_state, tuple):
        for state in new_state:
            if state == "#pop":
                if len(stack) > 1:
                    stack.pop()
            elif state == "#push":
                stack.append(stack[-1])
            else:
                stack.append(state)
    elif isinstance(new_state, int):
        if abs(new_state) >= len(stack):
            del stack[1:]
        else:
            del stack[new_state:]
    elif new_state == "#push":
        stack.append(stack[-1])
