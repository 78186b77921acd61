"""The config's ``keymap:`` checked against the ids of the app's bindings before it is applied."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from textual.binding import Binding
from textual.dom import DOMNode


def binding_ids(classes: Iterable[type[DOMNode]]) -> dict[str, str]:
    """Every binding id of ``classes`` → its default keys."""
    found: dict[str, str] = {}
    for cls in classes:
        for binding in cls.BINDINGS:
            if isinstance(binding, Binding) and binding.id:
                found.setdefault(binding.id, binding.key)
    return found


def unknown_ids(keymap: Mapping[str, str], known: Mapping[str, str]) -> list[str]:
    """One warning per id in ``keymap`` that no binding has (with the closest id, if any)."""
    warnings = []
    for binding_id in keymap:
        if binding_id in known:
            continue
        close = difflib.get_close_matches(binding_id, list(known), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "known ids: " + ", ".join(sorted(known))
        warnings.append(f"keymap: no binding has the id '{binding_id}' — {hint}")
    return warnings
