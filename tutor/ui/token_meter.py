"""The token meter: what the next request will send against the window, always in view."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

if TYPE_CHECKING:
    from tutor.core.sizing import SizedPlan


def describe(sized: SizedPlan) -> Text:
    """One line: tokens / window, reserve, messages left out, exact or estimate (and by whom)."""
    plan = sized.plan
    text = Text()
    used = plan.prompt_tokens + plan.reserve
    crowded = used > plan.window * 0.9
    sent = f"{plan.prompt_tokens:,}" if sized.counted else f"≤ {plan.prompt_tokens:,}"
    text.append(f"{sent} / {plan.window:,} tokens", style="bold red" if crowded else "bold")
    text.append(f" · reply reserve {plan.reserve:,}")
    dropped = len(plan.dropped_ids)
    if dropped:
        noun = "message" if dropped == 1 else "messages"
        text.append(f" · {dropped} earlier {noun} outside the window", style="yellow")
    source = sized.source.split(" (", 1)[0]
    if not sized.counted:
        how = "upper bound from bytes"
    elif sized.exact:
        how = f"exact ({source})"
    else:
        how = f"estimate ({source})"
    window_from = sized.window.describe().partition("(")[2].rstrip(")")
    text.append(f" · {how} · window {window_from}", style="dim")
    return text


class TokenMeter(Static):
    """Shows the newest plan; says so while counting and when counting is impossible."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("tokens: counting…", style="dim"), id=id)

    def show_plan(self, sized: SizedPlan) -> None:
        self.update(describe(sized))

    def show_note(self, note: str) -> None:
        self.update(Text(note, style="dim"))
