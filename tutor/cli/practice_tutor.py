"""`tutor practice hint|ask`: the hint ladder and a tutor turn in the problem's practice session."""

from __future__ import annotations

import argparse
import time
from typing import Any

from tutor.cli import ask, output
from tutor.cli.practice_common import library, student_code, student_lang


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
        now = time.time()
        workspace.store.note_practice(problem.id, [code.saved_at, now] if code else [now])
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
        title=("연습: " if lang == "ko" else "Practice: ") + problem.title(lang),
    )
    conv.session = store.tie_session(conv.session.id, problem.id, digest)
    conv.set_brief(brief)
    from tutor.core.practice.guarding import judge_client, practice_guard

    judge = None
    try:
        judge = await judge_client(workspace, conv.persona)  # None: the tutor's endpoint judges
        mine = [m.content for m in conv.history if m.role == "user"] + [text]
        shielded = practice_guard(
            problem,
            conv.persona,
            student_code=[*([code.text] if code is not None else []), *mine],
            client=judge or conv.client,
        )
        conv.set_guard(shielded.check)
        if shielded.note:
            output.note(shielded.note)
        extra = {"problem_id": problem.id, **(about or {})}
        return await ask.stream_turn(conv, text, as_json=args.json, extra=extra)
    finally:
        await conv.client.aclose()
        if judge is not None:
            await judge.aclose()
