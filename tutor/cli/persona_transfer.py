"""`tutor personas import` and `export`: personas from and for other tools, losses listed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tutor.cli import output
from tutor.core.errors import PersonaError, UsageError


def add_to(sub: Any) -> None:
    from tutor.core.personas.formats import EXPORT_FORMATS as EXPORTS
    from tutor.core.personas.formats import IMPORT_FORMATS as IMPORTS

    take = sub.add_parser(
        "import",
        help="make a persona from an llm template, aichat role, Ollama Modelfile, fabric"
        " pattern or character card",
        description="Write a persona into your personas folder, made from another tool's file: "
        "an llm template (.yaml), an aichat role (.md), an Ollama Modelfile, a fabric pattern "
        "(its folder) or a character card (V1/V2 JSON or PNG). The kind is told from the "
        "content, then the name. Whatever has no place in a persona is listed, never dropped "
        "in silence; the persona is checked before anything is written.",
    )
    take.add_argument("file", metavar="FILE", type=Path, help="the file, or a pattern's folder")
    take.add_argument("--id", metavar="ID", help="the persona's id (default: from the file)")
    take.add_argument("--format", choices=IMPORTS, help="say which kind of file it is")
    take.add_argument("--force", action="store_true", help="replace a persona with this id")
    take.add_argument("--dry-run", action="store_true", help="print the persona, write nothing")
    take.add_argument("--json", action="store_true", help="say what was done as JSON")
    take.set_defaults(run=import_persona)

    give = sub.add_parser(
        "export",
        help="write a persona as an Ollama Modelfile or an llm template",
        description="Write persona ID for another tool. A Modelfile holds the system text, the "
        "examples (as MESSAGE pairs) and the params, with placeholders filled in; an llm "
        "template holds the system text, variables (as $name with defaults) and params. What "
        "the format cannot carry is listed on stderr.",
    )
    give.add_argument("id", metavar="ID")
    give.add_argument("--format", choices=EXPORTS, required=True)
    give.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    give.add_argument("--model", metavar="M", help="the model to name (default: the persona's)")
    give.add_argument(
        "--var",
        metavar="KEY=VALUE",
        action="append",
        default=[],
        help="a variable's value (filled in a Modelfile; the default in an llm template)",
    )
    give.set_defaults(run=export_persona)


def import_persona(args: argparse.Namespace) -> int:
    from tutor.cli.personas import COST_MODEL, cost_line, costs_of
    from tutor.core.personas import PersonaLibrary
    from tutor.core.personas.imports import persona_yaml, read_foreign
    from tutor.core.personas.saving import check_id, save_persona

    made = read_foreign(args.file, args.format)
    persona_id = args.id or made.suggested_id
    if not persona_id:
        raise UsageError(f"cannot make an id from '{args.file}' — give one with --id")
    check_id(persona_id)
    text = persona_yaml(made)
    listed = made.listed()
    if args.dry_run:
        sys.stdout.write(text)
        for item in listed:
            print(f"tutor: left out: {output.shown(str(item))}", file=sys.stderr)
        return 0
    try:
        path = save_persona(persona_id, text, force=args.force)
    except PersonaError as exc:
        for problem in exc.problems:
            print(f"tutor: {problem}", file=sys.stderr)
        message = f"the persona made from {args.file} has problems; nothing was written"
        raise UsageError(message) from None
    if args.json:
        output.print_json(
            {
                "id": persona_id,
                "path": str(path),
                "format": made.kind,
                "left_out": [{"where": i.where, "what": i.what, "why": i.why} for i in listed],
                "notes": made.notes,
            }
        )
        return 0
    persona = PersonaLibrary.load().get(persona_id)
    cost = costs_of([persona], persona.model or COST_MODEL)[0]
    print(
        f"imported the {made.kind} {output.shown(str(args.file))} as persona '{persona_id}': {path}"
    )
    print(f"  {cost_line(persona, cost)}")
    for note in made.notes:
        print(f"  note: {output.shown(note)}")
    if listed:
        print("left out (a persona has no place for them):")
        for item in listed:
            print(f"  {output.shown(str(item))}")
    return 0


def export_persona(args: argparse.Namespace) -> int:
    from tutor.cli.ask import _variables
    from tutor.core.personas import PersonaLibrary
    from tutor.core.personas.exports.llm import llm_text
    from tutor.core.personas.exports.modelfile import modelfile_text

    persona = PersonaLibrary.load().get(args.id)
    values = _variables(args.var)
    if args.format == "modelfile":
        made = modelfile_text(persona, model=args.model, values=values)
    else:
        made = llm_text(persona, model=args.model, values=values)
    if args.output:
        try:
            Path(args.output).write_text(made.text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {args.output}: {exc.strerror or exc}") from None
        print(f"wrote persona '{persona.id}' as {args.format} to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(output.shown(made.text))
    for note in made.notes:
        print(f"tutor: note: {note}", file=sys.stderr)
    for line in made.left_out:
        print(f"tutor: left out: {line}", file=sys.stderr)
    return 0
