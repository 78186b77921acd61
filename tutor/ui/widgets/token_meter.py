"""The token meter: what the next request will send against the window, always in view."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

if TYPE_CHECKING:
    from tutor.core.budget.sizing import SizedPlan

WINDOW_FROM = {
    "config": "set in the config",
    "learned": "learned from an overflow",
    "server": "reported by the server",
    "table": "known for this model",
    "default": "a default guess",
}


def describe(sized: SizedPlan) -> Text:
    """One line: tokens / window, reserve, messages left out, exact or estimate."""
    plan = sized.plan
    text = Text()
    crowded = plan.prompt_tokens + plan.reserve > plan.window * 0.9
    sent = f"{plan.prompt_tokens:,}" if sized.counted else f"≤ {plan.prompt_tokens:,}"
    text.append(f"{sent} / {plan.window:,} tokens", style="bold red" if crowded else "bold")
    text.append(f" · reserve {plan.reserve:,}")
    dropped = len(plan.dropped_ids)
    if dropped:
        noun = "message" if dropped == 1 else "messages"
        text.append(f" · {dropped} earlier {noun} not sent", style="yellow")
    text.append(f" · {counting(sized)}", style="dim")
    return text


def counting(sized: SizedPlan) -> str:
    """``exact (o200k_base)``, ``estimate (server)`` or ``upper bound`` (nothing counted)."""
    if not sized.counted:
        return "upper bound"
    who = "server" if sized.source.startswith("the server") else sized.source.split(" (")[0]
    return f"{'exact' if sized.exact else 'estimate'} ({who})"


def details(sized: SizedPlan) -> str:
    """The longer story, for the tooltip: who counted and where the window comes from."""
    window = WINDOW_FROM.get(sized.window.source, sized.window.source)
    counted = sized.source if sized.counted else "bytes (an upper bound; nothing was counted)"
    return (
        f"Next request: {sized.plan.prompt_tokens:,} tokens of a {sized.plan.window:,}-token "
        f"window ({window}); {sized.plan.reserve:,} kept for the reply.\nCounted by: {counted}."
    )


class TokenMeter(Static):
    """Shows the newest plan; says so while counting and when counting is impossible."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("tokens: counting…", style="dim"), id=id)

    def show_plan(self, sized: SizedPlan) -> None:
        self.update(describe(sized))
        self.tooltip = details(sized)

    def show_note(self, note: str) -> None:
        from tutor.core.inert import inert

        self.update(Text(inert(note), style="dim"))
        self.tooltip = None
