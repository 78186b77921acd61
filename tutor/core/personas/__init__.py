"""Personas: YAML files of a system text, few-shot examples and params, loaded and checked.

The names below are loaded when first used, so a command that needs only a small part of this
package (the formats a persona can be imported from, say) does not load the checks' schema.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_HOMES = {
    "DEFAULT_PERSONA": "library",
    "PersonaLibrary": "library",
    "builtin_personas_dir": "library",
    "validate_files": "library",
    "DEFAULT_REPLY_RESERVE": "persona",
    "Example": "persona",
    "Persona": "persona",
    "RenderedPersona": "persona",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)


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
