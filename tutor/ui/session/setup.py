"""The setup part: the workspace opened in a thread, the endpoint found (or the first-run screen).

It has no widgets of its own. It reports by messages: ``StoredSessionRead`` (the newest session,
read before anything slow), ``DeskOpened`` or ``DeskFailed``, ``DeskWarm`` (the SDK and
Markdown rendering are loaded), then ``Connected`` or ``NotConnected``; once connected and the
student types, the endpoint's SDK client is built in a thread, so the message does not wait
for it.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from textual import work
from textual.widget import Widget

from tutor.ui.messages import (
    Connected,
    DeskFailed,
    DeskOpened,
    DeskWarm,
    NotConnected,
    StoredSessionRead,
)

if TYPE_CHECKING:
    from tutor.core.endpoint.client import ModelClient
    from tutor.ui.session.desk import Desk

FIRST_FRAME_SECONDS = 0.03  # let the terminal take the first frame before the thread starts


class Setup(Widget):
    """Opens the desk after the first frame and connects it to a model server."""

    DEFAULT_CSS = "Setup { display: none; }"

    def __init__(self) -> None:
        super().__init__(id="setup")
        self.desk: Desk | None = None
        self._warm = False
        self._connected = False
        self._typing = False
        self._prepared: ModelClient | None = None

    # Its own messages reach it first (then the screen). The SDK client is built once the
    # SDK is imported (never two threads importing it at once), the endpoint is known and the
    # student has begun to write: in a thread its work still takes the interpreter's lock in
    # turns with the screen, so not while a session is being drawn, only while keys are typed.
    def on_desk_warm(self, message: DeskWarm) -> None:
        self._warm = True
        self._prepare_when_ready()

    def on_connected(self, message: Connected) -> None:
        self._connected = True
        self._prepare_when_ready()

    def student_typing(self) -> None:
        """The composer's text changed (the screen tells): a message is on its way."""
        self._typing = True
        self._prepare_when_ready()

    def _prepare_when_ready(self) -> None:
        client = self.desk.client if self.desk else None
        ready = self._warm and self._connected and self._typing
        if ready and client is not None and client is not self._prepared:
            self._prepared = client  # a model switched to gets a client of its own: again
            self.prepare_client(client)

    @work(thread=True, group="prepare", exit_on_error=False)
    def prepare_client(self, client: ModelClient) -> None:
        """What the first request would build while the student waits (see ``prepare``);
        should it fail, the first request builds it again and says what is wrong."""
        with contextlib.suppress(Exception):
            client.prepare()

    def on_mount(self) -> None:
        self.set_timer(FIRST_FRAME_SECONDS, self.open_desk)

    @work(thread=True, group="start", exit_on_error=False)
    def open_desk(self) -> None:
        """Open everything in this thread, the stored session first (no server needed to read
        it), then the personas, then the slow imports, so neither the first paint nor the first
        reply waits for them."""
        from tutor.core.errors import TutorError
        from tutor.core.workspace import Workspace
        from tutor.ui.rendering.reply_markdown import warm_up
        from tutor.ui.session.desk import Desk

        try:
            workspace = Workspace()
            latest = workspace.store.latest_session()
            warm_up()  # Markdown rendering: the stored session is drawn with it
            if latest is not None:
                messages = workspace.store.messages(latest.id)
                self.post_message(StoredSessionRead(latest.id, messages))
            _ = workspace.personas
        except TutorError as error:
            self.post_message(DeskFailed(failure(error)))
            return
        self.desk = Desk(workspace)
        self.post_message(DeskOpened(self.desk))
        import openai  # noqa: F401

        import tutor.ui.session.turn_player  # noqa: F401

        self.post_message(DeskWarm())
        from tutor.ui.practice.opening import warm_up as practice_warm_up

        practice_warm_up()  # so F5 does not wait for the practice screen's imports

    @work(exclusive=True, group="connect", exit_on_error=False)
    async def connect(self) -> None:
        """Find the model server; with none, the first-run screen asks for one."""
        from tutor.core.endpoint import probe
        from tutor.core.errors import NoEndpoint, TutorError, UsageError
        from tutor.ui.dialogs.first_run import FirstRunScreen

        desk = self.desk
        assert desk is not None
        self.post_message(NotConnected("looking for the model server…"))
        try:
            await desk.connect()
        except (NoEndpoint, UsageError) as error:
            config = desk.workspace.config
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
            self.post_message(NotConnected(str(error)))
            return
        self.post_message(Connected())

    async def _after_first_run(self, config: object) -> None:
        if config is None:
            self.app.exit()
            return
        assert self.desk is not None
        self.desk.workspace.config = config  # type: ignore[assignment]
        self.connect()


def persona_problems_note(problems: list[str]) -> str:
    """The first problem, how many more, and where to see them all."""
    if len(problems) == 1:
        return f"persona file problem: {problems[0]} — that file is left out until it is fixed"
    return (
        f"persona file problem: {problems[0]} (and {len(problems) - 1} more — Ctrl+N lists "
        "them; broken files are left out until they are fixed)"
    )


def failure(error: Exception) -> str:
    """What the conversation shows when the workspace cannot open: for a broken config, every
    problem on its own line (file:line:col: what is wrong — the fix), then what to do next."""
    from tutor.core.errors import ConfigError

    if not isinstance(error, ConfigError) or not error.problems:
        return str(error)
    lines = [str(problem) for problem in error.problems]
    lines.append(
        "Fix the config file and start tutor again (Ctrl+Q quits); `tutor doctor` checks it."
    )
    return "\n".join(lines)
