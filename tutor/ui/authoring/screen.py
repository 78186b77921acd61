"""The persona editor screen: the YAML, its problems and its cost on the left; the trial chat
and a rehearsal's results on the right. It composes its parts and routes their messages.

Save writes the text through ``save_persona`` (checked again, written whole, in a thread); the
session screen's persona watcher then reloads it. Esc leaves, asking first when the text
differs from what is on disk — the default answer keeps the author editing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static, TextArea
from textual.worker import Worker, WorkerState

from tutor.core.inert import inert
from tutor.ui.authoring import saving
from tutor.ui.authoring.draft_pane import DraftPane
from tutor.ui.authoring.rehearsal_panel import RehearsalPanel
from tutor.ui.authoring.trial import TRIAL_NEEDS_SERVER, TrialChat
from tutor.ui.messages import DraftChecked, ProblemPicked

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.command import Provider

    from tutor.core.personas.editing import Checked, PersonaSheet
    from tutor.ui.session.desk import Desk

WHERE = {
    "yours": "your file {target}",
    "built-in": "a copy of the built-in — Ctrl+S writes {target}, which then replaces it for you",
    "new": "new — Ctrl+S writes {target}",
}


def _palette() -> type[Provider]:
    from tutor.ui.palette import EditorCommands

    return EditorCommands


class PersonaEditorScreen(Screen[None]):
    """One persona's file, edited, checked as typed, tried and rehearsed before it is saved."""

    COMMANDS: ClassVar = {_palette}
    CSS_PATH: ClassVar = [Path(__file__).parent / "authoring.tcss"]
    AUTO_FOCUS = "#yaml"
    BINDINGS: ClassVar[list[BindingType]] = [
        # priority: ahead of the editor, whose Esc would move the focus away
        Binding("escape", "leave", "Leave", id="leave-editor", priority=True, tooltip="Leave"),
        Binding("ctrl+s", "save", "Save", id="save-persona", tooltip="Save the persona file"),
        Binding("ctrl+r", "rehearse", "Rehearse", id="rehearse-persona", tooltip="Run its cases"),
        Binding("ctrl+t", "switch_side", "Trial/YAML", id="editor-switch", tooltip="Switch side"),
        Binding("f8", "next_problem", "Next problem", id="next-problem", tooltip="Next problem"),
    ]

    def __init__(self, sheet: PersonaSheet, desk: Desk) -> None:
        super().__init__(id="persona-editor")
        self.sheet = sheet
        self.desk = desk
        self.baseline = sheet.text  # what leaving loses nothing against (the file, or the start)
        self._typing_into: TextArea | None = None  # where stray printable keys go

    def compose(self) -> ComposeResult:
        yield Static(id="editor-header")
        with Horizontal(id="editor-body"):
            yield DraftPane(self.sheet)
            with Vertical(id="editor-side"):
                yield TrialChat(self._settled)
                yield RehearsalPanel(id="rehearsal")
        yield Footer(compact=True)

    @property
    def draft(self) -> DraftPane:
        return self.query_one(DraftPane)

    @property
    def trial(self) -> TrialChat:
        return self.query_one(TrialChat)

    async def _settled(self) -> Checked:
        return await self.draft.settled()

    async def on_mount(self) -> None:
        self.query_one(RehearsalPanel).display = False
        self.show_header()
        await self.trial.mount_composer()
        self.draft.yaml.focus()
        if self.desk.spec is not None and self.desk.client is not None:
            self.trial.connect(self.desk)
        else:
            self.trial.meter.show_note(TRIAL_NEEDS_SERVER)
        self.draft.count_for(self.desk)

    # --- what the parts report --------------------------------------------------------------

    async def on_draft_checked(self, message: DraftChecked) -> None:
        self.show_header()
        persona = message.checked.persona
        if persona is not None:
            await self.trial.use(persona)
        else:
            self.trial.not_yet()

    def on_problem_picked(self, message: ProblemPicked) -> None:
        self.draft.jump_to(message.line, message.col)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area is self.draft.yaml:
            self.show_header()

    def show_header(self) -> None:
        """``persona ID · 2 problems · unsaved changes · your file PATH`` (the path last: it
        is the part that may be cut)."""
        sheet = self.sheet
        header = Text(f"persona {inert(sheet.persona_id)}", style="bold")
        latest = self.draft.latest
        if latest is not None and latest.problems:
            count = len(latest.problems)
            header.append(f" · {count} problem{'s' * (count != 1)}", style="bold red")
        if self.draft.text != self.baseline:
            header.append(" · unsaved changes", style="bold yellow")
        elif sheet.origin == "yours":
            header.append(" · saved", style="green")
        header.append(" · " + inert(WHERE[sheet.origin].format(target=sheet.target)))
        self.query_one("#editor-header", Static).update(header)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A bug, not a failure the core names: one line, and the editor goes on."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.notify(f"unexpected error: {type(error).__name__}: {error}", severity="error")

    # --- saving and leaving -----------------------------------------------------------------

    def action_save(self) -> None:
        self._save()

    @work(exclusive=True, group="save", exit_on_error=False)
    async def _save(self) -> None:
        await saving.save(self)

    def action_leave(self) -> None:
        if not self.trial.stop():  # Esc first stops a trial reply, as in a session
            saving.leave(self)

    # --- the other keys ---------------------------------------------------------------------

    def action_rehearse(self) -> None:
        self._rehearse()

    @work(exclusive=True, group="start-rehearsal", exit_on_error=False)
    async def _rehearse(self) -> None:
        panel = self.query_one(RehearsalPanel)
        if self.desk.spec is None or self.desk.client is None:
            self.notify(TRIAL_NEEDS_SERVER, severity="warning", timeout=6)
            return
        if panel.running:
            self.notify("a rehearsal is running already", timeout=3)
            return
        checked = await self.draft.settled()
        if checked.persona is None:
            self.notify(
                f"not rehearsed — {saving.problems_said(checked)}", severity="warning", timeout=8
            )
            return
        panel.run(checked.persona, str(self.sheet.target), self.desk)

    def action_switch_side(self) -> None:
        if self.focused is self.draft.yaml:
            self.trial.focus_composer()
        else:
            self.draft.yaml.focus()

    def action_next_problem(self) -> None:
        self.draft.next_problem()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, TextArea):
            self._typing_into = event.widget

    def on_key(self, event: events.Key) -> None:
        """A printable key typed outside a text field (on a button, the problem list) goes to
        the text field last used: letters are never commands here either."""
        if not event.is_printable or event.character is None:
            return
        if isinstance(self.focused, TextArea):
            return
        target = self._typing_into or self.draft.yaml
        event.stop()
        event.prevent_default()
        target.focus()
        target.insert(event.character)

    # --- the command palette ----------------------------------------------------------------

    def palette_editor(self) -> list[tuple[str, str, str]]:
        """(entry, help, action) of each editor command in the palette."""
        return [
            ("editor: save", "write the persona file (Ctrl+S)", "save"),
            ("editor: rehearse", "run the persona's cases here (Ctrl+R)", "rehearse"),
            ("editor: keep the trial as a session", "copy the trial into your sessions", "keep"),
            ("editor: start the trial over", "forget the trial's turns", "start_over"),
            ("editor: leave", "back to the session (Esc)", "leave"),
        ]

    def action_keep(self) -> None:
        self.trial.keep()

    async def action_start_over(self) -> None:
        await self.trial.start_over()
