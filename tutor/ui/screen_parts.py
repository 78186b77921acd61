"""What the main screen's task groups share: its parts, and the few steps they call on each other.

``MainScreen`` is built from ``SetupTasks``, ``SessionTasks``, ``TurnTasks``, ``MessageTasks``
and ``StoreWatchTasks``; each of them extends ``ScreenParts`` and so can use the widgets and
steps declared here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from tutor.core.inert import inert

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from tutor.core.turn.conversation import Conversation
    from tutor.ui.session.desk import Desk
    from tutor.ui.widgets.composer import Composer
    from tutor.ui.widgets.conversation_view import ConversationView
    from tutor.ui.widgets.session_list import SessionList
    from tutor.ui.widgets.token_meter import TokenMeter

TURN_GROUP = "turn"  # the worker group of the turn being played


class ScreenParts(Screen[None]):
    """The main screen's widgets and shared steps (defined by ``MainScreen`` and the tasks)."""

    desk: Desk | None
    view: ConversationView
    composer: Composer
    meter: TokenMeter
    sidebar: SessionList
    warm: bool  # the SDK and Markdown rendering are loaded
    shown_early: int | None = None  # the session drawn from the store before connecting

    @property
    def conversation(self) -> Conversation | None:
        return self.desk.conversation if self.desk else None

    @property
    def turn_running(self) -> bool:
        return any(w.is_running for w in self.workers if w.group == TURN_GROUP)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A toast. Its text may quote a server or a file, so it is made inert and is never
        read as markup (a stray ``[`` would otherwise break it or restyle it)."""
        super().notify(
            inert(message), title=title, severity=severity, timeout=timeout, markup=False
        )

    def ready(self) -> bool:
        """True when a session can be changed now; otherwise say why, briefly."""
        if self.desk is None or self.desk.spec is None:
            self.notify("still connecting to the model server…", timeout=3)
            return False
        if self.turn_running:
            self.notify("a reply is still coming — press Esc to stop it first", timeout=4)
            return False
        return True

    if TYPE_CHECKING:

        async def show_session(
            self,
            session_id: int | None,
            *,
            persona_id: str | None = None,
            variables: dict[str, object] | None = None,
            reveal: int | None = None,
        ) -> None: ...
        def refresh_sessions(self, *, stay: bool = False) -> None: ...
        def refresh_header(self) -> None: ...
        def schedule_meter(self, delay: float) -> None: ...
        def watch_personas(self) -> None: ...
        def watch_store(self) -> None: ...
        def send_if_waiting(self) -> None: ...
