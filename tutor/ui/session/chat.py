"""The chat part: the conversation, the token meter and the composer, and the turns they play.

It owns the open conversation's turn (one worker at a time), the meter, and what is done with
the messages on screen (copy, pin, versions — see ``message_actions``). It tells the screen by
messages: ``SessionStored`` when a new session got its row, ``TurnEnded`` after each turn.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from textual import work
from textual.containers import Vertical
from textual.timer import Timer
from textual.worker import Worker

from tutor.ui.garbage import settle
from tutor.ui.messages import (
    CopyCode,
    CopyText,
    PinMessage,
    RetryReply,
    SessionStored,
    StepVersion,
    TurnEnded,
)
from tutor.ui.session import message_actions
from tutor.ui.widgets.composer_stand_in import ComposerStandIn
from tutor.ui.widgets.conversation_view import ConversationView
from tutor.ui.widgets.token_meter import TokenMeter

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.widgets import TextArea

    from tutor.core.store import StoredMessage
    from tutor.core.turn.conversation import Conversation
    from tutor.ui.session.desk import Desk
    from tutor.ui.session.turn_player import TurnKind
    from tutor.ui.widgets.composer import Composer

TURN_GROUP = "turn"  # the worker group of the turn being played
AFTER_THIS_REPLY = "your message goes once this reply has ended — Esc stops the reply"
METER_DELAY = 0.3
DraftKey = tuple[int, int, str]


class ChatPane(Vertical):
    """The open session's conversation and the student's composer."""

    def __init__(self) -> None:
        super().__init__(id="desk")
        self.desk: Desk | None = None
        self.warm = False  # the SDK and Markdown rendering are loaded: counting is quick
        self.composer: Composer | None = None
        self.drafts: dict[int, str] = {}  # session id (0: a new session) → unsent text
        self.send_when_connected = False  # Enter came before the model server answered
        self.send_after_turn = False  # Enter came while a reply was still coming
        self._meter_timer: Timer | None = None
        self._verdict: tuple[DraftKey, str | None] | None = None  # the meter's last draft
        self._gone_told: int | None = None  # the open session found deleted elsewhere, said
        self.failed = False  # the workspace did not open (the screen shows why)

    def compose(self) -> ComposeResult:
        yield ConversationView(id="conversation")
        yield TokenMeter(id="meter")
        yield ComposerStandIn(id="composer-stand-in")

    @property
    def view(self) -> ConversationView:
        return self.query_one(ConversationView)

    @property
    def meter(self) -> TokenMeter:
        return self.query_one(TokenMeter)

    @property
    def conversation(self) -> Conversation | None:
        return self.desk.conversation if self.desk else None

    @property
    def busy(self) -> bool:
        """A reply is streaming (the session cannot change under it)."""
        return any(w.is_running for w in self.workers if w.group == TURN_GROUP)

    def focus_composer(self) -> None:
        """At once (not after the keys already queued), so the next key is typed there."""
        target = self.composer or self.query_one(ComposerStandIn)
        if target.focusable:
            self.screen.set_focus(target)
        else:
            target.focus()

    async def mount_composer(self) -> None:
        """Swap the first frame's stand-in for the real composer (a TextArea), keeping what
        was typed, and send if Enter came first."""
        from tutor.ui.widgets.composer import Composer

        stand_in = self.query_one(ComposerStandIn)
        composer = Composer(id="composer")
        await self.mount(composer, after=stand_in)
        composer.restore(stand_in.typed)
        stand_in.successor = composer  # keys already queued for the stand-in follow
        refocus = self.screen.focused is stand_in or self.screen.focused is None
        self.composer = composer
        if refocus:
            composer.focus()
        await stand_in.remove()
        if stand_in.sent:  # Enter came before the composer did: send (or queue) it now
            composer.action_send()

    # --- the open session -----------------------------------------------------------------

    async def show(self, conv: Conversation, *, greeting: str | None, drawn: bool) -> None:
        """Show ``conv`` (already drawn when ``drawn``: read from the store at start-up)."""
        if self.composer is not None:
            self.composer.stop_editing()
        if not drawn:
            await self.view.show(conv.history, greeting=greeting)
        self.schedule_meter(0)
        self.number_versions()

    @work(exclusive=True, group="versions", exit_on_error=False)
    async def number_versions(self) -> None:
        """Mark the replies that have other versions (answered again) with their number."""
        from tutor.core.errors import TutorError

        conv = self.conversation
        if conv is not None and conv.session.id:
            with contextlib.suppress(TutorError):  # only a mark: the versions are still there
                self.view.set_versions(await conv.version_numbers())

    def keep_draft(self, session_id: int) -> None:
        if self.composer is not None:
            self.drafts[session_id] = self.composer.text

    def restore_draft(self, session_id: int) -> None:
        if self.composer is not None:
            self.composer.restore(self.drafts.pop(session_id, ""))

    # --- turns ------------------------------------------------------------------------

    # Found by name (not @on(Composer.Submitted)): the composer is imported after the first frame.
    def on_composer_submitted(self, event: Composer.Submitted) -> None:
        if self.busy:
            if event.editing:
                self.notify("a reply is still coming — press Esc to stop it first", timeout=4)
            else:  # often the reply's words are all there and the turn is only being put away
                self.send_after_turn = True
                self.notify(AFTER_THIS_REPLY, timeout=4)
            return
        if self.conversation is None:
            if self.failed:  # the config or the store did not open: it will not connect
                self.notify("not sent — tutor could not start (see above); your text is kept")
                return
            self.send_when_connected = not event.editing
            self.notify(
                "not connected to a model server yet — your text is kept and goes once it answers"
            )
            return
        self.run_turn("edit" if event.editing else "send", event.text)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == TURN_GROUP and event.worker.is_finished:
            self.send_if_queued()

    def send_if_queued(self) -> None:
        """Enter was pressed while the last reply was coming: send what the composer holds
        now if that reply finished (after a failed or stopped one the student decides)."""
        if not self.send_after_turn or self.composer is None or self.busy:
            return
        self.send_after_turn = False
        conv, text = self.conversation, self.composer.text
        if conv is None or not text.strip():
            return
        last = conv.history[-1] if conv.history else None
        if last is None or last.role != "assistant" or last.status != "complete":
            self.notify("not sent — the reply did not finish; your text is kept", timeout=6)
            return
        from tutor.ui.widgets.composer import Composer

        self.composer.post_message(Composer.Submitted(self.composer, text, editing=False))

    def send_if_waiting(self) -> None:
        """Enter was pressed while connecting: send what the composer holds now."""
        if not self.send_when_connected or self.conversation is None or self.composer is None:
            return
        self.send_when_connected = False
        text = self.composer.text
        if text.strip() and not self.busy:
            self.run_turn("send", text)

    @work(exclusive=True, group=TURN_GROUP, exit_on_error=False)
    async def run_turn(self, kind: TurnKind, text: str = "") -> None:
        from tutor.core.errors import TutorError
        from tutor.ui.session.turn_player import TurnPlayer

        desk, conv, composer = self.desk, self.conversation, self.composer
        assert desk is not None and conv is not None and composer is not None
        if kind == "send":
            refusal = await self._refusal(text)
            if refusal is not None:  # nothing stored, nothing sent: the draft stays as it is
                self.meter.show_note(refusal)
                self.notify(f"not sent — {refusal}", severity="warning", timeout=8)
                return
            try:
                await desk.store_draft()
            except TutorError as error:
                self.notify(str(error), severity="error", timeout=8)
                return
        player = TurnPlayer(self.view, self.meter, composer, self._stored)
        try:
            await player.play(conv, kind, text)  # the meter sizes the next request after it
        except TutorError as error:
            self.notify(str(error), severity="warning", timeout=6)
        finally:
            self.screen.refresh_bindings()
            self.call_after_refresh(settle)
        self.post_message(TurnEnded())
        self.schedule_meter(0)

    async def _refusal(self, text: str) -> str | None:
        """Why the window cannot hold ``text`` as the next message, or None if it can.

        The meter has usually sized this very draft already; if not, it is sized now.
        """
        from tutor.core.errors import BudgetRefused, TutorError

        conv = self.conversation
        assert conv is not None
        if self._verdict is not None and self._verdict[0] == _draft_key(conv, text):
            return self._verdict[1]
        try:
            await conv.preview(text)
        except BudgetRefused as error:
            return str(error)
        except TutorError:
            return None  # counting failed: the turn itself will say what went wrong
        return None

    def _stored(self, message: StoredMessage) -> None:
        self.post_message(SessionStored())
        self.screen.refresh_bindings()

    # --- the messages on screen (see message_actions) -----------------------------------

    def on_copy_text(self, message: CopyText) -> None:
        message_actions.copy_text(self, message.text, message.what)

    def on_copy_code(self, message: CopyCode) -> None:
        message_actions.copy_code(self, message.blocks)

    def copy_reply(self) -> None:
        message_actions.copy_reply(self)

    async def on_pin_message(self, message: PinMessage) -> None:
        await message_actions.pin(self, message.message_id, message.pinned)

    async def on_step_version(self, message: StepVersion) -> None:
        await message_actions.step_version(self, message.message_id, message.step)

    def on_retry_reply(self, message: RetryReply) -> None:
        message.stop()
        self.focus_composer()  # the Retry button goes once the new reply comes
        self.regenerate()

    def regenerate(self) -> None:
        if self.conversation is None or self.busy:
            return
        if not any(m.role == "user" for m in self.conversation.history):
            self.notify("there is nothing to answer again yet — send a message first")
            return
        self.run_turn("retry")

    def stop(self) -> bool:
        """Stop the reply, or leave editing; False when there was neither."""
        if self.busy:
            self.workers.cancel_group(self, TURN_GROUP)
            return True
        if self.composer is not None and self.composer.editing:
            self.composer.stop_editing()
            return True
        return False

    def edit_last(self) -> None:
        conv = self.conversation
        students = [m for m in conv.history if m.role == "user"] if conv else []
        if not students or self.busy or self.composer is None:
            self.notify("there is no message of yours to edit yet")
            return
        self.composer.start_editing(students[-1].content)

    # --- another process wrote to the open session ------------------------------------

    @work(exclusive=True, group="catch-up", exit_on_error=False)
    async def catch_up(self) -> None:
        """Read the open session again if another process added to it or finished its reply
        (only that message is redrawn when it is the same one, grown or finished)."""
        from tutor.core.errors import SessionNotFound, TutorError

        desk, conv = self.desk, self.conversation
        if desk is None or conv is None or desk.session is None or self.busy:
            return
        store = desk.store
        try:
            info = await store.later(store.get_session, conv.session.id)
            newest = await store.later(store.messages, conv.session.id, limit=1)
        except SessionNotFound:
            if self._gone_told != conv.session.id:
                self._gone_told = conv.session.id
                self.notify(
                    "this session was deleted by another tutor — what is on screen is all that "
                    "is left of it; Ctrl+N starts a new one",
                    severity="warning",
                    timeout=10,
                )
            return
        except TutorError:
            return
        if _mark(newest) == _mark(conv.history[-1:]):
            return
        shown = [m.id for m in conv.history]
        await conv.reload()
        conv.session = info  # its title, model or update time may have changed too
        last = conv.history[-1] if conv.history else None
        if last and last.status != "error" and [m.id for m in conv.history] == shown:
            self.view.redraw_message(last)  # the same messages: the newest grew or ended
        else:
            await self.view.show(conv.history)
        self.post_message(TurnEnded())
        self.schedule_meter(0)

    # --- the token meter --------------------------------------------------------------

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id == "composer":
            self.schedule_meter(METER_DELAY)

    def schedule_meter(self, delay: float) -> None:
        if self._meter_timer is not None:
            self._meter_timer.stop()
        self._meter_timer = self.set_timer(max(delay, 0.01), self.update_meter)

    @work(exclusive=True, group="meter", exit_on_error=False)
    async def update_meter(self) -> None:
        from tutor.core.errors import BudgetRefused, TutorError

        conv = self.conversation
        if conv is None or self.busy or not self.warm or self.composer is None:
            return  # counting may ask the server (through the SDK): wait until it is loaded
        text = self.composer.text
        try:
            sized = await conv.preview(text)
        except TutorError as error:
            refused = isinstance(error, BudgetRefused)
            self._verdict = (_draft_key(conv, text), str(error)) if refused else None
            self.meter.show_note(str(error))
            return
        self._verdict = (_draft_key(conv, text), None)
        self.meter.show_plan(sized)
        self.view.mark_outside(i for i in sized.plan.dropped_ids if i is not None)


def _mark(messages: list[StoredMessage]) -> list[tuple[int, str, str]]:
    return [(m.id, m.status, m.content) for m in messages]


def _draft_key(conv: Conversation, text: str) -> DraftKey:
    """What a meter verdict holds for: this conversation, its history so far, this draft."""
    return id(conv), len(conv.history), text
