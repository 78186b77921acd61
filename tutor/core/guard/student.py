"""The student's own code, which never counts against the tutor.

It comes from their messages or their code file; quoting it back, or building on it, is not a
leak.
"""

from __future__ import annotations

from collections.abc import Sequence

from tutor.core.guard import languages
from tutor.core.guard.blocks import find_blocks
from tutor.core.guard.lexing import Tokens, tokenize


class StudentCode:
    """Each piece the student wrote: a message's fenced blocks (or unfenced code), or a whole
    code file given as it is."""

    def __init__(self, pieces: Sequence[str]) -> None:
        self.programs: list[tuple[str, str | None]] = []
        for piece in pieces:
            blocks = find_blocks(piece, loose=False)
            if blocks:
                self.programs += [(b.code, b.language) for b in blocks]
            elif piece.strip():
                self.programs.append((piece, languages.guess(piece)))
        self.tokens: list[Tokens] = [tokenize(code, lang) for code, lang in self.programs]

    def __bool__(self) -> bool:
        return bool(self.programs)
