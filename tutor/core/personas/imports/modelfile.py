"""Ollama Modelfiles made into personas: SYSTEM, PARAMETER, MESSAGE pairs as examples, FROM."""

from __future__ import annotations

import re
from pathlib import Path

from tutor.core.errors import PersonaImportError
from tutor.core.personas.imports import params
from tutor.core.personas.imports.imported import Imported, described
from tutor.core.personas.imports.modelfile_syntax import Command, parse
from tutor.core.personas.imports.source import spot
from tutor.core.personas.imports.texts import Braces, id_from, title
from tutor.core.personas.persona import Example

_KIND = "Ollama Modelfile"
_WHY: dict[str, str] = {
    "template": "a prompt template for Ollama's raw prompt; tutor sends chat messages and the"
    " server applies the model's own template",
    "adapter": "a LoRA adapter belongs to an Ollama model; build the model with Ollama and name"
    " it in 'model:'",
    "license": "the model's licence text is not something the tutor says",
    "requires": "the Ollama version the model needs",
    "renderer": "how Ollama renders the model's prompt; the server decides that",
    "parser": "how Ollama reads the model's output; the server decides that",
    "draft": "a draft model for Ollama's speculative decoding",
}
_PATH_LIKE = re.compile(r"^(\.{1,2}[/\\]|[/\\~]|[A-Za-z]:[/\\])|\.(gguf|bin|safetensors)$", re.I)


def suggested_id(path: Path) -> str | None:
    """``Modelfile`` takes its folder's name; ``tutor.Modelfile`` or ``Modelfile.tutor`` the
    other part of the name."""
    name = path.name
    if name.lower() == "modelfile":
        return id_from(path.resolve().parent.name)
    for part in name.split("."):
        if part.lower() != "modelfile":
            return id_from(part)
    return None


def looks_like(text: str) -> int:
    """2 when ``text`` is a Modelfile, 1 when it could be one, 0 when it is not."""
    try:
        commands = parse(text, "")
    except PersonaImportError:
        return 0
    froms = [c for c in commands if c.name == "from"]
    if not commands:
        return 0
    if froms and (len(commands) > 1 or " " not in froms[0].value.strip()):
        return 2
    return 1


def _text(made: Imported, braces: Braces, command: Command, where: str) -> str | None:
    if not command.value.strip():
        made.leave_out(where, f"{command.name.upper()} with no text", "nothing to carry")
        return None
    return braces.literal(command.value)


def read(path: Path, text: str, label: str) -> Imported:
    """The persona the Modelfile ``text`` describes; what it cannot hold is left out."""
    commands = parse(text, label)
    braces = Braces(c.value for c in commands)
    made = Imported(_KIND, label, suggested_id(path), name="", system="")
    settings: list[params.Setting] = []
    systems: list[Command] = []
    pending: Command | None = None
    for c in commands:
        where = spot(label, c.line, c.col)
        if c.name == "from":
            if made.model is None and not _PATH_LIKE.search(c.value.strip()):
                made.model = c.value.strip()
            else:
                why = "a file, not a model a server knows by name; set 'model:' yourself"
                made.leave_out(where, f"FROM {c.value.strip()}", why)
        elif c.name == "system" or (c.name == "message" and c.arg == "system"):
            systems.append(c)
        elif c.name == "parameter":
            settings.append((c.arg, c.value, label, *c.at))
        elif c.name == "message":
            content = _text(made, braces, c, where)
            if content is None:
                continue
            if c.arg == "user":
                if pending is not None:
                    _unanswered(made, label, pending)
                pending = Command(c.name, c.arg, content, c.line, c.col, c.at)
            elif pending is None:
                why = "an example starts with the student's turn; this reply answers none"
                made.leave_out(where, "MESSAGE assistant", why)
            else:
                made.examples += [Example("user", pending.value), Example("assistant", content)]
                pending = None
        else:
            made.leave_out(where, c.name.upper(), _WHY[c.name])
    if pending is not None:
        _unanswered(made, label, pending)
    _system(made, braces, systems, label)
    params.apply(made, settings)
    braces.declare(made)
    made.name = title(made.suggested_id or "imported")
    made.description = described(_KIND, label)
    return made


def _unanswered(made: Imported, label: str, turn: Command) -> None:
    why = "no MESSAGE assistant answers it, and examples end with the tutor's reply"
    made.leave_out(spot(label, turn.line, turn.col), "MESSAGE user", why)


def _system(made: Imported, braces: Braces, found: list[Command], label: str) -> None:
    """The last SYSTEM is the system text, as in Ollama; without one, the MESSAGE system
    texts are. The others are listed."""
    own = [c for c in found if c.name == "system" and c.value.strip()]
    chosen = own[-1:] or [c for c in found if c.value.strip()]
    for c in found:
        if c in chosen:
            continue
        what = "SYSTEM" if c.name == "system" else "MESSAGE system"
        if not c.value.strip():
            why = "it is empty"
        else:
            why = f"the SYSTEM at line {chosen[0].line} is the system text, as in Ollama"
        made.leave_out(spot(label, c.line, c.col), what, why)
    if not chosen:
        raise PersonaImportError(
            label, 'there is no SYSTEM text — a persona needs one: add SYSTEM """..."""'
        )
    made.system = "\n\n".join(braces.literal(c.value) for c in chosen)
