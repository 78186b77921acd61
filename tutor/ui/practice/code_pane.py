"""The code pane: the student's work file in a code editor, saved a moment after they stop
typing (whole or not at all), and read again when another program — their own editor — saves
it. Each save, here or there, is reported as ``CodeSaved``."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import work
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Static, TextArea

from tutor.core.errors import TutorError
from tutor.core.inert import has_controls, inert
from tutor.ui.messages import CodeSaved
from tutor.ui.practice.grammar import highlight

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from tutor.core.practice.work import StudentCode
    from tutor.ui.practice.work_file import WorkFile

SAVE_DELAY = 0.4  # seconds of quiet typing before the file is written
LOOK_EVERY = 1.0  # seconds between looks at the file for saves made elsewhere
NOTHING_OPEN = "# Pick a problem in the list: your code for it opens here.\n"


def shown_path(path: Path) -> str:
    """``path`` with the home folder as ``~`` (the whole path is the bar's tooltip)."""
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)


class CodeEditor(TextArea):
    """``TextArea.code_editor``: line numbers, Tab indents, matching brackets. A control
    character in the file is drawn as a symbol (the text keeps it)."""

    @classmethod
    def make(cls) -> CodeEditor:
        editor = cls.code_editor(NOTHING_OPEN, theme="css", read_only=True, id="code")
        return cast(CodeEditor, editor)

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        if has_controls(line.plain):
            line.plain = inert(line.plain)  # one symbol for each character: same columns
        return line


class CodePane(Vertical):
    """Owns the open work file and whether the editor holds changes not yet written."""

    def __init__(self) -> None:
        super().__init__(id="code-pane")
        self.work: WorkFile | None = None
        self.saved_text = ""  # what the file holds, as far as this pane knows
        self._timer: Timer | None = None
        self._lock = asyncio.Lock()

    def compose(self) -> ComposeResult:
        yield Static(Text("no file open", style="dim"), id="code-bar")
        yield CodeEditor.make()

    @property
    def editor(self) -> CodeEditor:
        return self.query_one(CodeEditor)

    @property
    def dirty(self) -> bool:
        """The editor holds text the file does not have yet."""
        return self.work is not None and self.editor.text != self.saved_text

    def on_mount(self) -> None:
        self.set_interval(LOOK_EVERY, self.look)

    def load(self, work: WorkFile, code: StudentCode) -> None:
        """Edit ``work``, holding ``code`` (read from it)."""
        self.work = work
        editor = self.editor
        self._put(code.text)
        editor.read_only = False
        highlight(editor, code.language)  # Python's grammar is a dependency (a wheel)
        editor.move_cursor((0, 0))
        self._bar("saved")

    def _put(self, text: str) -> None:
        self.saved_text = text
        self.editor.load_text(text)

    def _bar(self, state: str, style: str = "green") -> None:
        if self.work is None:
            return
        line = Text(state, style=style)
        line.append(f" · {self.work.language} · {inert(shown_path(self.work.path))}", style="dim")
        bar = self.query_one("#code-bar", Static)
        bar.update(line)
        bar.tooltip = inert(str(self.work.path))

    # --- saving -------------------------------------------------------------------------

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area is not self.editor or not self.dirty:
            return  # (text put in from the file changes nothing to save)
        self._bar("unsaved", "yellow")
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_DELAY, self._save_soon)

    def _save_soon(self) -> None:
        self._save()

    @work(group="code-save", exit_on_error=False)
    async def _save(self) -> None:
        await self.flush()

    async def flush(self) -> StudentCode | None:
        """Write what the editor holds if it is not written yet; the code as it is now (None
        with no file open, or when it cannot be written — said in the bar)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        work = self.work
        if work is None:
            return None
        async with self._lock:
            text = self.editor.text
            if text == self.saved_text:
                return work.code(text)
            try:
                code = await asyncio.to_thread(work.save, text)
            except OSError as error:
                why = error.strerror or str(error)
                self._bar(f"not saved: {why} — your text is kept here", "bold red")
                return work.code(text)
            self.saved_text = text
            if not self.dirty:
                self._bar("saved")
        self.post_message(CodeSaved(code))
        return code

    # --- saves made elsewhere ----------------------------------------------------------

    @work(exclusive=True, group="code-look", exit_on_error=False)
    async def look(self) -> None:
        """Read the file again if another program saved it (the student's own editor)."""
        work = self.work
        if work is None:
            return
        async with self._lock:  # never between a save's write and its stamp
            try:
                code = await asyncio.to_thread(work.saved_elsewhere)
            except TutorError as error:
                self._bar(f"cannot read it: {error}", "bold red")
                return
        if code is None or work is not self.work or code.text == self.editor.text:
            return
        if self.dirty:
            self.notify(
                f"{work.path.name} was saved by another program while you typed here — "
                "your text here is kept and saved over it",
                severity="warning",
                timeout=8,
            )
            self._save()
            return
        where = self.editor.cursor_location
        self._put(code.text)
        self.editor.move_cursor(where)
        self._bar("saved · read again (changed outside)")
        self.post_message(CodeSaved(code, elsewhere=True))
