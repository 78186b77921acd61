"""`tutor sessions`: list, show, search, export, import and remove stored sessions."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from tutor.cli import output, session_search
from tutor.core.errors import UsageError


def add_to(commands: Any) -> None:
    sessions = commands.add_parser("sessions", help="list, show, search, export, import sessions")
    sub = sessions.add_subparsers(dest="action", metavar="ACTION", parser_class=type(sessions))
    actions = "list, show, search, export, import or rm"
    sessions.set_defaults(run=lambda args: output.no_action(sessions, actions))

    listing = sub.add_parser("list", help="sessions, newest first")
    listing.add_argument("--limit", type=int, default=50, help="how many (default 50)")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=list_sessions)

    show = sub.add_parser("show", help="a session's messages")
    show.add_argument("id", type=int, metavar="ID")
    show.add_argument("--json", action="store_true")
    show.set_defaults(run=show_session)

    search = sub.add_parser(
        "search",
        help="search every session's messages and titles",
        description="Find sessions whose title, and messages that, hold every word of QUERY "
        "(substrings, any case; Korean too). Title matches come first, marked as such.",
    )
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--limit", type=int, default=50)
    search.add_argument("--json", action="store_true")
    search.set_defaults(run=session_search.run)

    export = sub.add_parser("export", help="write a session as Markdown or JSON")
    export.add_argument("id", type=int, metavar="ID")
    export.add_argument("--format", choices=("md", "json"), default="md")
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write here instead of stdout (replaced whole; readable by you only, mode 0600)",
    )
    export.set_defaults(run=export_session)

    imported = sub.add_parser("import", help="add a session from a JSON export")
    imported.add_argument("file", metavar="FILE", help="a JSON export, or '-' for stdin")
    imported.add_argument("--json", action="store_true")
    imported.set_defaults(run=import_session)

    remove = sub.add_parser("rm", help="delete a session and its messages")
    remove.add_argument("id", type=int, metavar="ID")
    remove.set_defaults(run=remove_session)


def _store() -> Any:
    from tutor.core.config import paths
    from tutor.core.store import Store

    return Store.open(paths.store_file())


def _session_json(info: Any) -> dict[str, Any]:
    return {
        "id": info.id,
        "title": info.title,
        "persona": info.persona,
        "endpoint": info.endpoint,
        "model": info.model,
        "variables": info.variables,
        "created_at": info.created_at,
        "updated_at": info.updated_at,
        "problem_id": info.problem_id,
        "problem_hash": info.problem_hash,
    }


def list_sessions(args: argparse.Namespace) -> int:
    with _store() as store:
        found = store.list_sessions(limit=max(1, args.limit))
    if args.json:
        output.print_json([_session_json(s) for s in found])
        return 0
    if not found:
        output.say('no sessions yet — start one with `tutor ask "..."` or `tutor`')
        return 0
    rows = [[str(s.id), output.when(s.updated_at), s.persona, s.title] for s in found]
    output.say(output.table(rows, ["ID", "UPDATED", "PERSONA", "TITLE"]))
    return 0


def show_session(args: argparse.Namespace) -> int:
    with _store() as store:
        info = store.get_session(args.id)
        messages = store.messages(args.id)
    if args.json:
        output.print_json({**_session_json(info), "messages": [_message_json(m) for m in messages]})
        return 0
    output.say(f"# {info.title or '(untitled)'}")
    started = output.when(info.created_at)
    output.say(f"session {info.id} · persona {info.persona} · model {info.model} · {started}")
    if info.problem_id:
        output.say(f"practised problem {info.problem_id} (`tutor practice show {info.problem_id}`)")
    for m in messages:
        who = output.role_word(m.role)
        flags = "" if m.status == "complete" else f" [{m.status}]"
        flags += " [pinned]" if m.pinned else ""
        output.say(f"\n## {who}{flags}\n")
        output.say(m.content)
        if m.error:
            output.say(f"\n(error: {m.error})")
    return 0


def _message_json(m: Any) -> dict[str, Any]:
    return {
        "id": m.id,
        "role": m.role,
        "content": m.content,
        "status": m.status,
        "pinned": m.pinned,
        "created_at": m.created_at,
        "model": m.model,
        "finish_reason": m.finish_reason,
        "error": m.error,
        "usage": {"prompt_tokens": m.prompt_tokens, "completion_tokens": m.completion_tokens},
    }


def export_session(args: argparse.Namespace) -> int:
    with _store() as store:
        if args.format == "json":
            text = json.dumps(store.export_json(args.id), ensure_ascii=False, indent=2) + "\n"
        else:
            text = store.export_markdown(args.id)
    if args.output:
        from tutor.core.config.private_file import write_private

        try:
            write_private(Path(args.output).expanduser(), text)
        except OSError as exc:
            raise UsageError(f"cannot write {args.output}: {exc.strerror or exc}") from None
        output.say(f"wrote session {args.id} to {args.output}", sys.stderr)
    else:
        sys.stdout.write(output.shown(text))
    return 0


def import_session(args: argparse.Namespace) -> int:
    source = "stdin" if args.file == "-" else args.file
    try:
        raw = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read {source}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{source} is not UTF-8 text — give a JSON export made by tutor") from None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        why = exc if isinstance(exc, ValueError) else "nested too deeply"
        raise UsageError(
            f"{source} is not JSON ({why}) — give a file from `tutor sessions export --format json`"
        ) from None
    with _store() as store:
        info = store.import_json(data, source=source, text=raw)
    if args.json:
        output.print_json(_session_json(info))
    else:
        output.say(f"imported as session {info.id}: {info.title}")
    return 0


def remove_session(args: argparse.Namespace) -> int:
    with _store() as store:
        info = store.get_session(args.id)
        store.delete_session(args.id)
    output.say(f"deleted session {info.id}: {info.title}")
    return 0
