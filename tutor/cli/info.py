"""`tutor models` and `tutor tokens`: what an endpoint offers, and what a request costs."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from tutor.cli import output
from tutor.core.errors import UsageError


def add_to(commands: Any) -> None:
    models = commands.add_parser("models", help="the models an endpoint offers")
    models.add_argument("--endpoint", metavar="NAME|URL", help=output.ENDPOINT_HELP)
    models.add_argument("--json", action="store_true")
    models.set_defaults(run=list_models)

    tokens = commands.add_parser(
        "tokens",
        help="count a JSON list of chat messages",
        description="Count the tokens of a JSON list of {role, content[, name]} messages: one "
        "line per message, then the total (per-message overhead and reply priming included).",
    )
    tokens.add_argument("file", nargs="?", default="-", metavar="FILE", help="JSON file, or '-'")
    tokens.add_argument("--model", metavar="M", required=True, help="whose tokenizer to use")
    tokens.add_argument(
        "--endpoint",
        metavar="NAME|URL",
        help=f"count with this server's tokenizer when it has one: {output.ENDPOINT_HELP}",
    )
    tokens.add_argument("--json", action="store_true")
    tokens.set_defaults(run=count_tokens)

    from tutor.cli import doctor

    doctor.add_to(commands)


def list_models(args: argparse.Namespace) -> int:
    from tutor.core.workspace import Workspace

    workspace = Workspace()
    output.warn_all(workspace.config.warnings)
    return asyncio.run(_list_models(workspace, args))


async def _list_models(workspace: Any, args: argparse.Namespace) -> int:
    spec = await workspace.find_endpoint(args.endpoint)
    if spec.note:
        output.note(spec.note)
    client = workspace.client(spec)
    try:
        entries = await client.model_list()
    finally:
        await client.aclose()
    ids = [str(entry.get("id")) for entry in entries]
    current = spec.model or (ids[0] if ids else None)
    rows, windows = [], []
    for model, entry in zip(ids, entries, strict=True):
        window = await _window(workspace, spec.with_model(model), entry, asked=model == current)
        windows.append(window)
        rows.append(
            {
                "id": model,
                "context_window": window.tokens if window else None,
                "window_source": window.source if window else None,
                "owned_by": entry.get("owned_by"),
            }
        )
    if args.json:
        output.print_json({"endpoint": spec.name, "base_url": spec.base_url, "models": rows})
        return 0
    output.say(f"{spec.name} ({spec.base_url}): {len(rows)} model(s)")
    table = [[m, w.describe() if w else "-"] for m, w in zip(ids, windows, strict=True)]
    if table:
        output.say(output.table(table, ["MODEL", "WINDOW"]))
    return 0


async def _window(workspace: Any, spec: Any, entry: dict[str, Any], *, asked: bool) -> Any:
    """The window `tutor doctor` would give this model: its server is asked about the
    endpoint's own model only; for the others the config, what tutor learned, the server's
    list and the table of known models answer — or nothing (not a default guess)."""
    from tutor.core.budget.window import Window, resolve_window
    from tutor.core.endpoint.serverinfo import window_in_model_entry

    listed, _ = window_in_model_entry(entry)
    probe = workspace.client(spec) if asked else None
    try:
        window, _route = await resolve_window(spec, workspace.facts, probe)
    finally:
        if probe is not None:
            await probe.aclose()
    if listed and window.source in ("table", "default"):
        return Window(listed, "server")
    return None if window.source == "default" and not asked else window


def _read_messages(source: str) -> list[dict[str, str]]:
    name = "stdin" if source == "-" else source
    try:
        raw = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
        data = json.loads(raw)
    except OSError as exc:
        raise UsageError(f"cannot read {name}: {exc.strerror or exc}") from None
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        why = "nested too deeply" if isinstance(exc, RecursionError) else exc
        raise UsageError(f"{name} is not JSON ({why}) — give a list of {{role, content}}") from None
    if not isinstance(data, list):
        raise UsageError(
            f'{name} must hold a JSON list of messages like {{"role": "user", "content": "..."}}'
        )
    for i, message in enumerate(data):
        if not isinstance(message, dict) or not isinstance(message.get("content"), str):
            raise UsageError(f"{name}: message [{i}] needs a text 'content'")
        if not isinstance(message.get("role"), str):
            raise UsageError(f"{name}: message [{i}] needs a 'role' (system, user or assistant)")
        if "name" in message and not isinstance(message["name"], str):
            raise UsageError(f"{name}: message [{i}] has a 'name' that is not text")
    return data


def count_tokens(args: argparse.Namespace) -> int:
    messages = _read_messages(args.file)
    return asyncio.run(_count(messages, args))


async def _count(messages: list[dict[str, str]], args: argparse.Namespace) -> int:
    from tutor.core.tokens import TiktokenCounter
    from tutor.core.tokens.framing import FRAMING_TOKENS, NAME_OVERHEAD, REPLY_PRIMING

    counter: Any = TiktokenCounter(args.model)
    client = None
    if args.endpoint:
        counter, client = await _server_counter(args.endpoint, args.model, counter)
    texts: list[str] = []
    for m in messages:
        texts += [m["role"], m["content"], m.get("name", "")]
    try:
        counts = await counter.count_texts(texts)
    except LookupError as exc:
        raise UsageError(f"{exc} — leave out --endpoint to count with tiktoken") from None
    finally:
        if client is not None:
            await client.aclose()
    per_message = []
    for i, m in enumerate(messages):
        role, content, name = counts[3 * i : 3 * i + 3]
        extra = name + NAME_OVERHEAD if "name" in m else 0
        per_message.append(FRAMING_TOKENS + role + content + extra)  # the role counted as text
    total = sum(per_message) + REPLY_PRIMING
    kind = "exact" if counter.exact else "estimate"
    how = counter.source if kind in counter.source else f"{counter.source}; {kind}"
    if args.json:
        output.print_json(
            {
                "messages": [
                    {"index": i, "role": m["role"], "tokens": n}
                    for i, (m, n) in enumerate(zip(messages, per_message, strict=True))
                ],
                "reply_priming": REPLY_PRIMING,
                "total": total,
                "counted_by": counter.source,
                "exact": counter.exact,
            }
        )
        return 0
    for i, (m, n) in enumerate(zip(messages, per_message, strict=True)):
        output.say(f"{i:>4}  {m['role']:<10} {n:>8}")
    output.say(f"total {total} tokens ({how}; includes {REPLY_PRIMING} reply priming)")
    return 0


async def _server_counter(choice: str, model: str, fallback: Any) -> tuple[Any, Any]:
    from tutor.core.endpoint.serverinfo import ServerCounter, discover
    from tutor.core.workspace import Workspace

    workspace = Workspace()
    spec = (await workspace.find_endpoint(choice)).with_model(model)
    if spec.note:
        output.note(spec.note)
    client = workspace.client(spec)
    told = await discover(client)
    if not told.counting:
        output.note(f"{spec.base_url} has no tokenize route; counting with {fallback.source}")
        return fallback, client
    return ServerCounter(client, told.counting), client
