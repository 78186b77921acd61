"""aichat roles made into personas: front matter settings, the prompt, ### INPUT:/OUTPUT: pairs.

As aichat reads a role: the prompt before the first ``### INPUT:`` is the system text and the
``### INPUT:`` / ``### OUTPUT:`` pairs after it are example turns — but only when every input
has its output; otherwise the whole prompt is the system text. A prompt holding ``__INPUT__``
is a wrapper for the message, not a system text: aichat sends it as one user message.
"""

from __future__ import annotations

import re
from pathlib import Path

from tutor.core.errors import PersonaImportError
from tutor.core.personas.imports import params
from tutor.core.personas.imports.imported import Imported, described
from tutor.core.personas.imports.source import char_position, spot
from tutor.core.personas.imports.texts import Braces, id_from, title
from tutor.core.personas.persona import Example
from tutor.core.yamldoc.reader import YamlProblems, parse_yaml

_KIND = "aichat role"
FRONT = re.compile(r"\A\s*-{3,}[ \t]*\n(.*?)^[ \t]*-{3,}[ \t]*$\n?", re.S | re.M)
INPUT, OUTPUT, EMBED = "### INPUT:", "### OUTPUT:", "__INPUT__"
_OWN_VARIABLE = re.compile(r"\{\{\s*(__[A-Za-z0-9_]+__)\s*\}\}")


def looks_like(text: str) -> int:
    """2 for a role with front matter, pairs or ``__INPUT__``; 1 for any other text."""
    if FRONT.match(text) or INPUT in text or EMBED in text:
        return 2
    return 1 if text.strip() else 0


def _settings(made: Imported, text: str, label: str) -> int:
    """Read the front matter into ``made``; where the prompt starts."""
    front = FRONT.match(text)
    if front is None:
        return 0
    offset = text[: front.start(1)].count("\n")
    try:  # padded with line breaks, so positions are the file's own
        doc = parse_yaml(("\n" * offset + front.group(1)).encode("utf-8"), label)
    except YamlProblems as exc:
        first = exc.problems[0]
        raise PersonaImportError(label, first.message, first.line, first.col) from None
    data = doc.data or {}
    if not isinstance(data, dict):
        line, col = doc.where(())
        raise PersonaImportError(label, "the front matter must be 'key: value' lines", line, col)
    settings: list[params.Setting] = []
    for key, value in data.items():
        line, col = doc.where((key,), key=True)
        if key == "model" and isinstance(value, str) and value.strip():
            made.model = _model(made, value.strip())
        elif key in ("temperature", "top_p"):
            settings.append((key, value, label, *doc.where((key,))))
        elif key == "use_tools":
            made.leave_out(spot(label, line, col), "use_tools", "tools the role may call")
        else:
            why = "not a setting aichat reads from a role"
            made.leave_out(spot(label, line, col), str(key), why)
    params.apply(made, settings)
    return front.end()


def _model(made: Imported, model: str) -> str:
    """aichat names a model ``client:model``; the endpoint knows it by the part after ':'."""
    client, _, name = model.partition(":")
    if not name:
        return model
    made.notes.append(f"aichat's model '{model}' is '{name}' here ('{client}' is aichat's client).")
    return name


def _pairs(prompt: str) -> tuple[str, list[tuple[str, str, int]]] | None:
    """The system text and (input, output, where) pairs, found as aichat finds them (the next
    ``### INPUT:``, then the next ``### OUTPUT:``, …), or ``None`` if they are not whole."""
    want, pos, marker_at = INPUT, 0, 0
    system: str | None = None
    parts: list[tuple[str, int]] = []
    while True:
        found = prompt.find(want, pos)
        piece = prompt[pos:] if found < 0 else prompt[pos:found]
        if system is None:
            system = piece
        elif found >= 0 or piece:
            parts.append((piece, marker_at))
        if found < 0:
            break
        marker_at, pos = found, found + len(want)
        want = OUTPUT if want == INPUT else INPUT
    if not parts or len(parts) % 2:
        return None
    pairs = [
        (i.strip(), o.strip(), at) for (i, at), (o, _) in zip(parts[::2], parts[1::2], strict=True)
    ]
    return system.strip(), pairs


def read(path: Path, text: str, label: str) -> Imported:
    """The persona the role ``text`` describes; what it cannot hold is left out."""
    made = Imported(_KIND, label, id_from(path.stem), name="", system="")
    start = _settings(made, text, label)
    body = text[start:]
    prompt = body.strip()
    base = start + (len(body) - len(body.lstrip()))  # where the prompt starts in the file
    if not prompt:
        raise PersonaImportError(label, "the role has no prompt after its settings")
    braces = Braces([prompt])
    for name in dict.fromkeys(_OWN_VARIABLE.findall(prompt)):
        found = _OWN_VARIABLE.search(text, base)
        while found is not None and found.group(1) != name:
            found = _OWN_VARIABLE.search(text, found.end())
        line, col = char_position(text, found.start()) if found else (0, 0)
        why = "aichat fills it in; here it stays plain text"
        made.leave_out(spot(label, line, col), f"{{{{{name}}}}}", why)
    if EMBED in prompt:
        line, col = char_position(text, base + prompt.index(EMBED))
        why = "aichat puts the message there and sends it all as one user message; here it is"
        made.leave_out(
            spot(label, line, col), EMBED, why + " the system text, the message after it"
        )
        made.system = braces.literal(prompt.replace(EMBED, "").strip())
    else:
        split = _pairs(prompt)
        if split is None:
            made.system = braces.literal(prompt)
            if INPUT in prompt or OUTPUT in prompt:
                line, col = char_position(text, base + prompt.find("### "))
                why = "not every ### INPUT: has its ### OUTPUT:, so aichat sends the whole prompt"
                made.leave_out(spot(label, line, col), "examples", why + " as the system text")
        else:
            system, pairs = split
            if not system:
                line, col = char_position(text, base)
                message = "there are examples but no instructions before the first ### INPUT:"
                raise PersonaImportError(label, message + " — a persona needs them", line, col)
            made.system = braces.literal(system)
            for given, answer, at in pairs:
                if not given or not answer:
                    line, col = char_position(text, base + at)
                    made.leave_out(spot(label, line, col), "an example", "one side is empty")
                    continue
                made.examples += [
                    Example("user", braces.literal(given)),
                    Example("assistant", braces.literal(answer)),
                ]
    braces.declare(made)
    made.name = title(made.suggested_id or "imported")
    made.description = described(_KIND, label)
    return made
