"""The `tutor` entry point: parses the command line, runs a command, maps failures to exit codes."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tutor import __version__
from tutor.core.errors import TutorError, UsageError

if TYPE_CHECKING:
    import argparse  # imported when a command is parsed: `tutor` alone opens the app without it


def build_parser() -> argparse.ArgumentParser:
    import argparse

    from tutor.cli import ask, info, personas, practice, sessions

    class _Parser(argparse.ArgumentParser):
        """An argparse parser whose mistakes are one line on stderr and exit code 2."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.set_defaults(help_of=self.prog)  # the innermost command's wins

        def error(self, message: str) -> None:  # type: ignore[override]
            raise UsageError(f"{message} — see `{self.prog} --help`")

    parser = _Parser(
        prog="tutor",
        description="A Socratic tutor in the terminal. Run `tutor` alone to open the app.",
    )
    parser.add_argument("--version", action="version", version=f"tutor {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    ask.add_to(commands)
    sessions.add_to(commands)
    personas.add_to(commands)
    practice.add_to(commands)
    info.add_to(commands)
    return parser


def run(argv: Sequence[str]) -> int:
    """Run one command; return the exit code (0 done, 1 endpoint, 2 usage, 130 interrupted)."""
    try:
        if not argv:
            return _open_app()
        parser = build_parser()
        args, extra = parser.parse_known_args(argv)
        if extra:  # said by the command they were given to, so its --help is the one to read
            raise UsageError(
                f"unrecognized arguments: {' '.join(extra)} — see `{args.help_of} --help`"
            )
        if not getattr(args, "run", None):
            parser.print_help()
            return 0
        return int(args.run(args) or 0)
    except TutorError as error:
        for line in error.lines():  # a broken file: every problem, one line each
            _fail(line)
        return error.exit_code
    except KeyboardInterrupt:
        _fail("interrupted (anything already received is kept)")
        return 130
    except BrokenPipeError:
        return 0


def _open_app() -> int:
    try:
        from tutor.ui.launch import launch
    except ImportError:
        build_parser().print_help()
        return 0
    return launch()


def _fail(line: str) -> None:
    """One line on stderr; what a server or a file said in it is inert on a terminal."""
    from tutor.cli.output import shown

    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
    print(f"tutor: {shown(line, sys.stderr)}", file=sys.stderr)


def main() -> None:
    """The console entry point: run, flush, and leave without tearing the interpreter down.

    Everything tutor writes is closed or flushed by the time ``run`` returns (the store is
    closed, files are replaced atomically), so the ~0.2 s Python spends freeing thousands of
    SDK classes at exit is skipped: the shell prompt comes back that much sooner.
    """
    code = run(sys.argv[1:])
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            code = code or 1
    os._exit(code)


if __name__ == "__main__":
    main()
