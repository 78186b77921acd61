"""The main screen: sidebar, conversation, token meter and composer, and the turns they drive.

It paints at once with light parts only; the workspace is opened in a thread and the endpoint
found in a worker afterwards, so nothing slow stands before the first paint. What it does is
grouped in ``SetupTasks``, ``SessionTasks`` and ``TurnTasks``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.worker import Worker, WorkerState

from tutor.ui.garbage import settle
from tutor.ui.message_tasks import MessageTasks
from tutor.ui.session.messages import MoreSessions, SidebarToggled
from tutor.ui.session_tasks import SessionTasks
from tutor.ui.setup_tasks import SetupTasks
from tutor.ui.store_watch import StoreWatchTasks
from tutor.ui.turn_tasks import TurnTasks
from tutor.ui.widgets.composer_stand_in import ComposerStandIn
from tutor.ui.widgets.conversation_view import ConversationView
from tutor.ui.widgets.header_bar import HeaderBar
from tutor.ui.widgets.session_list import Clock, SessionList
from tutor.ui.widgets.token_meter import TokenMeter

if TYPE_CHECKING:
    from textual.command import Provider

    from tutor.ui.session.desk import Desk

FIRST_FRAME_SECONDS = 0.03  # let the terminal take the first frame before the thread starts
PALETTE = ("PersonaCommands", "SessionCommands", "ModelCommands", "ThemeCommands", "ExportCommands")


def _palette(name: str) -> Callable[[], type[Provider]]:
    """A provider loaded when the palette first opens (textual.command is not needed before)."""

    def load() -> type[Provider]:
        from tutor.ui import palette as commands

        provider: type[Provider] = getattr(commands, name)
        return provider

    return load


class MainScreen(SetupTasks, SessionTasks, TurnTasks, MessageTasks, StoreWatchTasks):
    """Everything a tutoring session needs on one screen."""

    COMMANDS: ClassVar = {_palette(name) for name in PALETTE}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "stop", "Stop", id="stop", tooltip="Stop the reply (it is kept)"),
        Binding("ctrl+n", "new_session", "New", id="new-session", tooltip="New session"),
        Binding("ctrl+r", "regenerate", "Regenerate", id="regenerate", tooltip="Answer again"),
        Binding("ctrl+l", "edit_last", "Edit last", id="edit-last", tooltip="Edit and resend"),
        Binding("ctrl+f", "search", "Search", id="search", tooltip="Search all sessions"),
        Binding("ctrl+s", "toggle_sidebar", "Sidebar", id="toggle-sidebar", tooltip="Sessions"),
        Binding("ctrl+o", "pick_model", "Model", id="pick-model", tooltip="Switch the model"),
        Binding(
            "ctrl+g", "copy_reply", "Copy", id="copy-reply", show=False, tooltip="Copy the reply"
        ),
        Binding("pageup", "page(-1)", "Page up", id="page-up", show=False, priority=True),
        Binding("pagedown", "page(1)", "Page down", id="page-down", show=False, priority=True),
    ]

    def __init__(self, *, clock: Clock | None = None, sidebar: bool = True) -> None:
        super().__init__(id="main")
        self.desk: Desk | None = None
        self.clock = clock
        self.sidebar_shown = sidebar
        self.drafts: dict[int, str] = {}  # session id (0: the new session) → unsent text
        self.warm = False

    def compose(self) -> ComposeResult:
        """What the first frame shows; the session list and footer join right after it."""
        yield HeaderBar(id="header")
        with Horizontal(id="body"):
            yield Vertical(id="sidebar")
            with Vertical(id="desk"):
                yield ConversationView(id="conversation")
                yield TokenMeter(id="meter")
                yield ComposerStandIn(id="composer-stand-in")

    def on_mount(self) -> None:
        self.view = self.query_one(ConversationView)
        self.meter = self.query_one(TokenMeter)
        self.sidebar = (
            SessionList(clock=self.clock, id="sessions")
            if self.clock
            else SessionList(id="sessions")
        )
        self.query_one("#sidebar").display = self.sidebar_shown
        self.query_one(ComposerStandIn).focus()
        self.call_after_refresh(self._after_first_paint)

    async def _after_first_paint(self) -> None:
        """Open the workspace (in a thread) and mount what the first frame did without.

        The composer (a TextArea) and the footer are imported here, not before the first frame.
        """
        from textual.widgets import Footer

        from tutor.ui.widgets.composer import Composer

        self.set_timer(FIRST_FRAME_SECONDS, self.open_desk)
        self.composer = Composer(id="composer")
        stand_in = self.query_one(ComposerStandIn)
        await self.query_one("#desk").mount(self.composer, after=stand_in)
        self.composer.restore(stand_in.typed)
        stand_in.successor = self.composer  # keys already queued for the stand-in follow
        if self.focused is stand_in or self.focused is None:
            self.composer.focus()
        await stand_in.remove()
        if stand_in.sent:  # Enter came before the composer did: send (or queue) it now
            self.composer.action_send()
        await self.query_one("#sidebar").mount(self.sidebar)
        await self.mount(Footer(compact=True))

    # --- showing a session ------------------------------------------------------------

    async def show_session(
        self,
        session_id: int | None,
        *,
        persona_id: str | None = None,
        variables: dict[str, object] | None = None,
        reveal: int | None = None,
    ) -> None:
        """Open a stored session, or a new one (``session_id`` None); keep the draft aside."""
        assert self.desk is not None
        old = self.conversation
        if old is not None:
            self.drafts[old.session.id] = self.composer.text
        if session_id is None:
            conv = await self.desk.new_session(persona_id, variables)
            greeting = conv.rendered.greeting
        else:
            conv = await self.desk.open_session(session_id)
            greeting = None
        self.composer.stop_editing()
        if old is not None:  # on the first open, keep what was typed while connecting
            self.composer.restore(self.drafts.pop(conv.session.id, ""))
        if old is None and session_id is not None and session_id == self.shown_early:
            self.shown_early = None  # already on screen, read from the store while connecting
        else:
            await self.view.show(conv.history, greeting=greeting)
        self.refresh_sessions()
        self.refresh_header()
        self.schedule_meter(0)
        if reveal is not None:
            await self.view.reveal(reveal)
        if self.desk.warning:
            self.notify(self.desk.warning, severity="warning", timeout=10)
            self.desk.warning = None
        # The session's turns stay for a while: collect what opening it left over (and what
        # the session before it left, now and then), then keep the collector off the rest.
        settle()

    def refresh_header(self) -> None:
        conv, desk = self.conversation, self.desk
        if conv is None or desk is None or desk.spec is None:
            return
        self.query_one(HeaderBar).show(
            title=conv.session.title or "New session",
            persona=conv.persona.name,
            endpoint=desk.spec.name,
            model=desk.spec.model or "",
        )

    def refresh_sessions(self, *, stay: bool = False) -> None:
        """List the newest sessions again (one more than shown, to know if there are more)."""
        if self.desk is None:
            return
        current = self.desk.session
        listed = self.desk.store.list_sessions(limit=self.sidebar.wanted + 1)
        self.sidebar.show(listed, current.id if current else None, stay=stay)

    def on_more_sessions(self, message: MoreSessions) -> None:
        self.refresh_sessions(stay=True)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A bug, not a failure the core names: one line, and the app goes on."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.notify(f"unexpected error: {type(error).__name__}: {error}", severity="error")

    # --- layout ---------------------------------------------------------------------

    def action_page(self, direction: int) -> None:
        """Scroll the conversation a page (from the composer too); the end follows again."""
        if direction < 0:
            self.view.scroll_page_up(animate=False)
        else:
            self.view.scroll_page_down(animate=False)

    def action_toggle_sidebar(self) -> None:
        self.sidebar_shown = not self.sidebar_shown
        self.query_one("#sidebar").display = self.sidebar_shown
        self.app.post_message(SidebarToggled(self.sidebar_shown))
