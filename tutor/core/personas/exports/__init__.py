"""Personas written for other tools (an Ollama Modelfile, an llm template), losses listed.

What the other format cannot carry is in ``Exported.left_out``, never dropped in silence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tutor.core.personas.formats import EXPORT_FORMATS


@dataclass
class Exported:
    """The file's text, what could not be carried (one line each), and notes on what changed."""

    text: str
    left_out: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


__all__ = ["EXPORT_FORMATS", "Exported"]
