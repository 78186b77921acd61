"""A one-line text field: its keys act in the order they were typed, its text is inert."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.widgets import Input

from tutor.core.inert import inert
from tutor.ui.widgets.in_order import KeysInOrder, in_order


class Field(KeysInOrder, Input, inherit_bindings=False):
    """``Input`` with its bindings in typing order: ``abc`` Backspace ``d`` Enter, sent at
    once, submits ``abd`` — never ``abcd`` with the Backspace applied afterwards."""

    BINDINGS: ClassVar[list[BindingType]] = in_order(Input.BINDINGS)

    def validate_value(self, value: str) -> str:
        """Whatever comes in — typed, pasted, or set — is kept inert: a pasted escape sequence
        shows as ``␛[…`` and never reaches the terminal."""
        return inert(value)
