"""Pick one of a list in a small modal (a model, a code block, an export format)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tutor.core.inert import inert


class ChoiceDialog(ModalScreen[str | None]):
    """``choices`` are (id, prompt) pairs; Enter returns the id, Esc returns None."""

    CSS_PATH = "dialogs.tcss"  # loaded when a dialog first opens, not before the first paint

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog-cancel"),
    ]

    def __init__(
        self,
        title: str,
        choices: Sequence[tuple[str, RenderableType]],
        *,
        current: str | None = None,
    ) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.choices = list(choices)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(Text(inert(self.title_text), style="bold"), classes="dialog-title")
            yield OptionList(
                *(Option(prompt, id=key) for key, prompt in self.choices), id="choices"
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [key for key, _ in self.choices]
        if self.current in ids:
            options.highlighted = ids.index(self.current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
