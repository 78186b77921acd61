"""One line of text in a small modal (rename, export path): returns the text, or None.

The title, the starting value and any problem said about the value may quote outside text (a
session title, a persona's name, a path): all are shown inert — controls as symbols, no markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tutor.core.inert import inert
from tutor.ui.widgets.field import Field

Check = Callable[[str], str | None]  # returns a one-line problem, or None when fine


class TextDialog(ModalScreen[str | None]):
    """Asks for one line; Enter accepts (after ``check``), Esc cancels."""

    CSS_PATH = "dialogs.tcss"  # loaded when a dialog first opens, not before the first paint

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog-cancel"),
    ]

    def __init__(
        self,
        title: str,
        value: str = "",
        *,
        hint: str = "",
        check: Check | None = None,
        select: bool = False,
    ) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.value = value
        self.hint = hint
        self.check = check
        self.select = select  # the value starts selected: typing replaces it

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(Text(inert(self.title_text), style="bold"), classes="dialog-title")
            yield Field(inert(self.value), id="dialog-input", select_on_focus=self.select)
            yield Static(Text(inert(self.hint), style="dim"), id="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if not value:
            return
        problem = self.check(value) if self.check else None
        if problem:
            self.query_one("#dialog-hint", Static).update(Text(inert(problem), style="red"))
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
