"""Turn tasks of the main screen: send, stop, regenerate, edit, and the token meter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.timer import Timer

from tutor.ui.garbage import settle
from tutor.ui.screen_parts import TURN_GROUP, ScreenParts
from tutor.ui.session.messages import RetryReply

if TYPE_CHECKING:
    from textual.widgets import TextArea

    from tutor.core.store import StoredMessage
    from tutor.core.turn.conversation import Conversation
    from tutor.ui.session.turn_player import TurnKind
    from tutor.ui.widgets.composer import Composer

METER_DELAY = 0.3
DraftKey = tuple[int, int, str]


class TurnTasks(ScreenParts):
    """Playing turns, and everything done with the newest ones."""

    _meter_timer: Timer | None = None
    _verdict: tuple[DraftKey, str | None] | None = None  # the meter's last draft: refusal or None
    send_when_connected = False  # Enter came before the model server answered

    # --- turns ------------------------------------------------------------------------

    # Handlers are found by name (not @on(Composer.Submitted)), so the composer and TextArea
    # are not imported before the first frame.
    def on_composer_submitted(self, event: Composer.Submitted) -> None:
        if self.turn_running:
            self.notify("a reply is still coming — press Esc to stop it first", timeout=4)
            return
        if self.conversation is None:
            self.send_when_connected = not event.editing
            self.notify(
                "not connected to a model server yet — your text is kept and goes once it answers"
            )
            return
        self.run_turn("edit" if event.editing else "send", event.text)

    def send_if_waiting(self) -> None:
        """Enter was pressed while connecting: send what the composer holds now."""
        if not self.send_when_connected or self.conversation is None:
            return
        self.send_when_connected = False
        text = self.composer.text
        if text.strip() and not self.turn_running:
            self.run_turn("send", text)

    @work(exclusive=True, group=TURN_GROUP, exit_on_error=False)
    async def run_turn(self, kind: TurnKind, text: str = "") -> None:
        from tutor.core.errors import TutorError
        from tutor.ui.session.turn_player import TurnPlayer

        assert self.desk is not None and self.conversation is not None
        if kind == "send":
            refusal = await self._refusal(text)
            if refusal is not None:  # nothing stored, nothing sent: the draft stays as it is
                self.meter.show_note(refusal)
                self.notify(f"not sent — {refusal}", severity="warning", timeout=8)
                return
            self.desk.store_draft()
        player = TurnPlayer(self.view, self.meter, self.composer, self._stored)
        try:
            await player.play(self.conversation, kind, text)
        except TutorError as error:
            self.notify(str(error), severity="warning", timeout=6)
        finally:
            self.refresh_bindings()
            self.call_after_refresh(settle)
        self.refresh_sessions()
        self.refresh_header()
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
        assert self.desk is not None
        self.desk.reread_session()
        self.refresh_sessions()
        self.refresh_header()
        self.refresh_bindings()

    def on_retry_reply(self, message: RetryReply) -> None:
        self.action_regenerate()

    def action_regenerate(self) -> None:
        if self.conversation is None or self.turn_running:
            return
        if not any(m.role == "user" for m in self.conversation.history):
            self.notify("there is nothing to answer again yet — send a message first")
            return
        self.run_turn("retry")

    def action_stop(self) -> None:
        if self.turn_running:
            self.workers.cancel_group(self, TURN_GROUP)
        elif self.composer.editing:
            self.composer.stop_editing()

    def action_edit_last(self) -> None:
        conv = self.conversation
        students = [m for m in conv.history if m.role == "user"] if conv else []
        if not students or self.turn_running:
            self.notify("there is no message of yours to edit yet")
            return
        self.composer.start_editing(students[-1].content)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stop":
            composer = getattr(self, "composer", None)
            return self.turn_running or bool(composer and composer.editing)
        return True

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
        if conv is None or self.turn_running or not self.warm:
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


def _draft_key(conv: Conversation, text: str) -> DraftKey:
    """What a meter verdict holds for: this conversation, its history so far, this draft."""
    return id(conv), len(conv.history), text
