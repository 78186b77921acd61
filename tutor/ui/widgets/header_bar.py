"""The top line: the session's title and persona, and the endpoint and model it talks to."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tutor.core.inert import inert


class HeaderBar(Static):
    """Title on the left (cut to fit); persona · endpoint · model on the right."""

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

    def render(self) -> Text:
        right = Text(no_wrap=True)
        for part, style in (
            (self.persona, ""),
            (self.endpoint, "dim"),
            (self.model, "bold"),
        ):
            if part:
                right.append("  ·  " if right else "")
                right.append(inert(part), style=style)
        width = self.size.width or 80
        room = max(0, width - right.cell_len - 2)
        left = Text(inert(self.title_text), style="bold", no_wrap=True)
        left.truncate(room, overflow="ellipsis", pad=True)
        return Text.assemble(left, "  ", right, no_wrap=True)
