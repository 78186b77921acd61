"""The top line: the session's title and persona, and the endpoint and model it talks to."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from tutor.core.inert import inert


class HeaderBar(Static):
    """Title on the left; persona · endpoint · model on the right."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title_text = "tutor"
        self.persona = ""
        self.endpoint = ""
        self.model = ""

    def show(
        self,
        *,
        title: str | None = None,
        persona: str | None = None,
        endpoint: str | None = None,
        model: str | None = None,
    ) -> None:
        if title is not None:
            self.title_text = title
        if persona is not None:
            self.persona = persona
        if endpoint is not None:
            self.endpoint = endpoint
        if model is not None:
            self.model = model
        self.refresh()

    def render(self) -> Table:
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(justify="right", no_wrap=True)
        left = Text(inert(self.title_text), style="bold")
        right = Text()
        if self.persona:
            right.append(inert(self.persona))
        if self.endpoint:
            right.append("  ·  " if right else "")
            right.append(inert(self.endpoint), style="dim")
        if self.model:
            right.append("  ·  " if right else "")
            right.append(inert(self.model), style="bold")
        grid.add_row(left, right)
        return grid
