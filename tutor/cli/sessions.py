"""`tutor sessions`: list, show, search, export, import and remove stored sessions."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from tutor.cli import output
from tutor.core.errors import UsageError


def add_to(commands: Any) -> None:
    sessions = commands.add_parser("sessions", help="list, show, search, export, import sessions")
    sub = sessions.add_subparsers(dest="action", metavar="ACTION", parser_class=type(sessions))
    sessions.set_defaults(run=lambda args: sessions.print_help())

    listing = sub.add_parser("list", help="sessions, newest first")
    listing.add_argument("--limit", type=int, default=50, help="how many (default 50)")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=list_sessions)

    show = sub.add_parser("show", help="a session's messages")
    show.add_argument("id", type=int, metavar="ID")
    show.add_argument("--json", action="store_true")
    show.set_defaults(run=show_session)

    search = sub.add_parser("search", help="full-text search over every session")
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--limit", type=int, default=50)
    search.add_argument("--json", action="store_true")
    search.set_defaults(run=search_sessions)

    export = sub.add_parser("export", help="write a session as Markdown or JSON")
    export.add_argument("id", type=int, metavar="ID")
    export.add_argument("--format", choices=("md", "json"), default="md")
    export.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
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
        print('no sessions yet — start one with `tutor ask "..."` or `tutor`')
        return 0
    rows = [[str(s.id), output.when(s.updated_at), s.persona, output.shown(s.title)] for s in found]
    print(output.table(rows, ["ID", "UPDATED", "PERSONA", "TITLE"]))
    return 0


def show_session(args: argparse.Namespace) -> int:
    with _store() as store:
        info = store.get_session(args.id)
        messages = store.messages(args.id)
    if args.json:
        output.print_json({**_session_json(info), "messages": [_message_json(m) for m in messages]})
        return 0
    print(f"# {output.shown(info.title) or '(untitled)'}")
    started = output.when(info.created_at)
    print(f"session {info.id} · persona {info.persona} · model {info.model} · {started}")
    if info.problem_id:
        print(f"practised problem {info.problem_id} (`tutor practice show {info.problem_id}`)")
    for m in messages:
        who = "you" if m.role == "user" else "tutor"
        flags = "" if m.status == "complete" else f" [{m.status}]"
        flags += " [pinned]" if m.pinned else ""
        print(f"\n## {who}{flags}\n")
        print(output.shown(m.content))
        if m.error:
            print(f"\n(error: {output.shown(m.error)})")
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


def search_sessions(args: argparse.Namespace) -> int:
    if not args.query.strip():
        raise UsageError("the search query is empty — give a word or phrase to look for")
    with _store() as store:
        hits = store.search(args.query, limit=max(1, args.limit))
    if args.json:
        output.print_json(
            [
                {
                    "session_id": h.session_id,
                    "session_title": h.session_title,
                    "message_id": h.message_id,
                    "role": h.role,
                    "snippet": h.snippet,
                    "spans": [list(s) for s in h.spans],
                    "created_at": h.created_at,
                }
                for h in hits
            ]
        )
        return 0
    if not hits:
        print(f"nothing found for '{output.shown(args.query)}'")
        return 0
    for h in hits:
        print(f"{h.session_id}  {output.when(h.created_at)}  {output.shown(h.session_title)}")
        print(f"    {h.role}: {output.shown(h.snippet)}")
    return 0


def export_session(args: argparse.Namespace) -> int:
    with _store() as store:
        if args.format == "json":
            text = json.dumps(store.export_json(args.id), ensure_ascii=False, indent=2) + "\n"
        else:
            text = store.export_markdown(args.id)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {args.output}: {exc.strerror or exc}") from None
        print(f"wrote session {args.id} to {args.output}", file=sys.stderr)
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
    except ValueError as exc:
        raise UsageError(
            f"{source} is not JSON ({exc}) — give a file from `tutor sessions export --format json`"
        ) from None
    with _store() as store:
        info = store.import_json(data, source=source)
    if args.json:
        output.print_json(_session_json(info))
    else:
        print(f"imported as session {info.id}: {output.shown(info.title)}")
    return 0


def remove_session(args: argparse.Namespace) -> int:
    with _store() as store:
        info = store.get_session(args.id)
        store.delete_session(args.id)
    print(f"deleted session {info.id}: {output.shown(info.title)}")
    return 0
