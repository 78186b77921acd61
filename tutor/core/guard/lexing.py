"""Code as normalised tokens from Pygments' lexers: names, literals, comments, layout erased.

Renaming and re-commenting change nothing; each token keeps where it sits in the code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pygments.token import Comment, Name, Number, String, Whitespace

from tutor.core.guard import languages, scan

NAME = "N"  # any identifier the author chose
STRING = "S"  # any string or character literal, however it is quoted or split
NUMBER = "0"  # any number


@dataclass(frozen=True)
class Tokens:
    """Normalised tokens of one piece of code and the span of each in that code."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.words)

    def shifted(self, by: int) -> Tokens:
        """The same tokens with spans moved by ``by`` characters (a block's place in a reply)."""
        return Tokens(
            self.words, tuple(s + by for s in self.starts), tuple(e + by for e in self.ends)
        )

    @staticmethod
    def joined(parts: list[Tokens]) -> Tokens:
        """One stream from several (the blocks of a reply, read as one program)."""
        return Tokens(
            tuple(w for p in parts for w in p.words),
            tuple(s for p in parts for s in p.starts),
            tuple(e for p in parts for e in p.ends),
        )


def _word(kind: Any, value: str) -> str | None:
    """The normalised form of one Pygments token, or None to drop it."""
    sort = _SORTS.get(kind)
    if sort is None:
        sort = _SORTS[kind] = _sort_of(kind)
    if sort == "drop":
        return None
    if sort == "keep":
        return value.strip() or None  # keywords, builtins, operators, punctuation as written
    return sort


_SORTS: dict[Any, str] = {}  # token type -> drop, keep, or the placeholder (types are few)


def _sort_of(kind: Any) -> str:
    if kind in Whitespace or kind in Comment or kind in String.Doc:
        return "drop"
    if kind in String:
        return STRING
    if kind in Number:
        return NUMBER
    if kind in Name.Builtin:
        return "keep"  # len, range, Math, System: the language's, not the author's
    if kind in Name:
        return NAME
    return "keep"


def tokenize(code: str, language: str | None) -> Tokens:
    """Normalised tokens of ``code`` lexed as ``language`` (python for an unknown one)."""
    return _tokenize(code, language or "python")


@lru_cache(maxsize=512)
def _tokenize(code: str, language: str) -> Tokens:
    lexer = languages.lexer_for(language)
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for index, kind, value in scan.tokens(lexer, code):
        word = _word(kind, value)
        if word is None:
            continue
        if word == STRING and words and words[-1] == STRING and ends[-1] == index:
            ends[-1] = index + len(value)  # one literal lexed as several pieces
            continue
        words.append(word)
        starts.append(index)
        ends.append(index + len(value))
    return Tokens(tuple(words), tuple(starts), tuple(ends))


def forget_tokens() -> None:
    """Drop the cache of tokenised code (for benchmarks that must lex every time)."""
    _tokenize.cache_clear()
