"""Playing one turn: the conversation's events drawn into the view, the meter and the composer.

The loop body does no awaiting of its own while text streams in, so a cancel (Esc) always
lands inside the conversation, which then marks the reply 'cancelled' with its text kept.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Literal

from tutor.core.endpoint.client import ReplyText
from tutor.core.errors import TutorError
from tutor.core.turn.conversation import (
    Notice,
    ReplyDone,
    ReplyFailed,
    RequestSized,
    StudentSaved,
    TurnEvent,
)

if TYPE_CHECKING:
    from tutor.core.store import StoredMessage
    from tutor.core.turn.conversation import Conversation
    from tutor.ui.widgets.composer import Composer
    from tutor.ui.widgets.conversation_view import ConversationView
    from tutor.ui.widgets.reply_stream import ReplyStream
    from tutor.ui.widgets.token_meter import TokenMeter

TurnKind = Literal["send", "retry", "edit"]


class TurnPlayer:
    """Renders one turn; ``on_stored`` is told when the student's message is safely stored."""

    def __init__(
        self,
        view: ConversationView,
        meter: TokenMeter,
        composer: Composer,
        on_stored: Callable[[StoredMessage], None],
    ) -> None:
        self.view = view
        self.meter = meter
        self.composer = composer
        self.on_stored = on_stored
        self.reply: ReplyStream | None = None

    def events(self, conv: Conversation, kind: TurnKind, text: str) -> AsyncIterator[TurnEvent]:
        if kind == "send":
            return conv.send(text)
        last_student = max((i for i, m in enumerate(conv.history) if m.role == "user"), default=0)
        self.view.answering_again(m.id for m in conv.history[last_student + 1 :])
        return conv.retry() if kind == "retry" else conv.edit_last(text)

    async def play(self, conv: Conversation, kind: TurnKind, text: str = "") -> None:
        events = self.events(conv, kind, text)
        try:
            first = True
            async for event in events:
                if first and kind == "edit":
                    self._edited(conv, text)
                first = False
                self._take(event)
                if isinstance(event, ReplyDone):
                    await self._end(event.message)
                    if event.replaced:
                        count = len(await conv.versions(event.message.id))
                        self.view.answered_again(event.replaced, event.message, count)
                elif isinstance(event, ReplyFailed):
                    if not event.current:
                        self.view.kept_old_reply()
                    await self._end(event.message, str(event.error))
        except asyncio.CancelledError:
            if kind != "send":
                self.view.kept_old_reply()
            await self._end(_newest_reply(conv, "cancelled"))
            raise
        except TutorError as error:  # refused before sending (too long, bad variables...)
            await self._end(None, str(error))
        finally:
            close = getattr(events, "aclose", None)
            if close is not None:
                await close()

    def _take(self, event: TurnEvent) -> None:
        if isinstance(event, ReplyText):
            self._reply().add(event.text)
        elif isinstance(event, StudentSaved):
            self.view.add_student(event.message)
            self.composer.sent(event.message.content)
            self.on_stored(event.message)
            self._reply()
        elif isinstance(event, RequestSized):
            self.meter.show_plan(event.sized)
            self.view.mark_outside(i for i in event.sized.plan.dropped_ids if i is not None)
            self._reply()
        elif isinstance(event, Notice):
            self._reply().note(event.text)

    def _reply(self) -> ReplyStream:
        if self.reply is None:
            self.reply = self.view.begin_reply()
        return self.reply

    def _edited(self, conv: Conversation, text: str) -> None:
        students = [m for m in conv.history if m.role == "user"]
        if students:
            self.view.redraw_message(students[-1])
        self.composer.sent(text)

    async def _end(self, message: StoredMessage | None, error: str | None = None) -> None:
        reply = self._reply() if error else self.reply
        self.reply = None
        if reply is not None:
            await self.view.end_reply(reply, message, error)


def _newest_reply(conv: Conversation, status: str) -> StoredMessage | None:
    last = conv.history[-1] if conv.history else None
    return last if last is not None and last.role == "assistant" and last.status == status else None
