"""The session screen: the header, the sessions shelf, the chat, and the parts with no widgets.

It composes its parts and routes their messages; each part owns its widgets and state. It
paints at once with light parts only: the setup part opens the workspace in a thread and finds
the endpoint afterwards, so nothing slow stands before the first paint.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from tutor.ui import messages as said
from tutor.ui.garbage import keep_loaded, settle
from tutor.ui.session.chat import ChatPane
from tutor.ui.session.persona_watch import PersonaFiles
from tutor.ui.session.setup import Setup, persona_problems_note
from tutor.ui.session.shelf import SessionShelf
from tutor.ui.session.store_watch import StoreWatch
from tutor.ui.widgets.header_bar import HeaderBar

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.command import Provider
    from textual.widgets import TextArea

    from tutor.ui.session.desk import Desk
    from tutor.ui.widgets.session_list import Clock

PALETTE = (
    "PersonaCommands",
    "SessionCommands",
    "ModelCommands",
    "ThemeCommands",
    "ExportCommands",
    "PracticeCommands",
)
SIDEBAR_MIN_WIDTH = 80  # below this many columns the sidebar hides itself (Ctrl+S still shows it)


def _palette(name: str) -> Callable[[], type[Provider]]:
    """A provider loaded when the palette first opens (textual.command is not needed before)."""

    def load() -> type[Provider]:
        from tutor.ui import palette

        provider: type[Provider] = getattr(palette, name)
        return provider

    return load


class SessionScreen(Screen[None]):
    """A tutoring session: everything on one screen, made of parts."""

    COMMANDS: ClassVar = {_palette(name) for name in PALETTE}
    AUTO_FOCUS = "#composer, #composer-stand-in"  # never the sessions list
    # Priority: these act as their key arrives, so the keys typed after one (in a burst) go
    # where it leads — into the search field after Ctrl+F, not into the composer. Ctrl+Z is
    # not: in the composer it is the composer's undo.
    BINDINGS: ClassVar[list[BindingType]] = [
        # ahead of the composer, whose Esc would otherwise move the focus away
        Binding(
            "escape", "escape", "Stop", id="stop", priority=True, tooltip="Stop the reply (kept)"
        ),
        Binding(
            "ctrl+n", "new_session", "New", id="new-session", priority=True, tooltip="New session"
        ),
        Binding(
            "ctrl+r",
            "regenerate",
            "Regenerate",
            id="regenerate",
            priority=True,
            tooltip="Answer again",
        ),
        Binding(
            "ctrl+l",
            "edit_last",
            "Edit last",
            id="edit-last",
            priority=True,
            tooltip="Edit and resend",
        ),
        Binding(
            "ctrl+f", "search", "Search", id="search", priority=True, tooltip="Search all sessions"
        ),
        Binding(
            "ctrl+s",
            "toggle_sidebar",
            "Sidebar",
            id="toggle-sidebar",
            priority=True,
            tooltip="Sessions",
        ),
        Binding(
            "ctrl+o",
            "pick_model",
            "Model",
            id="pick-model",
            priority=True,
            tooltip="Switch the model",
        ),
        Binding(
            "f4",
            "edit_persona",
            "Persona",
            id="edit-persona",
            priority=True,
            tooltip="Edit this persona",
        ),
        Binding(
            "f5",
            "practice",
            "Practice",
            id="practice",
            priority=True,
            show=False,
            tooltip="Practise",
        ),
        Binding(
            "ctrl+g",
            "copy_reply",
            "Copy",
            id="copy-reply",
            priority=True,
            show=False,
            tooltip="Copy",
        ),
        Binding("ctrl+z", "undo_delete", "Undo", id="undo-delete", show=False),
        Binding("pageup", "page(-1)", "Page up", id="page-up", show=False, priority=True),
        Binding("pagedown", "page(1)", "Page down", id="page-down", show=False, priority=True),
    ]

    def __init__(self, *, clock: Clock | None = None, sidebar: bool = True) -> None:
        super().__init__(id="main")
        self.clock = clock
        self.sidebar_wanted = sidebar  # the student's choice (remembered by the app)
        self.desk: Desk | None = None
        self.shown_early: int | None = None  # the session drawn from the store at start-up

    def compose(self) -> ComposeResult:
        """What the first frame shows; the composer and footer join right after it."""
        yield HeaderBar(id="header")
        with Horizontal(id="body"):
            yield SessionShelf(clock=self.clock)
            yield ChatPane()
        yield Setup()
        yield StoreWatch(busy=lambda: self.chat.busy)
        yield PersonaFiles()

    @property
    def chat(self) -> ChatPane:
        return self.query_one(ChatPane)

    @property
    def shelf(self) -> SessionShelf:
        return self.query_one(SessionShelf)

    def on_mount(self) -> None:
        self.shelf.display = self.sidebar_wanted
        self.chat.focus_composer()
        self.call_after_refresh(self._after_first_paint)

    async def _after_first_paint(self) -> None:
        from textual.widgets import Footer

        await self.chat.mount_composer()
        await self.mount(Footer(compact=True))

    # --- set-up -------------------------------------------------------------------------

    async def on_stored_session_read(self, message: said.StoredSessionRead) -> None:
        await self.chat.view.show(message.messages)
        self.shown_early = message.session_id

    def on_desk_opened(self, message: said.DeskOpened) -> None:
        keep_loaded()  # everything loaded so far lives as long as the app
        self.desk = self.chat.desk = message.desk
        self.shelf.store = message.desk.store
        for warning in message.desk.workspace.config.warnings:
            self.notify(warning, severity="warning", timeout=10)
        problems = [str(p) for p in message.desk.workspace.personas.problems]
        if problems:
            self.notify(persona_problems_note(problems), severity="warning", timeout=10)
        self.query_one(PersonaFiles).start()
        self.query_one(StoreWatch).start(message.desk.store)
        self.query_one(Setup).connect()

    def on_desk_warm(self, message: said.DeskWarm) -> None:
        keep_loaded()  # the SDK's modules live as long as the app too
        self.chat.warm = True
        self.chat.schedule_meter(0)

    def on_desk_failed(self, message: said.DeskFailed) -> None:
        self.chat.failed = True
        self.chat.view.notice(message.error)
        self.chat.meter.show_note("not started — see above")

    def on_not_connected(self, message: said.NotConnected) -> None:
        self.chat.meter.show_note(message.note)

    async def on_connected(self, message: said.Connected) -> None:
        from tutor.core.errors import TutorError

        assert self.desk is not None
        store = self.desk.store
        try:
            latest = await store.later(store.latest_session)
            await self.open_session(latest.id if latest else None)
        except TutorError as error:  # e.g. the default persona needs a variable
            self.chat.view.notice(str(error))
            self.chat.meter.show_note("no session open — press Ctrl+N to start one")
            return
        self.chat.send_if_waiting()

    # --- opening sessions -----------------------------------------------------------------

    async def open_session(
        self,
        session_id: int | None,
        *,
        persona_id: str | None = None,
        variables: dict[str, Any] | None = None,
        reveal: int | None = None,
    ) -> None:
        """Open a stored session, or a new one (``session_id`` None); keep the draft aside."""
        assert self.desk is not None
        chat, old = self.chat, self.desk.conversation
        if old is not None:
            chat.keep_draft(old.session.id)
        if session_id is None:
            conv = await self.desk.new_session(persona_id, variables)
            greeting = conv.rendered.greeting
        else:
            conv = await self.desk.open_session(session_id)
            greeting = None
        drawn = old is None and session_id is not None and session_id == self.shown_early
        self.shown_early = None
        if drawn:
            chat.view.adopt(conv.history)  # on screen already, read from the store early
        await chat.show(conv, greeting=greeting, drawn=drawn)
        if old is not None:  # on the first open, keep what was typed while connecting
            chat.restore_draft(conv.session.id)
        self.shelf.refresh_list(self.desk.session.id if self.desk.session else None)
        self.refresh_header()
        if reveal is not None:
            await chat.view.reveal(reveal)
        if self.desk.warning:
            self.notify(self.desk.warning, severity="warning", timeout=10)
            self.desk.warning = None
        # The session's turns stay for a while: collect what opening it left over (and what
        # the session before it left, now and then), then keep the collector off the rest.
        settle()

    async def open_or_say(self, session_id: int | None, *, reveal: int | None = None) -> None:
        """Open a session; if that fails (deleted meanwhile, store trouble), say why in one line."""
        from tutor.core.errors import TutorError

        try:
            await self.open_session(session_id, reveal=reveal)
        except TutorError as error:
            self.notify(str(error), severity="error", timeout=8)
            self.shelf.refresh_list()

    def ready(self) -> bool:
        """True when the session can be changed now; otherwise say why, briefly."""
        if self.desk is None or self.desk.spec is None:
            self.notify("still connecting to the model server…", timeout=3)
            return False
        if self.chat.busy:
            self.notify("a reply is still coming — press Esc to stop it first", timeout=4)
            return False
        return True

    async def on_open_session(self, message: said.OpenSession) -> None:
        if self.ready():
            await self.open_or_say(message.session_id, reveal=message.message_id)

    async def on_new_session(self, message: said.NewSession) -> None:
        from tutor.ui.session import new_session

        if self.ready():
            if message.persona_id is None:
                new_session.pick_persona(self)
            else:
                await new_session.start_with(self, message.persona_id, message.variables or {})

    def action_new_session(self) -> None:
        from tutor.ui.session import new_session

        if self.ready():  # the picker opens now: the keys after Ctrl+N are its
            new_session.pick_persona(self)

    # --- the persona editor -------------------------------------------------------------------

    def action_edit_persona(self) -> None:
        """Edit the open session's persona (the palette edits any, or starts a new one)."""
        if self.desk is None:
            self.notify("still loading your personas…", timeout=3)
            return
        self.post_message(said.EditPersona(self.desk.persona_id))

    async def on_edit_persona(self, message: said.EditPersona) -> None:
        from tutor.ui.authoring.opening import open_editor

        await open_editor(self, message.persona_id)

    # --- the practice screen ------------------------------------------------------------------

    def action_practice(self) -> None:
        """The practice screen, on the problem practised last (else the problem list)."""
        self.post_message(said.OpenPractice(resume=True))

    def on_open_practice(self, message: said.OpenPractice) -> None:
        from tutor.ui.practice.opening import open_practice

        open_practice(self, message.problem_id, resume=message.resume)

    def on_screen_resume(self) -> None:
        """Back from another screen (the persona editor may have kept a trial as a session)."""
        if self.desk is not None:
            self.shelf.refresh_list(stay=True)

    # --- what the parts report --------------------------------------------------------------

    async def on_session_stored(self, message: said.SessionStored) -> None:
        await self._reread()
        self._after_change()

    async def _reread(self) -> None:
        """Read the open session's row again; if that fails (another tutor deleted it, the
        store is locked), what is shown stays — whoever hit the failure has said so."""
        from tutor.core.errors import TutorError

        if self.desk is not None:
            with contextlib.suppress(TutorError):
                await self.desk.reread_session()

    def on_turn_ended(self, message: said.TurnEnded) -> None:
        self._after_change()

    async def on_sessions_edited(self, message: said.SessionsEdited) -> None:
        desk = self.desk
        if desk is None or desk.session is None or desk.session.id != message.session_id:
            return
        if message.deleted:  # the open session: go to the newest other one
            store, pending = desk.store, self.shelf.pending
            listed = await store.later(store.list_sessions, limit=len(pending) + 1)
            others = [s.id for s in listed if s.id not in pending]
            await self.open_or_say(others[0] if others else None)
        else:
            await self._reread()
            self.refresh_header()

    # Found by name, as ChatPane's (TextArea is imported after the first frame).
    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id == "composer" and event.text_area.text:
            self.query_one(Setup).student_typing()

    def on_store_changed(self, message: said.StoreChanged) -> None:
        self.shelf.refresh_list(stay=True)
        self.chat.catch_up()

    def on_store_trouble(self, message: said.StoreTrouble) -> None:
        if message.problem is not None:
            self.notify(message.problem, severity="error", timeout=15)
        else:
            self.notify("the session store answers again", timeout=4)

    def on_personas_reloaded(self, message: said.PersonasReloaded) -> None:
        if self.desk is None:
            return
        problems = self.desk.use_personas(message.library)
        if problems:
            self.notify(persona_problems_note(problems), severity="warning", timeout=10)
        else:
            self.notify("personas reloaded", timeout=3)
        self.refresh_header()
        self.chat.schedule_meter(0)

    def _after_change(self) -> None:
        session = self.desk.session if self.desk else None
        self.shelf.refresh_list(session.id if session else None)
        self.refresh_header()

    def refresh_header(self) -> None:
        desk = self.desk
        conv = desk.conversation if desk else None
        if conv is None or desk is None or desk.spec is None:
            return
        self.query_one(HeaderBar).show(
            title=conv.session.title or "New session",
            persona=conv.persona.name,
            endpoint=desk.spec.name,
            model=desk.spec.model or "",
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A bug, not a failure the core names: one line, and the app goes on."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.notify(f"unexpected error: {type(error).__name__}: {error}", severity="error")

    # --- keys -------------------------------------------------------------------------

    def steer_key(self, event: events.Key) -> None:
        """Called by the app as each key arrives, before it is handed to the focused widget.

        A printable key meant for a widget that takes no text (a message, the sidebar, a
        button) moves the focus to the composer first, so it — and every key after it — is
        typed there, in order: letters are never commands, and code typed after a stray
        Shift+Tab cannot act on a session. With nothing focused, any key goes to the composer.
        """
        composer = self.chat.composer
        focused = self.focused
        if composer is None or focused is composer:
            return
        if focused is not None:
            if not event.is_printable or event.character is None:
                return
            if focused.check_consume_key(event.key, event.character):
                return
        self.set_focus(composer)

    def on_key(self, event: events.Key) -> None:
        """A printable key that still reached a widget that takes no text (queued for it
        before the focus moved): typed into the composer all the same."""
        focused = self.focused
        if not event.is_printable or event.character is None:
            return
        if focused is not None and focused.check_consume_key(event.key, event.character):
            return
        composer = self.chat.composer
        if composer is None:
            return
        event.stop()
        event.prevent_default()
        self.set_focus(composer)
        composer.insert(event.character)

    def action_escape(self) -> None:
        """Stop the reply, or leave editing; otherwise back to the composer."""
        if not self.chat.stop():
            self.chat.focus_composer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "escape":
            composer = self.chat.composer
            return (
                self.chat.busy
                or bool(composer and composer.editing)
                or self.focused is not composer
            )
        return True

    def action_regenerate(self) -> None:
        self.chat.regenerate()

    def action_edit_last(self) -> None:
        composer = self.chat.composer
        if composer is None:
            self.chat.edit_last()
        else:  # after the keys already on their way to the composer (they belong to the draft)
            composer.call_later(self.chat.edit_last)

    def action_copy_reply(self) -> None:
        self.chat.copy_reply()

    def action_undo_delete(self) -> None:
        if not self.shelf.undo_delete():
            self.notify("nothing to undo", timeout=2)

    def action_page(self, direction: int) -> None:
        """Scroll the conversation a page (from the composer too); the end follows again."""
        view = self.chat.view
        if direction < 0:
            view.scroll_page_up(animate=False)
        else:
            view.scroll_page_down(animate=False)

    def action_toggle_sidebar(self) -> None:
        self.sidebar_wanted = not self.shelf.display
        self.shelf.display = self.sidebar_wanted
        self.app.post_message(said.SidebarToggled(self.sidebar_wanted))

    def on_resize(self, event: events.Resize) -> None:
        self.shelf.display = self.sidebar_wanted and event.size.width >= SIDEBAR_MIN_WIDTH

    def action_search(self) -> None:
        from tutor.ui.dialogs.search import SearchScreen

        if self.desk is None:
            return
        store = self.desk.store

        async def found(target: tuple[int, int] | None) -> None:
            if target is not None and self.ready():
                await self.open_or_say(target[0], reveal=target[1])

        self.app.push_screen(SearchScreen(store.search), found)

    def on_session_action(self, message: said.SessionAction) -> None:
        """From the palette (posted here): search is the screen's, the rest the shelf's."""
        if message.what == "search":
            self.action_search()
        else:
            self.shelf.post_message(said.SessionAction(message.what, message.session_id))

    # --- models -------------------------------------------------------------------------

    def on_use_model(self, message: said.UseModel) -> None:
        if message.model is None:
            self.action_pick_model()
        elif self.ready():
            self.switch_model(message.model)

    @work(exclusive=True, group="model", exit_on_error=False)
    async def action_pick_model(self) -> None:
        from tutor.ui.session.models import pick_model

        if self.ready():
            model = await pick_model(self)
            if model:
                self.switch_model(model)

    @work(exclusive=True, group="model-switch", exit_on_error=False)
    async def switch_model(self, model: str) -> None:
        from tutor.core.errors import TutorError

        assert self.desk is not None
        try:
            conv = await self.desk.switch_model(model)
        except TutorError as error:
            self.notify(str(error), severity="error", timeout=8)
            return
        await self.chat.show(conv, greeting=None, drawn=False)
        self._after_change()
        self.notify(f"model: {model}", timeout=3)

    # --- the command palette's sources ----------------------------------------------------

    def palette_personas(self) -> list[tuple[str, str, str]]:
        if self.desk is None:
            return []
        library = self.desk.workspace.personas
        return [
            (p.id, p.name, p.description) for p in map(library.personas.get, library.ids()) if p
        ]

    def palette_sessions(self) -> list[tuple[int, str, str]]:
        return [(s.id, s.title, s.persona) for s in self.shelf.sessions.sessions]

    def palette_broken_personas(self) -> list[str]:
        return self.desk.workspace.personas.broken_ids() if self.desk else []

    async def palette_problems(self) -> list[tuple[str, str, str]]:
        from tutor.ui.practice.opening import palette_problems

        return await palette_problems(self)

    async def palette_models(self) -> list[str]:
        return await self.desk.models() if self.desk and self.desk.client else []
