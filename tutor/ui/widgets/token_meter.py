"""The token meter: what the next request will send against the window, always in view.

The line is in a student's words ("this request: 235 of 1,100 tokens · 6 older messages left out
to fit"); the reply's reserve, who counted and whether exactly are in its tooltip.
"""

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
    """One line: what this request sends of the window, then how many older messages were
    left out so that it fits — or, when none was, what is kept for the reply."""
    plan = sized.plan
    text = Text("this request: ")
    crowded = plan.prompt_tokens + plan.reserve > plan.window * 0.9
    sent = f"{plan.prompt_tokens:,}" if sized.counted else f"at most {plan.prompt_tokens:,}"
    text.append(f"{sent} of {plan.window:,} tokens", style="bold red" if crowded else "bold")
    dropped = len(plan.dropped_ids)
    if dropped:
        noun = "message" if dropped == 1 else "messages"
        text.append(f" · {dropped} older {noun} left out to fit", style="yellow")
    else:
        text.append(f" · {plan.reserve:,} kept for the reply")
    return text


def counting(sized: SizedPlan) -> str:
    """``exact``, ``an estimate`` or ``an upper bound`` (nothing was counted)."""
    if not sized.counted:
        return "an upper bound"
    return "exact" if sized.exact else "an estimate"


def details(sized: SizedPlan) -> str:
    """The longer story, for the tooltip: who counted, how exactly, where the window comes
    from, and what leaving messages out means."""
    plan = sized.plan
    window = WINDOW_FROM.get(sized.window.source, sized.window.source)
    counted = sized.source if sized.counted else "bytes (nothing was counted)"
    lines = [
        f"Next request: {plan.prompt_tokens:,} tokens of a {plan.window:,}-token window "
        f"({window}); {plan.reserve:,} kept for the reply.",
        f"Counted by {counted}: {counting(sized)}.",
    ]
    if plan.dropped_ids:
        lines.append(
            "Older messages left out are kept and shown (marked), but the model does not see "
            "them in this request; pin one (Ctrl+T on it) to send it always."
        )
    return "\n".join(lines)


class TokenMeter(Static):
    """Shows the newest plan; says so while counting and when counting is impossible."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("tokens: counting…", style="dim"), id=id)

    def show_plan(self, sized: SizedPlan) -> None:
        from tutor.core.inert import inert

        self.update(describe(sized))
        self.tooltip = Text(inert(details(sized)))  # it quotes the model id: never markup

    def show_note(self, note: str) -> None:
        from tutor.core.inert import inert

        self.update(Text(inert(note), style="dim"))
        self.tooltip = None
