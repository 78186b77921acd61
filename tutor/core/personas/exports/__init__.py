"""Personas written for other tools: an Ollama Modelfile or an llm template, with what the
other format cannot carry listed (``Exported.left_out``) instead of dropped in silence."""

from __future__ import annotations

from dataclasses import dataclass, field

FORMATS = ("modelfile", "llm")


@dataclass
class Exported:
    """The file's text, what could not be carried (one line each), and notes on what changed."""

    text: str
    left_out: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


__all__ = ["FORMATS", "Exported"]
