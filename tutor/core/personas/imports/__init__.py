"""Personas made from other tools' files, with everything that has no place in one listed.

The tools: llm templates, aichat roles, Ollama Modelfiles, fabric patterns, character cards.

``read_foreign(path)`` tells the format (or takes ``fmt``), reads the file and returns an
:class:`Imported`; ``persona_yaml(imported)`` is the persona file to write.
"""

from __future__ import annotations

from pathlib import Path

from tutor.core.errors import PersonaImportError
from tutor.core.personas.formats import IMPORT_FORMATS
from tutor.core.personas.imports import aichat, card, fabric, llm, modelfile
from tutor.core.personas.imports.detect import WHAT, detect
from tutor.core.personas.imports.imported import Imported, LeftOut, persona_yaml
from tutor.core.personas.imports.png_text import SIGNATURE
from tutor.core.personas.imports.source import MAX_BYTES, decode, read_bytes, too_large

MAX_PNG_BYTES = 50_000_000  # a card's picture can be large; its text never is

__all__ = ["IMPORT_FORMATS", "WHAT", "Imported", "LeftOut", "persona_yaml", "read_foreign"]


def read_foreign(path: Path, fmt: str | None = None, label: str | None = None) -> Imported:
    """The persona made from ``path`` (a file, or a fabric pattern's folder).

    ``fmt`` is one of :data:`IMPORT_FORMATS`, or ``None`` to tell it from the file. ``label`` is how
    the path is named in messages (default: as given). Raises :class:`PersonaImportError`.
    """
    label = label or str(path)
    if fmt is not None and fmt not in IMPORT_FORMATS:
        raise PersonaImportError(
            label, f"unknown format '{fmt}' — use one of {', '.join(IMPORT_FORMATS)}"
        )
    if path.is_dir():
        if fmt not in (None, "fabric"):
            raise PersonaImportError(label, f"this is a folder; {WHAT[fmt]} is a file")
        return fabric.read(path, label)
    raw = read_bytes(path, label, limit=MAX_PNG_BYTES)
    binary = raw.startswith(SIGNATURE)
    if not binary and len(raw) > MAX_BYTES:
        raise too_large(label, len(raw))
    text = None if binary else decode(raw, label)
    fmt = fmt or detect(path, raw, text, label)
    if fmt == "card":
        return card.read(path, raw, label)
    if text is None:
        raise PersonaImportError(label, f"this is a PNG image, not {WHAT[fmt]}")
    if fmt == "fabric":
        return fabric.read(path, label)
    reader = {"llm": llm.read, "aichat": aichat.read, "modelfile": modelfile.read}[fmt]
    return reader(path, text, label)
