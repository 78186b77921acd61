"""The trial chat beside the editor: the session's chat pane, talking with the unsaved persona.

Every message waits for the check of the text as it is at that moment, so the trial always
speaks with what the editor holds; a text with problems is not tried (the list says why). Its
turns live in a store in memory (see ``trial_desk``) until the author keeps them as a session.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.containers import Horizontal
from textual.widgets import Button, Static

from tutor.ui.messages import SessionStored, TurnEnded
from tutor.ui.session.chat import ChatPane

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from tutor.core.personas import Persona
    from tutor.core.personas.editing import Checked
    from tutor.ui.authoring.trial_desk import TrialDesk
    from tutor.ui.session.desk import Desk
    from tutor.ui.widgets.composer import Composer

HEADING = "Trial · not stored"
KEEP_TIP = "Keep the trial as a session of its own (it then appears in the sidebar)"
RESTART_TIP = "Forget the trial's turns and start it again"
NOT_STARTED = "the trial starts once the persona has no problems"
TRIAL_NEEDS_SERVER = (
    "the trial needs a model server — none answered yet (the session screen says why)"
)


class TrialChat(ChatPane):
    """A chat with the persona being edited; ``settled`` gives the check of the current text."""

    def __init__(self, settled: Callable[[], Awaitable[Checked]]) -> None:
        super().__init__()
        self.settled = settled
        self.trial: TrialDesk | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="trial-bar"):
            yield Static(Text(HEADING, style="bold"), id="trial-heading")
            yield Button("Keep", id="trial-keep", compact=True, disabled=True, tooltip=KEEP_TIP)
            yield Button("Restart", id="trial-restart", compact=True, tooltip=RESTART_TIP)
        yield from super().compose()

    def connect(self, desk: Desk) -> None:
        """Talk over ``desk``'s endpoint and model (the session's)."""
        from tutor.ui.authoring.trial_desk import TrialDesk

        self.trial = TrialDesk(desk)
        self.desk = self.trial
        self.warm = True

    def not_yet(self) -> None:
        """The text has problems and there is no trial yet: say when it starts."""
        if self.trial is not None and self.trial.conversation is None:
            self.meter.show_note(NOT_STARTED)

    async def use(self, persona: Persona) -> None:
        """The text checked fine: the next turn speaks as ``persona``."""
        if self.trial is None:
            return
        first = self.trial.conversation is None
        conv = self.trial.use(persona)
        if first:
            await self.show(conv, greeting=persona.greeting, drawn=False)
        else:
            self.schedule_meter(0)

    # The chat pane's own handler sends at once; the trial first waits for the check.
    def on_composer_submitted(self, event: Composer.Submitted) -> None:
        event.prevent_default()
        event.stop()
        if self.trial is None:
            self.notify(TRIAL_NEEDS_SERVER, severity="warning", timeout=6)
            return
        self._send_checked(event)

    @work(exclusive=True, group="trial-send", exit_on_error=False)
    async def _send_checked(self, event: Composer.Submitted) -> None:
        checked = await self.settled()
        if checked.persona is None:
            count = len(checked.problems)
            first = checked.problems[0] if checked.problems else None
            where = f" (line {first.line}: {first.message})" if first and first.line else ""
            self.notify(
                f"not sent — the persona has {count} problem{'s' * (count != 1)}{where}; "
                "the trial speaks with the text as it is, so fix it first",
                severity="warning",
                timeout=8,
            )
            return
        await self.use(checked.persona)
        ChatPane.on_composer_submitted(self, event)

    def on_session_stored(self, message: SessionStored) -> None:
        message.stop()  # the trial's first message: its session lives in memory
        self.query_one("#trial-keep", Button).disabled = False

    def on_turn_ended(self, message: TurnEnded) -> None:
        message.stop()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "trial-keep":
            self.keep()
        elif event.button.id == "trial-restart":
            await self.start_over()

    @work(exclusive=True, group="trial-keep", exit_on_error=False)
    async def keep(self) -> None:
        """Copy the trial so far into the session store, as a session of its own."""
        from tutor.core.errors import TutorError

        if self.trial is None or self.busy:
            self.notify("wait for the reply to end, then keep the trial", timeout=4)
            return
        try:
            kept = await self.trial.keep()
        except TutorError as error:
            self.notify(str(error), severity="warning", timeout=6)
            return
        self.notify(
            f"kept as a session: '{kept.title or 'untitled'}' (persona '{kept.persona}') — "
            "it is in the sidebar",
            timeout=6,
        )

    async def start_over(self) -> None:
        """Forget the trial's turns (a kept copy stays) and start a new one."""
        trial = self.trial
        if trial is None or self.busy:
            return
        conv = trial.conversation
        if conv is None:
            return
        conv = trial.restart(conv.persona)
        self.query_one("#trial-keep", Button).disabled = True
        await self.show(conv, greeting=conv.persona.greeting, drawn=False)

    def on_unmount(self) -> None:
        if self.trial is not None:  # the trial's turns were kept, or were meant to go
            self.trial.close()
