"""Choosing a persona: each one's name, description and what its always-sent part costs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tutor.core.inert import inert

if TYPE_CHECKING:
    from tutor.core.personas import Persona
    from tutor.core.tokens.counter import TokenCounter


def persona_prompt(persona: Persona, cost: str) -> Text:
    """Name, id, where it comes from, cost; the description on the next line."""
    text = Text()
    text.append(inert(persona.name), style="bold")
    text.append(f"  {inert(persona.id)}", style="dim")
    if not persona.builtin:
        text.append("  (your file)", style="italic")
    text.append(f"  ·  {cost}", style="cyan")
    if persona.description:
        text.append("\n" + inert(" ".join(persona.description.split())), style="dim")
    return text


class PersonaPicker(ModalScreen[str | None]):
    """Returns the chosen persona's id, or None when the student backs out."""

    CSS_PATH = "dialogs.tcss"  # loaded when a dialog first opens, not before the first paint

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog-cancel"),
    ]

    def __init__(
        self,
        personas: Sequence[Persona],
        problems: Sequence[str],
        counter: TokenCounter | None,
        *,
        current: str | None = None,
    ) -> None:
        super().__init__(classes="dialog")
        self.personas = list(personas)
        self.problems = list(problems)
        self.counter = counter
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box -wide"):
            yield Static(Text("New session with which persona?", style="bold"))
            yield OptionList(
                *(Option(persona_prompt(p, "counting…"), id=p.id) for p in self.personas),
                id="personas",
            )
            if self.problems:
                lines = Text("Persona files with problems (left out):\n", style="bold red")
                lines.append(inert("\n".join(self.problems)), style="red")
                with VerticalScroll(id="persona-problems"):  # many problems: it scrolls
                    yield Static(lines)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [p.id for p in self.personas]
        if self.current in ids:
            options.highlighted = ids.index(self.current)
        options.focus()
        if self.counter is not None:
            self.count_costs()

    @work(exclusive=True, group="persona-costs")
    async def count_costs(self) -> None:
        from tutor.core.budget.persona_cost import persona_cost
        from tutor.core.errors import TutorError

        assert self.counter is not None
        options = self.query_one(OptionList)
        for persona in self.personas:
            try:
                cost = await persona_cost(persona, self.counter)
                kind = "" if cost.exact else "≈"
                label = f"{kind}{cost.total:,} tokens always sent"
            except TutorError as error:
                label = f"cost unknown: {error}"
            options.replace_option_prompt(persona.id, persona_prompt(persona, label))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
