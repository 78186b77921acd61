"""`tutor practice run` (and the hint/ask parsers): your code run against the problem's tests."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from tutor.cli import output
from tutor.cli.practice_common import library, open_store, student_code

FAILED_TESTS = 3  # exit status when a test of the student's code fails


def add_to(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    from tutor.cli import practice_tutor

    run = sub.add_parser(
        "run",
        parents=parents[:1],
        help="run your code against every test (exit 3 when one fails)",
        description="Run your file against the problem's tests: sample tests show input, "
        "expected and got; hidden ones their name, description and verdict. Exit 0 when "
        "every test passes, 3 when one fails.",
    )
    run.add_argument("id", metavar="ID")
    run.add_argument(
        "file",
        nargs="?",
        type=Path,
        metavar="FILE",
        help="your code (default: the file `practice start` wrote)",
    )
    run.add_argument("--json", action="store_true")
    run.set_defaults(run=run_tests)

    model = argparse.ArgumentParser(add_help=False)
    model.add_argument(
        "--file",
        type=Path,
        metavar="FILE",
        help="your code, shown to the tutor (default: the file `start` wrote)",
    )
    model.add_argument("--endpoint", metavar="NAME|URL", help="endpoint from the config, or a URL")
    model.add_argument("--model", metavar="M", help="model to ask")
    model.add_argument(
        "--persona",
        metavar="ID",
        help="persona for a new practice session (default: algorithm-coach)",
    )
    model.add_argument("--json", action="store_true", help="print one JSON object at the end")

    hint = sub.add_parser(
        "hint",
        parents=[*parents, model],
        help="the next rung of the hint ladder (1–6)",
        description="Climb the hint ladder one rung: 1 what have you tried · 2 a failing test "
        "or a small case · 3 the concept · 4 a strategy · 5 pseudocode of one sub-step · 6 a "
        "worked example of a similar problem. A hint the pack wrote is shown as it is; "
        "otherwise the tutor is asked for that rung. The next rung opens after you run or "
        "change your code.",
    )
    hint.add_argument("id", metavar="ID")
    hint.set_defaults(run=practice_tutor.give_hint)

    asking = sub.add_parser(
        "ask",
        parents=[*parents, model],
        help="ask the tutor about the problem (it sees your code and run)",
    )
    asking.add_argument("id", metavar="ID")
    asking.add_argument("text", nargs="?", metavar="TEXT", help="your message, or '-' for stdin")
    asking.set_defaults(run=practice_tutor.ask_tutor)


def run_tests(args: argparse.Namespace) -> int:
    from tutor.cli.practice_results import print_run, run_json
    from tutor.core.practice.cases import read_cases
    from tutor.core.practice.folder import files_hash
    from tutor.core.practice.running import kept_results, run_code

    problem = library(args).get(args.id)
    cases = read_cases(problem)
    with open_store() as store:
        code = student_code(args, problem, store, required=True)
        before = store.problem_progress(problem.id)
        solved_before = before is not None and before.solved_at is not None
        result = run_code(problem, code.text, code.language, cases, file_name=code.path.name)
        record = store.record_run(
            problem.id,
            files_hash(problem.folder),
            language=code.language,
            code_hash=code.hash,
            passed=result.passed,
            total=result.total,
            results=kept_results(result, cases),
            compile_error=result.compile_error,
            network_cut=result.network_cut,
            moments=[code.saved_at],
        )
    first_solve = record.all_passed and not solved_before
    if args.json:
        output.print_json(run_json(problem, code, result, cases, first_solve))
    else:
        print_run(problem, code, result, cases, first_solve)
    return 0 if record.all_passed else FAILED_TESTS
