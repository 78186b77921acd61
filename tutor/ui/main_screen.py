"""The main screen: sidebar, conversation, token meter and composer, and the turns they drive.

It paints at once with empty parts; the workspace is opened in a thread and the endpoint found
in a worker afterwards, so nothing slow stands before the first paint.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, TextArea
from textual.worker import Worker, WorkerState

from tutor.ui.composer import Composer
from tutor.ui.composer_stand_in import ComposerStandIn
from tutor.ui.conversation_view import ConversationView
from tutor.ui.header_bar import HeaderBar
from tutor.ui.messages import DeskFailed, DeskOpened, DeskWarm, RetryReply, SidebarToggled
from tutor.ui.session_list import Clock, SessionList
from tutor.ui.session_tasks import SessionTasks
from tutor.ui.token_meter import TokenMeter

if TYPE_CHECKING:
    from textual.command import Provider

    from tutor.core.conversation import Conversation
    from tutor.core.store import StoredMessage
    from tutor.ui.desk import Desk
    from tutor.ui.turn_player import TurnKind

METER_DELAY = 0.3
FIRST_FRAME_SECONDS = 0.03  # let the terminal take the first frame before the thread starts
PALETTE = ("PersonaCommands", "SessionCommands", "ModelCommands", "ThemeCommands", "ExportCommands")


def _palette(name: str) -> Callable[[], type[Provider]]:
    """A provider loaded when the palette first opens (textual.command is not needed before)."""

    def load() -> type[Provider]:
        from tutor.ui import commands

        provider: type[Provider] = getattr(commands, name)
        return provider

    return load


TURN_GROUP = "turn"


class MainScreen(SessionTasks, Screen[None]):
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
    ]

    def __init__(self, *, clock: Clock | None = None, sidebar: bool = True) -> None:
        super().__init__(id="main")
        self.desk: Desk | None = None
        self.clock = clock
        self.sidebar_shown = sidebar
        self.drafts: dict[int, str] = {}  # session id (0: the new session) → unsent text
        self.warm = False  # the SDK and Markdown rendering are loaded
        self._meter_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        """What the first frame shows; the session list and footer join right after it."""
        yield HeaderBar(id="header")
        with Horizontal(id="body"):
            yield Vertical(id="sidebar")
            with Vertical(id="desk"):
                yield ConversationView(id="conversation")
                yield TokenMeter(id="meter")
                yield ComposerStandIn(id="composer-stand-in")

    @property
    def conversation(self) -> Conversation | None:
        return self.desk.conversation if self.desk else None

    def on_mount(self) -> None:
        self.view = self.query_one(ConversationView)
        self.composer = Composer(id="composer")
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
        """Open the workspace (in a thread) and mount what the first frame did without."""
        self.set_timer(FIRST_FRAME_SECONDS, self.open_desk)
        stand_in = self.query_one(ComposerStandIn)
        await self.query_one("#desk").mount(self.composer, after=stand_in)
        self.composer.restore(stand_in.typed)
        if self.focused is stand_in or self.focused is None:
            self.composer.focus()
        await stand_in.remove()
        await self.query_one("#sidebar").mount(self.sidebar)
        await self.mount(Footer(compact=True))

    # --- start-up ---------------------------------------------------------------------

    @work(thread=True, group="start", exit_on_error=False)
    def open_desk(self) -> None:
        from tutor.core.errors import TutorError
        from tutor.ui.desk import Desk

        try:
            desk = Desk.open()
        except TutorError as error:
            self.post_message(DeskFailed(str(error)))
            return
        self.post_message(DeskOpened(desk))  # the session can show while the rest loads
        # Loaded here, in this thread, so neither the first paint nor the first reply waits.
        import openai  # noqa: F401

        import tutor.ui.turn_player  # noqa: F401
        from tutor.ui.reply_markdown import warm_up

        warm_up()
        self.post_message(DeskWarm())

    def on_desk_warm(self, message: DeskWarm) -> None:
        gc.freeze()  # the SDK's modules live as long as the app too (see on_desk_opened)
        self.warm = True
        self.schedule_meter(0)

    def on_desk_opened(self, message: DeskOpened) -> None:
        # Everything loaded so far lives as long as the app: keep the cyclic garbage collector
        # from walking it again and again (each full pass over it stalled the screen ~0.1 s).
        gc.freeze()
        self.desk = message.desk
        for warning in self.desk.workspace.config.warnings:
            self.notify(warning, severity="warning", timeout=10)
        problems = self.desk.workspace.personas.problems
        if problems:
            self.notify(f"persona file problem: {problems[0]}", severity="warning", timeout=10)
        self.watch_personas()
        self.connect()

    def on_desk_failed(self, message: DeskFailed) -> None:
        self.view.notice(message.error)
        self.meter.show_note("not connected")

    @work(exclusive=True, group="connect", exit_on_error=False)
    async def connect(self) -> None:
        from tutor.core.endpoint import probe
        from tutor.core.errors import NoEndpoint, TutorError, UsageError
        from tutor.ui.first_run import FirstRunScreen

        assert self.desk is not None
        self.meter.show_note("looking for the model server…")
        try:
            await self.desk.connect()
        except (NoEndpoint, UsageError) as error:
            config = self.desk.workspace.config
            tried = [
                f"the config file {config.path}"
                + ("" if config.exists else " (there is none yet)"),
                "the environment: OPENAI_BASE_URL and OPENAI_API_KEY (not set)",
                "local servers: " + ", ".join(probe.described()),
            ]
            problem = None if isinstance(error, NoEndpoint) else str(error)
            screen = FirstRunScreen(problem, tried, str(config.path))
            self.app.push_screen(screen, self._after_first_run)
            return
        except TutorError as error:
            self.view.notice(f"{error}")
            self.meter.show_note("not connected")
            return
        latest = self.desk.store.latest_session()
        await self.show_session(latest.id if latest else None)

    async def _after_first_run(self, config: object) -> None:
        if config is None:
            self.app.exit()
            return
        assert self.desk is not None
        self.desk.workspace.config = config  # type: ignore[assignment]
        self.connect()

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
        await self.view.show(conv.history, greeting=greeting)
        self.refresh_sessions()
        self.refresh_header()
        self.schedule_meter(0)
        if reveal is not None:
            await self.view.reveal(reveal)
        # The session's turns stay for a while: collect what opening it left over, then keep
        # the collector off what remains (see on_desk_opened).
        gc.collect()
        gc.freeze()

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

    def refresh_sessions(self) -> None:
        if self.desk is None:
            return
        current = self.desk.session
        self.sidebar.show(self.desk.store.list_sessions(limit=500), current.id if current else None)

    # --- turns ------------------------------------------------------------------------

    @on(Composer.Submitted)
    def submitted(self, event: Composer.Submitted) -> None:
        if self.turn_running:
            self.notify("a reply is still coming — press Esc to stop it first", timeout=4)
            return
        if self.conversation is None:
            self.notify("not connected to a model server yet — your text is kept", timeout=4)
            return
        self.run_turn("edit" if event.editing else "send", event.text)

    @property
    def turn_running(self) -> bool:
        return any(w.is_running for w in self.workers if w.group == TURN_GROUP)

    @work(exclusive=True, group=TURN_GROUP, exit_on_error=False)
    async def run_turn(self, kind: TurnKind, text: str = "") -> None:
        from tutor.core.errors import TutorError
        from tutor.ui.turn_player import TurnPlayer

        assert self.desk is not None and self.conversation is not None
        if kind == "send":
            self.desk.store_draft()
        player = TurnPlayer(self.view, self.meter, self.composer, self._stored)
        try:
            await player.play(self.conversation, kind, text)
        except TutorError as error:
            self.notify(str(error), severity="warning", timeout=6)
        finally:
            self.refresh_bindings()
        self.refresh_sessions()
        self.refresh_header()
        self.schedule_meter(0)

    def _stored(self, message: StoredMessage) -> None:
        assert self.desk is not None
        self.desk.reread_session()
        self.refresh_sessions()
        self.refresh_header()
        self.refresh_bindings()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.notify(f"unexpected error: {type(error).__name__}: {error}", severity="error")

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

    @on(TextArea.Changed, "#composer")
    def draft_changed(self) -> None:
        self.schedule_meter(METER_DELAY)

    def schedule_meter(self, delay: float) -> None:
        if self._meter_timer is not None:
            self._meter_timer.stop()
        self._meter_timer = self.set_timer(max(delay, 0.01), self.update_meter)

    @work(exclusive=True, group="meter", exit_on_error=False)
    async def update_meter(self) -> None:
        from tutor.core.errors import TutorError

        conv = self.conversation
        if conv is None or self.turn_running or not self.warm:
            return  # counting may ask the server (through the SDK): wait until it is loaded
        try:
            sized = await conv.preview(self.composer.text)
        except TutorError as error:
            self.meter.show_note(str(error))
            return
        self.meter.show_plan(sized)
        self.view.mark_outside(i for i in sized.plan.dropped_ids if i is not None)

    # --- layout -----------------------------------------------------------------------

    def action_toggle_sidebar(self) -> None:
        self.sidebar_shown = not self.sidebar_shown
        self.query_one("#sidebar").display = self.sidebar_shown
        self.app.post_message(SidebarToggled(self.sidebar_shown))
