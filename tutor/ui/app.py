"""TutorApp: the main screen, the theme and sidebar remembered, the config's keymap applied."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.theme import Theme

from tutor.core.config.preferences import Preferences
from tutor.core.inert import inert
from tutor.ui.keymap import binding_ids, unknown_ids
from tutor.ui.main_screen import MainScreen
from tutor.ui.session.messages import DeskOpened, SidebarToggled
from tutor.ui.widgets.session_list import Clock, SessionList
from tutor.ui.widgets.turns import Turn

if TYPE_CHECKING:
    from tutor.ui.session.desk import Desk

HERE = Path(__file__).parent


class TutorApp(App[int]):
    """A Socratic tutor in the terminal."""

    TITLE = "tutor"
    CSS_PATH: ClassVar = [HERE / "tutor.tcss"]  # absolute, so the app can be subclassed
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True, show=False, tooltip="Quit"),
        Binding(
            "ctrl+p", "command_palette", "Commands", id="command-palette", priority=True, show=False
        ),
    ]

    def __init__(self, *, clock: Clock | None = None, preferences: Preferences | None = None):
        super().__init__()
        self.preferences = preferences or Preferences()
        self.clock = clock
        self.desk: Desk | None = None

    def get_default_screen(self) -> MainScreen:
        remembered = self.preferences.text("theme")
        if remembered in self.available_themes:
            self.theme = remembered
        return MainScreen(clock=self.clock, sidebar=self.preferences.flag("sidebar", True))

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def on_desk_opened(self, message: DeskOpened) -> None:
        self.desk = message.desk
        config = message.desk.workspace.config
        if not self.preferences.text("theme") and config.theme in self.available_themes:
            self.theme = config.theme
        if config.keymap:
            from tutor.ui.dialogs.choice import ChoiceDialog
            from tutor.ui.dialogs.confirm import ConfirmDialog
            from tutor.ui.dialogs.first_run import FirstRunScreen
            from tutor.ui.dialogs.persona_picker import PersonaPicker
            from tutor.ui.dialogs.search import SearchScreen
            from tutor.ui.dialogs.text import TextDialog
            from tutor.ui.widgets.composer import Composer

            known = binding_ids(
                (
                    type(self),
                    MainScreen,
                    Composer,
                    Turn,
                    SessionList,
                    ChoiceDialog,
                    ConfirmDialog,
                    TextDialog,
                    FirstRunScreen,
                    PersonaPicker,
                    SearchScreen,
                )
            )
            for warning in unknown_ids(config.keymap, known):
                self.notify(inert(warning), severity="warning", timeout=10, markup=False)
            self.set_keymap(config.keymap)

    def _remember_theme(self, theme: Theme) -> None:
        self.preferences.remember(theme=theme.name)

    def on_sidebar_toggled(self, message: SidebarToggled) -> None:
        self.preferences.remember(sidebar=message.shown)

    async def on_unmount(self) -> None:
        if self.desk is not None:
            await self.desk.aclose()
