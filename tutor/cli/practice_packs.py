"""`tutor practice validate|import`: check a pack, running its solutions; add a problem to yours."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from tutor.cli import output

TRUST_HELP = (
    "run solutions of a pack from elsewhere even where strict isolation is unavailable — "
    "they then get only the limits your own code gets: they could read your files and use the "
    "network"
)


def add_to(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    validate = sub.add_parser(
        "validate",
        parents=parents,
        help="check problems: files, and every solution run against the tests",
        description="Check problem folders or packs: the files are well formed, statements "
        "(English at least), samples and starters exist, every accepted solution passes every "
        "test within a third of the time limit, and every wrong_answer / time_limit_exceeded "
        "solution fails at least one. Solutions of packs not shipped with tutor run in strict "
        "isolation. Exit 0 all good, 2 a file is broken or code was not run, 3 a solution "
        "failed its check.",
    )
    validate.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    validate.add_argument("--trust", action="store_true", help=TRUST_HELP)
    validate.set_defaults(run=validate_packs)

    imported = sub.add_parser(
        "import",
        parents=parents,
        help="check a problem folder (ours or a Kattis package) and copy it into your pack",
        description="Validate one problem folder — a Kattis/ICPC package works as it is, as a "
        "stdio problem — with its solutions run in strict isolation, then copy it into your "
        "pack (<config dir>/problems/ID/).",
    )
    imported.add_argument("dir", type=Path, metavar="DIR")
    imported.add_argument("--id", metavar="ID", help="the id it gets (default: from the folder)")
    imported.add_argument("--trust", action="store_true", help=TRUST_HELP)
    imported.add_argument(
        "--replace", action="store_true", help="overwrite a problem of yours with the same id"
    )
    imported.set_defaults(run=import_problem)


def print_report(report: Any) -> None:
    """One problem's findings, one line each: what is wrong and what to do."""
    marks = {"broken": "error", "refused": "not run", "failed": "failed", "note": "note"}
    status = "ok" if report.ok else "problems"
    how = {"strict": " (solutions run in strict isolation)", "limits": ""}
    print(f"{report.folder}: {status}{how.get(report.isolation or '', '')}")
    for line in report.checked:
        print(f"  ran {line}")
    for finding in report.findings:
        print(f"  {marks[finding.severity]}: {output.shown(finding.text)}")


def validate_packs(args: argparse.Namespace) -> int:
    from tutor.core.practice.validate import exit_code, validate

    reports = []
    for report in validate(list(args.paths), trust=args.trust):
        print_report(report)
        reports.append(report)
    bad = sum(1 for r in reports if not r.ok)
    count = f"{len(reports)} problem{'' if len(reports) == 1 else 's'} checked"
    print(f"\n{count}, {bad} with problems" if bad else f"\nok: {count}, no problems")
    return exit_code(reports)


def import_problem(args: argparse.Namespace) -> int:
    from tutor.core.practice.importing import check_import, copy_in, exit_code

    problem_id, report = check_import(args.dir, args.id, trust=args.trust)
    print_report(report)
    code = exit_code([report])
    if code:
        print("\nnot imported: fix what is listed above, then import again")
        return code
    target, count = copy_in(args.dir, problem_id, replace=args.replace)
    print(f"\nimported '{problem_id}' ({count} files) into {target}")
    print(f"try it: tutor practice show {problem_id}")
    return 0
