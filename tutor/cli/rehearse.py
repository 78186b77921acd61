"""`tutor personas test`: rehearse a persona against scripted and simulated students."""

from __future__ import annotations

import argparse
import asyncio
from dataclasses import replace
from pathlib import Path
from typing import Any

from tutor.cli import output, rehearsal_report
from tutor.core.errors import RehearsalError, UsageError

FAILED = 3  # an assertion failed: the exit status a course's CI looks for

_DESCRIPTION = """\
Run a persona's rehearsals: each case is a conversation with scripted student turns or a
simulated student (a model playing one), and assertions on every tutor reply. ID|FILE is a
persona id (its own 'rehearsals:' cases and the rehearsal files naming it), a persona file,
or a rehearsal file. Nothing is stored as a session; each run's results are kept for
--compare. Exit status: 0 every assertion passed, 3 one failed, 1 endpoint failure, 2 bad
usage or a broken file."""


def add_to(sub: Any) -> None:
    test = sub.add_parser(
        "test",
        help="rehearse a persona against scripted and simulated students (exit 3: a failure)",
        description=_DESCRIPTION,
    )
    test.add_argument(
        "target", metavar="ID|FILE", help="persona id, persona file or rehearsal file"
    )
    test.add_argument(
        "--rehearsal", metavar="FILE", type=Path, help="run this rehearsal file against the persona"
    )
    test.add_argument("--endpoint", metavar="E", help="the tutor's endpoint: a config name or URL")
    test.add_argument("--model", metavar="M", help="the tutor's model")
    test.add_argument(
        "--judge",
        metavar="E",
        help="endpoint for rubric questions and simulated students (default: the config's "
        "judge_endpoint, else the tutor's)",
    )
    test.add_argument("--repeat", metavar="N", type=int, default=1, help="play each case N times")
    test.add_argument("--compare", action="store_true", help="show what changed since the last run")
    test.add_argument("--json", action="store_true", help="print one JSON object at the end")
    test.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.repeat < 1:
        raise UsageError(f"--repeat wants 1 or more, got {args.repeat}")
    from tutor.core.workspace import Workspace

    workspace = Workspace()
    output.warn_all(workspace.config.warnings)
    try:
        return asyncio.run(_test(workspace, args))
    except RehearsalError as error:  # every problem of the file, one line each
        for problem in error.problems:
            output.problem(str(problem))
        return error.exit_code
    finally:
        workspace.close()


def _chosen(workspace: Any, args: argparse.Namespace) -> tuple[Any, list[Any]]:
    """The persona under test and the rehearsals to run against it."""
    from tutor.core.rehearsal import files

    target = Path(args.target)
    looks_like_file = target.suffix in files.SUFFIXES or "/" in args.target
    if looks_like_file and not target.is_file():
        raise UsageError(
            f"no file {args.target} — give a persona id, or a persona or rehearsal file"
        )
    if looks_like_file and files.is_rehearsal_file(target):
        if args.rehearsal:
            raise UsageError(
                "--rehearsal goes with a persona (id or file), not with a rehearsal file"
            )
        rehearsal = files.read_rehearsal(target)
        try:
            persona = workspace.personas.get(rehearsal.persona)
        except UsageError as error:
            raise UsageError(f"{rehearsal.persona_at}: {error}") from None
        return persona, [rehearsal]
    if looks_like_file:
        from tutor.core.personas.library import load_file

        persona = load_file(target)
    else:
        persona = workspace.personas.get(args.target)
        output.warn_persona_problems(workspace.personas.problems)
    if args.rehearsal:
        return persona, [
            _against(files.read_rehearsal(args.rehearsal, persona=persona.id), persona)
        ]
    found = []
    if persona.rehearsals:
        found.append(files.own_rehearsal(persona.id, persona.source, persona.rehearsals))
    named, unreadable = files.rehearsals_naming(persona.id)
    for problem in unreadable:
        output.warn_all([f"skipped a broken rehearsal file: {problem}"])
    found += named
    if not found:
        raise UsageError(
            f"persona '{persona.id}' has no rehearsals — add 'rehearsals:' cases to its file, or "
            f"a file in {files.user_rehearsals_dir()} with 'persona: {persona.id}' "
            "(see personas/README.md)"
        )
    return persona, found


def _against(rehearsal: Any, persona: Any) -> Any:
    """A rehearsal written for one persona, run against ``persona``."""
    if rehearsal.persona != persona.id:
        output.note(
            f"{rehearsal.source} is written for persona '{rehearsal.persona}'; "
            f"running it against '{persona.id}'"
        )
    stem = rehearsal.key.split(":", 1)[1]
    return replace(rehearsal, persona=persona.id, key=f"{persona.id}:{stem}")


async def _test(workspace: Any, args: argparse.Namespace) -> int:
    from tutor.core.rehearsal.judge import Judge
    from tutor.core.rehearsal.play import Stage
    from tutor.core.rehearsal.rehearse import prepare, rehearse

    persona, rehearsals = _chosen(workspace, args)
    spec = await workspace.endpoint(args.endpoint, args.model, fallback_model=persona.model)
    judge_spec = await workspace.judge_endpoint(args.judge) or spec  # the flag, the config's
    tutor = workspace.client(spec)
    judge = workspace.client(judge_spec) if judge_spec is not spec else tutor
    stage = Stage(persona, tutor, Judge(judge), endpoint=spec.name, facts=workspace.facts)
    for rehearsal in rehearsals:
        prepare(rehearsal, stage)  # every problem before the first request
    report = rehearsal_report.Report(as_json=args.json, judge_endpoint=judge_spec.name)
    failed = False
    try:
        for rehearsal in rehearsals:
            report.start(rehearsal, persona, stage, args.repeat)
            run = await rehearse(rehearsal, stage, repeat=args.repeat, on_case=report.case)
            record = run.record()
            earlier = workspace.store.last_rehearsal_run(rehearsal.key) if args.compare else None
            run_id = workspace.store.add_rehearsal_run(record)
            report.finish(run, replace(record, id=run_id), earlier, compare=args.compare)
            failed = failed or run.summary.failed
    finally:
        await tutor.aclose()
        if judge is not tutor:
            await judge.aclose()
    report.end()
    return FAILED if failed else 0
