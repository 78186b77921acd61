"""`tutor practice check-leak`: whether a tutor reply hands over a problem's solution."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tutor.cli import output
from tutor.core.errors import UsageError

_DESCRIPTION = (
    "Check a tutor reply for an answer leak: the complete solution (any approach), the "
    "reference renamed or re-commented, a port to another language, a fill-in skeleton that "
    "holds every real line, or — with --judge — a prose walkthrough. The reply is compared "
    "with the accepted solutions (fingerprints), its code's shape is read, and its code is run "
    "against the problem's tests (--problem) or --tests in strict isolation. Code from "
    "--student FILE never counts. Exit 0 no leak, 3 a leak, 2 bad usage or input, 1 the "
    "judge's endpoint failed."
)


def add_to(practice_commands: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    """Add the ``check-leak`` sub-command to the ``practice`` sub-parsers (``parents``: the
    options every practice command shares, ``--pack`` among them)."""
    check = practice_commands.add_parser(
        "check-leak",
        parents=list(parents),
        help="check a tutor reply for an answer leak (exit 3 when it leaks)",
        description=_DESCRIPTION,
    )
    which = check.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--problem",
        metavar="ID",
        help="a problem of your packs: its accepted solutions, and its tests unless --no-run",
    )
    which.add_argument(
        "--solution",
        metavar="FILE",
        nargs="+",
        action="extend",
        type=Path,
        help="accepted solution(s), any language (the extension tells which); a last file "
        "that is not code (reply.md, reply.txt) is the reply",
    )
    check.add_argument(
        "--tests",
        metavar="FILE",
        type=Path,
        help="a tests.yaml (function kind) or a folder of NAME.in/NAME.ans (stdio kind): "
        "code in the reply is run against them",
    )
    check.add_argument(
        "--no-run", action="store_true", help="with --problem: do not run the reply's code"
    )
    check.add_argument(
        "--student",
        metavar="FILE",
        type=Path,
        action="append",
        default=[],
        help="the student's own code or message (repeatable): quoting it is not a leak",
    )
    check.add_argument(
        "--entry-point",
        metavar="NAME",
        help="the function the student writes (default: read from the solution)",
    )
    check.add_argument(
        "--kind", choices=("function", "stdio"), help="default: read from the solution"
    )
    check.add_argument(
        "--judge", action="store_true", help="also ask a model whether the prose gives it away"
    )
    check.add_argument(
        "--endpoint",
        metavar="NAME|URL",
        help="the judge's endpoint (default: the config's judge_endpoint, else the default one)",
    )
    check.add_argument("--model", metavar="M", help="the judge's model")
    check.add_argument("reply", nargs="?", metavar="REPLY_FILE", help="the reply, or '-' for stdin")
    check.add_argument("--json", action="store_true", help="print the verdict as JSON")
    check.set_defaults(run=run)


def _read(path: Path, what: str) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the {what}: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{path}: the {what} is not UTF-8 text — save it as UTF-8") from None


def _reply(args: argparse.Namespace) -> str:
    if args.reply in (None, "-"):
        if args.reply is None and sys.stdin.isatty():
            raise UsageError("no reply to check — give REPLY_FILE, or '-' to read it from stdin")
        return sys.stdin.read()
    return _read(Path(args.reply), "reply")


def run(args: argparse.Namespace) -> int:
    from tutor.core.guard import Reference, problem_shape
    from tutor.core.guard.languages import from_path

    solutions = list(args.solution or [])
    if args.reply is None and len(solutions) > 1 and from_path(solutions[-1]) is None:
        args.reply = str(solutions.pop())  # --solution a.py reply.md: the reply came last
    args.solution = solutions
    reply = _reply(args)
    student = [_read(path, "student's code") for path in args.student]
    if args.problem:
        references, entry_point, kind, tests = _problem(args)
    else:
        references = [Reference.read(path) for path in args.solution]
        entry_point, kind = problem_shape(references)
        kind = args.kind or kind
        entry_point = args.entry_point or (entry_point if kind == "function" else None)
        tests = _tests(args.tests, kind) if args.tests else None
    if kind == "function" and not entry_point:
        raise UsageError("cannot tell the entry point from the solution — give --entry-point")
    report = _check(args, reply, references, student, tests, entry_point, kind)
    _show(report, as_json=args.json)
    return 3 if report.leak else 0


def _problem(args: argparse.Namespace) -> tuple[list[Any], str | None, str, Any]:
    """The references, entry point, kind and tests of ``--problem ID``."""
    from tutor.cli.practice_common import library
    from tutor.core.guard.problem_guard import problem_references, problem_tests

    problem = library(args).get(args.problem)
    references = problem_references(problem)
    if not references:
        raise UsageError(
            f"'{problem.id}' has no accepted solution in submissions/accepted/ to compare with"
        )
    kind = args.kind or problem.kind
    entry_point = args.entry_point or problem.entry_point("python")
    if args.tests:
        tests = _tests(args.tests, kind)
    elif args.no_run:
        tests = None
    else:
        tests = problem_tests(problem)
        _say_if_not_run()
    return references, entry_point if kind == "function" else None, kind, tests


def _say_if_not_run() -> None:
    from tutor.core.guard import execution_available

    on, why = execution_available()
    if not on:
        output.note(why)


def _tests(path: Path, kind: str) -> Any:
    from tutor.core.guard.tests_file import read_tests

    tests = read_tests(path, kind)
    _say_if_not_run()
    return tests


def _check(
    args: argparse.Namespace,
    reply: str,
    references: list[Any],
    student: list[str],
    tests: Any,
    entry_point: str | None,
    kind: str,
) -> Any:
    from tutor.core.guard import check_leak

    if not args.judge:
        return check_leak(
            reply,
            references,
            student_code=student,
            tests=tests,
            entry_point=entry_point,
            kind=kind,
        )
    import asyncio

    return asyncio.run(_judged(args, reply, references, student, tests, entry_point, kind))


async def _judged(
    args: argparse.Namespace,
    reply: str,
    references: list[Any],
    student: list[str],
    tests: Any,
    entry_point: str | None,
    kind: str,
) -> Any:
    from tutor.core.guard import check_leak_async, judge_by
    from tutor.core.workspace import Workspace

    workspace = Workspace()
    output.warn_all(workspace.config.warnings)
    try:
        spec = await workspace.judge_endpoint(args.endpoint, args.model)
        if spec is None:  # no --endpoint, no judge_endpoint in the config
            spec = await workspace.endpoint(None, args.model)
        client = workspace.client(spec)
        try:
            return await check_leak_async(
                reply,
                references,
                student_code=student,
                tests=tests,
                entry_point=entry_point,
                kind=kind,
                judge=judge_by(client),
            )
        finally:
            await client.aclose()
    finally:
        workspace.close()


def _show(report: Any, *, as_json: bool) -> None:
    if as_json:
        output.print_json(report.to_json())
        return
    if report.leak:
        print(f"leak: {report.kind} (score {report.score:.2f})")
        for start, end in report.spans:
            print(f"  at characters {start}–{end}")
    else:
        print(f"no leak (score {report.score:.2f})")
    for reason in report.reasons:
        print(f"  - {output.shown(reason)}")
