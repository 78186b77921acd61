"""TutorApp: the session screen, the theme and sidebar remembered, the config's keymap applied."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.theme import Theme

from tutor.core.config.preferences import Preferences
from tutor.core.inert import inert
from tutor.ui.key_order import KeyOrder
from tutor.ui.messages import DeskOpened, SidebarToggled
from tutor.ui.session.screen import SessionScreen

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from tutor.ui.session.desk import Desk
    from tutor.ui.widgets.session_list import Clock


class TutorApp(App[int]):
    """A Socratic tutor in the terminal."""

    TITLE = "tutor"
    # absolute, so the app can be subclassed
    CSS_PATH: ClassVar = [Path(__file__).parent / "tutor.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True, show=False, tooltip="Quit"),
        Binding(
            "ctrl+p", "command_palette", "Commands", id="command-palette", priority=True, show=False
        ),
        # Priority: the focus moves as the key arrives, so the keys typed after Tab go to the
        # next field even in a burst (Textual's own Tab acts only after they were handed on).
        # A widget that takes Tab itself (the composer indents) keeps it.
        Binding("tab", "focus_next", "Next", id="focus-next", priority=True, show=False),
        Binding(
            "shift+tab",
            "focus_previous",
            "Previous",
            id="focus-previous",
            priority=True,
            show=False,
        ),
    ]

    def __init__(self, *, clock: Clock | None = None, preferences: Preferences | None = None):
        super().__init__()
        self.preferences = preferences or Preferences()
        self.clock = clock
        self.desk: Desk | None = None
        self.key_order = KeyOrder(self, self._deliver)

    def get_default_screen(self) -> SessionScreen:
        remembered = self.preferences.text("theme")
        if remembered in self.available_themes:
            self.theme = remembered
        return SessionScreen(clock=self.clock, sidebar=self.preferences.flag("sidebar", True))

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    async def on_event(self, event: events.Event) -> None:
        """Keys go on in the order they came: one that arrives while nothing has the focus
        waits for it (``KeyOrder``); on the session screen each may first move the focus
        (``steer_key``)."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            if not self.key_order.holds(event):
                await self._deliver(event)
            return
        await super().on_event(event)

    async def _deliver(self, event: events.Key) -> None:
        screen = self.screen
        if isinstance(screen, SessionScreen):
            screen.steer_key(event)
        await super().on_event(event)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every toast of the app. Its text may quote a server, a file or a title, so it is
        made inert and never read as markup (a stray ``[`` would break or restyle it)."""
        super().notify(
            inert(message), title=inert(title), severity=severity, timeout=timeout, markup=False
        )

    def on_desk_opened(self, message: DeskOpened) -> None:
        from tutor.ui.keymap import apply_keymap

        self.desk = message.desk
        config = message.desk.workspace.config
        self._config_theme(config.theme)
        if config.keymap:
            for warning in apply_keymap(self, config.keymap):
                self.notify(warning, severity="warning", timeout=12)

    def _config_theme(self, theme: str | None) -> None:
        """The config's ``theme:`` wins whenever it changes; between changes, the theme the
        student last picked in the app is kept."""
        if not theme or theme not in self.available_themes:
            return
        if self.preferences.text("config_theme") != theme:
            self.preferences.remember(config_theme=theme)
            self.theme = theme

    def _remember_theme(self, theme: Theme) -> None:
        self.preferences.remember(theme=theme.name)

    def on_sidebar_toggled(self, message: SidebarToggled) -> None:
        self.preferences.remember(sidebar=message.shown)

    async def on_unmount(self) -> None:
        if self.desk is not None:
            await self.desk.aclose()
