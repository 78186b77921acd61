"""How the CLI writes: streamed replies (inert on a terminal), JSON, notes and warnings."""

from __future__ import annotations

import json
import sys
import time
from typing import Any, TextIO

from tutor.core.errors import Problem
from tutor.core.inert import inert


class ReplySink:
    """Writes reply text as it arrives; control characters are made inert on a terminal."""

    def __init__(self, stream: TextIO, *, as_json: bool) -> None:
        self.stream = stream
        self.quiet = as_json
        self.tty = stream.isatty()
        self.wrote = False
        self.ends_with_newline = True

    def write(self, text: str) -> None:
        if self.quiet or not text:
            return
        self.stream.write(inert(text) if self.tty else text)
        self.stream.flush()
        self.wrote = True
        self.ends_with_newline = text.endswith("\n")

    def end(self) -> None:
        if self.wrote and not self.ends_with_newline:
            self.stream.write("\n")
            self.stream.flush()
            self.ends_with_newline = True


def shown(text: str, stream: TextIO | None = None) -> str:
    """Text from outside (a model, a server, a file, the store) as written to ``stream``
    (stdout by default): inert when that is a terminal — control characters and escape
    sequences become visible symbols — and exact otherwise (pipes, files, JSON)."""
    target = stream if stream is not None else sys.stdout
    try:
        terminal = target.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        terminal = False
    return inert(text) if terminal else text


def say(text: str, stream: TextIO | None = None) -> None:
    """Print one piece of output that may hold outside text (see ``shown``)."""
    target = stream if stream is not None else sys.stdout
    print(shown(text, target), file=target)


ENDPOINT_HELP = (
    "an endpoint's name in the config, or a URL (one that is no configured endpoint's base URL "
    "gets no API key)"
)


def no_action(parser: Any, actions: str) -> int:
    """A command group called without its action: its help on stderr, and exit code 2."""
    parser.print_help(sys.stderr)
    print(f"tutor: `{parser.prog}` needs an action: {actions}", file=sys.stderr)
    return 2


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    sys.stdout.flush()


def note(text: str) -> None:
    print(f"tutor: note: {inert(text)}", file=sys.stderr, flush=True)


def problem(line: str) -> None:
    """One problem of a file the user gave, on stderr."""
    print(f"tutor: {line}", file=sys.stderr)


def warn_all(lines: list[str]) -> None:
    for line in lines:
        say(f"tutor: warning: {line}", sys.stderr)


def warn_persona_problems(problems: list[Problem], wanted: str | None = None) -> None:
    """A broken user persona is reported (one line per file) and the others still work."""
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.path, []).append(problem)
    for path, found in by_file.items():
        more = f" (and {len(found) - 1} more: tutor personas validate {path})" if found[1:] else ""
        say(f"tutor: warning: skipped a broken persona: {found[0]}{more}", sys.stderr)


def role_word(role: str) -> str:
    """``student`` or ``tutor``: the words people read (JSON keeps the API's roles)."""
    from tutor.core.store.records import ROLE_WORDS

    return ROLE_WORDS.get(role, role)


def when(stamp: float) -> str:
    """A local date and time, minute precision."""
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(stamp))


def table(rows: list[list[str]], headers: list[str]) -> str:
    """A plain left-aligned table; wide (Korean) characters are measured by display width."""
    from unicodedata import east_asian_width

    def width(text: str) -> int:
        if text.isascii():
            return len(text)
        return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)

    grid = [headers, *([" ".join(cell.split()) for cell in row] for row in rows)]
    widths = [max(width(r[i]) for r in grid) for i in range(len(headers))]
    lines = []
    for row in grid:
        cells = [cell + " " * (widths[i] - width(cell)) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
