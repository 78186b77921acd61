"""`tutor personas new`: write a commented persona file, open it in the editor, check it."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from typing import Any

from tutor.core.config.editor import editor_command
from tutor.core.errors import PersonaError, UsageError


def add_to(sub: Any) -> None:
    new = sub.add_parser(
        "new",
        help="write a new persona file into your personas folder, every key explained",
        description="Write <personas folder>/ID.yaml: a persona that works as it is, with a "
        "comment on every key. With --from, it extends that persona and lists only what a "
        "child usually changes. With --edit, it opens in $VISUAL or $EDITOR and is checked "
        "when the editor closes.",
    )
    new.add_argument("id", metavar="ID", help="the new persona's id (its file name)")
    new.add_argument("--from", dest="parent", metavar="PERSONA", help="extend this persona")
    new.add_argument("--edit", action="store_true", help="open it in $VISUAL or $EDITOR")
    new.add_argument("--force", action="store_true", help="replace a persona with this id")
    new.set_defaults(run=new_persona)


def new_persona(args: argparse.Namespace) -> int:
    from tutor.cli.personas import COST_MODEL, cost_line, costs_of
    from tutor.core.personas import PersonaLibrary, validate_files
    from tutor.core.personas.saving import check_id, save_persona
    from tutor.core.personas.scaffold import scaffold

    check_id(args.id)
    parent = PersonaLibrary.load().get(args.parent) if args.parent else None
    try:
        path = save_persona(args.id, scaffold(args.id, parent), force=args.force)
    except PersonaError as exc:
        for problem in exc.problems:
            print(f"tutor: {problem}", file=sys.stderr)
        raise UsageError(
            f"persona '{args.id}' would not load like this; nothing was written"
        ) from None
    print(f"wrote {path}")
    if args.edit:
        edit(path)
        problems = validate_files([path])
        if problems:
            for problem in problems:
                print(f"tutor: {problem}", file=sys.stderr)
            print(
                f"tutor: the file is kept as it is — fix it, then check it with"
                f" `tutor personas validate {path}`",
                file=sys.stderr,
            )
            return 2
    persona = PersonaLibrary.load().get(args.id)
    cost = costs_of([persona], persona.model or COST_MODEL)[0]
    print(f"persona '{persona.id}' — {cost_line(persona, cost)}")
    return 0


def edit(path: Path) -> None:
    """Open ``path`` in the user's editor and wait for it to close."""
    variable, command = editor_command()
    kept = f"the file is kept at {path}"
    if not command:
        raise UsageError(f"no editor to open: set $VISUAL or $EDITOR (e.g. EDITOR=nano) — {kept}")
    try:
        finished = subprocess.run([*command, str(path)], check=False)
    except FileNotFoundError:
        raise UsageError(
            f"the editor '{command[0]}' (from ${variable}) was not found — fix ${variable}; {kept}"
        ) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise UsageError(f"cannot start the editor '{command[0]}': {reason} — {kept}") from None
    if finished.returncode != 0:
        note = f"the editor exited with status {finished.returncode}; checking the file as it is"
        print(f"tutor: note: {note}", file=sys.stderr)
