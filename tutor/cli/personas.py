"""`tutor personas`: list personas, show one with its token cost, validate persona files.

It also registers `new` (tutor.cli.persona_new), `import`/`export` (persona_transfer) and
`test` (tutor.cli.rehearse: a persona against rehearsals).
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
from typing import Any

from tutor.cli import output

COST_MODEL = "gpt-4o"  # the encoding used for costs when no --model is given (o200k_base)


def add_to(commands: Any) -> None:
    from tutor.cli import persona_new, persona_transfer, rehearse

    personas = commands.add_parser(
        "personas", help="list, show, validate, test, write, import and export personas"
    )
    sub = personas.add_subparsers(dest="action", metavar="ACTION", parser_class=type(personas))
    personas.set_defaults(run=lambda args: output.no_action(personas, "list, show or validate"))

    listing = sub.add_parser("list", help="every persona, with what it costs in tokens")
    listing.add_argument("--model", metavar="M", help="count with this model's tokenizer")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=list_personas)

    show = sub.add_parser("show", help="one persona, resolved, with its token cost")
    show.add_argument("id", metavar="ID")
    show.add_argument("--model", metavar="M", help="count with this model's tokenizer")
    show.add_argument("--json", action="store_true")
    show.set_defaults(run=show_persona)

    validate = sub.add_parser(
        "validate", help="check persona and rehearsal files; one line per problem"
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", type=Path)
    validate.set_defaults(run=validate_personas)

    persona_new.add_to(sub)
    persona_transfer.add_to(sub)
    rehearse.add_to(sub)


def _library() -> Any:
    from tutor.core.personas import PersonaLibrary

    return PersonaLibrary.load()


def costs_of(personas: list[Any], model: str) -> list[Any]:
    """What each persona's always-sent part costs, counted with ``model``'s tokenizer."""
    from tutor.core.budget.persona_cost import persona_cost
    from tutor.core.tokens import TiktokenCounter

    counter = TiktokenCounter(model)

    async def all_costs() -> list[Any]:
        return [await persona_cost(p, counter) for p in personas]

    return asyncio.run(all_costs())


def list_personas(args: argparse.Namespace) -> int:
    library = _library()
    output.warn_persona_problems(library.problems)
    personas = [library.personas[i] for i in library.ids()]
    costs = costs_of(personas, args.model or COST_MODEL)
    if args.json:
        output.print_json(
            [
                {**_persona_json(p), "always_sent_tokens": c.total, "counted_by": c.source}
                for p, c in zip(personas, costs, strict=True)
            ]
        )
        return 0
    rows = [
        [p.id, p.name, str(c.total), "built-in" if p.builtin else p.source, p.description]
        for p, c in zip(personas, costs, strict=True)
    ]
    output.say(output.table(rows, ["ID", "NAME", "TOKENS", "FROM", "DESCRIPTION"]))
    output.say(yours())
    return 0


def yours() -> str:
    """Where the user's own personas go, and how many are there."""
    from tutor.core.config import paths
    from tutor.core.personas.loader import persona_files

    folder = paths.user_personas_dir()
    found = len(persona_files(folder))
    there = f"{found} file(s)" if found else "none yet; a *.yaml there is loaded"
    return f"your personas: {folder} ({there})"


def _persona_json(p: Any) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "description": p.description,
        "extends": p.extends,
        "model": p.model,
        "params": p.params,
        "variables": p.variables,
        "tags": list(p.tags),
        "source": p.source,
    }


def _pairs(values: dict[str, Any]) -> str:
    """``key: value, key: value`` — texts and lists as JSON, a variable with no default as
    required."""

    def plain(key: str, value: Any) -> str:
        if value is None:
            return f"(required: --var {key}=...)"
        if isinstance(value, str | list | dict):
            return json.dumps(value, ensure_ascii=False)
        return str(value).lower() if isinstance(value, bool) else str(value)

    return ", ".join(f"{key}: {plain(key, value)}" for key, value in values.items())


def show_persona(args: argparse.Namespace) -> int:
    library = _library()
    persona = library.get(args.id)
    cost = costs_of([persona], args.model or persona.model or COST_MODEL)[0]
    if args.json:
        output.print_json(
            {
                **_persona_json(persona),
                "system": persona.system,
                "examples": [{"role": e.role, "content": e.content} for e in persona.examples],
                "reminder": persona.reminder,
                "greeting": persona.greeting,
                "tokens": {
                    "system": cost.system,
                    "examples": cost.examples,
                    "reminder": cost.reminder,
                    "always_sent": cost.total,
                    "counted_by": cost.source,
                    "exact": cost.exact,
                },
            }
        )
        return 0
    output.say(f"{persona.name} ({persona.id}) — {persona.description}")
    output.say(
        f"from: {persona.source}" + (f" · extends {persona.extends}" if persona.extends else "")
    )
    if persona.model:
        output.say(f"preferred model: {persona.model}")
    params = _pairs(persona.params) or "none"
    output.say(f"params: {params} · reply reserve {persona.reply_reserve} tokens")
    if persona.variables:
        output.say(f"variables: {_pairs(persona.variables)}")
    output.say(cost_line(persona, cost))
    output.say(f"\n--- system ---\n{persona.system.rstrip()}")
    for example in persona.examples:
        output.say(f"\n--- example: {example.role} ---\n{example.content.rstrip()}")
    if persona.reminder:
        output.say(f"\n--- reminder ---\n{persona.reminder.rstrip()}")
    if persona.greeting:
        output.say(f"\n--- greeting ---\n{persona.greeting.rstrip()}")
    return 0


def cost_line(persona: Any, cost: Any) -> str:
    """``always sent: N tokens (system …, k examples …, reminder …) — counter, kind`` (the
    kind said once: a counter named "… estimate" is not followed by ", estimate")."""
    kind = "exact" if cost.exact else "estimate"
    how = cost.source if kind in cost.source else f"{cost.source}, {kind}"
    return (
        f"always sent: {cost.total} tokens (system {cost.system}, {len(persona.examples)} "
        f"examples {cost.examples}, reminder {cost.reminder}) — {how}"
    )


def validate_personas(args: argparse.Namespace) -> int:
    from tutor.core.personas import validate_files
    from tutor.core.personas.loader import persona_files, read_draft
    from tutor.core.rehearsal.files import check_rehearsal_files, split_rehearsal_files

    rehearsals, others = split_rehearsal_files(list(args.paths))
    problems = validate_files(others) if others else []
    if rehearsals:  # the personas they name: installed ones and those checked here
        checked = [f for p in others for f in (persona_files(p) if p.is_dir() else [p])]
        known = {*_library().ids(), *(read_draft(f, 0).id for f in checked if f.is_file())}
        problems += check_rehearsal_files(rehearsals, known)
    for problem in problems:
        output.say(str(problem))
    if not problems:
        output.say(f"ok: {len(args.paths)} checked, no problems")
    return 2 if problems else 0
