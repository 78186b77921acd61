"""Key bindings of a text field that act in the order their keys were typed, however fast.

Textual hands every key to the focused widget's queue at once, but runs an ordinary binding
only after the key has bubbled up to the app — by then the characters typed after it are
already in the field. A burst such as ``abc`` Ctrl+J ``def`` (a fast typist, a script, a paste
without bracketed paste) came out as ``abcdef⏎``. Here each binding is a priority binding (the
app sees it as it arrives, before the keys behind it are handed on) whose action is queued in
the widget's own queue, so it runs after the characters before it and before those after it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from textual.widget import Widget

    _Mixin = Widget
else:
    _Mixin = object  # a plain mixin: a Widget base here would hide the field's own CSS


def in_order(bindings: Iterable[BindingType]) -> list[BindingType]:
    """``bindings`` made to run in typing order (for a widget with ``KeysInOrder``)."""
    ordered: list[BindingType] = []
    for binding in bindings:
        if isinstance(binding, Binding):
            binding = replace(binding, action=f"in_order({binding.action!r})", priority=True)
        ordered.append(binding)
    return ordered


class KeysInOrder(_Mixin):
    """A widget whose bindings come from ``in_order``: each action waits for the keys before it.

    Only the widget that has the focus is in the binding chain, so a burst that moves the focus
    on (Tab) sends the keys after it to the next field, and those before it stay in this one.
    """

    def action_in_order(self, action: str) -> None:
        self.call_later(self.run_action, action)
