"""The Modelfile's lines read as Ollama reads them: instructions, arguments and quoted texts.

An instruction (any case) is followed by its value. A value runs to the end of the line; one
that opens with ``\"\"\"`` or ``"`` runs on, over as many lines as it takes, to the first line
that ends with the same quotes. A ``#`` where an instruction would start makes the rest of the
line a comment. Inside ``\"\"\"…\"\"\"`` nothing is escaped; a line break right after the opening
quotes and right before the closing ones is layout, not text (except in a PARAMETER, where
a stop may be line breaks). Inside ``"…"``, ``\\"`` is a quote
that does not close the text.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from tutor.core.errors import PersonaImportError
from tutor.core.personas.imports.source import Positions

INSTRUCTIONS = (
    "from",
    "system",
    "parameter",
    "message",
    "template",
    "adapter",
    "license",
    "requires",
    "renderer",
    "parser",
    "draft",
)
_ROLES = ("user", "assistant", "system")


@dataclass(frozen=True)
class Command:
    """One instruction: ``name`` in lower case, ``arg`` the param name or message role,
    (``line``, ``col``) where it starts and ``at`` where its value starts."""

    name: str
    arg: str
    value: str
    line: int
    col: int
    at: tuple[int, int] = (0, 0)


def _unquote(chunk: str, layout: bool) -> str:
    if chunk.startswith('"""'):
        inner = chunk[3:-3]
        if not layout:
            return inner
        inner = inner[1:] if inner.startswith("\n") else inner
        return inner[:-1] if inner.endswith("\n") else inner
    if chunk.startswith('"'):
        return chunk[1:-1].replace('\\"', '"')
    return chunk


def _closes(text: str, start: int, end: int, quotes: str) -> bool:
    """Whether ``text[start:end]`` (a value that opens with ``quotes``, spaces at its end cut
    off) is a whole quoted text: it ends with the same quotes, not escaped in ``"…"``."""
    if end - start < 2 * len(quotes) or not text.startswith(quotes, end - len(quotes)):
        return False
    if quotes == '"""':
        return True
    slashes = end - 1 - len(text[start : end - 1].rstrip("\\")) - start
    return slashes % 2 == 0


def _value(text: str, start: int, where: Positions, label: str, layout: bool) -> tuple[str, int]:
    """The value that starts at ``start``, and where it ends. With ``layout``, line breaks
    just inside triple quotes are not part of it.

    Each line is looked at once, so a long text costs what its length does.
    """
    quotes = '"""' if text.startswith('"""', start) else '"' if text.startswith('"', start) else ""
    look = start
    while True:
        newline = text.find("\n", look)
        end = len(text) if newline < 0 else newline
        if not quotes:
            return text[start:end].strip(), end
        last = len(text[look:end].rstrip())  # blank lines cannot close it
        if last and _closes(text, start, look + last, quotes):
            return _unquote(text[start : look + last], layout), end
        if newline < 0:
            line, col = where(start)
            message = (
                f"the text opened with {quotes} here is never closed — end it with {quotes}"
                " at the end of a line (nothing may follow on that line)"
            )
            raise PersonaImportError(label, message, line, col)
        look = newline + 1


def _word(text: str, i: int, allowed: str) -> int:
    while i < len(text) and text[i].isascii() and (text[i].isalnum() or text[i] in allowed):
        i += 1
    return i


def _blanks(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t":
        i += 1
    return i


def _unknown(word: str, label: str, line: int, col: int) -> PersonaImportError:
    names = [n.upper() for n in INSTRUCTIONS]
    close = difflib.get_close_matches(word.upper(), names, n=1, cutoff=0.6)
    fix = f"did you mean {close[0]}?" if close else "a line starts with " + ", ".join(names)
    shown = word if word.isprintable() else repr(word)
    return PersonaImportError(label, f"'{shown}' is not a Modelfile instruction — {fix}", line, col)


def parse(text: str, label: str) -> list[Command]:
    """Every instruction in ``text``; a line Ollama would refuse is an error at its position."""
    commands: list[Command] = []
    where = Positions(text)
    i = 0
    while i < len(text):
        if text[i] in " \t\n":
            i += 1
            continue
        if text[i] == "#":
            newline = text.find("\n", i)
            i = len(text) if newline < 0 else newline
            continue
        start = i
        line, col = where(start)
        i = _word(text, i, "")
        word = text[start:i]
        if word.lower() not in INSTRUCTIONS:
            token = text[start:].split(None, 1)[0] if text[start:].strip() else word
            raise _unknown(token[:30], label, line, col)
        name = word.lower()
        if i >= len(text) or text[i] not in " \t":
            raise PersonaImportError(label, f"{word} has no value after it", line, col)
        i = _blanks(text, i)
        arg = ""
        if name in ("parameter", "message"):
            at = i
            i = _word(text, i, "_")
            arg = text[at:i]
            if not arg or i >= len(text) or text[i] not in " \t":
                example = "temperature 0.5" if name == "parameter" else "user How do I start?"
                message = f"{word} needs a name and a value, e.g. {word} {example}"
                raise PersonaImportError(label, message, line, col)
            if name == "message" and arg.lower() not in _ROLES:
                arg_line, arg_col = where(at)
                message = f"'{arg}' is not a message role — use user, assistant or system"
                raise PersonaImportError(label, message, arg_line, arg_col)
            i = _blanks(text, i)
        value_at = where(i)
        value, i = _value(text, i, where, label, layout=name != "parameter")
        role_or_name = arg.lower() if name == "message" else arg
        commands.append(Command(name, role_or_name, value, line, col, value_at))
    return commands
