"""The sessions part: the sidebar's list, and renaming, deleting (with undo) and exporting.

Every store call runs on the store's thread; a failure (a session deleted elsewhere, a locked
or read-only store, an unwritable folder) is one line in a toast, never a traceback. A deleted
session leaves the list at once but stays in the store for ``UNDO_SECONDS``; Undo (Ctrl+Z, or
the palette) brings it back, and the app's exit deletes what is still waiting.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.containers import Vertical

from tutor.core.inert import inert
from tutor.ui.messages import MoreSessions, SessionAction, SessionsEdited
from tutor.ui.widgets.session_list import Clock, SessionList

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.timer import Timer

    from tutor.core.store import Store

UNDO_SECONDS = 30.0


class SessionShelf(Vertical):
    """The sidebar: the newest sessions, and what can be done with one of them."""

    def __init__(self, *, clock: Clock | None = None) -> None:
        super().__init__(id="sidebar")
        self.clock = clock
        self.store: Store | None = None
        self.current: int | None = None  # the open session
        self.pending: dict[int, Timer] = {}  # deleted, waiting out the undo time

    def compose(self) -> ComposeResult:
        yield (
            SessionList(clock=self.clock, id="sessions")
            if self.clock
            else SessionList(id="sessions")
        )

    @property
    def sessions(self) -> SessionList:
        return self.query_one(SessionList)

    # --- listing ----------------------------------------------------------------------

    @work(exclusive=True, group="list-sessions", exit_on_error=False)
    async def refresh_list(self, current: int | None = None, *, stay: bool = False) -> None:
        """List the newest sessions again (one more than shown, to know if there are more)."""
        from tutor.core.errors import TutorError

        store = self.store
        if store is None:
            return
        if current is not None:
            self.current = current
        wanted = self.sessions.wanted + 1 + len(self.pending)
        try:
            listed = await store.later(store.list_sessions, limit=wanted)
        except TutorError as error:
            self.notify(f"cannot list the sessions: {error}", severity="error", timeout=8)
            return
        shown = [s for s in listed if s.id not in self.pending]
        self.sessions.show(shown, self.current, stay=stay)

    def on_more_sessions(self, message: MoreSessions) -> None:
        message.stop()
        self.refresh_list(stay=True)

    # --- rename, delete, export -------------------------------------------------------

    async def on_session_action(self, message: SessionAction) -> None:
        if message.what == "search":
            return  # the screen's
        message.stop()
        from tutor.core.errors import TutorError

        if self.store is None:
            self.notify("still opening the session store…", timeout=3)
            return
        session_id = message.session_id if message.session_id is not None else self.current
        if session_id is None or session_id in self.pending:
            self.notify("this session has no messages yet — nothing to " + message.what)
            return
        store = self.store
        try:
            info = await store.later(store.get_session, session_id)
        except TutorError as error:  # deleted meanwhile (another tutor), or the store failed
            self.notify(str(error), severity="error", timeout=8)
            self.refresh_list()
            return
        if message.what == "rename":
            self.rename(session_id, info.title)
        elif message.what == "delete":
            self.confirm_delete(session_id, info.title)
        elif message.what == "export":
            from tutor.ui.session.exports import ask_format

            ask_format(self, store, info)
        elif message.what in ("export-md", "export-json"):
            from tutor.ui.session.exports import ask_path

            ask_path(self, store, info, message.what.removeprefix("export-"))

    def rename(self, session_id: int, title: str) -> None:
        """Ask for a new title (the old one, shown inert, starts selected); an unchanged
        answer changes nothing — a title's control characters stay as they were."""
        from tutor.ui.dialogs.text import TextDialog

        dialog = TextDialog(
            "Rename the session", title, hint="Enter saves, Esc cancels", select=True
        )

        def renamed(new: str | None) -> None:
            if new is not None and new != inert(title).strip():
                self._renamed(session_id, new)

        self.app.push_screen(dialog, renamed)

    @work(group="session-edit", exit_on_error=False)
    async def _renamed(self, session_id: int, title: str | None) -> None:
        from tutor.core.errors import TutorError

        if title is None or self.store is None:
            return
        store = self.store
        try:
            await store.later(store.rename_session, session_id, title)
        except TutorError as error:
            self.notify(f"not renamed: {error}", severity="error", timeout=8)
        else:
            self.post_message(SessionsEdited(session_id))
        self.refresh_list()

    def confirm_delete(self, session_id: int, title: str) -> None:
        from tutor.ui.dialogs.confirm import ConfirmDialog

        question = Text(f"Delete the session “{inert(title) or '(untitled)'}”?")
        question.append("\nYou can undo it for a while with Ctrl+Z.", style="dim")

        def answered(yes: bool | None) -> None:
            self._delete(session_id, yes)

        self.app.push_screen(ConfirmDialog(question), answered)

    @work(group="session-edit", exit_on_error=False)
    async def _delete(self, session_id: int, yes: bool | None) -> None:
        """Take the session off the list and wait out the undo time before deleting it —
        unless it is gone already (another tutor deleted it while the question was open)."""
        from tutor.core.errors import TutorError

        if not yes or self.store is None:
            return
        store = self.store
        try:
            await store.later(store.get_session, session_id)
        except TutorError as error:
            self.notify(f"not deleted: {error}", severity="error", timeout=8)
            self.refresh_list()
            return
        self.pending[session_id] = self.set_timer(UNDO_SECONDS, lambda: self._purge(session_id))
        self.notify("session deleted — Ctrl+Z brings it back", timeout=UNDO_SECONDS)
        self.post_message(SessionsEdited(session_id, deleted=True))
        self.refresh_list()

    def undo_delete(self) -> bool:
        """Bring back the session deleted last; False when none is waiting."""
        if not self.pending:
            return False
        session_id = list(self.pending)[-1]
        self.pending.pop(session_id).stop()
        self._restored(session_id)
        return True

    @work(group="session-edit", exit_on_error=False)
    async def _restored(self, session_id: int) -> None:
        """Say whether the session is back (another tutor may have deleted it meanwhile)."""
        from tutor.core.errors import TutorError

        if self.store is None:
            return
        store = self.store
        try:
            await store.later(store.get_session, session_id)
        except TutorError as error:
            self.notify(f"cannot bring it back: {error}", severity="error", timeout=8)
        else:
            self.notify("session restored", timeout=3)
        self.refresh_list()

    @work(group="session-edit", exit_on_error=False)
    async def _purge(self, session_id: int) -> None:
        from tutor.core.errors import SessionNotFound, TutorError

        if self.pending.pop(session_id, None) is None or self.store is None:
            return
        store = self.store
        try:
            await store.later(store.delete_session, session_id)
        except SessionNotFound:
            pass  # deleted elsewhere already
        except TutorError as error:
            self.notify(f"could not delete the session: {error}", severity="error", timeout=8)

    def on_unmount(self) -> None:
        self.purge_now()

    def purge_now(self) -> None:
        """On exit: delete what is waiting out its undo time (synchronously)."""
        from tutor.core.errors import TutorError

        for session_id, timer in list(self.pending.items()):
            timer.stop()
            if self.store is not None:
                with contextlib.suppress(TutorError):
                    self.store.delete_session(session_id)
        self.pending.clear()
