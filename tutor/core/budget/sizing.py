"""Sizing a request: window, counter, cached counts, and a byte bound that skips counting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tutor.core.budget.context import BOUND_OVERHEAD, ContextPlan, Piece, byte_bound, plan_context
from tutor.core.budget.facts import EndpointFacts
from tutor.core.budget.window import Window, resolve_window
from tutor.core.endpoint.client import ModelClient
from tutor.core.errors import BudgetRefused

if TYPE_CHECKING:
    from tutor.core.budget.calibration import Calibrator
    from tutor.core.personas import RenderedPersona
    from tutor.core.store import Store, StoredMessage
    from tutor.core.tokens.counter import TokenCounter

SENT_STATUSES = ("complete", "cancelled", "interrupted", "error")
DRAFT_ID = -1  # the id a not-yet-sent draft carries in a preview
TEXTS_KEPT = 4  # counts of the newest drafts and replies, reused once they are messages


def sendable(history: Sequence[StoredMessage]) -> list[StoredMessage]:
    """The stored messages that can go into a request (not regenerated-away, not empty)."""
    return [m for m in history if m.content and (m.role == "user" or m.status in SENT_STATUSES)]


@dataclass
class SizedPlan:
    """A plan plus how it was sized: counted (estimate or exact) or only bounded by bytes."""

    plan: ContextPlan
    counted: bool
    exact: bool
    source: str  # who counted: an encoding, the server, or "byte bound"
    window: Window
    content_tokens: int  # content tokens of everything sent (0 when not counted)


class RequestSizer:
    """Sizes requests for one endpoint+model, caching counts in memory and in the store."""

    def __init__(
        self, store: Store, client: ModelClient, facts: EndpointFacts, *, model: str
    ) -> None:
        self.store = store
        self.client = client
        self.facts = facts
        self.model = model
        self.facts_key = facts.key(client.spec.base_url, model)
        self._window: Window | None = None
        self._route: str | None = None
        self._counter: TokenCounter | None = None
        self._memo: dict[str, int] = {}  # persona texts → tokens (per counter)
        self._counts: dict[int, int] = {}  # message id → tokens (per counter)
        self._by_text: dict[str, int] = {}  # texts counted before they had an id (drafts, replies)
        self._shelf = _Shelf()

    async def window(self) -> Window:
        if self._window is None:
            self._window, self._route = await resolve_window(
                self.client.spec, self.facts, self.client
            )
        return self._window

    def learn_window(self, tokens: int) -> Window:
        """The server proved the window smaller: remember it here and in the facts file."""
        self.facts.learn_window(self.facts_key, tokens)
        self._window = Window(tokens, "learned")
        return self._window

    async def counter(self) -> TokenCounter:
        from tutor.core.endpoint.serverinfo import ServerCounter
        from tutor.core.tokens.counter import TiktokenCounter

        if self._counter is None:
            await self.window()
            if self._route:
                self._counter = ServerCounter(self.client, self._route)
            else:
                self._counter = TiktokenCounter(self.model)
        return self._counter

    def calibrator(self, counter: TokenCounter) -> Calibrator:
        from tutor.core.budget.calibration import Calibrator

        return Calibrator(self.facts, self.facts_key, counter.key)

    async def plan(
        self,
        persona: RenderedPersona,
        history: Sequence[StoredMessage],
        reserve: int,
        *,
        count: bool = True,
    ) -> SizedPlan:
        """What to send next; with ``count=False`` skip counting when bytes prove it fits."""
        window = await self.window()
        fixed = persona.messages()
        reminder = persona.reminder_message()
        if not count:
            sent = sendable(history)
            try:
                plan = plan_context(
                    persona=[
                        Piece(m["role"], m["content"], byte_bound(m["content"])) for m in fixed
                    ],
                    history=[_piece(m, byte_bound(m.content)) for m in sent],
                    reminder=Piece("system", reminder["content"], byte_bound(reminder["content"]))
                    if reminder
                    else None,
                    window=window.tokens,
                    reserve=reserve,
                    overhead=BOUND_OVERHEAD,
                    priming=BOUND_OVERHEAD,
                )
                if not plan.dropped_ids:
                    return SizedPlan(plan, False, False, "byte bound", window, 0)
            except BudgetRefused:
                pass  # bytes over-count: the real count may still fit
        try:
            return await self._counted(fixed, reminder, history, reserve, window)
        except LookupError:  # the server's tokenize route failed: count locally instead
            from tutor.core.tokens.counter import TiktokenCounter

            self._counter, self._route = TiktokenCounter(self.model), None
            self._memo.clear()
            self._counts.clear()
            self._by_text.clear()
            self._shelf = _Shelf()
            return await self._counted(fixed, reminder, history, reserve, window)

    async def _counted(
        self,
        fixed: list[dict[str, str]],
        reminder: dict[str, str] | None,
        history: Sequence[StoredMessage],
        reserve: int,
        window: Window,
    ) -> SizedPlan:
        counter = await self.counter()
        texts = [m["content"] for m in fixed] + ([reminder["content"]] if reminder else [])
        new_texts = [t for t in dict.fromkeys(texts) if t not in self._memo]
        for text, n in zip(new_texts, await counter.count_texts(new_texts), strict=True):
            self._memo[text] = n
        pieces = await self._history_pieces(counter, history)
        cal = self.calibrator(counter).current()
        plan = plan_context(
            persona=[Piece(m["role"], m["content"], self._memo[m["content"]]) for m in fixed],
            history=pieces,
            pinned=[p for p in pieces if p.pinned] if self._shelf.pinned else [],
            reminder=Piece("system", reminder["content"], self._memo[reminder["content"]])
            if reminder
            else None,
            window=window.tokens,
            reserve=reserve,
            overhead=cal.overhead,
            priming=cal.priming,
            scale=cal.scale,
        )
        exact = counter.exact and (cal.samples > 0 or counter.key.startswith("tiktoken:"))
        return SizedPlan(plan, True, exact, counter.source, window, plan.content_tokens)

    async def _history_pieces(
        self, counter: TokenCounter, history: Sequence[StoredMessage]
    ) -> list[Piece]:
        """Counted pieces of the sendable history, extending last call's list when it only grew.

        A conversation's history grows at the end, so the next turn counts (and wraps) only
        the new messages; a draft (the meter's preview) is never kept. Safe to call while
        another call is counting: each works on the shelf as it found it and puts back a new
        one, so a preview and a turn never add the same message twice.
        """
        draft = history[-1] if history and history[-1].id == DRAFT_ID else None
        stored = tuple(history[:-1] if draft else history)
        shelf = self._shelf
        grown = len(stored) >= shelf.length and (
            shelf.length == 0 or stored[shelf.length - 1] is shelf.last
        )
        if not grown:
            shelf = _Shelf()
        new = sendable(stored[shelf.length :])
        await self._count(counter, new)
        drafted = self._by_text.get(draft.content) if draft is not None else None
        if draft is not None and drafted is None:
            (drafted,) = await counter.count_texts([draft.content])
            self._keep_text(draft.content, drafted)
        pieces = shelf.pieces + tuple(_piece(m, self._counts[m.id]) for m in new)
        fresh = _Shelf(
            pieces, len(stored), stored[-1] if stored else None, shelf.pinned or _pins(new)
        )
        if self._shelf.length <= fresh.length:
            self._shelf = fresh
        if draft is None or drafted is None:
            return list(fresh.pieces)
        return [*fresh.pieces, _piece(draft, drafted)]

    async def _count(self, counter: TokenCounter, messages: Sequence[StoredMessage]) -> None:
        store = self.store
        for m in messages:  # the meter counted this text as a draft before it was sent
            if m.id not in self._counts and m.content in self._by_text:
                self._counts[m.id] = self._by_text.pop(m.content)
                store.soon(
                    store.save_counts, counter.key, {m.id: self._counts[m.id]}, {m.id: m.content}
                )
        # Asked only for what is still unknown: a message just sent was counted as a draft,
        # so a turn's sizing goes to the store (and waits for its thread) only when it must.
        missing = [m.id for m in messages if m.id not in self._counts]
        if missing:
            self._counts.update(await store.later(store.cached_counts, missing, counter.key))
        todo = [m for m in messages if m.id not in self._counts]
        if todo:
            counted = await counter.count_texts([m.content for m in todo])
            fresh = {m.id: n for m, n in zip(todo, counted, strict=True)}
            self._counts.update(fresh)
            store.soon(store.save_counts, counter.key, fresh, {m.id: m.content for m in todo})

    async def count_text(self, text: str) -> int:
        """Count a text that is about to become a message (a reply that just ended); its
        count is kept, so sizing the next request does not count it again."""
        counter = await self.counter()
        found = self._by_text.get(text)
        if found is None:
            (found,) = await counter.count_texts([text])
            self._keep_text(text, found)
        return found

    def _keep_text(self, text: str, tokens: int) -> None:
        self._by_text[text] = tokens
        while len(self._by_text) > TEXTS_KEPT:
            del self._by_text[next(iter(self._by_text))]

    def forget(self, message_id: int) -> None:
        """Drop a cached count (the message's text or flags changed)."""
        self._counts.pop(message_id, None)
        self._shelf = _Shelf()


@dataclass(frozen=True)
class _Shelf:
    """The counted pieces of a history prefix: ``length`` messages, ending with ``last``."""

    pieces: tuple[Piece, ...] = ()
    length: int = 0
    last: object = None
    pinned: bool = False


def _pins(messages: Sequence[StoredMessage]) -> bool:
    return any(m.pinned for m in messages)


def _piece(message: StoredMessage, tokens: int) -> Piece:
    return Piece(message.role, message.content, tokens, message.id, message.pinned)
