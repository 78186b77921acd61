"""Personas: YAML files of a system text, few-shot examples and params, loaded and checked."""

from tutor.core.personas.library import (
    DEFAULT_PERSONA,
    PersonaLibrary,
    builtin_personas_dir,
    validate_files,
)
from tutor.core.personas.persona import (
    DEFAULT_REPLY_RESERVE,
    Example,
    Persona,
    RenderedPersona,
)

__all__ = [
    "DEFAULT_PERSONA",
    "DEFAULT_REPLY_RESERVE",
    "Example",
    "Persona",
    "PersonaLibrary",
    "RenderedPersona",
    "builtin_personas_dir",
    "validate_files",
]
