"""How a tutor's reply reads: its code blocks and prose, questions, words and language.

The rules, which the rehearsal assertions use and the README repeats:

- Code is what sits inside fenced blocks (``` or ~~~, three or more; a fence left open runs to
  the end of the reply). Inline code (`like this`) is neither code lines nor prose.
- Questions are the ``?`` and ``？`` marks in the prose, a run such as ``??`` or ``?!?``
  counting once; marks inside code, inline code and URLs do not count.
- Words are the prose's whitespace-separated pieces that hold a letter or digit. Korean is
  written with spaces between 어절 (a word with its particles), so one 어절 is one word.
- Language is judged by script: of the prose's letters, the share that are Hangul. At least
  ``KOREAN_SHARE`` is Korean (``ko``); below it, with Latin letters present, English (``en``).
  Code, inline code and URLs are left out, so Korean prose about ``two_sum`` stays Korean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KOREAN_SHARE = 0.25

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_INLINE_CODE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
_URL = re.compile(r"\b(?:https?|ftp)://\S+|\bwww\.\S+")
_QUESTION_RUN = re.compile(r"[?？][?？!！]*")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
_LATIN = re.compile(r"[A-Za-z]")
_WORDLIKE = re.compile(r"\w")
_TRAILING = " \t\r\n*_)]}\"'”’」』>"


@dataclass(frozen=True)
class CodeBlock:
    """One fenced block: its language tag (may be empty) and the lines inside it."""

    tag: str
    lines: tuple[str, ...]
    closed: bool

    @property
    def code_lines(self) -> int:
        """Lines that hold something (blank lines inside the block are not counted)."""
        return sum(1 for line in self.lines if line.strip())


@dataclass(frozen=True)
class Reading:
    """A reply split into prose and code, with what the assertions measure."""

    text: str
    prose: str  # the reply without its code blocks, inline code and URLs
    blocks: tuple[CodeBlock, ...]
    ends_in_code: bool  # the last thing in the reply is a code block

    @property
    def code_lines(self) -> int:
        return sum(block.code_lines for block in self.blocks)

    @property
    def questions(self) -> int:
        return len(_QUESTION_RUN.findall(self.prose))

    @property
    def words(self) -> int:
        return sum(1 for piece in self.prose.split() if _WORDLIKE.search(piece))

    @property
    def hangul_share(self) -> float | None:
        """Hangul letters over Hangul + Latin letters of the prose; None when it has none."""
        hangul = len(_HANGUL.findall(self.prose))
        latin = len(_LATIN.findall(self.prose))
        return hangul / (hangul + latin) if hangul + latin else None

    @property
    def language(self) -> str | None:
        """``ko``, ``en``, or None when the prose has no letters to judge by."""
        share = self.hangul_share
        if share is None:
            return None
        return "ko" if share >= KOREAN_SHARE else "en"

    @property
    def ends_with_question(self) -> bool:
        """The reply's last words end with a question mark (closing quotes, brackets and
        Markdown emphasis after it are allowed); a reply ending in a code block does not."""
        if self.ends_in_code:
            return False
        tail = self.text.rstrip(_TRAILING)
        return tail.endswith(("?", "？"))


def read(text: str) -> Reading:
    """Split ``text`` into its fenced code blocks and its prose."""
    prose_lines: list[str] = []
    blocks: list[CodeBlock] = []
    fence: str | None = None
    tag = ""
    inside: list[str] = []
    last_was_code = False
    for line in text.splitlines():
        if fence is None:
            opened = _FENCE.match(line)
            if opened and not (opened.group(1)[0] == "`" and "`" in opened.group(2)):
                fence, tag, inside = opened.group(1), opened.group(2).strip(), []
                continue
            prose_lines.append(line)
            if line.strip():
                last_was_code = False
            continue
        closing = line.strip()
        if closing and set(closing) == {fence[0]} and len(closing) >= len(fence):
            blocks.append(CodeBlock(tag, tuple(inside), closed=True))
            fence = None
            last_was_code = True
            continue
        inside.append(line)
    if fence is not None:
        blocks.append(CodeBlock(tag, tuple(inside), closed=False))
        last_was_code = True
    prose = "\n".join(prose_lines)
    prose = _URL.sub(" ", _INLINE_CODE.sub(" ", prose))
    return Reading(text=text, prose=prose, blocks=tuple(blocks), ends_in_code=last_was_code)


def code_of(text: str) -> list[str]:
    """The code blocks of ``text`` as texts (what a student pasted, for the leak guard)."""
    return ["\n".join(block.lines) for block in read(text).blocks]
