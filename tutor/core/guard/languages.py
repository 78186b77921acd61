"""Which programming language a code block or a solution file is in: tags, extensions, guesses."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from pygments.lexers import get_lexer_by_name, get_lexer_for_filename
from pygments.util import ClassNotFound

# Tags and extensions Pygments does not know (or knows as something else), in tutor's names.
_TAGS = {
    "py": "python",
    "py3": "python",
    "python3": "python",
    "node": "javascript",
    "nodejs": "javascript",
    "mjs": "javascript",
    "cc": "cpp",
    "cxx": "cpp",
    "hpp": "cpp",
    "golang": "go",
    "rs": "rust",
    "kt": "kotlin",
}
# Tags that say "not code" or nothing: their blocks' language is guessed from the content.
_UNSAID = {"", "text", "txt", "plain", "plaintext", "pseudo", "pseudocode", "code", "none", "md"}

_NOT_CODE = {"text", "output", "markdown", "md"}  # Pygments lexers whose text is not code

# What each language's code tends to hold; the language with the most hits wins a guess.
_MARKS: dict[str, tuple[str, ...]] = {
    "python": (
        r"^\s*def \w+\(.*\)\s*(->.*)?:\s*$",
        r"^\s*(for|while|if|elif|with) .+:\s*(#.*)?$",
        r"^\s*(else|try|finally):\s*$",
        r"^\s*(from \w[\w.]* )?import \w",
        r"\bprint\(",
        r"\b(range|len|enumerate)\(",
        r"\bself\.",
        r"\b(True|False|None)\b",
    ),
    "javascript": (
        r"\bfunction\s*\w*\s*\(",
        r"^\s*(const|let|var) \w+",
        r"\b(let|const)\s+\w+\s*=",
        r"=>",
        r"\bconsole\.log\(",
        r"===|!==",
        r"\.length\b",
        r"module\.exports|require\(",
    ),
    "cpp": (
        r"^\s*#include\b",
        r"\bstd::",
        r"\bcin\s*>>|\bcout\s*<<",
        r"\bvector<",
        r"\bint main\s*\(",
        r"using namespace std",
    ),
    "java": (
        r"\bpublic (static |final )*\w",
        r"\bclass \w+\s*\{",
        r"\bSystem\.(out|in)\b",
        r"\bnew \w+(<.*>)?\[",
        r"\b(Scanner|BufferedReader|ArrayList|HashMap)\b",
        r"\bString\[\]",
    ),
    "rust": (
        r"\bfn \w+\s*[(<]",
        r"\blet mut\b",
        r"\bVec<",
        r"\bprintln!",
        r"&mut\b",
        r"\bimpl\b|\bi64\b|\busize\b",
    ),
    "go": (
        r"\bfunc \w+\s*\(",
        r":=",
        r"^package \w+",
        r"\bfmt\.",
    ),
}
_COMPILED = {lang: [re.compile(p, re.MULTILINE) for p in pats] for lang, pats in _MARKS.items()}


def from_tag(tag: str) -> str | None:
    """The language a fence's info string names (``py``, ``c++``, ``JavaScript``…), or None
    when it names none (``text``, ``pseudocode``, nothing) or one Pygments does not know."""
    word = tag.strip().split()[0].strip("{}.").lower() if tag.strip() else ""
    if word in _UNSAID:
        return None
    word = _TAGS.get(word, word)
    lexer = _lexer_class(word)
    language = None if lexer is None else _canonical(lexer)
    return None if language in _NOT_CODE else language


def from_path(path: Path | str) -> str | None:
    """The language of a file by its extension (``.py`` python, ``.cc`` cpp…), or None."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if not suffix:
        return None
    named = _TAGS.get(suffix)
    if named:
        return named
    try:
        language = _canonical(type(get_lexer_for_filename(f"x.{suffix}")))
    except ClassNotFound:
        return None
    return None if language in _NOT_CODE else language


def guess(code: str) -> str | None:
    """The language ``code`` most looks like (python, javascript, cpp, java, rust, go), or None
    when it looks like none of them (prose, pseudocode without a single mark)."""
    best, best_hits = None, 0
    for lang, patterns in _COMPILED.items():
        hits = sum(1 for p in patterns if p.search(code))
        if hits > best_hits:
            best, best_hits = lang, hits
    return best


def lexer_for(language: str | None) -> Any:
    """A Pygments lexer for ``language`` (python for an unknown one: names, operators and
    brackets still tokenise usefully); shared, since lexers keep no state between calls."""
    return _lexer(language or "python")


@lru_cache(maxsize=64)
def _lexer(language: str) -> Any:
    cls = _lexer_class(language) or _lexer_class("python")
    assert cls is not None
    return cls(stripnl=False, ensurenl=False)


@lru_cache(maxsize=256)
def _lexer_class(name: str) -> type | None:
    try:
        return type(get_lexer_by_name(name))
    except ClassNotFound:
        return None


def _canonical(lexer_class: type) -> str:
    aliases = getattr(lexer_class, "aliases", None) or [lexer_class.__name__.lower()]
    return str(aliases[0])
