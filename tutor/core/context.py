"""The context budget: which messages go into the next request so it fits the model's window.

Always sent: the persona's system message and few-shot examples, pinned messages and the
reminder. Then the newest whole turns that fit (a student's message leaves together with its
replies, and the history that is sent starts on a student's message). Trimming changes what is
sent, never what is stored.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from tutor.core.errors import BudgetRefused
from tutor.core.tokens.counter import MESSAGE_OVERHEAD as _FRAMING
from tutor.core.tokens.counter import REPLY_PRIMING, ROLE_TOKENS

MESSAGE_OVERHEAD = _FRAMING + ROLE_TOKENS  # per message besides its content (OpenAI cookbook)
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
    dropped_ids: list[int]
    prompt_tokens: int  # including per-message overhead, reply priming and calibration
    window: int
    reserve: int
    margin: int
    always_tokens: int  # the part that is sent whatever happens (persona, pinned, reminder)
    notes: list[str] = field(default_factory=list)

    @property
    def budget(self) -> int:
        return self.window - self.reserve - self.margin


def byte_bound(content: str) -> int:
    """An upper bound on a text's tokens: every token covers at least one byte."""
    return len(content.encode("utf-8"))


def _turns_newest_first(history: Sequence[Piece]) -> list[list[Piece]]:
    """Split the history into turns (a student message and what follows it), newest first."""
    turns: list[list[Piece]] = []
    current: list[Piece] = []
    for piece in reversed(history):
        current.append(piece)
        if piece.role == "user":
            turns.append(current[::-1])
            current = []
    if current:  # replies before the first student message: never a turn of their own
        turns.append(current[::-1])
    return turns


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
) -> ContextPlan:
    """Choose what to send; raise BudgetRefused (with the numbers) when it cannot fit.

    ``overhead`` is added per message and ``priming`` once; ``scale`` corrects estimates
    (from calibration against what the server counted).
    """
    margin = margin_for(window)
    budget = window - reserve - margin
    if budget <= 0:
        raise BudgetRefused(
            f"the reply reserve ({reserve} tokens) and margin ({margin}) leave no room in the "
            f"{window}-token window — lower the persona's params.max_tokens or use a bigger model"
        )
    limit = budget / max(scale, 1e-9)
    pinned = [p for p in history if p.pinned]

    def cost(pieces: Sequence[Piece]) -> float:
        return sum(p.tokens + overhead for p in pieces)

    always = cost(persona) + cost(pinned) + (cost([reminder]) if reminder else 0) + priming
    if always > limit:
        raise BudgetRefused(
            f"the persona, pinned messages and reminder need ~{_scaled(always, scale):,} tokens, "
            f"more than the {budget:,} available (window {window:,} − reply reserve {reserve:,} "
            f"− margin {margin}) — unpin messages, use a shorter persona or a bigger model"
        )
    turns = _turns_newest_first(history)
    awaiting_reply = bool(history) and history[-1].role == "user"
    newest = turns[0] if awaiting_reply else []
    newest_cost = cost([p for p in newest if not p.pinned])
    if newest and always + newest_cost > limit:
        what = "your message"
        raise BudgetRefused(
            f"{what} needs ~{_scaled(newest_cost, scale):,} tokens, and with the persona, pinned "
            f"messages and reminder (~{_scaled(always, scale):,}) that exceeds the "
            f"{budget:,} tokens available (window {window:,} − reply reserve {reserve:,} − "
            f"margin {margin}) — shorten it, unpin messages, or use a model with a bigger window"
        )
    used = always
    kept: list[list[Piece]] = []
    for turn in turns:
        if turn[0].role != "user":
            break
        turn_cost = cost([p for p in turn if not p.pinned])
        if used + turn_cost > limit:
            break
        used += turn_cost
        kept.append(turn)
    kept_pieces = [p for turn in reversed(kept) for p in turn]
    kept_ids = {id(p) for p in kept_pieces}
    early_pinned = [p for p in pinned if id(p) not in kept_ids]
    chosen = [*persona, *early_pinned, *kept_pieces, *([reminder] if reminder else [])]
    sent_ids = [p.message_id for p in [*early_pinned, *kept_pieces] if p.message_id is not None]
    sent = set(sent_ids)
    dropped = [
        p.message_id for p in history if p.message_id is not None and p.message_id not in sent
    ]
    return ContextPlan(
        messages=[p.as_message() for p in chosen],
        sent_ids=sent_ids,
        dropped_ids=dropped,
        prompt_tokens=_scaled(used, scale),
        window=window,
        reserve=reserve,
        margin=margin,
        always_tokens=_scaled(always, scale),
    )


def _scaled(tokens: float, scale: float) -> int:
    return math.ceil(tokens * scale)
