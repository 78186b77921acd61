"""`tutor practice run|hint|ask`: your code run against the tests, the hint ladder, the tutor."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from tutor.cli import ask, output
from tutor.cli.practice import library, open_store, student_lang

FAILED_TESTS = 3  # exit status when a test of the student's code fails


def add_to(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
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
    hint.set_defaults(run=give_hint)

    asking = sub.add_parser(
        "ask",
        parents=[*parents, model],
        help="ask the tutor about the problem (it sees your code and run)",
    )
    asking.add_argument("id", metavar="ID")
    asking.add_argument("text", nargs="?", metavar="TEXT", help="your message, or '-' for stdin")
    asking.set_defaults(run=ask_tutor)


def student_code(args: argparse.Namespace, problem: Any, store: Any, *, required: bool) -> Any:
    """The student's code: FILE if given, else the file `start` wrote, else the default."""
    from tutor.core.practice.work import default_file, read_code

    given = getattr(args, "file", None)
    if given is None:
        progress = store.problem_progress(problem.id)
        if progress and progress.work_file:
            given = Path(progress.work_file)
        else:
            given = default_file(problem, "python")
        if not required and not given.exists():
            return None
    return read_code(given)


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
        result = run_code(problem, code.text, code.language, cases)
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


def give_hint(args: argparse.Namespace) -> int:
    from tutor.core.practice.hints import read_hints
    from tutor.core.practice.ladder import next_hint
    from tutor.core.workspace import Workspace

    lang = student_lang(args)
    problem = library(args).get(args.id)
    workspace = Workspace()
    output.warn_all(workspace.config.warnings)
    try:
        store = workspace.store
        code = student_code(args, problem, store, required=False)
        run = store.latest_run(problem.id)
        step = next_hint(
            problem.id,
            read_hints(problem.folder),
            store.hints_given(problem.id),
            run,
            code.hash if code else None,
            lang,
        )
        last_run_id = run.id if run else None
        code_hash = code.hash if code else None
        moments = [code.saved_at] if code else []
        if step.text is not None:
            store.record_hint(
                problem.id,
                step.rung.number,
                "authored",
                last_run_id=last_run_id,
                code_hash=code_hash,
                moments=moments,
            )
            _print_authored(step, lang, args.json)
            return 0
        about = {"rung": step.rung.number, "name": step.rung.name(lang), "source": "asked"}
        import asyncio

        done = asyncio.run(_turn(workspace, args, problem, step.asking(lang), code, step, about))
        if done is not None:
            store.record_hint(
                problem.id,
                step.rung.number,
                "asked",
                last_run_id=last_run_id,
                code_hash=code_hash,
                session_id=done.message.session_id,
                moments=moments,
            )
        return 0
    finally:
        workspace.close()


def _print_authored(step: Any, lang: str, as_json: bool) -> None:
    rung = step.rung
    if as_json:
        output.print_json(
            {"rung": rung.number, "name": rung.name(lang), "source": "authored", "hint": step.text}
        )
        return
    print(f"hint {rung.number} of 6 — {rung.name(lang)}")
    print(output.shown(step.text))


def ask_tutor(args: argparse.Namespace) -> int:
    from tutor.core.workspace import Workspace

    text = ask.read_message(args)
    problem = library(args).get(args.id)
    workspace = Workspace()
    output.warn_all(workspace.config.warnings)
    try:
        code = student_code(args, problem, workspace.store, required=False)
        workspace.store.note_practice(problem.id, [code.saved_at] if code else [])
        import asyncio

        asyncio.run(_turn(workspace, args, problem, text, code, None))
        return 0
    finally:
        workspace.close()


async def _turn(
    workspace: Any,
    args: argparse.Namespace,
    problem: Any,
    text: str,
    code: Any,
    step: Any,
    about: dict[str, Any] | None = None,
) -> Any:
    """One tutor turn in the problem's practice session, the brief attached."""
    from tutor.core.practice.coaching import PRACTICE_PERSONA, build_brief
    from tutor.core.practice.folder import files_hash

    lang = student_lang(args)
    store = workspace.store
    brief = build_brief(problem, store, lang=lang, code=code, requested=step)
    digest = files_hash(problem.folder)
    session = store.practice_session(problem.id)
    if session and session.problem_hash and session.problem_hash != digest:
        output.note("the problem's files changed since this session last practised it")
    conv = await ask.open_conversation(
        workspace,
        session,
        persona_id=args.persona or (session.persona if session else PRACTICE_PERSONA),
        variables=session.variables if session else {},
        endpoint=args.endpoint,
        model=args.model,
        as_json=args.json,
        title=f"Practice: {problem.title(lang)}",
    )
    conv.session = store.tie_session(conv.session.id, problem.id, digest)
    conv.set_brief(brief)
    try:
        extra = {"problem_id": problem.id, **(about or {})}
        return await ask.stream_turn(conv, text, as_json=args.json, extra=extra)
    finally:
        await conv.client.aclose()
