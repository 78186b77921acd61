"""`tutor practice`: list, show and start problems, and your progress (run/hint/ask: turns)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tutor.cli import output
from tutor.cli.practice_common import library, open_store, student_lang
from tutor.core.errors import UsageError

STATUS_CELLS = {"solved": "✓ solved", "tried": "◐ tried", "new": ""}
EPILOG = (
    "Exit status: 0 done · 1 endpoint/API failure · 2 bad usage, config or pack · 3 a test of"
    " your code failed (run) or a solution failed its check (validate) · 130 interrupted."
)


def add_to(commands: Any) -> None:
    from tutor.cli import check_leak, practice_packs, practice_turns

    practice = commands.add_parser(
        "practice",
        help="algorithm practice: problems, your code run against tests, hints, progress",
        description="Practise algorithm problems: pick one, write the code yourself, run it "
        "against the problem's tests, and ask the tutor, who knows the hidden reference "
        "solution but never gives it away.",
        epilog=EPILOG,
    )
    sub = practice.add_subparsers(dest="action", metavar="ACTION", parser_class=type(practice))
    practice.set_defaults(run=lambda args: _no_action(practice))
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--pack",
        metavar="DIR",
        action="append",
        type=Path,
        default=[],
        help="also use the problems in this folder (repeatable; they override others by id)",
    )
    lang = argparse.ArgumentParser(add_help=False)
    lang.add_argument(
        "--lang",
        metavar="LANG",
        help="titles and statements in this language "
        "(en, ko); default: ko when $LANG starts with ko, else en",
    )

    listing = sub.add_parser("list", parents=[common, lang], help="the problems, easiest first")
    listing.add_argument("--concept", metavar="C", help="only problems practising this concept")
    listing.add_argument(
        "--difficulty",
        metavar="N",
        type=int,
        choices=range(1, 6),
        help="only problems of this difficulty (1–5)",
    )
    listing.add_argument(
        "--status",
        choices=("solved", "tried", "new"),
        help="only problems you solved, tried, or never touched",
    )
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=list_problems)

    show = sub.add_parser(
        "show", parents=[common, lang], help="a problem's statement, samples and limits"
    )
    show.add_argument("id", metavar="ID")
    show.add_argument("--json", action="store_true")
    show.set_defaults(run=show_problem)

    start = sub.add_parser(
        "start", parents=[common], help="write the starter into your work folder and print its path"
    )
    start.add_argument("id", metavar="ID")
    start.add_argument("--language", default="python", help="python (default), javascript, …")
    start.add_argument(
        "--dir", metavar="DIR", type=Path, help="work folder (default: <data dir>/practice/ID/)"
    )
    start.set_defaults(run=start_problem)

    practice_turns.add_to(sub, [common, lang])

    stats = sub.add_parser("stats", parents=[common, lang], help="your progress, per problem")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(run=show_stats)

    practice_packs.add_to(sub, [common])
    check_leak.add_to(sub, [common])


def _no_action(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def list_problems(args: argparse.Namespace) -> int:
    lang = student_lang(args)
    problems = library(args)
    with open_store() as store:
        progress = store.all_progress()
    chosen = []
    for pid in problems.ids():
        problem = problems.problems[pid]
        status = progress[pid].status if pid in progress else "new"
        if args.concept and args.concept not in problem.concepts:
            continue
        if (args.difficulty and problem.difficulty != args.difficulty) or (
            args.status and status != args.status
        ):
            continue
        chosen.append((problem, status))
    if args.concept and not chosen:
        _unknown_concept(args.concept, problems)
    if args.json:
        output.print_json([_summary(p, lang) | {"status": s} for p, s in chosen])
        return 0
    if not chosen:
        print("no problems match — `tutor practice list` shows them all")
        return 0
    rows = [
        [
            p.id,
            output.shown(p.title(lang)),
            str(p.difficulty or "-"),
            ", ".join(p.concepts),
            STATUS_CELLS[s],
        ]
        for p, s in chosen
    ]
    print(output.table(rows, ["ID", "TITLE", "LEVEL", "CONCEPTS", "STATUS"]))
    return 0


def _unknown_concept(concept: str, problems: Any) -> None:
    import difflib

    known = sorted({c for p in problems.problems.values() for c in p.concepts})
    if concept in known:
        return
    close = difflib.get_close_matches(concept, known, n=1, cutoff=0.6)
    guess = f"did you mean '{close[0]}'? " if close else ""
    raise UsageError(f"no problem practises '{concept}' — {guess}concepts: {', '.join(known)}")


def _summary(problem: Any, lang: str) -> dict[str, Any]:
    return {
        "id": problem.id,
        "title": problem.title(lang),
        "names": problem.names,
        "difficulty": problem.difficulty,
        "concepts": list(problem.concepts),
        "kind": problem.kind,
        "pack": problem.pack,
    }


def show_problem(args: argparse.Namespace) -> int:
    from tutor.cli.practice_view import print_problem, problem_json

    lang = student_lang(args)
    problem = library(args).get(args.id)
    with open_store() as store:
        progress = store.problem_progress(problem.id)
    if args.json:
        output.print_json(_summary(problem, lang) | problem_json(problem, lang, progress))
        return 0
    print_problem(problem, lang, progress)
    return 0


def start_problem(args: argparse.Namespace) -> int:
    from tutor.core.practice.work import start

    problem = library(args).get(args.id)
    path, written = start(problem, args.language, args.dir)
    with open_store() as store:
        store.note_practice(problem.id, work_file=str(path), language=args.language)
    print(path)
    if written:
        note = f"wrote the {args.language} starter — edit it, then"
    else:
        note = "this file was already there and is kept as it is — edit it, then"
    print(f"tutor: {note} `tutor practice run {problem.id}`", file=sys.stderr)
    return 0


def show_stats(args: argparse.Namespace) -> int:
    from tutor.cli.practice_view import print_stats, stats_json

    lang = student_lang(args)
    problems = library(args, warn=False)
    with open_store() as store:
        progress = store.all_progress()
        held = store.withheld_by_problem()
    if args.json:
        output.print_json(stats_json(problems, progress, lang, held))
    else:
        print_stats(problems, progress, lang, held)
    return 0
