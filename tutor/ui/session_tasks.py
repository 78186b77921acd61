"""What the main screen does around turns: sessions, personas, models, search, export, copy.

The base of ``MainScreen``: each task opens a small dialog and acts on its answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.screen import Screen

from tutor.core.inert import inert
from tutor.ui.messages import CopyCode, CopyText, NewSession, OpenSession, SessionAction, UseModel

if TYPE_CHECKING:
    from tutor.core.conversation import Conversation
    from tutor.ui.composer import Composer
    from tutor.ui.conversation_view import ConversationView
    from tutor.ui.desk import Desk
    from tutor.ui.session_list import SessionList
    from tutor.ui.token_meter import TokenMeter

PERSONA_CHECK_SECONDS = 2.0


class SessionTasks(Screen[None]):
    """Session, persona, model, search, export and copy tasks of the main screen."""

    desk: Desk | None
    view: ConversationView
    composer: Composer
    meter: TokenMeter
    sidebar: SessionList

    if TYPE_CHECKING:

        @property
        def conversation(self) -> Conversation | None: ...
        @property
        def turn_running(self) -> bool: ...
        async def show_session(
            self,
            session_id: int | None,
            *,
            persona_id: str | None = None,
            variables: dict[str, object] | None = None,
            reveal: int | None = None,
        ) -> None: ...
        def refresh_sessions(self) -> None: ...
        def refresh_header(self) -> None: ...
        def schedule_meter(self, delay: float) -> None: ...

    def _ready(self) -> bool:
        if self.desk is None or self.desk.spec is None:
            self.notify("still connecting to the model server…", timeout=3)
            return False
        if self.turn_running:
            self.notify("a reply is still coming — press Esc to stop it first", timeout=4)
            return False
        return True

    # --- opening sessions ---------------------------------------------------------------

    async def on_open_session(self, message: OpenSession) -> None:
        if self._ready():
            await self.show_session(message.session_id, reveal=message.message_id)

    async def on_new_session(self, message: NewSession) -> None:
        if not self._ready():
            return
        if message.persona_id is None:
            self.action_new_session()
            return
        await self._start_with(message.persona_id, message.variables or {})

    def action_new_session(self) -> None:
        from tutor.core.tokens import TiktokenCounter
        from tutor.ui.persona_picker import PersonaPicker

        if not self._ready():
            return
        assert self.desk is not None and self.desk.spec is not None
        library = self.desk.workspace.personas
        personas = [library.personas[pid] for pid in library.ids()]
        counter = TiktokenCounter(self.desk.spec.model or "")
        problems = [str(p) for p in library.problems]
        picker = PersonaPicker(personas, problems, counter, current=self.desk.persona_id)
        self.app.push_screen(picker, self._persona_picked)

    async def _persona_picked(self, persona_id: str | None) -> None:
        if persona_id is not None:
            await self._start_with(persona_id, {})

    async def _start_with(self, persona_id: str, variables: dict[str, Any]) -> None:
        from tutor.core.errors import TutorError
        from tutor.ui.text_dialog import TextDialog

        assert self.desk is not None
        try:
            persona = self.desk.persona(persona_id)
        except TutorError as error:
            self.notify(str(error), severity="error", timeout=8)
            return
        missing = [v for v in persona.required_variables() if v not in variables]
        if missing:
            name = missing[0]

            async def given(value: str | None) -> None:
                if value is not None:
                    await self._start_with(persona_id, {**variables, name: value})

            title = f"{persona.name} needs '{name}'"
            self.app.push_screen(TextDialog(title, hint="Enter to start, Esc to cancel"), given)
            return
        try:
            await self.show_session(None, persona_id=persona_id, variables=variables)
        except TutorError as error:
            self.notify(str(error), severity="error", timeout=8)
        self.composer.focus()

    # --- rename, delete, export, search -------------------------------------------------

    def on_session_action(self, message: SessionAction) -> None:
        from tutor.ui.choice_dialog import ChoiceDialog
        from tutor.ui.confirm_dialog import ConfirmDialog
        from tutor.ui.text_dialog import TextDialog

        if self.desk is None:
            return
        if message.what == "search":
            self.action_search()
            return
        session_id = message.session_id
        if session_id is None:
            current = self.desk.session
            if current is None:
                self.notify("this session has no messages yet — nothing to " + message.what)
                return
            session_id = current.id
        info = self.desk.store.get_session(session_id)
        if message.what == "rename":
            self.app.push_screen(
                TextDialog("Rename the session", info.title, hint="Enter saves, Esc cancels"),
                lambda title: self._renamed(session_id, title),
            )
        elif message.what == "delete":
            question = f"Delete the session “{inert(info.title) or '(untitled)'}” for good?"
            self.app.push_screen(
                ConfirmDialog(question), lambda yes: self._deleted(session_id, yes)
            )
        elif message.what == "export":
            formats = [
                ("md", Text("Markdown (readable)")),
                ("json", Text("JSON (exact, importable)")),
            ]
            self.app.push_screen(
                ChoiceDialog("Export as", formats),
                lambda fmt: self._export_to(session_id, fmt) if fmt else None,
            )
        elif message.what in ("export-md", "export-json"):
            self._export_to(session_id, message.what.removeprefix("export-"))

    def _renamed(self, session_id: int, title: str | None) -> None:
        if title is not None and self.desk is not None:
            self.desk.store.rename_session(session_id, title)
            conv = self.conversation
            if conv is not None and conv.session.id == session_id:
                conv.session = self.desk.store.get_session(session_id)
            self.refresh_sessions()
            self.refresh_header()

    async def _deleted(self, session_id: int, yes: bool | None) -> None:
        if not yes or self.desk is None:
            return
        self.desk.store.delete_session(session_id)
        current = self.desk.session
        self.notify("session deleted", timeout=3)
        if current is not None and current.id == session_id:
            latest = self.desk.store.latest_session()
            await self.show_session(latest.id if latest else None)
        else:
            self.refresh_sessions()

    def _export_to(self, session_id: int, fmt: str) -> None:
        from tutor.ui.export_file import default_path, write_export
        from tutor.ui.text_dialog import TextDialog

        assert self.desk is not None
        store = self.desk.store
        info = store.get_session(session_id)

        def check(path: str) -> str | None:
            from pathlib import Path

            target = Path(path).expanduser()
            if target.exists():
                return f"{target} exists — choose another name"
            if not target.parent.is_dir():
                return f"the folder {target.parent} does not exist"
            return None

        def chosen(path: str | None) -> None:
            if path is None:
                return
            try:
                written = write_export(store, session_id, fmt, path)
            except OSError as error:
                self.notify(f"could not write {path}: {error.strerror}", severity="error")
                return
            self.notify(f"exported to {written}", timeout=6)

        dialog = TextDialog(
            f"Export as {'Markdown' if fmt == 'md' else 'JSON'} to",
            str(default_path(info, fmt)),
            hint="Enter writes the file, Esc cancels",
            check=check,
        )
        self.app.push_screen(dialog, chosen)

    def action_search(self) -> None:
        from tutor.ui.search_screen import SearchScreen

        if self.desk is None:
            return
        store = self.desk.store

        async def found(target: tuple[int, int] | None) -> None:
            if target is not None and self._ready():
                await self.show_session(target[0], reveal=target[1])

        self.app.push_screen(SearchScreen(store.search), found)

    # --- models -------------------------------------------------------------------------

    def on_use_model(self, message: UseModel) -> None:
        if message.model is None:
            self.action_pick_model()
        elif self._ready():
            self.switch_model(message.model)

    @work(exclusive=True, group="model", exit_on_error=False)
    async def action_pick_model(self) -> None:
        from tutor.core.errors import TutorError
        from tutor.ui.choice_dialog import ChoiceDialog

        if not self._ready():
            return
        assert self.desk is not None and self.desk.spec is not None
        try:
            models = await self.desk.models()
        except TutorError as error:
            self.notify(f"cannot list the models: {error}", severity="error", timeout=8)
            return
        choices = [(m, Text(inert(m))) for m in models]
        model = await self.app.push_screen_wait(
            ChoiceDialog("Use which model?", choices, current=self.desk.spec.model)
        )
        if model:
            self.switch_model(model)

    @work(exclusive=True, group="model-switch", exit_on_error=False)
    async def switch_model(self, model: str) -> None:
        assert self.desk is not None
        conv = await self.desk.switch_model(model)
        await self.view.show(conv.history)
        self.refresh_header()
        self.refresh_sessions()
        self.schedule_meter(0)
        self.notify(f"model: {inert(model)}", timeout=3)

    # --- copying ------------------------------------------------------------------------

    def on_copy_text(self, message: CopyText) -> None:
        self.app.copy_to_clipboard(message.text)
        self.notify(f"copied {message.what}", timeout=3)

    def on_copy_code(self, message: CopyCode) -> None:
        from tutor.ui.choice_dialog import ChoiceDialog

        blocks = message.blocks
        if not blocks:
            self.notify("that message has no code block", timeout=3)
        elif len(blocks) == 1:
            self.on_copy_text(CopyText(blocks[0], "the code block"))
        else:
            choices = [(str(i), _code_label(i, b)) for i, b in enumerate(blocks)]

            def picked(key: str | None) -> None:
                if key is not None:
                    self.on_copy_text(CopyText(blocks[int(key)], "the code block"))

            self.app.push_screen(ChoiceDialog("Copy which code block?", choices), picked)

    def action_copy_reply(self) -> None:
        from tutor.ui.turns import Turn

        focused = self.focused if isinstance(self.focused, Turn) else self.view.newest_reply()
        if focused is None:
            self.notify("there is no reply to copy yet", timeout=3)
        else:
            focused.action_copy_text()

    # --- personas edited on disk ----------------------------------------------------------

    def watch_personas(self) -> None:
        from tutor.ui.persona_watch import PersonaWatch

        self._persona_watch = PersonaWatch()
        self.set_interval(PERSONA_CHECK_SECONDS, self._check_personas)

    def _check_personas(self) -> None:
        if self._persona_watch.changed():
            self.reload_personas()

    @work(exclusive=True, group="personas", thread=True, exit_on_error=False)
    def reload_personas(self) -> None:
        assert self.desk is not None
        problems = self.desk.reload_personas()
        self.app.call_from_thread(self._personas_reloaded, problems)

    def _personas_reloaded(self, problems: list[str]) -> None:
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            self.notify(
                f"persona file problem: {problems[0]}{more}", severity="warning", timeout=10
            )
        else:
            self.notify("personas reloaded", timeout=3)
        self.refresh_header()
        self.schedule_meter(0)

    # --- the command palette's sources ----------------------------------------------------

    def palette_personas(self) -> list[tuple[str, str, str]]:
        if self.desk is None:
            return []
        library = self.desk.workspace.personas
        return [
            (p.id, p.name, p.description) for p in map(library.personas.get, library.ids()) if p
        ]

    def palette_sessions(self) -> list[tuple[int, str, str]]:
        return [(s.id, s.title, s.persona) for s in self.sidebar.sessions[:100]]

    async def palette_models(self) -> list[str]:
        return await self.desk.models() if self.desk and self.desk.client else []


def _code_label(index: int, block: str) -> Text:
    first = next((line for line in block.splitlines() if line.strip()), "")
    lines = block.count("\n") + (0 if block.endswith("\n") else 1)
    label = Text(f"{index + 1}. ", style="bold")
    label.append(inert(first.strip())[:60])
    label.append(f"  ({lines} lines)", style="dim")
    return label
