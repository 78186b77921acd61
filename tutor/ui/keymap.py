"""The config's ``keymap:`` checked against the ids of the app's bindings before it is applied.

Unknown ids are reported with the closest one. A key that the composer also uses (Ctrl+E is
"end of line" there) goes to the remapped binding, and the composer keeps its other keys for
that edit — said once at start-up, so nothing is silently shadowed.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.dom import DOMNode

if TYPE_CHECKING:
    from textual.app import App


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


def _keys(spec: str) -> list[str]:
    return [key.strip() for key in spec.split(",") if key.strip()]


def composer_yields(keymap: Mapping[str, str], composer: Mapping[str, str]) -> tuple[dict, list]:
    """The composer's bindings that give up keys the keymap gives to other bindings
    (id → the keys it keeps), and one warning per key given up."""
    taken = {key: binding_id for binding_id, spec in keymap.items() for key in _keys(spec)}
    yields: dict[str, str] = {}
    warnings = []
    for binding_id, spec in composer.items():
        if binding_id in keymap:
            continue
        keys = _keys(spec)
        lost = [key for key in keys if key in taken and taken[key] != binding_id]
        if not lost:
            continue
        yields[binding_id] = ",".join(k for k in keys if k not in lost)
        for key in lost:
            what = binding_id.removeprefix("composer-").replace("-", " ")
            warnings.append(
                f"keymap: {key} is the composer's '{what}' too — '{taken[key]}' takes it"
                + (f" (the composer keeps {yields[binding_id]})" if yields[binding_id] else "")
            )
    return yields, warnings


def apply_keymap(app: App[Any], keymap: Mapping[str, str]) -> list[str]:
    """Check ``keymap`` against every binding of the app and apply it; returns the warnings."""
    from tutor.ui.authoring.screen import PersonaEditorScreen
    from tutor.ui.dialogs.choice import ChoiceDialog
    from tutor.ui.dialogs.confirm import ConfirmDialog
    from tutor.ui.dialogs.first_run import FirstRunScreen
    from tutor.ui.dialogs.persona_picker import PersonaPicker
    from tutor.ui.dialogs.search import SearchScreen
    from tutor.ui.dialogs.text import TextDialog
    from tutor.ui.session.screen import SessionScreen
    from tutor.ui.widgets.composer import Composer
    from tutor.ui.widgets.session_list import SessionList
    from tutor.ui.widgets.turns import Turn

    classes: list[type[DOMNode]] = [type(app), SessionScreen, Turn, SessionList, ChoiceDialog]
    classes += [ConfirmDialog, TextDialog, FirstRunScreen, PersonaPicker, SearchScreen]
    classes += [PersonaEditorScreen]
    composer = binding_ids([Composer])
    warnings = unknown_ids(keymap, binding_ids(classes) | composer)
    yields, collisions = composer_yields(keymap, composer)
    app.set_keymap({**keymap, **yields})
    return warnings + collisions
