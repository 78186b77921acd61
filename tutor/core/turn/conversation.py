"""The one use-case the CLI and the app both drive: a student's turn in, the tutor's reply out.

Take the student's text → store it (committed before any network I/O) → size the request to
fit the window → stream the reply (written to the store as it arrives) → record usage and
calibrate. Every step is reported as an event; the caller only renders them.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from tutor.core.budget.facts import EndpointFacts
from tutor.core.budget.sizing import DRAFT_ID, RequestSizer, SizedPlan
from tutor.core.budget.usage import calibrate, settle_usage
from tutor.core.budget.window import Window
from tutor.core.endpoint.client import ModelClient, ReplyEnd, ReplyText, Retrying
from tutor.core.errors import ContextOverflow, EndpointError, RolesRejected, TutorError
from tutor.core.turn.events import (
    Notice,
    ReplyDone,
    ReplyFailed,
    RequestSized,
    StudentSaved,
    TurnEvent,
)
from tutor.core.turn.reply_log import ReplyLog

if TYPE_CHECKING:
    from tutor.core.personas import Persona, RenderedPersona
    from tutor.core.store import SessionInfo, Store, StoredMessage


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
    ) -> None:
        self.store = store
        self.session = session
        self.persona = persona
        self.rendered: RenderedPersona = persona.render(session.variables or {})
        self.client = client
        self.model = client.spec.model or ""
        self.facts = facts or EndpointFacts()
        self.sizer = RequestSizer(store, client, self.facts, model=self.model)
        self._model_key = self.facts.key(client.spec.base_url, self.model)
        if self.facts.get(self._model_key).get("fold_roles"):
            client.fold_roles = True
        self.count_always = count_always
        self.history: list[StoredMessage] = store.messages(session.id)
        self.last_plan: SizedPlan | None = None
        self.usage_source = "none"  # who counted the last reply's usage: server | tutor | none

    @property
    def reserve(self) -> int:
        return self.persona.reply_reserve

    def set_brief(self, brief: str | None) -> None:
        """Send ``brief`` after the persona with every request from now on (a practice
        problem's statement, hidden reference, the student's code and run); never stored."""
        self.rendered = self.rendered.with_brief(brief)

    async def preview(self, draft: str = "") -> SizedPlan:
        """What the next request would send (for the token meter); nothing is stored."""
        history = list(self.history)
        if draft:
            history.append(_draft(self.session.id, draft))
        return await self.sizer.plan(self.rendered, history, self.reserve, count=True)

    async def send(self, text: str, *, pin: bool = False) -> AsyncIterator[TurnEvent]:
        """Store the student's message, then stream the reply to it."""
        message = self.store.add_message(self.session.id, "user", text, pinned=pin)
        self.history.append(message)
        yield StudentSaved(message)
        async for event in self._reply():
            yield event

    def pin(self, message_id: int, pinned: bool = True) -> StoredMessage:
        """Pin one of this session's messages (sent with every request, whatever the window
        holds) or unpin it; returns it as stored now."""
        index = next((i for i, m in enumerate(self.history) if m.id == message_id), None)
        if index is None:
            raise TutorError(f"message {message_id} is not in this session — open its session")
        self.store.set_pinned(message_id, pinned)
        self.sizer.forget(message_id)
        self.history[index] = self.store.get_message(message_id)
        return self.history[index]

    async def retry(self) -> AsyncIterator[TurnEvent]:
        """Answer the newest student message again; the reply(ies) after it become 'replaced'."""
        last_user = max((i for i, m in enumerate(self.history) if m.role == "user"), default=None)
        if last_user is None:
            raise TutorError("there is no message of yours to answer yet — type one first")
        for old in self.history[last_user + 1 :]:
            self.store.set_status(old.id, "replaced")
        del self.history[last_user + 1 :]
        async for event in self._reply():
            yield event

    async def edit_last(self, text: str) -> AsyncIterator[TurnEvent]:
        """Change the newest student message and answer it again."""
        last_user = max((i for i, m in enumerate(self.history) if m.role == "user"), default=None)
        if last_user is None:
            raise TutorError("there is no message of yours to edit yet")
        old = self.history[last_user]
        self.store.edit_message(old.id, text)
        self.sizer.forget(old.id)
        self.history[last_user] = self.store.get_message(old.id)
        async for event in self.retry():
            yield event

    def reload(self) -> None:
        """Re-read the history from the store (another process may have written to it)."""
        before = {m.id: m.content for m in self.history}
        self.history = self.store.messages(self.session.id)
        for message in self.history:
            if before.get(message.id, message.content) != message.content:
                self.sizer.forget(message.id)  # its count was for the old text

    async def _reply(self) -> AsyncIterator[TurnEvent]:
        sized = await self.sizer.plan(
            self.rendered, self.history, self.reserve, count=self.count_always
        )
        yield RequestSized(sized)
        reply_id = self.store.begin_reply(self.session.id, self.model)
        log = ReplyLog(self.store, reply_id)
        retried_overflow = False
        finish: ReplyEnd | None = None
        try:
            while finish is None:
                try:
                    async for event in self.client.stream(
                        sized.plan.messages, max_tokens=self.reserve, params=self._params()
                    ):
                        if isinstance(event, ReplyText):
                            log.add(event.text)
                            yield event
                        elif isinstance(event, Retrying):
                            yield Notice(_retry_note(event))
                        else:
                            finish = event
                except RolesRejected:
                    if log.text or self.client.fold_roles:
                        raise
                    self.client.fold_roles = True
                    self.facts.update(self._model_key, fold_roles=True)
                    yield Notice(
                        "this model's chat template takes only your turns and the tutor's: the "
                        "persona's instructions now go inside your messages (remembered for it)"
                    )
                except ContextOverflow as overflow:
                    if log.text or retried_overflow:
                        raise
                    retried_overflow = True
                    sized = await self._shrink(overflow, sized.window)
                    yield Notice(
                        f"the server's window is {sized.window.tokens:,} tokens: trimmed the "
                        "request to fit and trying once more"
                    )
                    yield RequestSized(sized)
            usage, self.usage_source = await settle_usage(
                self.sizer,
                self.client,
                sized,
                finish.usage,
                log.text,
                recount=lambda: self.sizer.plan(self.rendered, self.history, self.reserve),
            )
            log.finish(
                "complete",
                finish_reason=finish.finish_reason,
                prompt_tokens=usage.prompt_tokens if usage else None,
                completion_tokens=usage.completion_tokens if usage else None,
            )
            warning = (
                await calibrate(self.sizer, sized, usage) if self.usage_source == "server" else None
            )
            if warning:
                yield Notice(warning)
            stored = self._remember(reply_id)
            self.last_plan = sized
            if not self.client.usage_in_stream:  # an older server refused stream_options
                self.facts.update(
                    self.facts.key(self.client.spec.base_url, None), no_stream_usage=True
                )
            yield ReplyDone(stored, finish.finish_reason, usage)
        except EndpointError as error:
            log.finish("error", error=str(error))
            yield ReplyFailed(error, self._remember(reply_id))
        except (asyncio.CancelledError, GeneratorExit, KeyboardInterrupt):
            log.finish("cancelled")
            self._remember(reply_id)
            raise
        except BaseException as error:
            log.finish("error", error=str(error) or type(error).__name__)
            self._remember(reply_id)
            raise

    async def _shrink(self, overflow: ContextOverflow, old: Window) -> SizedPlan:
        """Learn the real window from the overflow error and size the request again."""
        smaller = overflow.window if overflow.window and overflow.window < old.tokens else None
        self.sizer.learn_window(smaller or max(256, int(old.tokens * 0.75)))
        return await self.sizer.plan(self.rendered, self.history, self.reserve, count=True)

    def _remember(self, message_id: int) -> StoredMessage:
        stored = self.store.get_message(message_id)
        self.history.append(stored)
        return stored

    def _params(self) -> dict[str, object]:
        return {k: v for k, v in self.persona.params.items() if k != "max_tokens"}


def _retry_note(event: Retrying) -> str:
    return f"{event.error} — retrying in {event.delay:.1f} s (attempt {event.attempt + 1})"


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
