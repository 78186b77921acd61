"""Which lines of a reply are code outside any fence: one rule for the block finder and the gate.

A run of code lines (blank lines allowed inside it) is a block when it holds at least
``LOOSE_MIN_LINES`` of them. ``line_start`` tells from the first characters of a line whether
it may be code, so that the streaming gate can keep such a line back until it ends.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# A line of code outside any fence: a statement opener, an assignment, or a C-like line end.
_CODE_LINE = re.compile(
    r"""^\s*(
        (def|class|for|while|if|elif|else|try|except|finally|with|return|import|from|
         function|const|let|var|int|long|void|public|private|static|fn|func|package|
         \#include|using)\b.*
      | [A-Za-z_][\w.]*(\[[^\]]*\])*(\s*,\s*[A-Za-z_][\w.]*(\[[^\]]*\])*)*
        \s*(=|\+=|-=|\*=|/=|\|=|&=)\s*\S.*
      | [\w.]+\(.*\)\s*
      | .*[;{]\s*
      | \}.*
    )$""",
    re.VERBOSE,
)
_MARKDOWN_LINE = re.compile(r"^\s*([-*+>#|]|\d+[.)])\s")
_LIST_ITEM = re.compile(r"^\s*([-*+]|\d+[.)])\s")
_KEYWORDS = {
    *("def", "class", "for", "while", "if", "elif", "else", "try", "except", "finally"),
    *("with", "return", "import", "from", "function", "const", "let", "var", "int", "long"),
    *("void", "public", "private", "static", "fn", "func", "package", "using", "auto"),
    *("bool", "char", "double", "float", "unsigned", "struct"),
}
_WORD = re.compile(r"[A-Za-z_$][\w$]*", re.ASCII)
_OPERATOR = "=+-*/%<>!&|^"
LOOSE_MIN_LINES = 3
TAB = 4


def indent(line: str) -> int:
    """How far ``line`` is indented (a tab counts as four spaces)."""
    wide = line.expandtabs(TAB)
    return len(wide) - len(wide.lstrip(" "))


def is_code_line(line: str) -> bool:
    """True when ``line`` (without its line break) reads as a line of code."""
    if not line.strip() or _HANGUL.search(line) or _MARKDOWN_LINE.match(line):
        return False
    return bool(_CODE_LINE.match(line))


def joins_run(line: str, run: Sequence[str]) -> bool:
    """Whether ``line`` belongs to the run of code lines ``run`` (its lines so far, blank ones
    included; empty: none open): a code line starts or continues one; inside one, so does a
    blank line or a line indented deeper than the run's first (a comment, a body's line). A
    line that starts like a fence never does (the gate takes it for one from its start)."""
    if line.lstrip(" \t").startswith(("```", "~~~")):
        return False
    if is_code_line(line):
        return True
    if not run:
        return False
    if not line.strip():
        return True
    return indent(line) > indent(run[0]) and not _LIST_ITEM.match(line)


def line_start(start: str, run: Sequence[str]) -> bool | None:
    """What the first characters of a line (no line break yet) say, with ``run`` the open run
    of code lines: True — it may be code, keep it back until it ends; False — prose, show it
    now; None — too few characters to tell."""
    bare = start.lstrip(" \t\r\f\v")
    deep = indent(start) >= TAB or (bool(run) and indent(start) > indent(run[0]))
    if deep:
        return True
    if not bare:
        return None
    first = bare[0]
    if _HANGUL.match(first):
        return False
    if run:  # inside a run every other line waits for its end: the run's rule decides there
        return True
    if first in "-*+>|#":
        if len(bare) == 1:
            return None
        return first == "#" and bare[1].isalpha()  # #include, #define
    if first in "{}()[]@":
        return True
    word = _WORD.match(bare)
    if word is None:
        return False  # a digit, a quote, other punctuation: prose (a list number, a quote)
    return _after_word(bare, word.group(), word.end())


def _after_word(bare: str, word: str, end: int) -> bool | None:
    if end == len(bare):
        return None
    if word in _KEYWORDS:
        return True
    nxt, rest = bare[end], bare[end + 1 :]
    lower = word[0].islower() or word[0] == "_"
    if nxt in ".:!":  # obj.method, std::, != — but "Yes. ", "Note: ", "Great!"
        if not rest:
            return None
        return not rest[0].isspace()
    if nxt in "([;{" or (nxt in _OPERATOR and nxt != "!"):
        return True
    if nxt == ",":
        return lower  # a, b = … (not "However, …")
    if nxt not in " \t":
        return False
    after = rest.lstrip(" \t")
    if not after:
        return None
    if after[0] in _OPERATOR or (after[0] == "(" and lower):
        return True
    second = _WORD.match(after)
    if second is None:
        return False
    if second.end() == len(after):
        return None
    tail = after[second.end() :].lstrip(" \t")
    if not tail:
        return None
    return tail[0] in "=;([<"  # Type name = …, Type name;
