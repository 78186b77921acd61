"""The shape of a solution: a complete entry point or a whole program, with no blanks left."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tutor.core.guard.lexing import tokenize

# Blanks a skeleton leaves for the student; any of them makes code incomplete.
_PLACEHOLDER = re.compile(
    r"""(
        \bNotImplemented | not\ implemented | \?\?\?
      | your\ (own\ )?code | fill\ (in|this|it|me) | write\ (this|it|here)
      | ___+ | 채워 | 작성해 | 구현해 | 빈칸
      | [=(,:]\s*\?\s*[;),\n] | ^\s*\?\s*$
    )""",
    re.VERBOSE | re.IGNORECASE | re.MULTILINE,
)
_MARKER = re.compile(r"\b(TODO|FIXME)\b")  # upper case: `todo` is a fine variable name
_ANGLED = re.compile(r"<([a-z][^<>\n]*\s[^<>\n]*[a-z])>")  # <your condition> (not a < b > c)
_KOREAN_ANGLED = re.compile(r"<[^<>\n]*[\uac00-\ud7a3][^<>\n]*>")  # <조건>
_TYPE_WORDS = {"long", "int", "unsigned", "signed", "short", "char", "double", "float", "const"}
_ELLIPSIS = re.compile(r"\.\.\.(?![\w\[({])|…")  # `...` that is not JavaScript's spread
_PASS_ONLY = re.compile(r"^\s*pass\s*$", re.MULTILINE)
READS = re.compile(
    r"\binput\s*\(|sys\.stdin|\bopen\(\s*0|\bcin\b|\bscanf\b|\bgetline\b|\bScanner\b|"
    r"BufferedReader|readLine|readline|process\.stdin|readFileSync|io::stdin|bufio\.|fmt\.Scan"
)
WRITES = re.compile(
    r"\bprint\s*\(|sys\.stdout|\bcout\b|\bprintf\b|System\.out|console\.log|println!|print!|"
    r"fmt\.Print|\bputs\b|process\.stdout|PrintWriter|BufferedWriter"
)
_LOOP = re.compile(r"\b(for|while|loop)\b|\.forEach\b")
_MAIN = re.compile(r"\b(int|void)\s+main\s*\(|\bfn\s+main\b|\bfunc\s+main\b|static\s+void\s+main")
_BRACED = {"cpp", "c", "java", "javascript", "typescript", "rust", "go", "csharp", "kotlin"}
PROGRAM_MIN_LINES = 8


@dataclass(frozen=True)
class Shape:
    """What a piece of code is: ``complete`` when it is a whole solution's shape; ``what``
    says why in a few words; ``blanks`` when it leaves placeholders to fill."""

    complete: bool
    what: str
    blanks: bool = False


def names_of(entry_point: str) -> set[str]:
    """The entry point as any language would spell it: pair_sum, pairSum, PairSum."""
    parts = [p for p in re.split(r"_+|(?<=[a-z0-9])(?=[A-Z])", entry_point) if p]
    if not parts:
        return {entry_point}
    lower = [p.lower() for p in parts]
    camel = lower[0] + "".join(p.capitalize() for p in lower[1:])
    return {entry_point, "_".join(lower), camel, camel[0].upper() + camel[1:]}


def has_blanks(code: str, language: str | None) -> bool:
    """True when ``code`` leaves something for the student to fill in."""
    if _PLACEHOLDER.search(code) or _MARKER.search(code) or _ELLIPSIS.search(code):
        return True
    if _KOREAN_ANGLED.search(code):
        return True
    for angled in _ANGLED.finditer(code):
        words = angled.group(1).split()
        if all(w.isalpha() for w in words) and not set(words) <= _TYPE_WORDS:
            return True
    return language in (None, "python") and bool(_PASS_ONLY.search(code))


def code_lines(code: str, language: str | None) -> int:
    """How many lines hold code (not blank, not only a comment)."""
    count, line, last, at = 0, 0, -1, 0
    for start in tokenize(code, language).starts:  # in order: count the newlines between
        line += code.count("\n", at, start)
        at = start
        if line != last:
            count, last = count + 1, line
    return count


def function_shape(code: str, language: str | None, entry_point: str) -> Shape:
    """Whether ``code`` defines the entry point completely (any spelling, any language)."""
    body = _python_body(code, entry_point) if language in (None, "python") else None
    if body is None and language not in (None, "python"):
        body = _braced_body(code, entry_point)
    if body is None:
        return Shape(False, f"no definition of `{entry_point}`")
    text, closed = body
    if not closed:
        return Shape(False, f"`{entry_point}` is cut off before its end")
    if has_blanks(text, language):
        return Shape(False, f"`{entry_point}` leaves blanks to fill", blanks=True)
    if code_lines(text, language) < 1 or not _gives_back(text, language):
        return Shape(False, f"`{entry_point}` has no real body")
    return Shape(True, f"a complete definition of `{entry_point}` ({language or 'code'})")


def program_shape(code: str, language: str | None, lines: int | None = None) -> Shape:
    """Whether ``code`` is a whole program: it reads the input, loops, prints, and is whole.
    ``lines``: its code lines when already known (blocks joined: the sum of theirs)."""
    if not (READS.search(code) and WRITES.search(code) and _LOOP.search(code)):
        return Shape(False, "not a whole program (no input, loop and output)")
    if language in _BRACED - {"javascript", "typescript"} and not _MAIN.search(code):
        return Shape(False, "no main function")
    if language in _BRACED and code.count("{") != code.count("}"):
        return Shape(False, "its braces do not close")
    if has_blanks(code, language):
        return Shape(False, "a program with blanks to fill", blanks=True)
    if (code_lines(code, language) if lines is None else lines) < PROGRAM_MIN_LINES:
        return Shape(False, "too short to be a whole program")
    return Shape(True, f"a whole program that reads the input and prints ({language or 'code'})")


def _gives_back(body: str, language: str | None) -> bool:
    if re.search(r"\breturn\b|\byield\b", body):
        return True
    return language == "rust"  # a Rust body ends with the value it gives back


def _python_body(code: str, entry_point: str) -> tuple[str, bool] | None:
    names = "|".join(sorted(map(re.escape, names_of(entry_point))))
    head = re.search(rf"^([ \t]*)(async[ \t]+)?def[ \t]+({names})[ \t]*\(", code, re.MULTILINE)
    if head is None:
        lam = re.search(rf"^[ \t]*({names})[ \t]*=[ \t]*lambda\b(.*)$", code, re.MULTILINE)
        return None if lam is None else ("return " + lam.group(2), True)
    indent = len(head.group(1).expandtabs())
    colon = re.compile(r"\)\s*(->[^:\n]*)?:").search(code, head.end())
    if colon is None:
        return None
    rest = code[colon.end() :]
    first, _, following = rest.partition("\n")
    if first.strip() and not first.strip().startswith("#"):
        return first.strip(), True  # def f(x): return x
    lines = []
    for line in following.splitlines():
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        lines.append(line)
    return "\n".join(lines), True


def _braced_body(code: str, entry_point: str) -> tuple[str, bool] | None:
    names = "|".join(sorted(map(re.escape, names_of(entry_point))))
    for match in re.finditer(rf"\b({names})\b", code):
        line_start = code.rfind("\n", 0, match.start()) + 1
        before = code[line_start : match.start()]
        if re.search(r"[(=.!?+\-/%]\s*$|\breturn\s*$", before):
            continue  # a call or a use, not the definition
        brace = code.find("{", match.end())
        semicolon = code.find(";", match.end())
        if brace < 0 or (0 <= semicolon < brace) or "(" not in code[match.end() : brace]:
            continue
        between = code[match.end() : brace]
        if not re.match(r"\s*(<[^>]*>)?\s*(=\s*(async\s*)?(function\b)?\s*)?\(", between):
            continue
        return _matching_brace(code, brace)
    return None


def _matching_brace(code: str, brace: int) -> tuple[str, bool]:
    """The text inside the ``{`` at ``brace`` and whether its ``}`` comes (strings and
    comments skipped)."""
    depth, i, quote = 0, brace, ""
    while i < len(code):
        ch = code[i]
        if not quote and code.startswith("//", i):
            i = code.find("\n", i)
            if i < 0:
                break
        elif not quote and code.startswith("/*", i):
            i = code.find("*/", i + 2)
            if i < 0:
                break
            i += 1
        elif quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'`":
            quote = ch
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return code[brace + 1 : i], True
        i += 1
    return code[brace + 1 :], False
