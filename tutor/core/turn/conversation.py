"""The one use-case the CLI and the app both drive: a student's turn in, the tutor's reply out.

Take the student's text → store it (committed before any network I/O) → size the request to
fit the window → stream the reply (written to the store as it arrives) → record usage and
calibrate. Every step is reported as an event; the caller only renders them. The conversation
is the only owner of the session's history: callers read ``history``, never keep a copy in step.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from tutor.core.budget.facts import EndpointFacts
from tutor.core.budget.sizing import DRAFT_ID, RequestSizer, SizedPlan
from tutor.core.endpoint.client import ModelClient, ReplyText
from tutor.core.errors import ContextOverflow, TutorError
from tutor.core.turn import versions
from tutor.core.turn.events import (
    Notice,
    ReplyDone,
    ReplyFailed,
    RequestSized,
    StudentSaved,
    TurnEvent,
)
from tutor.core.turn.reply import stream_reply

if TYPE_CHECKING:
    from concurrent.futures import Future

    from tutor.core.budget.window import Window
    from tutor.core.personas import Persona, RenderedPersona
    from tutor.core.store import SessionInfo, Store, StoredMessage
    from tutor.core.turn.guarded import ReplyCheck, ReplyGuard


class Conversation:
    """A session in progress with one persona on one endpoint+model."""

    def __init__(
        self,
        *,
        store: Store,
        session: SessionInfo,
        persona: Persona,
        client: ModelClient,
        facts: EndpointFacts | None = None,
        count_always: bool = True,
        history: list[StoredMessage] | None = None,
    ) -> None:
        self.store = store
        self.session = session
        self.persona = persona
        self.rendered: RenderedPersona = persona.render(session.variables or {})
        self.client = client
        self.model = client.spec.model or ""
        self.facts = facts or EndpointFacts()
        self.sizer = RequestSizer(store, client, self.facts, model=self.model)
        self.model_key = self.facts.key(client.spec.base_url, self.model)
        if self.facts.get(self.model_key).get("fold_roles"):
            client.fold_roles = True
        self.count_always = count_always
        self.history: list[StoredMessage] = (
            history if history is not None else store.messages(session.id)
        )
        self.last_plan: SizedPlan | None = None  # the request the last reply answered
        self._next: tuple[object, SizedPlan] | None = None  # see next_plan
        self.streaming_row: Future[int] | None = None  # the reply row being written now
        self.usage_source = "none"  # who counted the last reply's usage: server | tutor | none
        self.reply_check: ReplyCheck | None = None  # the answer-leak guard, when it is on

    @property
    def reserve(self) -> int:
        return self.persona.reply_reserve

    def params(self) -> dict[str, object]:
        return {k: v for k, v in self.persona.params.items() if k != "max_tokens"}

    def set_brief(self, brief: str | None) -> None:
        """Send ``brief`` after the persona with every request from now on (a practice
        problem's statement, hidden reference, the student's code and run); never stored."""
        self.rendered = self.rendered.with_brief(brief)
        self.next_plan = None

    def use_persona(self, persona: Persona) -> None:
        """The persona's file changed: use the new one (raises if this session's variables
        no longer fit it, and then nothing changes)."""
        rendered = persona.render(self.session.variables or {}).with_brief(self.rendered.brief)
        self.persona, self.rendered, self.next_plan = persona, rendered, None

    # --- sizing -----------------------------------------------------------------------

    @property
    def next_plan(self) -> SizedPlan | None:
        """The next request as sized after the last turn, while the persona and the history
        are still those it was sized for (None once anything changed)."""
        if self._next is None or self._next[0] != self._sized_for():
            return None
        return self._next[1]

    @next_plan.setter
    def next_plan(self, plan: SizedPlan | None) -> None:
        self._next = None if plan is None else (self._sized_for(), plan)

    def _sized_for(self) -> object:
        """What a plan depends on (string hashes are cached, so this stays cheap)."""
        shown = tuple((m.id, m.status, m.pinned, hash(m.content)) for m in self.history)
        return id(self.rendered), self.reserve, shown

    async def preview(self, draft: str = "") -> SizedPlan:
        """What the next request would send (for the token meter); nothing is stored. With
        no draft the plan is made once after each turn and reused until something changes."""
        if not draft:
            return self.next_plan or await self.size_next()
        history = list(self.history)
        if draft:
            history.append(_draft(self.session.id, draft))
        return await self.sizer.plan(self.rendered, history, self.reserve, count=True)

    async def plan_now(self, *, count: bool = True) -> SizedPlan:
        """Size the request for the history as it stands."""
        return await self.sizer.plan(self.rendered, self.history, self.reserve, count=count)

    async def shrink(self, overflow: ContextOverflow, old: Window) -> SizedPlan:
        """Learn the real window from the overflow error and size the request again."""
        smaller = overflow.window if overflow.window and overflow.window < old.tokens else None
        self.sizer.learn_window(smaller or max(256, int(old.tokens * 0.75)))
        return await self.plan_now()

    # --- turns ------------------------------------------------------------------------

    async def send(self, text: str, *, pin: bool = False) -> AsyncIterator[TurnEvent]:
        """Store the student's message, then stream the reply to it."""
        store = self.store
        message = await store.later(store.add_message, self.session.id, "user", text, pinned=pin)
        self.history.append(message)
        self.next_plan = None
        yield StudentSaved(message)
        async for event in self._answer(len(self.history)):
            yield event

    async def retry(self) -> AsyncIterator[TurnEvent]:
        """Answer the newest student message again. The reply it had stays current (shown and
        sent) until the new one is complete; then it becomes an earlier version."""
        last_user = self._last_student()
        if last_user is None:
            raise TutorError("there is no message of yours to answer yet — type one first")
        async for event in self._answer(last_user + 1):
            yield event

    async def edit_last(self, text: str) -> AsyncIterator[TurnEvent]:
        """Change the newest student message and answer it again."""
        last_user = self._last_student()
        if last_user is None:
            raise TutorError("there is no message of yours to edit yet")
        old, store = self.history[last_user], self.store
        await store.later(store.edit_message, old.id, text)
        self.sizer.forget(old.id)
        self.history[last_user] = await store.later(store.get_message, old.id)
        self.next_plan = None
        async for event in self.retry():
            yield event

    async def _answer(self, end: int) -> AsyncIterator[TurnEvent]:
        """Answer the student message at ``end - 1``; replies after it are its older versions."""
        older = [m.id for m in self.history[end:]]
        sized = await self.sizer.plan(
            self.rendered, self.history[:end], self.reserve, count=self.count_always
        )
        yield RequestSized(sized)
        self.next_plan = None
        shield = self._shield()
        try:
            async for event in stream_reply(self, sized, shield=shield):
                if isinstance(event, ReplyDone):
                    for old in older:
                        await self.store.later(self.store.set_status, old, "replaced")
                    self.history[end:] = [event.message]
                    yield ReplyDone(event.message, event.finish_reason, event.usage, tuple(older))
                    if shield is not None:
                        from tutor.core.turn.guarded import after_reply

                        async for later in after_reply(self, shield, event.message.id):
                            yield later
                elif isinstance(event, ReplyFailed):
                    yield await self._failed(event, older)
                else:
                    yield event
        except BaseException:
            new_id, store = await self._streaming_id(), self.store
            if older and new_id is not None:  # stopped while answering again: the old stays
                await store.later(store.set_status, new_id, "replaced")
            elif new_id is not None:
                self.history.append(await store.later(store.get_message, new_id))
            raise
        finally:
            self.streaming_row = None

    async def _streaming_id(self) -> int | None:
        """The id of the reply row begun for this turn; None if none was (or it failed)."""
        from tutor.core.errors import StoreError

        if self.streaming_row is None:
            return None
        try:
            return await asyncio.wrap_future(self.streaming_row)
        except StoreError:
            return None

    def set_guard(self, check: ReplyCheck | None) -> None:
        """Guard every reply from now on: code blocks are checked before the student sees them
        (a practice session's guard; ``None`` turns it off)."""
        self.reply_check = check

    def _shield(self) -> ReplyGuard | None:
        if self.reply_check is None:
            return None  # unguarded: the guard's modules (Pygments) are not even loaded
        from tutor.core.turn.guarded import ReplyGuard

        return ReplyGuard(self.reply_check)

    async def _failed(self, event: ReplyFailed, older: list[int]) -> ReplyFailed:
        """A failed first reply joins the history (its partial text is sent as context); a
        failed new version does not: the reply the student had stays current."""
        if event.message is None:
            return event
        if older:
            store = self.store
            await store.later(store.set_status, event.message.id, "replaced")
            kept = await store.later(store.get_message, event.message.id)
            return ReplyFailed(event.error, kept, current=False)
        self.history.append(event.message)
        return event

    async def size_next(self) -> SizedPlan:
        """Size the next request once, after a turn; ``preview`` hands it to the meter. A plan
        that a new turn (or an edit) overtook while it was being made is not kept."""
        sized_for = self._sized_for()
        plan = await self.plan_now()
        if self._sized_for() == sized_for:
            self._next = (sized_for, plan)
        return plan

    # --- messages ---------------------------------------------------------------------

    async def pin(self, message_id: int, pinned: bool = True) -> StoredMessage:
        """Pin one of this session's messages (sent with every request, whatever the window
        holds) or unpin it; returns it as stored now."""
        index, store = self._index(message_id), self.store
        await store.later(store.set_pinned, message_id, pinned)
        self.sizer.forget(message_id)
        self.history[index] = await store.later(store.get_message, message_id)
        self.next_plan = None
        return self.history[index]

    async def versions(self, message_id: int) -> list[StoredMessage]:
        """Every version of the reply ``message_id`` is (or was), oldest first."""
        store = self.store
        message = await store.later(store.get_message, message_id)
        return await store.later(versions.versions, store, message)

    async def version_numbers(self) -> dict[int, tuple[int, int]]:
        """Each shown reply that has other versions: reply id → (its number, how many)."""
        store = self.store
        everything = await store.later(store.messages, self.session.id, include_replaced=True)
        return versions.numbering(everything)

    async def use_version(self, message_id: int) -> list[StoredMessage]:
        """Make an earlier (or later) version of a reply the current one: it is shown and sent
        from now on. Returns the versions as stored now."""
        store = self.store
        chosen = await store.later(store.get_message, message_id)
        if chosen.session_id != self.session.id or chosen.role != "assistant":
            raise TutorError(f"message {message_id} is not a reply of this session")
        kept = await store.later(versions.make_current, store, chosen)
        await self.reload()
        return kept

    async def reload(self) -> None:
        """Re-read the history from the store (another process may have written to it)."""
        before = {m.id: m.content for m in self.history}
        self.history = await self.store.later(self.store.messages, self.session.id)
        self.next_plan = None
        for message in self.history:
            if before.get(message.id, message.content) != message.content:
                self.sizer.forget(message.id)  # its count was for the old text

    def _index(self, message_id: int) -> int:
        index = next((i for i, m in enumerate(self.history) if m.id == message_id), None)
        if index is None:
            raise TutorError(f"message {message_id} is not in this session — open its session")
        return index

    def _last_student(self) -> int | None:
        return max((i for i, m in enumerate(self.history) if m.role == "user"), default=None)


def _draft(session_id: int, text: str) -> StoredMessage:
    from tutor.core.store import StoredMessage

    return StoredMessage(
        id=DRAFT_ID,
        session_id=session_id,
        role="user",
        content=text,
        status="complete",
        pinned=False,
        created_at=0.0,
        model=None,
        finish_reason=None,
        error=None,
        prompt_tokens=None,
        completion_tokens=None,
        writer=None,
    )


__all__ = [
    "Conversation",
    "Notice",
    "ReplyDone",
    "ReplyFailed",
    "ReplyText",
    "RequestSized",
    "StudentSaved",
    "TurnEvent",
]
