"""Other tools' sampling settings mapped onto a persona's params, or the reason one cannot be."""

from __future__ import annotations

import math
from typing import Any

from tutor.core.errors import PersonaImportError
from tutor.core.personas.imports.imported import Imported
from tutor.core.personas.schema import MAX_STOPS

# Names other tools use for a param a persona has.
SAME_AS: dict[str, str] = {
    "temperature": "temperature",
    "top_p": "top_p",
    "max_tokens": "max_tokens",
    "num_predict": "max_tokens",  # Ollama
    "max_completion_tokens": "max_tokens",
    "presence_penalty": "presence_penalty",
    "frequency_penalty": "frequency_penalty",
    "seed": "seed",
    "stop": "stop",
}
RANGES: dict[str, tuple[float, float]] = {
    "temperature": (0, 2),
    "top_p": (0, 1),
    "presence_penalty": (-2, 2),
    "frequency_penalty": (-2, 2),
}
WHY_NOT: dict[str, str] = {
    "num_ctx": "the context window belongs to the endpoint: set 'context_window: {value}' for it"
    " in config.yaml",
    "repeat_penalty": "Ollama's own setting, not part of the OpenAI-compatible API tutor uses;"
    " frequency_penalty is the nearest param",
}
NOT_IN_API = "not part of the OpenAI-compatible API tutor uses"


class ParamRefused(Exception):
    """A value that cannot be a persona param; ``str()`` says why, in a few words.

    ``broken`` is true when the other tool would refuse it too (a word where a number goes).
    """

    def __init__(self, message: str, *, broken: bool = False) -> None:
        super().__init__(message)
        self.broken = broken


def _number(name: str, value: Any, whole: bool) -> float | int:
    if isinstance(value, bool):
        raise ParamRefused(f"{name} must be a number, got {value}", broken=True)
    if isinstance(value, str):
        try:
            value = int(value) if whole else float(value)
        except ValueError:
            kind = "a whole number" if whole else "a number"
            raise ParamRefused(f"{name} must be {kind}, got '{value}'", broken=True) from None
    if whole and isinstance(value, float) and value.is_integer():
        value = int(value)
    if whole and not isinstance(value, int):
        raise ParamRefused(f"{name} must be a whole number, got {value}", broken=True)
    if not isinstance(value, int | float) or not math.isfinite(value):
        raise ParamRefused(f"{name} must be a number, got {value!r}", broken=True)
    return value


def param(name: str, value: Any) -> tuple[str, Any]:
    """The persona param (key, value) for another tool's ``name: value``.

    Raises :class:`ParamRefused` for a value a persona cannot hold, and ``KeyError`` for a
    name that has no persona param (see :func:`why_not`).
    """
    key = SAME_AS[name]
    if key == "stop":
        stops = [value] if isinstance(value, str) else value
        if not isinstance(stops, list) or not all(isinstance(s, str) and s for s in stops):
            raise ParamRefused("stop must be a text or a list of texts", broken=True)
        if not stops:
            raise ParamRefused("stop is an empty list")
        return key, stops
    number = _number(name, value, whole=key in ("max_tokens", "seed"))
    if key == "max_tokens" and number < 1:
        raise ParamRefused(
            "no limit, but a persona's max_tokens is at least 1 (the reply reserve is then"
            " 1024 tokens)"
        )
    low, high = RANGES.get(key, (-math.inf, math.inf))
    if not low <= number <= high:
        raise ParamRefused(f"outside what a persona holds ({low:g} to {high:g})")
    return key, number


def why_not(name: str, value: Any) -> str:
    """Why the setting ``name`` has no persona param."""
    return WHY_NOT.get(name, NOT_IN_API).format(value=value)


Setting = tuple[str, Any, str, int, int]  # name, value, file, line, column


def shown(value: Any) -> str:
    """A setting's value as the other tool's file writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) and value.strip() != value else str(value)


def apply(made: Imported, settings: list[Setting]) -> None:
    """Put each setting into ``made.params`` or list it as left out, with its position.

    A later setting replaces an earlier one of the same param, as in the tools themselves;
    stops add up (Ollama takes one per line), the first four kept. A value the other tool
    would refuse too (a word where a number goes) is an error.
    """
    stops: list[tuple[str, str]] = []
    for name, value, label, line, col in settings:
        where = f"{label}:{line}:{col}" if line else label
        if name not in SAME_AS:
            made.leave_out(where, f"{name} {shown(value)}", why_not(name, value))
            continue
        try:
            key, kept = param(name, value)
        except ParamRefused as exc:
            if exc.broken:
                raise PersonaImportError(label, f"{exc} — fix it there", line, col) from None
            made.leave_out(where, f"{name} {shown(value)}", str(exc))
            continue
        if key == "stop":
            stops += [(where, s) for s in kept]
        else:
            made.params[key] = kept
    for where, text in stops[MAX_STOPS:]:
        made.leave_out(where, f"stop {text!r}", f"a persona holds at most {MAX_STOPS} stops")
    kept_stops = [text for _, text in stops[:MAX_STOPS]]
    if kept_stops:
        made.params["stop"] = kept_stops[0] if len(kept_stops) == 1 else kept_stops
