"""Playing one turn: the conversation's events drawn into the view, the meter and the composer.

The loop body does no awaiting of its own while text streams in, so a cancel (Esc) always
lands inside the conversation, which then marks the reply 'cancelled' with its text kept.

Between Enter and the reply's first words only what the student must see is done: their
message joins the conversation, the composer clears, the reply's place opens. The rest — the
meter's new figures, the sidebar and header (a new session, its title), the footer's keys —
are chores done once the first words are on screen, or CHORES_SECONDS after Enter if the
server is slower than that, or when the turn ends: each of them lays out and paints the
screen again, and a frame drawn between Enter and the first words is one the student waits
for.
"""

from __future__ import annotations

import asyncio
import contextlib
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
from tutor.core.turn.events import CodeChecked, CodeHeld, ReplyWithdrawn

if TYPE_CHECKING:
    from tutor.core.budget.sizing import SizedPlan
    from tutor.core.store import StoredMessage
    from tutor.core.turn.conversation import Conversation
    from tutor.ui.widgets.composer import Composer
    from tutor.ui.widgets.conversation_view import ConversationView
    from tutor.ui.widgets.reply_stream import ReplyStream
    from tutor.ui.widgets.token_meter import TokenMeter

TurnKind = Literal["send", "retry", "edit"]
SHOWN_WAIT_SECONDS = 0.5  # the longest a whole reply waits for the frame showing its words
CHORES_SECONDS = 0.25  # a server slower than this to answer: the chores do not wait for it


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
        self._chores: list[Callable[[], None]] | None = []  # None once they are done
        self._words = False  # the reply's first words have arrived
        self._shown = asyncio.Event()  # ...and a frame with them has been drawn
        self._student: StoredMessage | None = None  # stored, not drawn yet
        self._placing = False  # drawing the student's message and the reply's place is due
        self._ended = False

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
                if isinstance(event, (ReplyDone, ReplyFailed)):
                    await self._show_words()
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
            reply = self._reply()
            reply.add(event.text)
            if event.text and not self._words:
                self._words = True
                reply.when_drawn(self._words_shown)
        elif isinstance(event, StudentSaved):
            message = self._student = event.message
            self._chore(lambda: self.on_stored(message))
            self._place_soon()
        elif isinstance(event, RequestSized):
            sized = event.sized
            self._chore(lambda: self._show_plan(sized))
            self._place_soon()
        elif isinstance(event, Notice):
            self._reply().note(event.text)
        elif isinstance(event, CodeHeld | CodeChecked):
            self._reply().hold(isinstance(event, CodeHeld))
        elif isinstance(event, ReplyWithdrawn):
            self._reply().replace(event.text)

    def _place_soon(self) -> None:
        """Draw the student's message and the reply's place right after this step of the turn:
        from the store to the request leaving, the turn does not wait, so the request goes
        out first and the widgets are mounted while the server answers."""
        if not self._placing:
            self._placing = True
            self.view.call_later(self._place)
            self.view.set_timer(CHORES_SECONDS, self._do_chores)

    def _place(self) -> None:
        if not self._ended:  # a turn that ended at once has drawn its parts itself
            self._reply()

    def _draw_student(self) -> None:
        if self._student is not None:
            message, self._student = self._student, None
            self.view.add_student(message)
            self.composer.sent(message.content)

    def _show_plan(self, sized: SizedPlan) -> None:
        self.meter.show_plan(sized)
        self.view.mark_outside(i for i in sized.plan.dropped_ids if i is not None)

    def _chore(self, chore: Callable[[], None]) -> None:
        """Do ``chore`` once the first words are on screen (now, if they are already)."""
        if self._chores is None:
            chore()
        else:
            self._chores.append(chore)

    def _words_shown(self) -> None:
        self._shown.set()
        self._do_chores()

    async def _show_words(self) -> None:
        """A reply that came whole (or ended quickly): let a frame show its words before the
        finished turn takes its place and the chores run (each lays the screen out again)."""
        reply = self.reply
        if reply is None or not self._words or self._shown.is_set():
            return
        reply.close()  # draws what is still pending
        if reply.is_mounted:  # a frame comes within tens of milliseconds; never wait forever
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(SHOWN_WAIT_SECONDS):
                    await self._shown.wait()

    def _do_chores(self) -> None:
        chores, self._chores = self._chores or [], None
        for chore in chores:
            chore()

    def _reply(self) -> ReplyStream:
        """The reply being drawn; a new one after a reply ended (the guard's question asked
        again comes as a second reply of the same turn)."""
        self._draw_student()
        if self.reply is None:
            self.reply = self.view.begin_reply()
        return self.reply

    def _edited(self, conv: Conversation, text: str) -> None:
        students = [m for m in conv.history if m.role == "user"]
        if students:
            self.view.redraw_message(students[-1])
        self.composer.sent(text)

    async def _end(self, message: StoredMessage | None, error: str | None = None) -> None:
        self._draw_student()  # stopped at once: the message is stored, so it is shown
        reply = self._reply() if error else self.reply
        self.reply = None
        self._ended = True
        if reply is not None:
            await self.view.end_reply(reply, message, error)
        if self._words:  # after the frame that shows the reply's words (or its end)
            self.view.call_after_refresh(self._do_chores)
        else:
            self._do_chores()


def _newest_reply(conv: Conversation, status: str) -> StoredMessage | None:
    last = conv.history[-1] if conv.history else None
    return last if last is not None and last.role == "assistant" and last.status == status else None
