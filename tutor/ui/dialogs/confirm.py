"""A yes/no question in a small modal: ``ConfirmDialog(question)`` returns True or False."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tutor.core.inert import inert


class ConfirmDialog(ModalScreen[bool]):
    """Asks before something destructive; Cancel has the focus, so Enter alone answers No
    (the destructive button is one Tab away), and Esc answers No too. No letter answers."""

    CSS_PATH = "dialogs.tcss"  # loaded when a dialog first opens, not before the first paint

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer(False)", "Cancel", id="dialog-cancel"),
    ]

    def __init__(self, question: str | Text, *, yes: str = "Delete", no: str = "Cancel") -> None:
        super().__init__(classes="dialog")
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            question = self.question
            yield Static(
                question if isinstance(question, Text) else Text(inert(question)),
                classes="dialog-question",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes, id="yes", variant="error")
                yield Button(self.no, id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
