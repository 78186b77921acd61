"""llm templates made into personas: system, model, options, and $variables with defaults."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import yaml

from tutor.core.errors import PersonaImportError
from tutor.core.personas.imports import params
from tutor.core.personas.imports.imported import Imported, described
from tutor.core.personas.imports.source import short, spot
from tutor.core.personas.imports.texts import Braces, id_from, title
from tutor.core.yamldoc.reader import YamlDoc, YamlProblems, parse_yaml

_KIND = "llm template"
_KEYS = (
    "name",
    "system",
    "prompt",
    "model",
    "defaults",
    "options",
    "extract",
    "extract_last",
    "schema_object",
    "fragments",
    "system_fragments",
    "tools",
    "functions",
    "attachments",
    "attachment_types",
)
PERSONA_ONLY = {"id", "description", "extends", "params", "variables", "examples", "reminder"}
PERSONA_ONLY |= {"greeting", "tags"}
_WHY: dict[str, str] = {
    "extract": "llm's option to keep only the reply's first code block",
    "extract_last": "llm's option to keep only the reply's last code block",
    "schema_object": "a JSON schema for structured replies; a tutor answers in prose",
    "fragments": "llm fragments are fetched when llm runs; copy what they say into 'system:'",
    "system_fragments": "llm fragments are fetched when llm runs; copy what they say into"
    " 'system:'",
    "tools": "tools the model may call; a persona has none",
    "functions": "Python functions the model may call; a persona has none",
    "attachments": "files sent with each prompt; a persona sends only text",
    "attachment_types": "files sent with each prompt; a persona sends only text",
}
# string.Template's syntax, as llm uses it: $$, $name, ${name}
_DOLLAR = re.compile(r"\$(?:(\$)|([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\})")


_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.lru_cache(maxsize=2)  # telling the format asks about one text several times
def _mapping(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError:
        return None


def is_persona(text: str) -> bool:
    """True for a file that is already a tutor persona (it has keys only personas have)."""
    data = _mapping(text)
    return isinstance(data, dict) and bool(PERSONA_ONLY & set(map(str, data)))


def looks_like(text: str) -> int:
    """2 when ``text`` is an llm template, 1 when it has 'system' or 'prompt' among keys llm
    does not know, 0 when it is no mapping with either."""
    data = _mapping(text)
    if not isinstance(data, dict) or not {"system", "prompt"} & set(data):
        return 0
    return 2 if set(map(str, data)) <= set(_KEYS) else 1


def is_mapping(text: str) -> bool:
    """True when ``text`` is a YAML mapping (so it is meant as some tool's settings)."""
    return isinstance(_mapping(text), dict)


def _doc(text: str, label: str) -> YamlDoc:
    try:
        doc = parse_yaml(text.encode("utf-8"), label)
    except YamlProblems as exc:
        first = exc.problems[0]
        raise PersonaImportError(label, first.message, first.line, first.col) from None
    if not isinstance(doc.data, dict):
        raise PersonaImportError(label, "an llm template is a YAML mapping with 'system:'")
    return doc


def _typed(doc: YamlDoc, key: str, kind: type, words: str) -> Any:
    value = doc.data.get(key)
    if value is not None and not isinstance(value, kind):
        line, col = doc.where((key,))
        raise PersonaImportError(doc.path, f"'{key}' must be {words}", line, col)
    return value


def _convert(text: str, braces: Braces, used: list[str]) -> tuple[str, bool]:
    """``text`` with llm's ``$name`` made ``{{name}}`` (names added to ``used``), ``$$`` made
    ``$``, and ``$input`` taken out; the second value says whether it was there."""
    had_input = False

    def swap(match: re.Match[str]) -> str:
        nonlocal had_input
        if match.group(1):
            return "$"
        name = match.group(2) or match.group(3)
        if name == "input":
            had_input = True
            return ""
        used.append(name)
        return "{{" + name + "}}"

    converted = _DOLLAR.sub(swap, braces.literal(text))
    return (converted.strip() if had_input else converted), had_input


def _default(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def read(path: Path, text: str, label: str) -> Imported:
    """The persona the llm template ``text`` describes; what it cannot hold is left out."""
    if is_persona(text):
        raise PersonaImportError(
            label,
            "this is a tutor persona already — check it with `tutor personas validate` and copy"
            " it into your personas folder",
        )
    doc = _doc(text, label)
    system = _typed(doc, "system", str, "text")
    prompt = _typed(doc, "prompt", str, "text")
    defaults = _typed(doc, "defaults", dict, "a mapping of variable names to values") or {}
    options = _typed(doc, "options", dict, "a mapping such as 'temperature: 0.5'") or {}
    model = _typed(doc, "model", str, "a model name")
    name = _typed(doc, "name", str, "text")
    if not (system or "").strip() and not (prompt or "").strip():
        raise PersonaImportError(
            label, "it has no 'system' text (nor a 'prompt') to make a persona"
        )
    braces = Braces([system or "", prompt or ""])
    made = Imported(_KIND, label, id_from(path.stem), name="", system="", model=model or None)
    used: list[str] = []

    def where(*key: str | int) -> str:
        return spot(label, *doc.where(key, key=True))

    if (system or "").strip():
        made.system, had_input = _convert(system or "", braces, used)
        if prompt:
            why = "llm wraps each message in it; tutor sends the student's message as it is"
            made.leave_out(where("prompt"), f"prompt {short(prompt)}", why)
    else:
        made.system, had_input = _convert(prompt or "", braces, used)
        made.notes.append("The template has no 'system'; its 'prompt' is the system text here.")
    if had_input:
        why = (
            "llm puts the message there; tutor sends it after the system text, so it was taken out"
        )
        made.leave_out(where("system" if system else "prompt"), "$input", why)
    for var in dict.fromkeys(used):
        made.variables[var] = _default(defaults.get(var))
    for var in defaults:
        if str(var) not in made.variables:
            made.leave_out(where("defaults", var), f"default for ${var}", "no kept text uses it")
    settings = [(str(k), v, label, *doc.where(("options", k))) for k, v in options.items()]
    params.apply(made, settings)
    for key in doc.data:
        if key in _WHY:
            made.leave_out(where(key), str(key), _WHY[key])
        elif key not in _KEYS:
            made.leave_out(where(key), str(key), "not a key of llm templates")
    braces.declare(made)
    made.name = name or title(made.suggested_id or "imported")
    made.description = described(_KIND, label)
    return made
