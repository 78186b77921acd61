"""`tutor ask`: one turn of a session from the command line, the reply streamed to stdout."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from tutor.cli import output
from tutor.core.errors import UsageError

WITHDRAWN_NOTE = (
    "the reply above wrote out the solution without marking it as code: it is held back "
    "(the session keeps only the notice)"
)


def add_to(commands: Any) -> None:
    ask = commands.add_parser(
        "ask",
        help="ask the tutor (reads stdin with '-'); the reply streams to stdout",
        description="Send one message and stream the tutor's reply. Starts a new session "
        "unless --session or --continue is given.",
    )
    ask.add_argument("text", nargs="?", metavar="TEXT", help="your message, or '-' for stdin")
    ask.add_argument("--persona", metavar="ID", help="persona to use (default: the config's)")
    which = ask.add_mutually_exclusive_group()
    which.add_argument("--session", metavar="ID", type=int, help="continue session ID")
    which.add_argument(
        "--continue", dest="resume", action="store_true", help="continue the newest session"
    )
    ask.add_argument("--model", metavar="M", help="model to ask")
    ask.add_argument("--endpoint", metavar="NAME|URL", help=output.ENDPOINT_HELP)
    ask.add_argument(
        "--var",
        metavar="KEY=VALUE",
        action="append",
        default=[],
        help="fill a persona variable (repeatable)",
    )
    ask.add_argument("--pin", action="store_true", help="pin this message: always sent")
    ask.add_argument("--json", action="store_true", help="print one JSON object at the end")
    ask.set_defaults(run=run)


def read_message(args: argparse.Namespace) -> str:
    """TEXT, or stdin for '-' or a pipe; UsageError when there is nothing to send."""
    if args.text is None or args.text == "-":
        if args.text is None and sys.stdin.isatty():
            raise UsageError("nothing to ask — give TEXT, or '-' to read it from stdin")
        text = sys.stdin.read()
    else:
        text = args.text
    if not text.strip():
        raise UsageError("the message is empty — type what you want to ask")
    return text


def _variables(pairs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--var wants KEY=VALUE, got '{pair}'")
        out[key.strip()] = value
    return out


def run(args: argparse.Namespace) -> int:
    text = read_message(args)
    from tutor.core.workspace import Workspace

    workspace = Workspace()
    output.warn_all(workspace.config.warnings)
    try:
        return asyncio.run(_ask(workspace, args, text))
    finally:
        workspace.close()


async def _ask(workspace: Any, args: argparse.Namespace, text: str) -> int:
    session = workspace.session(args.session, latest=args.resume)
    persona_id = args.persona or (session.persona if session else workspace.config.default_persona)
    variables = {**(session.variables if session else {}), **_variables(args.var)}
    conv = await open_conversation(
        workspace,
        session,
        persona_id=persona_id,
        variables=variables,
        endpoint=args.endpoint,
        model=args.model,
        as_json=args.json,
    )
    try:
        await stream_turn(conv, text, pin=args.pin, as_json=args.json)
    finally:
        await conv.client.aclose()
    return 0


async def open_conversation(
    workspace: Any,
    session: Any,
    *,
    persona_id: str,
    variables: dict[str, str],
    endpoint: str | None,
    model: str | None,
    as_json: bool,
    title: str = "",
) -> Any:
    """The conversation a turn goes into: ``session`` continued (its persona, endpoint and
    model changed to what was asked) or, when it is None, a new session titled ``title``.
    The caller closes ``conv.client``."""
    persona = workspace.personas.get(persona_id)
    output.warn_persona_problems(workspace.personas.problems, persona_id)
    persona.render(variables)  # an unknown or missing variable fails here, before any I/O
    if session is not None and not endpoint:
        spec = await workspace.session_endpoint(session, model, fallback_model=persona.model)
    else:
        spec = await workspace.endpoint(endpoint, model, fallback_model=persona.model)
    if spec.note:
        output.note(spec.note)
    if session is None:
        session = workspace.store.create_session(
            persona.id, spec.name, spec.model or "", title=title, variables=variables
        )
    else:
        changes = {"persona": persona.id, "model": spec.model, "endpoint": spec.name}
        changes["variables"] = variables
        workspace.store.update_session(session.id, **changes)
        session = workspace.store.get_session(session.id)
    return workspace.conversation(session, workspace.client(spec), count_always=as_json)


async def stream_turn(
    conv: Any, text: str, *, pin: bool = False, as_json: bool = False, extra: Any = None
) -> Any:
    """Send ``text`` in ``conv`` and stream the reply to stdout (or, with ``as_json``, print
    one JSON object at the end, ``extra`` fields added). Returns the ReplyDone event; a
    failed reply raises its error after what arrived is printed."""
    from tutor.core.endpoint.client import ReplyText
    from tutor.core.turn import conversation as turn
    from tutor.core.turn.events import ReplyWithdrawn

    spec = conv.client.spec
    sink = output.ReplySink(sys.stdout, as_json=as_json)
    result: dict[str, Any] = {"session_id": conv.session.id, "model": spec.model}
    result.update(endpoint=spec.name, **(extra or {}))
    done = None
    try:
        async for event in conv.send(text, pin=pin):
            if isinstance(event, ReplyText):
                sink.write(event.text)
            elif isinstance(event, turn.Notice):
                output.note(event.text)
            elif isinstance(event, ReplyWithdrawn):
                sink.end()
                sink.write(event.text)
                output.note(WITHDRAWN_NOTE)
            elif isinstance(event, turn.RequestSized):
                result.update(_plan_fields(event.sized))
            elif isinstance(event, turn.ReplyDone):
                sink.end()
                done = event
                usage = event.usage
                result.update(
                    reply=event.message.content,
                    finish_reason=event.finish_reason,
                    usage={
                        "prompt_tokens": usage.prompt_tokens,
                        "completion_tokens": usage.completion_tokens,
                    }
                    if usage
                    else None,
                    usage_counted_by=conv.usage_source,
                )
            elif isinstance(event, turn.ReplyFailed):
                sink.end()
                result.update(
                    reply=event.message.content if event.message else "", error=str(event.error)
                )
                if as_json:
                    output.print_json(result)
                raise event.error
    except asyncio.CancelledError:
        sink.end()
        raise
    if as_json:
        output.print_json(result)
    return done


def _plan_fields(sized: Any) -> dict[str, Any]:
    plan = sized.plan
    return {
        "prompt_tokens_estimate": plan.prompt_tokens if sized.counted else None,
        "prompt_tokens_exact": sized.exact,
        "context_window": plan.window,
        "sent_message_count": len(plan.messages),
        "dropped_message_count": len(plan.dropped_ids),
    }
