"""Which tool a file to import comes from: told by its content first, its name second."""

from __future__ import annotations

import json
from pathlib import Path

from tutor.core.errors import PersonaImportError
from tutor.core.personas.imports import aichat, card, llm, modelfile
from tutor.core.personas.imports.png_text import SIGNATURE

WHAT: dict[str, str] = {
    "llm": "an llm template",
    "aichat": "an aichat role",
    "modelfile": "an Ollama Modelfile",
    "fabric": "a fabric pattern",
    "card": "a character card",
}


def by_name(path: Path) -> str | None:
    """The format a file's name suggests, if any."""
    name = path.name.lower()
    if name == "modelfile" or name.startswith("modelfile.") or name.endswith(".modelfile"):
        return "modelfile"
    if name == "system.md":
        return "fabric"
    return {
        ".yaml": "llm",
        ".yml": "llm",
        ".md": "aichat",
        ".markdown": "aichat",
        ".json": "card",
        ".png": "card",
    }.get(path.suffix.lower())


def _ask(label: str, candidates: list[str]) -> PersonaImportError:
    kinds = " or ".join(WHAT[c] for c in candidates)
    flags = " or ".join(f"--format {c}" for c in candidates)
    return PersonaImportError(label, f"cannot tell whether this is {kinds} — say which: {flags}")


def detect(path: Path, raw: bytes, text: str | None, label: str) -> str:
    """The format of the file ``path`` (its bytes ``raw``, and ``text`` unless it is binary)."""
    if raw.startswith(SIGNATURE):
        return "card"
    named = by_name(path)
    if text is None or not text.strip():
        raise PersonaImportError(label, "the file is empty — there is nothing to import")
    if text.lstrip().startswith(("{", "[")):
        try:
            json.loads(text)
        except ValueError:
            pass
        else:
            if card.looks_like(text):
                return "card"
            message = "this JSON is not a character card (no 'spec: chara_card_v2', no 'name')"
            raise PersonaImportError(label, message)
    if llm.is_persona(text):
        return "llm"  # its reader says it is a persona already
    if named == "fabric":
        return "fabric"
    scores = {
        "llm": llm.looks_like(text),
        "modelfile": modelfile.looks_like(text),
        "aichat": aichat.looks_like(text),
    }
    if scores["aichat"] == 1 and llm.is_mapping(text):
        scores["aichat"] = 0  # YAML 'key: value' lines are some tool's settings, not a prompt
    sure = [f for f, s in scores.items() if s == 2]
    if len(sure) == 1:
        return sure[0]
    if sure:
        if named in sure:
            return named
        raise _ask(label, sure)
    if named is not None:
        return named  # no content says otherwise: the name decides, and its reader explains
    if llm.is_mapping(text):
        message = "this YAML is not an llm template: it has no 'system' or 'prompt'"
        raise PersonaImportError(label, message)
    maybe = [f for f, s in scores.items() if s == 1]
    if not maybe:
        raise PersonaImportError(label, "this is not a file tutor can import as a persona")
    # Plain text could be an aichat role with no settings, or a fabric pattern's system.md.
    raise _ask(label, [*maybe, "fabric"] if "aichat" in maybe else maybe)
