"""The context budget: which messages go into the next request so it fits the model's window.

Always sent: the persona's system message and few-shot examples, pinned messages and the
reminder. Then the newest whole turns that fit (a student's message leaves together with its
replies, and the history that is sent starts on a student's message). Trimming changes what is
sent, never what is stored.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from tutor.core.errors import BudgetRefused
from tutor.core.tokens.framing import MESSAGE_OVERHEAD, REPLY_PRIMING

BOUND_OVERHEAD = 16  # a safe per-message ceiling for any chat template, for byte bounds


def margin_for(window: int) -> int:
    """The slack kept free besides the reply reserve: small, growing with the window."""
    return 16 + window // 100


@dataclass(frozen=True)
class Piece:
    """One message that may be sent, with the tokens of its content (overhead is added later)."""

    role: str
    content: str
    tokens: int
    message_id: int | None = None
    pinned: bool = False

    def as_message(self) -> dict[str, str]:
        return {"role": self.role, "content": self.content}


@dataclass
class ContextPlan:
    """The request to send and what it costs."""

    messages: list[dict[str, str]]
    sent_ids: list[int]
    dropped_ids: list[int | None]
    prompt_tokens: int  # including per-message overhead, reply priming and calibration
    window: int
    reserve: int
    margin: int
    always_tokens: int  # the part that is sent whatever happens (persona, pinned, reminder)
    content_tokens: int = 0  # the content of everything sent, without any overhead
    notes: list[str] = field(default_factory=list)

    @property
    def budget(self) -> int:
        return self.window - self.reserve - self.margin


def byte_bound(content: str) -> int:
    """An upper bound on a text's tokens: every token covers at least one byte."""
    return len(content.encode("utf-8"))


def _turns_newest_first(history: Sequence[Piece]) -> Iterator[tuple[int, list[Piece]]]:
    """Turns (a student message and what follows it), newest first, with their start index.

    Lazy: the planner stops reading once the window is full, so long histories cost little.
    """
    end = len(history)
    for i in range(end - 1, -1, -1):
        if history[i].role == "user":
            yield i, list(history[i:end])
            end = i


def plan_context(
    *,
    persona: Sequence[Piece],
    history: Sequence[Piece],
    reminder: Piece | None,
    window: int,
    reserve: int,
    overhead: float = MESSAGE_OVERHEAD,
    priming: float = REPLY_PRIMING,
    scale: float = 1.0,
    pinned: Sequence[Piece] | None = None,
) -> ContextPlan:
    """Choose what to send; raise BudgetRefused (with the numbers) when it cannot fit.

    ``overhead`` is added per message and ``priming`` once; ``scale`` corrects estimates
    (from calibration against what the server counted). ``pinned`` may be passed when the
    caller already knows the pinned pieces (else the history is scanned for them).
    """
    margin = margin_for(window)
    budget = window - reserve - margin
    if budget <= 0:
        raise BudgetRefused(
            f"the reply reserve ({reserve} tokens) and margin ({margin}) leave no room in the "
            f"{window}-token window — lower the persona's params.max_tokens or use a bigger model"
        )
    limit = budget / max(scale, 1e-9)
    if pinned is None:
        pinned = [p for p in history if p.pinned]

    def cost(pieces: Sequence[Piece]) -> float:
        return sum(p.tokens + overhead for p in pieces if not p.pinned)

    always = (
        cost(persona)
        + sum(p.tokens + overhead for p in pinned)
        + (cost([reminder]) if reminder else 0)
        + priming
    )
    if always > limit:
        raise BudgetRefused(
            f"the persona, pinned messages and reminder need ~{_scaled(always, scale):,} tokens, "
            f"more than the {budget:,} available (window {window:,} − reply reserve {reserve:,} "
            f"− margin {margin}) — unpin messages, use a shorter persona or a bigger model"
        )
    awaiting_reply = bool(history) and history[-1].role == "user"
    used = always
    start = len(history)
    for index, turn in _turns_newest_first(history):
        turn_cost = cost(turn)
        if used + turn_cost > limit:
            if awaiting_reply and start == len(history):
                raise BudgetRefused(
                    f"your message needs ~{_scaled(turn_cost, scale):,} tokens, and with the "
                    f"persona, pinned messages and reminder (~{_scaled(always, scale):,}) that "
                    f"exceeds the {budget:,} tokens available (window {window:,} − reply reserve "
                    f"{reserve:,} − margin {margin}) — shorten it, unpin messages, or use a model "
                    "with a bigger window"
                )
            break
        used += turn_cost
        start = index
    kept = history[start:]
    early_pinned = [p for p in pinned if p.message_id not in _ids(kept)] if pinned else []
    chosen = [*persona, *early_pinned, *kept, *([reminder] if reminder else [])]
    sent_ids = [p.message_id for p in (*early_pinned, *kept) if p.message_id is not None]
    dropped = [p.message_id for p in history[:start] if not p.pinned]
    return ContextPlan(
        messages=[{"role": p.role, "content": p.content} for p in chosen],
        sent_ids=sent_ids,
        dropped_ids=dropped,
        prompt_tokens=_scaled(used, scale),
        window=window,
        reserve=reserve,
        margin=margin,
        always_tokens=_scaled(always, scale),
        content_tokens=sum(p.tokens for p in chosen),
    )


def _ids(pieces: Sequence[Piece]) -> set[int | None]:
    return {p.message_id for p in pieces}


def _scaled(tokens: float, scale: float) -> int:
    return math.ceil(tokens * scale)
