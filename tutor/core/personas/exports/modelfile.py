"""A persona written as an Ollama Modelfile: FROM, PARAMETER lines, SYSTEM, MESSAGE pairs.

A Modelfile has no placeholders, so the texts are written filled in (defaults, or the values
given). Every text goes in ``\"\"\"…\"\"\"`` on lines of its own; the file is read back with the
importer's reader before it is returned, so what Ollama reads is what the persona says.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tutor.core.errors import PersonaImportError, UsageError
from tutor.core.personas.exports import Exported
from tutor.core.personas.imports.modelfile_syntax import parse
from tutor.core.personas.persona import Persona

PARAMETERS = (  # persona param → Ollama's name
    ("temperature", "temperature"),
    ("top_p", "top_p"),
    ("max_tokens", "num_predict"),
    ("presence_penalty", "presence_penalty"),
    ("frequency_penalty", "frequency_penalty"),
    ("seed", "seed"),
)


def _argument(value: Any) -> str:
    """A PARAMETER or FROM value, quoted when Ollama would otherwise read it differently."""
    text = str(value)
    plain = text.strip() == text and "\n" not in text and not text.startswith('"')
    if plain and text:
        return text
    return f'"""{text}"""' if '"' in text or "\n" in text else f'"{text}"'


def _block(text: str) -> str:
    return f'"""\n{text}\n"""'


def _visible(text: str, what: str, dropped: list[str]) -> str:
    """``text`` without the characters Ollama's reader skips (controls, invisible marks)."""
    kept = "".join(c for c in text if c.isprintable() or c in "\n\t")
    if len(kept) != len(text):
        count = len(text) - len(kept)
        dropped.append(f"{what}: {count} invisible or control characters (Ollama skips them)")
    return kept


def modelfile_text(
    persona: Persona, *, model: str | None = None, values: Mapping[str, str] | None = None
) -> Exported:
    """The Modelfile for ``persona``; ``model`` (default: the persona's) goes in FROM."""
    rendered = persona.render(values)
    model = model or persona.model
    if not model:
        raise UsageError(
            f"a Modelfile starts with FROM, and persona '{persona.id}' names no model"
            " — give the Ollama model to build on: --model llama3.2"
        )
    out = Exported("")
    head = [f"# {persona.name} — the tutor persona '{persona.id}', written by tutor."]
    head += [f"# {persona.description}"] if persona.description else []
    head += [f"# Build it with: ollama create {persona.id} -f <this file>", ""]
    lines = [*head, f"FROM {_argument(model)}"]
    for key, name in PARAMETERS:
        if key in persona.params:
            lines.append(f"PARAMETER {name} {_argument(persona.params[key])}")
    stop = persona.params.get("stop")
    expected: list[tuple[str, str]] = []  # (what, value), in the order Ollama will read them
    for text in [stop] if isinstance(stop, str) else stop or []:
        lines.append(f"PARAMETER stop {_argument(text)}")
        expected.append(("params.stop", text))
    texts = [("system", "SYSTEM", rendered.system)]
    texts += [
        (f"examples[{i}]", f"MESSAGE {e.role}", e.content) for i, e in enumerate(rendered.examples)
    ]
    for label, command, text in texts:
        text = _visible(text, label, out.left_out)
        expected.append((label, text))
        lines.append(f"{command} {_block(text)}")
    out.text = "\n".join(lines) + "\n"
    _check(out.text, expected)
    if rendered.reminder:
        out.left_out.append(
            "reminder: Ollama sends nothing after the conversation; add it to SYSTEM"
        )
    if rendered.greeting:
        out.left_out.append("greeting: a Modelfile has no greeting")
    if rendered.values:
        filled = ", ".join(f"{n}={v!r}" for n, v in rendered.values.items())
        out.notes.append(f"placeholders filled in ({filled}); a Modelfile has none")
    return out


def _check(text: str, expected: list[tuple[str, str]]) -> None:
    """Read ``text`` back as Ollama would; a text that does not come back whole is refused."""
    try:
        commands = parse(text, "")
    except PersonaImportError:
        commands = []
    read = [c.value for c in commands if c.name in ("system", "message") or c.arg == "stop"]
    for i, (what, want) in enumerate(expected):
        if i >= len(read) or read[i] != want:
            raise UsageError(
                f"'{what}' cannot be written in a Modelfile as it is: Ollama would read it"
                " differently (a line ending with three double quotes?) — change it"
            )
