"""Other tutor processes writing the same store: the sidebar and the open session catch up.

A `tutor ask` in another terminal (or a second app) may start a session, or continue the very
session open here. Once a second the screen asks SQLite whether anyone else has committed
(``PRAGMA data_version``, a few microseconds); if so, the sidebar is listed again, and the open
session is read again when its newest message is not the one on screen (only that message is
redrawn when it is the same one, grown or finished) — unless a reply of this app is
streaming, in which case the check waits for it to end.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from tutor.ui.screen_parts import ScreenParts

if TYPE_CHECKING:
    from textual.timer import Timer

    from tutor.core.store import StoredMessage

STORE_CHECK_SECONDS = 1.0


class StoreWatchTasks(ScreenParts):
    """Catching up with sessions written by other processes."""

    store_timer: Timer | None = None
    _gone_told: int | None = None  # the open session found deleted elsewhere, already said

    def watch_store(self) -> None:
        if self.desk is not None and self.store_timer is None:
            self.desk.store.changed_elsewhere()  # the baseline
            self.store_timer = self.set_interval(STORE_CHECK_SECONDS, self.check_store)

    def check_store(self) -> None:
        from tutor.core.errors import TutorError

        if self.desk is None or self.turn_running:
            return  # the change stays pending: it is seen once the turn has ended
        try:
            if not self.desk.store.changed_elsewhere():
                return
        except TutorError:
            return  # the store's trouble is reported by whatever uses it next
        self.refresh_sessions()
        self.catch_up()

    @work(exclusive=True, group="catch-up", exit_on_error=False)
    async def catch_up(self) -> None:
        """Read the open session again if another process added to it or finished its reply."""
        from tutor.core.errors import SessionNotFound, TutorError

        desk, conv = self.desk, self.conversation
        if desk is None or conv is None or desk.session is None or self.turn_running:
            return
        try:
            info = desk.store.get_session(conv.session.id)
            newest = desk.store.messages(conv.session.id, limit=1)
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
            self._redraw(last)  # the same messages: the newest grew or ended elsewhere
        else:
            await self.view.show(conv.history)
        self.refresh_header()
        self.schedule_meter(0)

    def _redraw(self, message: StoredMessage) -> None:
        from tutor.ui.widgets.turns import Turn

        for turn in self.view.query(Turn):
            if turn.message_id == message.id:
                turn.show_message(message)


def _mark(messages: list[StoredMessage]) -> list[tuple[int, str, str]]:
    return [(m.id, m.status, m.content) for m in messages]
