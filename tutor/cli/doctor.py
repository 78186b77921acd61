"""`tutor doctor`: checks the config, store, personas, tokenizer, leak guard and endpoint."""

from __future__ import annotations

import argparse
import asyncio
from dataclasses import dataclass
from typing import Any

from tutor.cli import output
from tutor.core.errors import TutorError


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def add_to(commands: Any) -> None:
    doctor = commands.add_parser(
        "doctor", help="check config, store, personas, tokenizer and endpoint"
    )
    doctor.add_argument(
        "--endpoint", metavar="NAME|URL", help=f"the endpoint to check: {output.ENDPOINT_HELP}"
    )
    doctor.add_argument("--json", action="store_true")
    doctor.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    checks = asyncio.run(_checks(args.endpoint))
    if args.json:
        output.print_json([c.__dict__ for c in checks])
    else:
        for c in checks:
            output.say(f"{'ok  ' if c.ok else 'FAIL'}  {c.name:<10} {c.detail}")
    return 0 if all(c.ok for c in checks) else 1


async def _checks(choice: str | None) -> list[Check]:
    from tutor.core.config import paths
    from tutor.core.config.file import load_config
    from tutor.core.workspace import Workspace

    checks: list[Check] = []
    try:
        config = load_config()
    except TutorError as error:
        return [Check("config", False, str(error))]
    where = (
        f"{config.path} ({len(config.endpoints)} endpoint(s))"
        if config.exists
        else (f"{config.path} (absent: defaults, environment and local servers are used)")
    )
    checks.append(Check("config", not config.warnings, "; ".join([where, *config.warnings])))
    workspace = Workspace(config)
    try:
        count = workspace.store.session_count()
        checks.append(Check("store", True, f"{paths.store_file()} ({count} session(s))"))
    except TutorError as error:
        checks.append(Check("store", False, str(error)))
    library = workspace.personas
    problems = "; ".join(str(p) for p in library.problems)
    from tutor.cli.personas import yours

    detail = f"{len(library.ids())} loaded ({', '.join(library.ids())}); {yours()}"
    checks.append(
        Check(
            "personas", not library.problems, detail + (f"; broken: {problems}" if problems else "")
        )
    )
    checks.append(_tokenizer_check())
    checks.append(_guard_check())
    checks.extend(await _endpoint_checks(workspace, choice))
    workspace.close()
    return checks


def _tokenizer_check() -> Check:
    from tutor.core.tokens import load_encoding

    try:
        for name in ("cl100k_base", "o200k_base"):
            load_encoding(name)
    except TutorError as error:
        return Check("tokenizer", False, str(error))
    return Check(
        "tokenizer", True, "bundled cl100k_base and o200k_base, checksums verified, offline"
    )


def _guard_check() -> Check:
    """The answer-leak guard works either way; without strict isolation it cannot run reply
    code, and says why (fingerprints and shape still check every reply)."""
    from tutor.core.guard import execution_available

    on, why = execution_available()
    if on:
        return Check("guard", True, why)
    return Check("guard", True, f"{why} — fingerprints and shape still check replies")


async def _endpoint_checks(workspace: Any, choice: str | None) -> list[Check]:
    try:
        spec = await workspace.find_endpoint(choice)
    except TutorError as error:
        return [Check("endpoint", False, str(error))]
    key = f"key from {spec.key_source}" if spec.key_source != "none" else "no key"
    detail = f"{spec.name}: {spec.base_url} ({spec.origin}, {key})"
    checks = [Check("endpoint", True, detail + (f"; {spec.note}" if spec.note else ""))]
    client = workspace.client(spec)
    try:
        try:
            models = await client.model_ids()
        except TutorError as error:
            return [*checks, Check("reachable", False, str(error))]
        checks.append(Check("reachable", True, f"{len(models)} model(s) listed"))
        model = spec.model or (models[0] if models else None)
        if model and models and model not in models:
            checks.append(
                Check(
                    "model", False, f"'{model}' is not listed — available: {', '.join(models[:10])}"
                )
            )
        else:
            checks.append(Check("model", bool(model), model or "no model configured or listed"))
        from tutor.core.budget.window import resolve_window

        probe = workspace.client(spec.with_model(model))
        try:
            window, route = await resolve_window(probe.spec, workspace.facts, probe)
        finally:
            await probe.aclose()
        checks.append(Check("window", True, window.describe()))
        how = (
            f"the server's tokenizer ({route})"
            if route
            else "bundled tiktoken (an estimate unless the model is OpenAI's)"
        )
        checks.append(Check("counting", True, how))
        facts = workspace.facts.get(workspace.facts.key(spec.base_url, model))
        if facts.get("fold_roles"):
            checks.append(
                Check(
                    "template",
                    True,
                    "takes only user/assistant turns: the persona is sent inside the student's "
                    "turns (learned from the server's refusal)",
                )
            )
    finally:
        await client.aclose()
    return checks
