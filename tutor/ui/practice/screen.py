"""The practice screen: the problem list, the statement, the code, its results and the tutor,
as panes the student moves between with keys (F2 list, F3 code, F4 tutor; F9 hides the list).
It composes its parts and routes their messages; F5 runs the code, F8 gives the next hint,
Ctrl+O opens the file in the student's own editor, Esc goes back to the session."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Select, Static, TextArea
from textual.worker import Worker, WorkerState

from tutor.core.errors import TutorError
from tutor.core.inert import inert
from tutor.core.practice.problem import student_language
from tutor.ui import messages as said
from tutor.ui.practice import problem_opening
from tutor.ui.practice.catalogue_pane import CataloguePane
from tutor.ui.practice.coach import COACH_NEEDS_SERVER, PICK_FIRST, PracticeChat
from tutor.ui.practice.code_pane import CodePane
from tutor.ui.practice.results_pane import ResultsPane
from tutor.ui.practice.statement_pane import StatementPane

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.command import Provider

    from tutor.core.practice.problem import Case, Problem
    from tutor.core.practice.work import StudentCode
    from tutor.ui.practice.catalogue import Catalogue
    from tutor.ui.session.desk import Desk

STATUS_WORDS = {"solved": "✓ solved", "tried": "◐ tried", "new": "new"}


def _palette() -> type[Provider]:
    from tutor.ui.palette import PracticeCommands

    return PracticeCommands


class PracticeScreen(Screen[None]):
    """Algorithm practice: pick a problem, write the code, run it, ask the tutor."""

    COMMANDS: ClassVar = {_palette}
    CSS_PATH: ClassVar = [Path(__file__).parent / "practice.tcss"]
    AUTO_FOCUS = "#problem-list"
    BINDINGS: ClassVar[list[BindingType]] = [
        # priority: ahead of the editors, whose Esc would move the focus away
        Binding("escape", "leave", "Back", id="leave-practice", priority=True, tooltip="Back"),
        Binding("f2", "focus_problems", "Problems", id="practice-problems", tooltip="The list"),
        Binding("f3", "focus_code", "Code", id="practice-code", tooltip="Your code"),
        Binding("f4", "focus_tutor", "Tutor", id="practice-tutor", tooltip="Ask the tutor"),
        Binding("f5", "run", "Run", id="run-code", tooltip="Run your code against every test"),
        Binding("f8", "hint", "Hint", id="hint", tooltip="The next rung of the hint ladder"),
        Binding("f9", "toggle_problems", "List", id="toggle-problems", show=False),
        Binding("ctrl+o", "own_editor", "$EDITOR", id="open-in-editor", tooltip="Your editor"),
        Binding("ctrl+r", "regenerate", "Regenerate", id="regenerate", show=False),
    ]

    def __init__(self, desk: Desk, *, problem_id: str | None = None, resume: bool = False):
        super().__init__(id="practice")
        self.desk = desk
        self.lang = student_language(None, dict(os.environ))
        self.wanted, self.resume = problem_id, resume
        self.catalogue: Catalogue | None = None
        self.opening = False  # a problem is about to open (asked for, or the last practised)
        self.problem: Problem | None = None
        self.cases: list[Case] = []
        self._typing_into: Input | TextArea | None = None  # where stray printable keys go

    def compose(self) -> ComposeResult:
        yield Static(Text("practice", style="bold"), id="practice-header")
        with Horizontal(id="practice-body"):
            yield CataloguePane()
            with Vertical(id="practice-work"):
                yield StatementPane()
                yield CodePane()
                yield ResultsPane()
            yield PracticeChat(self._code_now)
        yield Footer(compact=True)

    @property
    def catalogue_pane(self) -> CataloguePane:
        return self.query_one(CataloguePane)

    @property
    def statement(self) -> StatementPane:
        return self.query_one(StatementPane)

    @property
    def code(self) -> CodePane:
        return self.query_one(CodePane)

    @property
    def results(self) -> ResultsPane:
        return self.query_one(ResultsPane)

    @property
    def chat(self) -> PracticeChat:
        return self.query_one(PracticeChat)

    async def _code_now(self) -> StudentCode | None:
        return await self.code.flush()

    async def on_mount(self) -> None:
        if self.desk.spec is not None and self.desk.client is not None:
            self.chat.connect(self.desk, self.lang)
            self.chat.meter.show_note(PICK_FIRST)
        else:
            self.chat.meter.show_note(COACH_NEEDS_SERVER)
        self.load()
        await self.chat.mount_composer()
        self.catalogue_pane.focus_list()

    @work(exclusive=True, group="practice-load", exit_on_error=False)
    async def load(self) -> None:
        """Read the packs and the progress; then open the problem asked for, if any."""
        from tutor.ui.practice.catalogue import Catalogue

        try:
            self.catalogue = await Catalogue.gather(self.desk.store, self.lang)
        except TutorError as error:
            self.statement.say(str(error))
            return
        target = self.wanted or (self.catalogue.last_practised() if self.resume else None)
        self.opening = target is not None  # no statement is read for the list's highlight
        self.catalogue_pane.fill(self.catalogue)
        for line in self.catalogue.trouble():
            self.notify(line, severity="warning", timeout=10)
        if target is not None:
            await problem_opening.open_problem(self, target)
        elif self.catalogue_pane.rows:
            await problem_opening.preview(self, self.catalogue_pane.rows[0].problem.id)

    async def refresh_progress(self) -> None:
        """Read the progress again: the list's marks and the header follow."""
        if self.catalogue is None:
            return
        store = self.desk.store
        self.catalogue = self.catalogue.with_progress(await store.later(store.all_progress))
        self.catalogue_pane.fill(self.catalogue)
        self.show_header()

    def show_header(self) -> None:
        """``practice · Title (id) · ◐ tried · best 3/4 · 2 hints``; the statement pane's
        progress line follows."""
        problem, catalogue = self.problem, self.catalogue
        header = Text("practice", style="bold")
        if problem is not None and catalogue is not None:
            header.append(f" · {inert(problem.title(self.lang))}", style="bold")
            header.append(f" ({inert(problem.id)})", style="dim")
            progress = catalogue.progress.get(problem.id)
            header.append(f" · {STATUS_WORDS[catalogue.status(problem.id)]}")
            if progress is not None and progress.runs:
                header.append(f" · best {progress.best_passed}/{progress.best_total}")
            if progress is not None and progress.hints:
                header.append(f" · {progress.hints} hint{'s' * (progress.hints != 1)}")
            self.statement.show_progress(progress)
        self.query_one("#practice-header", Static).update(header)

    # --- what the parts report --------------------------------------------------------------

    def on_problem_highlighted(self, message: said.ProblemHighlighted) -> None:
        if self.problem is None and not self.opening:  # reading the list: show its statement
            self._preview(message.problem_id)

    @work(exclusive=True, group="preview", exit_on_error=False)
    async def _preview(self, problem_id: str) -> None:
        await problem_opening.preview(self, problem_id)

    def on_problem_chosen(self, message: said.ProblemChosen) -> None:
        self.open(message.problem_id)

    def on_open_practice(self, message: said.OpenPractice) -> None:
        """From the palette: another problem (in place), or the list."""
        message.stop()
        if message.problem_id is not None:
            self.open(message.problem_id)
        else:
            self.action_focus_problems()

    @work(exclusive=True, group="open-problem", exit_on_error=False)
    async def open(self, problem_id: str) -> None:
        await problem_opening.open_problem(self, problem_id)

    def on_code_saved(self, message: said.CodeSaved) -> None:
        self.chat.refresh_brief()
        if message.elsewhere:
            name = message.code.path.name
            self.notify(f"{name} was saved in your editor — read again", timeout=4)

    async def on_run_recorded(self, message: said.RunRecorded) -> None:
        self.chat.refresh_brief()
        await self.refresh_progress()
        if message.first_solve:
            self.notify("solved — every test passes. Ask the tutor about its complexity?")

    async def on_hint_recorded(self, message: said.HintRecorded) -> None:
        await self.refresh_progress()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A bug, not a failure the core names: one line, and the screen goes on."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.notify(f"unexpected error: {type(error).__name__}: {error}", severity="error")

    # --- keys -----------------------------------------------------------------------------

    def action_run(self) -> None:
        self._run()

    @work(exclusive=True, group="run-key", exit_on_error=False)
    async def _run(self) -> None:
        problem = self.problem
        if problem is None:
            self.notify("pick a problem first (Enter in the list)", timeout=4)
            return
        if self.results.running:
            self.notify("your code is running already", timeout=3)
            return
        code = await self.code.flush()
        if code is not None:
            self.results.run(problem, self.cases, code, self.desk.store)

    def action_hint(self) -> None:
        self.chat.hint()

    def action_regenerate(self) -> None:
        self.chat.regenerate()

    @work(group="own-editor", exit_on_error=False)
    async def action_own_editor(self) -> None:
        from tutor.ui.practice.own_editor import open_in_own_editor

        await open_in_own_editor(self.code)

    def action_focus_problems(self) -> None:
        self.catalogue_pane.display = True
        self.catalogue_pane.focus_list()

    def action_focus_code(self) -> None:
        self.code.editor.focus()

    def action_focus_tutor(self) -> None:
        self.chat.focus_composer()

    def action_toggle_problems(self) -> None:
        pane = self.catalogue_pane
        pane.display = not pane.display
        if not pane.display and pane.has_focus_within:
            self.code.editor.focus()

    def action_leave(self) -> None:
        """Stop the reply, or leave editing a message; else back to the session screen."""
        if not self.chat.stop():
            self._leave()

    @work(exclusive=True, group="leave", exit_on_error=False)
    async def _leave(self) -> None:
        await self.code.flush()
        self.dismiss()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave":  # an open drop-down of a filter closes first
            return not any(select.expanded for select in self.query(Select))
        return True

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        widget = event.widget
        if isinstance(widget, TextArea | Input) and not getattr(widget, "read_only", False):
            self._typing_into = widget

    def on_key(self, event: events.Key) -> None:
        """A printable key typed outside a text field goes to the text field used last (your
        code, once a problem is open; else the search): letters are never commands here."""
        if not event.is_printable or event.character is None:
            return
        focused = self.focused
        if isinstance(focused, Input) or (isinstance(focused, TextArea) and not focused.read_only):
            return
        target = self._typing_into
        if target is None:
            target = self.code.editor if self.problem else self.query_one("#problem-search", Input)
        event.stop()
        event.prevent_default()
        target.focus()
        if isinstance(target, Input):
            target.insert_text_at_cursor(event.character)
        else:
            target.insert(event.character)

    # --- the command palette --------------------------------------------------------------

    async def palette_problems(self) -> list[tuple[str, str, str]]:
        from tutor.ui.practice.opening import problem_entries

        return problem_entries(self.catalogue) if self.catalogue else []
