"""Session tasks of the main screen: open, start with a persona, rename, delete, export, search.

Each task opens a small dialog and acts on its answer.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from tutor.core.inert import inert
from tutor.ui.screen_parts import ScreenParts
from tutor.ui.session.messages import NewSession, OpenSession, SessionAction


class SessionTasks(ScreenParts):
    """Opening, starting, renaming, deleting, exporting and finding sessions."""

    async def open_or_say(self, session_id: int | None, *, reveal: int | None = None) -> None:
        """Open a session; if that fails (deleted meanwhile, store trouble), say why in one line."""
        from tutor.core.errors import TutorError

        try:
            await self.show_session(session_id, reveal=reveal)
        except TutorError as error:
            self.notify(str(error), severity="error", timeout=8)
            self.refresh_sessions()

    # --- opening sessions ---------------------------------------------------------------

    async def on_open_session(self, message: OpenSession) -> None:
        if self.ready():
            await self.open_or_say(message.session_id, reveal=message.message_id)

    async def on_new_session(self, message: NewSession) -> None:
        if not self.ready():
            return
        if message.persona_id is None:
            self.action_new_session()
            return
        await self._start_with(message.persona_id, message.variables or {})

    def action_new_session(self) -> None:
        from tutor.core.tokens import TiktokenCounter
        from tutor.ui.dialogs.persona_picker import PersonaPicker

        if not self.ready():
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
        from tutor.ui.dialogs.text import TextDialog

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
        from tutor.core.errors import TutorError
        from tutor.ui.dialogs.choice import ChoiceDialog
        from tutor.ui.dialogs.confirm import ConfirmDialog
        from tutor.ui.dialogs.text import TextDialog

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
        try:
            info = self.desk.store.get_session(session_id)
        except TutorError as error:  # deleted meanwhile (another tutor), or the store failed
            self.notify(str(error), severity="error", timeout=8)
            self.refresh_sessions()
            return
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
            await self.open_or_say(latest.id if latest else None)
        else:
            self.refresh_sessions()

    def _export_to(self, session_id: int, fmt: str) -> None:
        from tutor.ui.dialogs.text import TextDialog
        from tutor.ui.session.exports import default_path, write_export

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
        from tutor.ui.dialogs.search import SearchScreen

        if self.desk is None:
            return
        store = self.desk.store

        async def found(target: tuple[int, int] | None) -> None:
            if target is not None and self.ready():
                await self.open_or_say(target[0], reveal=target[1])

        self.app.push_screen(SearchScreen(store.search), found)

    # --- the command palette's sources ----------------------------------------------------

    def palette_personas(self) -> list[tuple[str, str, str]]:
        if self.desk is None:
            return []
        library = self.desk.workspace.personas
        return [
            (p.id, p.name, p.description) for p in map(library.personas.get, library.ids()) if p
        ]

    def palette_sessions(self) -> list[tuple[int, str, str]]:
        return [(s.id, s.title, s.persona) for s in self.sidebar.sessions]
