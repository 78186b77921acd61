"""Setting up the main screen: the workspace, the endpoint (or first run), models, personas.

The workspace is opened in a thread after the first paint; the endpoint is found in a worker.
"""

from __future__ import annotations

import gc

from rich.text import Text
from textual import work

from tutor.core.inert import inert
from tutor.ui.screen_parts import ScreenParts
from tutor.ui.session.messages import DeskFailed, DeskOpened, DeskWarm, StoredSessionRead, UseModel

PERSONA_CHECK_SECONDS = 2.0


class SetupTasks(ScreenParts):
    """Start-up, first run, switching models, and personas edited on disk."""

    # --- start-up ---------------------------------------------------------------------

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
            self.post_message(DeskFailed(_failure(error)))
            return
        self.post_message(DeskOpened(Desk(workspace)))
        import openai  # noqa: F401

        import tutor.ui.session.turn_player  # noqa: F401

        self.post_message(DeskWarm())

    async def on_stored_session_read(self, message: StoredSessionRead) -> None:
        await self.view.show(message.messages)
        self.shown_early = message.session_id

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
        problems = [str(p) for p in self.desk.workspace.personas.problems]
        if problems:
            self.notify(persona_problems_note(problems), severity="warning", timeout=10)
        self.watch_personas()
        self.watch_store()
        self.connect()

    def on_desk_failed(self, message: DeskFailed) -> None:
        self.view.notice(message.error)
        self.meter.show_note("not connected")

    @work(exclusive=True, group="connect", exit_on_error=False)
    async def connect(self) -> None:
        from tutor.core.endpoint import probe
        from tutor.core.errors import NoEndpoint, TutorError, UsageError
        from tutor.ui.dialogs.first_run import FirstRunScreen

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
        try:
            await self.show_session(latest.id if latest else None)
        except TutorError as error:  # e.g. the default persona needs a variable
            self.view.notice(str(error))
            self.meter.show_note("no session open — press Ctrl+N to start one")
            return
        self.send_if_waiting()

    async def _after_first_run(self, config: object) -> None:
        if config is None:
            self.app.exit()
            return
        assert self.desk is not None
        self.desk.workspace.config = config  # type: ignore[assignment]
        self.connect()

    # --- models -------------------------------------------------------------------------

    def on_use_model(self, message: UseModel) -> None:
        if message.model is None:
            self.action_pick_model()
        elif self.ready():
            self.switch_model(message.model)

    @work(exclusive=True, group="model", exit_on_error=False)
    async def action_pick_model(self) -> None:
        from tutor.core.errors import TutorError
        from tutor.ui.dialogs.choice import ChoiceDialog

        if not self.ready():
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

    # --- personas edited on disk ----------------------------------------------------------

    def watch_personas(self) -> None:
        from tutor.ui.session.persona_watch import PersonaWatch

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
            self.notify(persona_problems_note(problems), severity="warning", timeout=10)
        else:
            self.notify("personas reloaded", timeout=3)
        self.refresh_header()
        self.schedule_meter(0)

    async def palette_models(self) -> list[str]:
        return await self.desk.models() if self.desk and self.desk.client else []


def persona_problems_note(problems: list[str]) -> str:
    """The first problem, how many more, and where to see them all."""
    if len(problems) == 1:
        return f"persona file problem: {problems[0]} — that file is left out until it is fixed"
    return (
        f"persona file problem: {problems[0]} (and {len(problems) - 1} more — Ctrl+N lists "
        "them; broken files are left out until they are fixed)"
    )


def _failure(error: Exception) -> str:
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
