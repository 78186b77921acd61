"""The code in a reply: fenced and unfenced blocks, with their spans and languages.

Fences are ``` and ~~~, tagged or not, closed or not; unfenced runs of three or more code lines
count too. A block without a tag gets its language guessed from its code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tutor.core.guard import languages
from tutor.core.guard.code_lines import LOOSE_MIN_LINES, joins_run

_OPENING = re.compile(r"[ \t]*(`{3,}|~{3,})([^\r\n]*)")


@dataclass(frozen=True)
class Fence:
    """An opening fence: its character, its length and the info string after it."""

    char: str
    length: int
    info: str

    def closed_by(self, line: str) -> bool:
        """True when ``line`` (without its newline) is a closing fence for this one."""
        bare = line.strip(" \t\r")
        return len(bare) >= self.length and bare == self.char * len(bare)


def opening_fence(line: str) -> Fence | None:
    """The fence ``line`` (without its newline) opens, or None. Any indentation is taken — a
    fence inside a list item is still code — and a backtick fence's info has no backtick."""
    match = _OPENING.fullmatch(line.removesuffix("\r"))
    if match is None:
        return None
    run, info = match.group(1), match.group(2)
    if run[0] == "`" and "`" in info:
        return None
    return Fence(run[0], len(run), info.strip())


def could_open_fence(start: str) -> bool:
    """True while ``start`` (the first characters of a line) may still become an opening fence."""
    bare = start.lstrip(" \t")
    if not bare:
        return True
    return bare[0] in "`~" and bare == bare[0] * len(bare) and len(bare) < 3


@dataclass(frozen=True)
class CodeBlock:
    """One piece of code in a reply. ``start``/``end`` span the whole block, fences included;
    ``code_start``/``code_end`` span only the code. ``language`` is the tag's language, else a
    guess from the code (None when it looks like no language: pseudocode, a sketch)."""

    start: int
    end: int
    code_start: int
    code_end: int
    code: str
    info: str
    language: str | None
    fenced: bool = True
    closed: bool = True

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


def _block(
    text: str,
    span: tuple[int, int],
    code_span: tuple[int, int],
    info: str = "",
    *,
    fenced: bool = True,
    closed: bool = True,
) -> CodeBlock:
    code = text[code_span[0] : code_span[1]]
    language = languages.from_tag(info) or languages.guess(code)
    return CodeBlock(*span, *code_span, code, info, language, fenced, closed)


def _lines(text: str) -> list[tuple[int, str]]:
    """Each line's start offset and its text without its ``\\n`` (a ``\\r`` before it stays,
    as it does for the streaming gate, which sees the same lines)."""
    out, offset = [], 0
    for line in text.split("\n"):
        out.append((offset, line))
        offset += len(line) + 1
    if out and not out[-1][1] and len(out) > 1:
        out.pop()  # the text ends with a line break: no line after it
    return out


def find_blocks(text: str, *, loose: bool = True) -> list[CodeBlock]:
    """Every fenced block in ``text`` in order; with ``loose``, also runs of at least three
    unfenced code lines (a reply that writes code without fences still holds code)."""
    blocks: list[CodeBlock] = []
    outside: list[tuple[int, str]] = []
    fence: Fence | None = None
    start = code_start = 0
    for offset, line in _lines(text):
        if fence is None:
            opened = opening_fence(line)
            if opened is None:
                outside.append((offset, line))
                continue
            if loose:
                blocks += _loose_blocks(text, outside)
            outside = []
            fence, start = opened, offset
            code_start = min(offset + len(line) + 1, len(text))
        elif fence.closed_by(line):
            span = (start, offset + len(line))
            blocks.append(_block(text, span, (code_start, offset), fence.info))
            fence = None
    if fence is not None:
        span, code_span = (start, len(text)), (code_start, len(text))
        blocks.append(_block(text, span, code_span, fence.info, closed=False))
    elif loose:
        blocks += _loose_blocks(text, outside)
    return blocks


def _loose_blocks(text: str, lines: list[tuple[int, str]]) -> list[CodeBlock]:
    """Runs of code lines among ``lines``, the prose between two fenced blocks (see
    ``code_lines.joins_run``: blank lines and deeper-indented lines inside a run belong to it)."""
    found: list[CodeBlock] = []
    run: list[tuple[int, str]] = []

    def close_run() -> None:
        while run and not run[-1][1].strip():
            run.pop()
        if sum(1 for _, line in run if line.strip()) >= LOOSE_MIN_LINES:
            span = (run[0][0], run[-1][0] + len(run[-1][1]))
            found.append(_block(text, span, span, fenced=False))
        run.clear()

    for offset, line in lines:
        if joins_run(line, [kept for _, kept in run]):
            run.append((offset, line))
        else:
            close_run()
    close_run()
    return found
